// Where the first squiggle's time goes in a fresh window: the double-click, the tab and the squiggle
// (times the e2e took in the browser), lined up with VS Code's extension host log (its start, the
// activation event), the client's start-up line (bundle loaded, activate() called, server initialized)
// and the server's (process start, each step to its first answer: startup-timing.ts). All are wall
// clock times of the same machine, so they compare directly.
const fs = require('node:fs');
const path = require('node:path');

function filesUnder(dir, test) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p, test) : test(p) ? [p] : [];
  });
}

/** VS Code's log times are local: "2026-12-02 10:29:45.969". */
const localTime = (s) => new Date(s.replace(' ', 'T')).getTime();

/** Each extension host's figures, by its folder (exthost1, exthost2, ...). */
function extensionHosts(logsDir) {
  const hosts = [];
  for (const log of filesUnder(logsDir, (p) => path.basename(p) === 'remoteexthost.log')) {
    const text = fs.readFileSync(log, 'utf8');
    const started = /^(\S+ \S+) \[info\] Extension host with pid \d+ started/m.exec(text);
    const activated = /^(\S+ \S+) \[info\] ExtensionService#_doActivateExtension logit-lint\.logit-lint, startup: \w+, activationEvent: '([^']+)'/m.exec(text);
    const dir = path.dirname(log);
    const output = filesUnder(dir, (p) => /logit-lint\.log$/.test(p)).map((p) => fs.readFileSync(p, 'utf8')).join('\n');
    const client = /^start-up: client loaded at (\S+), activated at (\S+), server initialized at (\S+)$/m.exec(output);
    const received = /^start-up: first diagnostics received at (\S+)$/m.exec(output);
    const server = /\] start-up: first diagnostics \d+ ms after the process started at (\S+) \(([^;)]*) ms; CPU (\d+) ms[^)]*\)(.*)/.exec(output);
    const steps = {};
    if (server) for (const m of server[2].matchAll(/([a-z ]+) \+(\d+)/g)) steps[m[1].trim()] = Date.parse(server[1]) + Number(m[2]);
    hosts.push({
      dir,
      started: started ? localTime(started[1]) : undefined,
      activation: activated ? { at: localTime(activated[1]), event: activated[2] } : undefined,
      client: client ? { loaded: Date.parse(client[1]), activated: Date.parse(client[2]), initialized: Date.parse(client[3]), received: received ? Date.parse(received[1]) : undefined } : undefined,
      server: server ? { started: Date.parse(server[1]), steps, cpuMs: Number(server[3]), worker: server[4].replace(/^; /, '').trim() } : undefined,
    });
  }
  return hosts;
}

/** The extension host of the window timed by `times`: the last one started before its squiggle. */
function hostOf(logsDir, times) {
  return extensionHosts(logsDir).filter((h) => h.started !== undefined && h.started <= times.squiggle).sort((a, b) => b.started - a.started)[0];
}

/**
 * Waits (up to `ms`) until the window's output log holds the client's and the server's start-up lines:
 * VS Code writes an output channel's log file late, and a window reloaded right after its squiggle
 * would otherwise leave it empty.
 */
async function waitForStartupLines(logsDir, times, ms = 10000) {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 250))) {
    const host = hostOf(logsDir, times);
    if (host?.client?.received && host.server) return;
  }
}

/**
 * The split of one window's first squiggle: `times` are the e2e's {click, tab, squiggle}. Returns
 * printable lines.
 */
function startupSplit(logsDir, times) {
  const host = hostOf(logsDir, times);
  if (!host) return [`no extension host log under ${logsDir}`];
  const rel = (t) => (t === undefined || Number.isNaN(t) ? 'n/a' : `${t - times.click >= 0 ? '+' : ''}${t - times.click}`);
  const rows = [
    ['tab shown', times.tab],
    ['extension host started', host.started],
    [`activation event (${host.activation?.event ?? 'none'})`, host.activation?.at],
    ['client bundle loaded', host.client?.loaded],
    ['activate() called', host.client?.activated],
    ['server process started', host.server?.started],
    ...Object.entries(host.server?.steps ?? {}).map(([step, at]) => [`server: ${step}`, at]),
    ['client: server initialized', host.client?.initialized],
    ['client: diagnostics received', host.client?.received],
    ['squiggle', times.squiggle],
  ];
  rows.sort((a, b) => (a[1] ?? Infinity) - (b[1] ?? Infinity));
  const lines = rows.map(([what, at]) => `  ${rel(at).padStart(6)} ms  ${what}`);
  if (host.server) lines.push(`  server CPU ${host.server.cpuMs} ms (both threads, to its first answer)${host.server.worker ? `; ${host.server.worker}` : ''}`);
  return lines;
}

module.exports = { startupSplit, waitForStartupLines, extensionHosts };

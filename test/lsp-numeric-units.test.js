// Units of the editor half of the numeric check: the webview's HTML (renderCheckHtml, pure, around the
// report renderer the playground shares), the SVG chart, the protocol's NaN encoding and the command's argument parsing.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { computeCheck } = require('../out/server/check/compute');
const { EXAMPLES } = require('../out/server/check/examples');
const { renderCheckHtml } = require('../out/client/checkView');
const { metricRows } = require('../out/server/check/metric-rows');
const { formatText } = require('../out/server/check/report');
const { lineChart } = require('../out/server/check/svg-chart');
const { encodeNonFinite, decodeNonFinite } = require('../out/server/lsp/protocol');
const { parseNumericArgs, numericLenses, findFinding } = require('../out/server/lsp/numeric-lens');
const { checkWorkerPath, lspProgress, NumericChecks } = require('../out/server/lsp/numeric-check');
const { CancellationTokenSource } = require('vscode-languageserver');

const CSP_SOURCE = 'vscode-webview://abc';
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const paths = (html) => [...html.matchAll(/<path class="line (\w+)" d="([^"]*)"/g)].map((m) => ({ cls: m[1], d: m[2] }));

describe('numeric check in the editor: webview HTML', function () {
  this.timeout(30000);
  let report;

  before(async () => {
    report = await computeCheck(EXAMPLES['sigmoid-before-logits-loss'], { epochs: 6, seed: 2 });
  });

  it('has a strict CSP, no scripts and no remote URLs', () => {
    const html = renderCheckHtml(report, CSP_SOURCE);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
    assert.ok(csp, 'a CSP meta tag');
    assert.equal(csp[1], `default-src 'none'; style-src ${CSP_SOURCE} 'unsafe-inline';`);
    assert.ok(html.indexOf(csp[0]) < html.indexOf('<style>'), 'the CSP comes before any style');
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /https?:/i);
    assert.doesNotMatch(html, /\s(src|href)=/i);
  });

  it('draws both loss curves and both accuracy curves in the theme colours', () => {
    const html = renderCheckHtml(report, CSP_SOURCE);
    assert.equal((html.match(/<svg class="chart"/g) || []).length, 2);
    const lines = paths(html);
    assert.deepEqual(lines.map((l) => l.cls), ['written', 'fixed', 'written', 'fixed']);
    for (const { d } of lines) {
      assert.match(d, /^M[\d.]+ [\d.]+( L[\d.]+ [\d.]+){6}$/, 'one point per epoch, epoch 0 included');
    }
    assert.match(html, /\.chart \.written \{ stroke: var\(--report-red\); \}/);
    assert.match(html, /\.chart \.fixed \{ stroke: var\(--report-green\);/);
    assert.match(html, /\.chart \.axis-label \{ fill: var\(--report-fg\);/);
    // ... and the webview takes those colours from the editor theme.
    assert.match(html, /--report-red: var\(--vscode-charts-red\);/);
    assert.match(html, /--report-green: var\(--vscode-charts-green\);/);
    assert.match(html, /--report-fg: var\(--vscode-foreground\);/);
    // The fixed model's loss ends lower: its last point is further down (larger y).
    const lastY = (d) => Number(d.split(' ').at(-1));
    assert.ok(lastY(lines[1].d) > lastY(lines[0].d));
  });

  it('shows the verdict, the metrics table, the models and the backend', () => {
    const html = renderCheckHtml({ ...report, source: { file: 'src/train.js', line: 12 } }, CSP_SOURCE);
    assert.ok(html.includes(`<p class="verdict">${report.verdict.replace(/&/g, '&#38;')}</p>`));
    assert.ok(html.includes('src/train.js:12'));
    assert.ok(html.includes('Backend: tfjs (cpu, pure JS)'));
    const rows = metricRows(report);
    assert.equal(rows[0][0], 'loss as the code computes it');
    for (const [label, written, fixed] of rows) {
      assert.ok(html.includes(`<th scope="row">${label.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)}</th><td class="num">${written}</td><td class="num">${fixed}</td>`), label);
    }
    assert.ok(rows.some(([label]) => label === 'probabilities the loss sees'));
  });

  it('the terminal report prints the very same metric rows, in the same order', () => {
    const text = formatText(report).split('\n');
    let at = text.findIndex((l) => /^\s+as written\s+with the fix$/.test(l));
    assert.ok(at >= 0, 'the table header');
    for (const [label, written, fixed] of metricRows(report)) {
      at++;
      assert.match(text[at], new RegExp(`^  ${escapeRe(label)}\\s+${escapeRe(written)}\\s+${escapeRe(fixed)}$`), label);
    }
    assert.equal(text[at + 1], '', 'nothing but the rows in the table');
  });

  it('escapes every text and number that comes from the report', () => {
    const evil = '<img src=x onerror="alert(1)">';
    const html = renderCheckHtml({
      ...report,
      ruleId: `${evil}rule`,
      verdict: `bad & ${evil}`,
      notes: [evil],
      backend: evil,
      fix: evil,
      models: { written: evil, fixed: evil },
      epochs: evil,
      seed: '<b>1</b>',
      source: { file: `"${evil}`, line: evil },
    }, `x" onload="y`);
    assert.doesNotMatch(html, /<img|<b>|onload="/);
    assert.ok(html.includes('bad &#38; &#60;img src=x onerror=&#34;alert(1)&#34;&#62;'));
    assert.ok(html.includes('&#60;b&#62;1&#60;/b&#62;'));
  });

  it('leaves NaN losses out of the curve and says so', () => {
    const withNaN = structuredClone(report);
    withNaN.series.written[2].loss = NaN;
    withNaN.series.written[3].loss = NaN;
    const html = renderCheckHtml(withNaN, CSP_SOURCE);
    const [written] = paths(html);
    assert.doesNotMatch(written.d, /NaN/);
    assert.equal(written.d.match(/M/g).length, 2, 'the line breaks at the NaN epochs');
    assert.match(html, /NaN losses are not plotted/);
    assert.ok(metricRows(withNaN).length > 0);
  });

  it('a timeout or failure shows its message, without charts', () => {
    const html = renderCheckHtml({ status: 'timeout', ruleId: 'threshold-logits', message: 'the check ran past its limit of 300 ms & was stopped', elapsedMs: 301 }, CSP_SOURCE);
    assert.match(html, /The check ran out of time\. the check ran past its limit of 300 ms &#38; was stopped/);
    assert.doesNotMatch(html, /<svg/);
    assert.match(html, /<title>Numeric difference: threshold-logits<\/title>/);
  });
});

describe('numeric check in the editor: chart, wire format, arguments', () => {
  it('a flat series sits mid-chart; an isolated point is drawn as a dot', () => {
    const svg = lineChart([{ values: [0.5, 0.5, 0.5], className: 'written', label: 'flat' }, { values: [NaN, 0.5, NaN], className: 'fixed', label: 'dot' }], { title: 't', format: String, height: 134 });
    const [flat, dot] = paths(svg);
    assert.deepEqual(flat.d.split(' L').map((p) => p.split(' ')[1]), ['56.0', '56.0', '56.0'], 'the middle of a 134 px chart with 12 + 34 px margins');
    assert.match(dot.d, /^M[\d.]+ [\d.]+ l0 0$/);
    assert.match(lineChart([{ values: [NaN], className: 'written', label: 'x' }], { title: 't', format: String }), /no finite values to plot/);
  });

  it('NaN and infinities survive JSON as strings and come back as numbers', () => {
    const value = { a: NaN, b: [Infinity, -Infinity, 1, 'text'], c: { d: null, e: 'NaN-ish' } };
    const wire = JSON.parse(JSON.stringify(encodeNonFinite(value)));
    assert.deepEqual(wire, { a: 'NaN', b: ['Infinity', '-Infinity', 1, 'text'], c: { d: null, e: 'NaN-ish' } });
    assert.deepEqual(decodeNonFinite(wire), value);
  });

  it('parses [uri, range, ruleId, options?] and says what is wrong otherwise', () => {
    const range = { start: { line: 3, character: 2 }, end: { line: 3, character: 9 } };
    assert.deepEqual(parseNumericArgs(['file:///a.js', range, 'threshold-logits']), { uri: 'file:///a.js', range, ruleId: 'threshold-logits', options: {} });
    assert.deepEqual(parseNumericArgs(['file:///a.js', range, 'threshold-logits', { epochs: 3, seed: 0, timeoutMs: 500, other: 1 }]).options, { epochs: 3, seed: 0, timeoutMs: 500 });
    assert.match(parseNumericArgs(undefined), /expects \[uri, range, ruleId, options\?\]/);
    assert.match(parseNumericArgs(['file:///a.js', { start: { line: 1 } }, 'threshold-logits']), /expects/);
    assert.match(parseNumericArgs(['file:///a.js', range, 'threshold-logits', 'fast']), /options is an object/);
    assert.match(parseNumericArgs(['file:///a.js', range, 'threshold-logits', { timeoutMs: 1.5 }]), /options.timeoutMs must be a non-negative integer/);
  });

  it('lenses only for findings with facts, one per rule and range; lookup falls back to the line', () => {
    const at = (line, character) => ({ start: { line, character }, end: { line, character: character + 4 } });
    const finding = (ruleId, range, facts) => ({ ruleId, location: { range, line: range.start.line + 1 }, related: [], suggestions: [], facts });
    const facts = { layers: [] };
    const report = {
      uri: 'file:///a.js',
      findings: [finding('threshold-logits', at(1, 0), facts), finding('threshold-logits', at(1, 0), facts), finding('argmax-single-unit', at(2, 0)), finding('threshold-logits', at(5, 3), facts)],
    };
    const lenses = numericLenses(report);
    assert.deepEqual(lenses.map((l) => l.range.start.line), [1, 5]);
    assert.deepEqual(lenses[1].command.arguments, ['file:///a.js', at(5, 3), 'threshold-logits']);
    assert.equal(findFinding(report, at(5, 3), 'threshold-logits'), report.findings[3]);
    assert.equal(findFinding(report, at(5, 0), 'threshold-logits'), report.findings[3], 'moved within the line');
    assert.equal(findFinding(report, at(6, 3), 'threshold-logits'), undefined);
    assert.deepEqual(numericLenses(undefined), []);
  });

  it('finds the check worker in both layouts: tsc (out/server/check/worker.js) and the bundle (dist/check-worker.js)', () => {
    assert.match(checkWorkerPath(), /out[\\/]server[\\/]check[\\/]worker\.js$/);
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'logit-lint-dist-'));
    try {
      fs.writeFileSync(path.join(dist, 'check-worker.js'), '');
      assert.equal(checkWorkerPath(dist), path.join(dist, 'check-worker.js'));
    } finally {
      fs.rmSync(dist, { recursive: true, force: true });
    }
  });
});

describe('numeric check in the editor: NumericChecks with a stand-in runner', () => {
  const range = { start: { line: 4, character: 2 }, end: { line: 4, character: 9 } };
  const request = { uri: 'file:///a.js', range, ruleId: 'threshold-logits', options: { epochs: 3 } };
  const finding = (facts) => ({ ruleId: 'threshold-logits', location: { range, line: 5 }, facts });

  function setup({ facts = { layers: [] }, run } = {}) {
    const events = [];
    const inputs = [];
    const checks = new NumericChecks({
      createProgress: async (token) => ({
        begin: (title, _p, message, cancellable) => events.push(['begin', token, title, message, cancellable]),
        report: (message, percentage) => events.push(percentage === undefined ? ['report', message] : ['report', message, percentage]),
        done: () => events.push(['done']),
      }),
      locate: async () => ({ finding: finding(facts), file: 'src/a.js' }),
      run: run ?? (async (input, options) => {
        inputs.push({ input, options });
        return { status: 'ok', ruleId: input.ruleId, series: {} };
      }),
      workerPath: '/somewhere/check-worker.js',
      tickMs: 10,
    });
    return { checks, events, inputs };
  }

  it('passes the facts, the options, the 20 s limit and the worker path; reports begin, report, done', async () => {
    const { checks, events, inputs } = setup();
    const report = await checks.execute(request, new CancellationTokenSource().token, 'tok');
    assert.deepEqual(report.source, { file: 'src/a.js', line: 5 });
    assert.deepEqual(inputs[0].input, { ruleId: 'threshold-logits', facts: { layers: [] } });
    assert.equal(inputs[0].options.epochs, 3);
    assert.equal(inputs[0].options.timeoutMs, 20000);
    assert.equal(inputs[0].options.workerPath, '/somewhere/check-worker.js');
    assert.ok(inputs[0].options.signal instanceof AbortSignal);
    assert.deepEqual(events[0], ['begin', 'tok', 'logit-lint: numeric check', 'finding the model behind threshold-logits', true]);
    assert.deepEqual(events[1], ['report', 'training a replica as written and one with the fix (at most 20 s)']);
    assert.deepEqual(events.at(-1), ['done']);
  });

  it('forwards the worker\'s "epoch n of N" as progress with a percentage, from a bar that starts at 0', async () => {
    const { checks, events } = setup({
      run: async (input, options) => {
        options.onProgress({ model: 'written', epoch: 1, epochs: 3, fraction: 1 / 6 });
        options.onProgress({ model: 'fixed', epoch: 3, epochs: 3, fraction: 1 });
        return { status: 'ok', ruleId: input.ruleId, series: {} };
      },
    });
    await checks.execute(request, new CancellationTokenSource().token);
    assert.equal(events[0][0], 'begin');
    const reports = events.filter((e) => e[0] === 'report' && e.length === 3);
    assert.equal(reports.length, 2, JSON.stringify(events));
    assert.match(reports[0][1], /^training the replica as written: epoch 1 of 3 \(\d+ s of at most 20 s\)$/);
    assert.equal(reports[0][2], 17);
    assert.match(reports[1][1], /^training the replica with the fix: epoch 3 of 3 /);
    assert.equal(reports[1][2], 100);
  });

  it('lspProgress puts the percentage first, as the LSP reporter takes it', () => {
    const calls = [];
    const token = new CancellationTokenSource().token;
    const p = lspProgress({ begin: (...a) => calls.push(['begin', ...a]), report: (...a) => calls.push(['report', ...a]), done: () => calls.push(['done']), token });
    p.begin('t', 0, 'm', true);
    p.report('just text');
    p.report('with a share', 40);
    p.done();
    assert.deepEqual(calls, [['begin', 't', 0, 'm', true], ['report', 'just text'], ['report', 40, 'with a share'], ['done']]);
    assert.equal(p.token, token);
  });

  it('a finding without facts fails with a reason, and the progress still ends', async () => {
    const { checks, events, inputs } = setup({ facts: null });
    const report = await checks.execute(request, new CancellationTokenSource().token);
    assert.equal(inputs.length, 0);
    assert.equal(report.status, 'failed');
    assert.match(report.message, /knows nothing about the model/);
    assert.deepEqual(events.at(-1), ['done']);
  });

  it('dispose (server shutdown) aborts the running check', async () => {
    const { checks } = setup({
      run: (input, options) => new Promise((resolve) => options.signal.addEventListener('abort', () => resolve({ status: 'cancelled', ruleId: input.ruleId, message: 'x', elapsedMs: 1 }))),
    });
    const running = checks.execute(request, new CancellationTokenSource().token);
    await new Promise((r) => setTimeout(r, 20));
    checks.dispose();
    assert.equal((await running).message, 'the check was cancelled: the language server is shutting down');
  });
});

// The language server's process, started as soon as the extension's bundle loads rather than when the
// language client starts: between the two, VS Code builds the extension's context and, on the same
// activation event, loads and activates the TypeScript extension; in the end-to-end test that is
// 0.5-1.5 s in which the server's process boots and its analysis worker loads the engine. The language
// client takes it over through node IPC, as with TransportKind.ipc. Only Node's modules here: the
// bundle runs this before it loads the language client (serverStart.ts), and tests start a server with it.
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The server script: the bundle next to this file in the .vsix, or the tsc output when developing. */
export function serverModule(dir = __dirname): string {
  const candidates = [path.join(dir, 'server.js'), path.join(dir, '..', 'server', 'lsp', 'main.js')];
  return candidates.find((c) => fs.existsSync(c)) ?? candidates[0];
}

/**
 * Where the analysis worker keeps its V8 code cache: beside the bundles, where an update of the
 * extension replaces it with the folder (the extension's storage is only known once activate() runs,
 * after the server has started); undefined where that folder is read-only (the server then uses the
 * system's temporary folder).
 */
export function cacheDirBeside(dir: string): string | undefined {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return path.join(dir, 'compile-cache');
  } catch {
    return undefined;
  }
}

/** The extension host runs under a debugger: so does the server, on the port the launch config attaches to. */
const debugging = () => process.execArgv.some((a) => /^--(inspect|debug)(-brk)?(=|$)/.test(a));

/** Forks `module` as vscode-languageclient does for TransportKind.ipc. */
export function forkServer(module: string, cacheDir: string | undefined): ChildProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_RUN_AS_NODE: '1', ELECTRON_NO_ASAR: '1' };
  if (cacheDir) env.LOGIT_LINT_CACHE_DIR = cacheDir;
  return fork(module, ['--node-ipc', `--clientProcessId=${process.pid}`], {
    env,
    execArgv: debugging() ? ['--nolazy', '--inspect=6019'] : [],
    silent: true,
  });
}

/**
 * Hands the process started ahead to the first language client, and a new one to each restart. The
 * servers' stdout and stderr go to `output` (kept until activate() provides it).
 */
export class ServerProcesses {
  private ahead: ChildProcess | undefined;
  private current: ChildProcess | undefined;
  private pending: string[] | undefined = [];
  private output: (text: string) => void = (text) => this.pending?.push(text);

  constructor(private readonly start: () => ChildProcess) {
    this.ahead = this.started(start());
  }

  setOutput(append: (text: string) => void): void {
    for (const text of this.pending ?? []) append(text);
    this.pending = undefined;
    this.output = append;
  }

  /** For the language client's ServerOptions function: the process to talk to (over its IPC channel). */
  next(): ChildProcess {
    const proc = this.ahead ?? this.started(this.start());
    this.ahead = undefined;
    this.current = proc;
    return proc;
  }

  /** The client stopped (it sent `exit`); a server that has not exited by now is stopped. */
  kill(): void {
    for (const proc of [this.ahead, this.current]) if (proc && proc.exitCode === null && proc.signalCode === null) proc.kill();
    this.ahead = this.current = undefined;
  }

  private started(proc: ChildProcess): ChildProcess {
    proc.stdout?.on('data', (d: Buffer) => this.output(d.toString()));
    proc.stderr?.on('data', (d: Buffer) => this.output(d.toString()));
    // A failed fork is reported by the language client when it talks to the process; no unhandled 'error' event here.
    proc.on('error', () => undefined);
    return proc;
  }
}

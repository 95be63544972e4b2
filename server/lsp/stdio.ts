#!/usr/bin/env node
// `logit-lint-server`: the language server for any LSP client (Neovim, Helix, Emacs, ...), over
// stdio by default. VS Code does not use this file; it starts server/lsp/main over node IPC.
import * as path from 'node:path';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';
import { StartupTiming } from './startup-timing';
import { analysisWorkerFactory, WORKER_SCRIPT } from './worker-factory';

const USAGE = `Usage: logit-lint-server [--stdio]

Starts the logit-lint language server speaking LSP over stdin/stdout.
  --stdio      talk over stdin/stdout (the default)
  --node-ipc   talk over a Node IPC channel (when started with child_process.fork)
  --socket=N   talk over TCP port N
  --version    print the version
  --help       print this help`;

function version(): string {
  for (const rel of ['../../../package.json', '../../package.json']) {
    try {
      return (require(path.join(__dirname, rel)) as { version: string }).version;
    } catch {
      // try the next layout
    }
  }
  return 'unknown';
}

function main(argv: string[]): void {
  const timing = new StartupTiming();
  timing.mark('loaded');
  let transport: 'stdio' | 'other' = 'stdio';
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return;
    }
    if (arg === '--version' || arg === '-v') {
      process.stdout.write(`${version()}\n`);
      return;
    }
    if (arg === '--stdio') continue;
    if (arg === '--node-ipc' || arg.startsWith('--socket=') || arg.startsWith('--pipe=')) transport = 'other';
    else if (arg.startsWith('--clientProcessId')) continue; // passed by some clients; vscode-languageserver reads it
    else {
      process.stderr.write(`logit-lint-server: unknown option ${arg}\n\n${USAGE}\n`);
      process.exitCode = 2;
      return;
    }
  }
  const workers = analysisWorkerFactory(path.join(__dirname, WORKER_SCRIPT));
  // Let vscode-languageserver set up stdio itself, exactly as for an explicit --stdio: it then exits
  // when stdin closes and routes console.log away from stdout, where it would corrupt the protocol.
  if (transport === 'stdio' && !process.argv.includes('--stdio')) process.argv.push('--stdio');
  startServer(createConnection(ProposedFeatures.all), workers, timing);
}

main(process.argv.slice(2));

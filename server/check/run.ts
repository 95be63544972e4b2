// Runs a check in a child process with a time limit and cancellation, so a slow, stuck or crashing
// check never blocks or takes down its caller (the CLI or the language server). Every outcome is a
// CheckReport; runCheck never rejects.
import { fork, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CheckInputError, validateInput } from './input';
import type { CheckInput, CheckProgressEvent, CheckReport, RunOptions } from './types';
import type { WorkerMessage, WorkerRequest } from './worker';

export const DEFAULT_TIMEOUT_MS = 20000;
const STDERR_TAIL = 2000;

export function runCheck(input: CheckInput, options: RunOptions = {}): Promise<CheckReport> {
  const started = Date.now();
  const ruleId = input?.ruleId ?? 'unknown';
  const fail = (status: 'timeout' | 'cancelled' | 'failed', message: string): CheckReport => ({ status, ruleId, message, elapsedMs: Date.now() - started });
  try {
    validateInput(input, options);
  } catch (error) {
    return Promise.resolve(fail('failed', error instanceof CheckInputError ? error.message : String(error)));
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(timeoutMs > 0)) return Promise.resolve(fail('failed', 'the time limit must be a positive number of milliseconds'));
  if (options.signal?.aborted) return Promise.resolve(fail('cancelled', 'the check was cancelled'));
  const workerPath = options.workerPath ?? path.join(__dirname, 'worker.js');
  if (!fs.existsSync(workerPath)) return Promise.resolve(fail('failed', `the check worker ${workerPath} is missing; build with npx tsc -p .`));

  return new Promise<CheckReport>((resolve) => {
    let child: ChildProcess | undefined;
    let stderr = '';
    let settled = false;
    const finish = (report: CheckReport) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      // The worker exits by itself after answering; killing covers the stuck and cancelled cases.
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      resolve(report);
    };
    const onAbort = () => finish(fail('cancelled', 'the check was cancelled'));
    const reportProgress = (progress: CheckProgressEvent) => {
      try {
        options.onProgress?.(progress);
      } catch {
        // a failing progress display must not end the check, nor the caller's process
      }
    };
    const timer = setTimeout(() => finish(fail('timeout', `the check ran past its limit of ${timeoutMs} ms and was stopped`)), timeoutMs);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      child = fork(workerPath, [], {
        // Piped, not inherited: nothing the worker or tfjs prints reaches the user's terminal.
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        // 'advanced' keeps NaN and Infinity in the numbers (JSON would turn them into null).
        serialization: 'advanced',
        // Never inherit --inspect and the like from the caller.
        execArgv: [],
      });
    } catch (error) {
      finish(fail('failed', `cannot start the check worker: ${error instanceof Error ? error.message : String(error)}`));
      return;
    }
    child.stdout?.resume();
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-STDERR_TAIL);
    });
    child.on('message', (message: WorkerMessage) => {
      if ('progress' in message) {
        if (!settled) reportProgress(message.progress);
        return;
      }
      if (message.ok) finish(message.report);
      else finish(fail('failed', message.invalidInput ? message.message : `the check failed: ${message.message}`));
    });
    child.on('error', (error) => finish(fail('failed', `the check worker failed: ${error.message}`)));
    // 'close' (not 'exit') comes after the IPC channel and stdio have drained, so an answer sent just
    // before exiting has been handled by then. Without an answer, this is a crash.
    child.on('close', (code, signal) => {
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      const tail = lastLines(stderr);
      finish(fail('failed', `the check process ${how} before answering${tail ? `: ${tail}` : ''}`));
    });
    const request: WorkerRequest = { input, options: { epochs: options.epochs, seed: options.seed } };
    child.send(request, (error) => {
      if (error) finish(fail('failed', `cannot reach the check worker: ${error.message}`));
    });
  });
}

/** The gist of a crash's stderr: its error lines, without stack frames and the Node.js version line. */
function lastLines(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('at ') && !/^Node\.js v\d/.test(l) && !/^\^+$/.test(l));
  const errors = lines.filter((l) => /\b\w*Error\b/.test(l));
  return (errors.length ? errors : lines).slice(-2).join(' | ');
}

// `logit-lint check <file>[:line] [--rule id] [--epochs N] [--seed N] [--json] [--timeout ms]`:
// lints the file statically, picks one finding, and runs the numeric check on the facts the engine
// proved. The user's code is only parsed by the engine, never executed.
// Exit codes: 0 report printed, 1 no such finding, 2 usage or internal error (a failed check included).
import * as fs from 'fs';
import * as path from 'path';
import { initPython, lintProject } from '../../rules/index';
import { isPython } from '../../rules/text';
import type { Finding, LintResult } from '../../rules/engine/core/types';
import { cellPositions } from '../../rules/engine/python/notebook';
import { discoverFiles } from '../cli/files';
import { isInside } from '../lsp/project-files';
import { checkInputOf } from './fix-kind';
import { DEFAULT_EPOCHS, DEFAULT_SEED, MAX_EPOCHS } from './input';
import { formatJson, formatText } from './report';
import { isRuleId, RULE_IDS } from './replica';
import { DEFAULT_TIMEOUT_MS, runCheck } from './run';
import type { CheckInput, CheckReport, RunOptions } from './types';

export interface CheckIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  cwd: string;
}

/** Replaceable in tests: the engine and the runner. */
export interface CheckDeps {
  lint(paths: string[]): LintResult;
  run(input: CheckInput, options: RunOptions): Promise<CheckReport>;
}

const defaultDeps: CheckDeps = { lint: (paths) => lintProject(paths), run: runCheck };

export const CHECK_USAGE = `Usage: logit-lint check <file>[:line] [folder] [--rule id] [--epochs N] [--seed N] [--json] [--timeout ms]

Trains a replica of the model behind one finding twice, as written and with the rule's fix, on
seeded synthetic data, and prints how the two differ. Your code is not executed.

  <file>[:line]   the file, and the line of the finding (any line the finding spans); in a notebook
                  also as the CLI prints it, <file>:cell N:line, or <file>:cell N for any line of a cell
  [folder]        the project to lint the file with, for a finding that depends on files importing it
                  (without it: the file alone, then the other files of its folder)
  --rule id       the finding's rule, when several are on the line or no line is given
  --epochs N      training epochs (default ${DEFAULT_EPOCHS}, at most ${MAX_EPOCHS})
  --seed N        seed of the data, initial weights and batch order (default ${DEFAULT_SEED})
  --timeout ms    stop the check after this long (default ${DEFAULT_TIMEOUT_MS})
  --json          every number as JSON
`;

interface Args {
  file: string;
  /** The folder to lint the file with (its project). */
  project?: string;
  line?: number;
  /** A notebook's cell (numbered as the CLI prints it), `line` then being the line in that cell. */
  cell?: number;
  rule?: string;
  epochs?: number;
  seed?: number;
  timeoutMs?: number;
  json: boolean;
}

class UsageError extends Error {}

export async function checkCommand(argv: string[], io: CheckIo, deps: CheckDeps = defaultDeps): Promise<number> {
  const fail = (message: string, code: number) => {
    io.stderr.write(`logit-lint check: ${message}\n`);
    return code;
  };
  let args: Args;
  try {
    if (argv.includes('--help') || argv.includes('-h')) {
      io.stdout.write(CHECK_USAGE);
      return 0;
    }
    args = parseArgs(argv, io.cwd);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`logit-lint check: ${error.message}\n${CHECK_USAGE.split('\n')[0]}\n`);
    return 2;
  }

  const file = path.resolve(io.cwd, args.file);
  const shown = path.relative(io.cwd, file) || file;
  if (!isReadableFile(file)) {
    // `nb.ipynb:Cell four`: the file is there, its position is what we cannot read.
    const cut = unreadPosition(file);
    if (cut === undefined) return fail(`cannot read ${shown}`, 2);
    return fail(`'${file.slice(cut + 1)}' is not a position in ${path.relative(io.cwd, file.slice(0, cut)) || file.slice(0, cut)}; give <file>:<line>, or in a notebook <file>:cell N or <file>:cell N:<line>`, 2);
  }

  if (args.cell !== undefined && !/\.ipynb$/i.test(file)) return fail(`${shown} is not a notebook, which has no cells; give <file>:<line>`, 2);

  // The file alone, as it always was; a finding that rests on files importing it shows only when
  // they are linted with it, as the CLI does over a project: the given folder, else the file's own
  // and then the folder the command runs in (where `logit-lint .` would have shown it).
  const project = args.project ? path.resolve(io.cwd, args.project) : undefined;
  const shownFolder = (folder: string) => `${path.relative(io.cwd, folder) || '.'}${path.sep}`;
  const lint = async (paths: string[]): Promise<LintResult | number> => {
    try {
      // (A folder may hold Python files beside a JavaScript one.)
      if (paths.some(isPython)) await initPython();
      return deps.lint(paths);
    } catch (error) {
      return fail(`the analysis failed: ${error instanceof Error ? error.message : String(error)}`, 2);
    }
  };
  let result = await lint(project ? withProject(file, project, io.cwd) : [file]);
  if (typeof result === 'number') return result;
  const problems = result.problems.filter((p) => samePath(p.file, file));
  for (const p of problems) io.stderr.write(`logit-lint check: ${shown}${p.line ? `:${p.line}` : ''}: ${p.message}\n`);

  // A notebook's findings are named by cell and line, as the linter's messages name them.
  const cells = /\.ipynb$/i.test(file) ? cellPositions(fs.readFileSync(file, 'utf8')) : undefined;
  const cellOf = (f: Finding) => cells?.(f.location.start);
  const lineOf = (f: Finding) => {
    const c = cellOf(f);
    return c ? `cell ${c.cell}:${c.line}` : String(f.location.line);
  };
  const spans = (f: Finding): boolean => {
    if (args.cell === undefined) return args.line === undefined || (f.location.line <= args.line && args.line <= f.location.endLine);
    const [s, e] = [cellOf(f), cells?.(f.location.end)];
    if (!s || s.cell !== args.cell) return false;
    return args.line === undefined || (s.line <= args.line && args.line <= (e && e.cell === s.cell ? e.line : s.line));
  };
  const findingsOf = (r: LintResult) => r.findings.filter((f) => samePath(f.location.file, file)).sort((a, b) => a.location.line - b.location.line || a.location.column - b.location.column);
  const matching = (found: Finding[]) => found.filter((f) => (!args.rule || f.ruleId === args.rule) && spans(f));
  let inFile = findingsOf(result);
  let matches = matching(inFile);
  let linted = 1;
  let withFolder = project;
  const folders = project ? [] : [path.dirname(file), ...(isInside(io.cwd, file) ? [io.cwd] : [])];
  for (const folder of folders) {
    if (matches.length) break;
    const others = withProject(file, folder, io.cwd);
    if (others.length <= linted || others.length > MAX_FOLDER_FILES) continue;
    const again = await lint(others);
    if (typeof again === 'number') return again;
    [result, inFile, withFolder, linted] = [again, findingsOf(again), folder, others.length];
    matches = matching(inFile);
    if (matches.length) io.stderr.write(`logit-lint check: this finding shows only when ${path.basename(file)} is linted with the other files of ${shownFolder(folder)} (it rests on files that import it); checked as logit-lint ${shownFolder(folder)} reports it.\n`);
  }
  if (!matches.length) {
    if (problems.length && !inFile.length) return 2;
    const at = args.cell !== undefined ? `cell ${args.cell}${args.line !== undefined ? `:${args.line}` : ''}` : args.line;
    const what = `${args.rule ? `${args.rule} finding` : 'finding'} ${at !== undefined ? `at ${shown}:${at}` : `in ${shown}`}`;
    const list = inFile.map((f) => `  ${shown}:${lineOf(f)}  ${f.ruleId}`).join('\n');
    io.stderr.write(`logit-lint check: no ${what}.\n${inFile.length ? `Findings in this file:\n${list}\n` : 'The file has no findings.\n'}`);
    const pos = at !== undefined ? `:${at}` : '';
    io.stderr.write(withFolder
      ? `(Linted with the files of ${shownFolder(withFolder)}. A finding may rest on files elsewhere that import this one: give their project's folder, logit-lint check ${shown}${pos} <folder>.)\n`
      : `(Linted alone. A finding may rest on files that import this one: give their project's folder, logit-lint check ${shown}${pos} <folder>.)\n`);
    return 1;
  }
  const finding = matches[0];
  if (matches.length > 1) {
    io.stderr.write(`logit-lint check: ${matches.length} findings match; checking ${finding.ruleId} at ${cellOf(finding) ? '' : 'line '}${lineOf(finding)} (use :line or --rule to pick another).\n`);
  }

  const report = await deps.run(checkInputOf(finding), { epochs: args.epochs, seed: args.seed, timeoutMs: args.timeoutMs });
  if (report.status !== 'ok') return fail(report.message, 2);
  const at = cellOf(finding);
  report.source = { file: shown, line: finding.location.line, ...(at ? { cell: at.cell, cellLine: at.line } : {}) };
  io.stdout.write(args.json ? formatJson(report) : formatText(report));
  return 0;
}

/** Only the static facts cross over to the check: rule id, layers, loss, decision, and which fix the
 *  editor prefers. A rule without a replica is refused by the check's input validation. */


function parseArgs(argv: string[], cwd: string): Args {
  const args: Partial<Args> & { json: boolean } = { json: false };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--json':
        args.json = true;
        break;
      case '--rule': {
        const id = value();
        if (!isRuleId(id)) throw new UsageError(`unknown rule '${id}'; rules: ${RULE_IDS.join(', ')}`);
        args.rule = id;
        break;
      }
      case '--epochs':
        args.epochs = integer(flag, value(), 1, MAX_EPOCHS);
        break;
      case '--seed':
        args.seed = integer(flag, value(), 0, 0xffffffff);
        break;
      case '--timeout':
        args.timeoutMs = integer(flag, value(), 1, 24 * 3600 * 1000);
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
        positional.push(arg);
    }
  }
  if (!positional.length) throw new UsageError('which file? give <file>[:line]');
  // A second argument: the folder of the project to lint the file with.
  if (positional.length > 2 || (positional.length === 2 && !isFolder(path.resolve(cwd, positional[1])))) throw new UsageError('give one file, and at most one folder to lint it with');
  if (positional.length === 2) args.project = positional[1];
  // file:line, with Windows drive letters (C:\x.js:12) and names containing ':' left intact;
  // a notebook's `nb.ipynb:cell 4:7` (stylish's `cell 4:7:12`) as a cell and its line, and
  // `nb.ipynb:cell 4` as any line of the cell (`Cell`, as a notebook's editor names it, too).
  const inCell = /^(.*?):cell ?(\d+)(?::(\d+)(?::\d+)?)?$/i.exec(positional[0]);
  const m = inCell ? undefined : /^(.*?):(\d+)(?::\d+)?$/.exec(positional[0]);
  if (inCell && inCell[1]) {
    args.file = inCell[1];
    args.cell = Number(inCell[2]);
    if (inCell[3] !== undefined) args.line = Number(inCell[3]);
    if (args.cell < 1 || (args.line !== undefined && args.line < 1)) throw new UsageError('cells and lines are numbered from 1');
  } else if (m && m[1]) {
    args.file = m[1];
    args.line = Number(m[2]);
    if (args.line < 1) throw new UsageError('line numbers start at 1');
  } else {
    args.file = positional[0];
  }
  return args as Args;
}

function integer(flag: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag} must be an integer from ${min} to ${max}`);
  return n;
}

/** Files of a folder linted with the file when the file alone shows no such finding (the language
 *  server's limit on a project). */
const MAX_FOLDER_FILES = 2000;

/** The file and the files the CLI would lint in `folder` (the file always among them). */
function withProject(file: string, folder: string, cwd: string): string[] {
  const found = discoverFiles([folder], cwd).files;
  return found.some((f) => samePath(f, file)) ? found : [file, ...found];
}

function isFolder(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** `file:what` where `file` is readable and `what` is no position we read: the readable file's length. */
function unreadPosition(given: string): number | undefined {
  for (let i = given.lastIndexOf(':'); i > 0; i = given.lastIndexOf(':', i - 1)) if (isReadableFile(given.slice(0, i))) return i;
  return undefined;
}

function isReadableFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function samePath(a: string, b: string): boolean {
  return path.resolve(a) === path.resolve(b);
}

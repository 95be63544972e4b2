#!/usr/bin/env node
// The `logit-lint` command. It finds the files, loads the configuration, lints them as ONE program
// (imports between them resolve; lint-runner.ts splits the work along the import graph for worker
// threads and --cache, with the same result), filters (--quiet, --changed-since), fixes (--fix),
// formats, and turns the outcome into an exit code: 0 clean, 1 errors (or too many warnings),
// 2 usage or internal error. Nothing is ever thrown at the user: every failure is one line on stderr.
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';
import type { Finding, LintResult } from '../../rules';
import { adoptRuleMetas, prepareLanguages, ruleMetas } from './engine';
import { changedLines, GitError, touchesChanged, type ChangedLines } from './changed';
import { ConfigError, emptyConfig, ignoreTest, loadConfig, nestedConfigs, readConfigFile, toLintOptions, type LoadedConfig } from './config';
import { cacheFilePath, engineId, LintCache, readCacheFile, runFingerprint } from './cache';
import { argBase, DEFAULT_MAX_FILE_BYTES, discoverFiles, FileHost } from './files';
import { ComponentLinter } from './lint-runner';
import { importedFromUnseen } from './unseen-importers';
import { heldBack, withinLinted } from './fix-scope';
import { Progress } from './progress';
import { HELP, parseArgs, parseRuleFlag, UsageError, type CliOptions } from './args';
import { findRepoRoot, packageVersion, plural, relativePath } from '../formatters/common';
import { writeStepSummary } from '../formatters/github';
import { buildReport, formatters, totals } from '../formatters';

export interface CliIo {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  cwd: string;
  env: NodeJS.ProcessEnv;
}

function listRules(format: string | undefined): string {
  const metas = ruleMetas();
  if (format === 'json') return JSON.stringify(metas, null, 2) + '\n';
  const w = Math.max(0, ...metas.map((r) => r.id.length));
  const rows = metas.map((r) => `${r.id.padEnd(w)}  ${r.defaultSeverity.padEnd(5)}  ${r.fixable.padEnd(10)}  ${r.description}`);
  return [`${'rule'.padEnd(w)}  level  fix         description`, ...rows].join('\n') + '\n';
}

/**
 * One thread per core (os.availableParallelism honours CPU affinity and container limits), except
 * on one or two cores: there a single lint already keeps about 1.4 cores busy (V8 compiles and
 * collects garbage on background threads), and a worker, which must load TypeScript and warm up
 * its own JIT, measured no faster (bench/RESULTS.md).
 */
function defaultJobs(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return cores > 2 ? cores : 1;
}

function useColor(io: CliIo): boolean {
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  return !!io.stdout.isTTY;
}

/** Folder the configuration search starts from: the common ancestor of the linted paths. */
function configStart(paths: string[], cwd: string): string {
  const bases = (paths.length ? paths : ['.']).map((p) => argBase(p, cwd));
  return bases.reduce((common, b) => {
    while (common !== path.dirname(common) && path.relative(common, b).startsWith('..')) common = path.dirname(common);
    return common;
  });
}

/**
 * Results from the cache come without their files' texts; the formats need the texts of the files
 * they report on (byte columns, fingerprints, line text), and only those are read.
 */
function readReportedTexts(host: FileHost, result: LintResult): void {
  const files = new Set([...result.findings.map((f) => f.location.file), ...result.unusedDirectives.map((d) => d.file)]);
  for (const file of files) {
    try {
      host.readFile(file);
    } catch {
      // changed since it was linted: the formats do without its text
    }
  }
}

interface LintRun {
  result: LintResult;
  /** The findings to report: after --quiet and --changed-since. */
  findings: Finding[];
  host: FileHost;
}

/**
 * --fix / --fix-dry-run: fixes in memory over up to MAX_FIX_PASSES lints, then writes the files
 * (--fix) or prints the diff (--fix-dry-run). Returns the lint of the fixed texts.
 */
function fixFiles(opts: CliOptions, host: FileHost, lint: (host: FileHost) => LintRun, cwd: string, io: CliIo, err: (line: string) => void): LintRun {
  // With --changed-since the changed lines were computed on the disk's text, and they move once a
  // fix lands: one pass only.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when fixing
  const { fixesDiff, MAX_FIX_PASSES, runFixPasses, writeFixes } = require('./fix') as typeof import('./fix');
  const passes = runFixPasses(host, () => lint(host), opts.changedSince !== undefined ? 1 : MAX_FIX_PASSES);
  if (opts.fixDryRun) {
    io.stdout.write(fixesDiff(host, passes.changed, (f) => relativePath(cwd, f)));
    err(`--fix-dry-run: ${plural(passes.applied, 'fix', 'fixes')} would change ${plural(passes.changed.length, 'file')}; ${plural(passes.last.findings.length, 'problem')} would remain`);
  } else {
    const written = writeFixes(host, passes.changed);
    for (const s of written.skipped) err(`${relativePath(cwd, s.file)}: ${s.reason}`);
    if (written.written.length) err(`--fix: applied ${plural(passes.applied, 'fix', 'fixes')} to ${plural(written.written.length, 'file')}`);
  }
  for (const line of heldBack(passes.last.findings)) err(line);
  return passes.last;
}


export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const err = (line: string) => io.stderr.write(`logit-lint: ${line}\n`);
  try {
    if (argv[0] === 'check') {
      // Loaded only when asked for: the numeric check pulls in tfjs, which is slow to load.
      const { checkCommand } = await import('../check/command');
      return await checkCommand(argv.slice(1), io);
    }
    const opts = parseArgs(argv);
    const info = opts.help ? HELP : opts.version ? `${packageVersion()}\n` : opts.listRules ? listRules(opts.format) : undefined;
    if (info !== undefined) {
      io.stdout.write(info);
      return 0;
    }

    const cwd = io.cwd;
    // The cache is read first: when it was written by this build of the engine, its copy of the
    // rules' metadata serves for checking rule ids, and a fully cached run never loads the engine.
    const cacheFile = opts.cache ? cacheFilePath(opts.cacheLocation, cwd) : undefined;
    const cached = cacheFile !== undefined ? readCacheFile(cacheFile) : undefined;
    if (cached && cached.engine === engineId()) adoptRuleMetas(cached.ruleMetas);
    for (const spec of opts.ruleSpecs) parseRuleFlag(spec, opts.rules);
    const loaded: LoadedConfig = opts.noConfig ? { config: emptyConfig(), dir: cwd } : opts.config ? readConfigFile(path.resolve(cwd, opts.config)) : loadConfig(configStart(opts.paths, cwd));
    const lintOptions = toLintOptions(loaded.config, opts.rules, opts.maxFileSize);
    const maxBytes = lintOptions.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    // Components of the import graph are linted separately (on worker threads when worthwhile);
    // results are cached by content with --cache, and in memory between --fix passes.
    const fixing = opts.fix || opts.fixDryRun;
    const cache = cacheFile !== undefined ? LintCache.fromFile(cacheFile, cached, runFingerprint(lintOptions), opts.cacheStrategy)
      : fixing ? LintCache.inMemory(runFingerprint(lintOptions)) : undefined;
    const discovery = discoverFiles(opts.paths, cwd, ignoreTest(loaded), cache?.listings);
    for (const n of discovery.notices) err(n);
    for (const e of discovery.errors) err(e);
    const here = loaded.file ? relativePath(cwd, loaded.file) : 'none, the defaults';
    if (!opts.noConfig && !opts.config) for (const c of nestedConfigs(discovery.files, loaded)) err(`${relativePath(cwd, c)}: not used: one configuration serves a run, the nearest to the paths linted (here: ${here}); lint ${relativePath(cwd, path.dirname(c))} on its own to use it`);
    let changed: ChangedLines | undefined = opts.changedSince !== undefined ? changedLines(opts.changedSince, cwd) : undefined;
    const files = discovery.files;

    // What gets reported (and fixed): errors only with --quiet, changed lines only with --changed-since;
    // a safe fix that edits a file not linted, or changes a model that files not linted import, is a
    // suggestion (withinLinted).
    const linted = new Set(files);
    let unseen: ReadonlySet<string> | 'all' | undefined;
    const unseenImports = () => (unseen ??= importedFromUnseen(cwd, linted, ignoreTest(loaded), maxBytes));
    const reported = (findings: Finding[]) =>
      findings.filter((f) => (!opts.quiet || f.severity === 'error') && (!changed || touchesChanged(changed, [f.location, ...f.related]))).map((f) => withinLinted(f, linted, unseenImports));
    const linter = new ComponentLinter(files, lintOptions, {
      jobs: opts.jobs ?? defaultJobs(),
      cache,
      progress: Progress.wanted(io.stderr, io.env) ? io.stderr : undefined,
      maxReadBytes: maxBytes,
      shard: opts.shard,
    });
    const toRun = (result: LintResult, host: FileHost): LintRun => ({ result, findings: reported(result.findings), host });
    const lint = (host: FileHost): LintRun => toRun(linter.lintSync(host), host);
    const lintInParallel = async (host: FileHost): Promise<LintRun> => toRun(await linter.lint(host), host);

    let outcome: LintRun;
    if (fixing) {
      const host = new FileHost(maxBytes);
      // The fix passes are synchronous; a parallel first lint fills the cache they start from.
      await lintInParallel(host);
      await prepareLanguages(files); // even when every result came from --cache
      outcome = fixFiles(opts, host, lint, cwd, io, err);
      if (opts.fix) {
        // Report what is on disk now; the fixes moved lines, so the changed lines are read again.
        if (changed) changed = changedLines(opts.changedSince!, cwd);
        outcome = await lintInParallel(new FileHost(maxBytes));
      }
    } else {
      outcome = await lintInParallel(new FileHost(maxBytes));
    }
    const cacheFailure = opts.cache ? cache?.save() : undefined;
    if (cacheFailure) err(cacheFailure);
    const stats = linter.stats;
    if (io.env.LOGIT_LINT_DEBUG && stats) {
      err(`debug: ${plural(stats.files, 'file')} in ${plural(stats.components, 'independent part')}: ${stats.linted} linted on ${plural(stats.threads, 'thread')}, ${stats.cached} from the cache` +
        `, ${plural(stats.read, 'file')} read (reading and splitting ${stats.prepareMs} ms, linting ${stats.lintMs} ms)`);
    }

    const { result, findings, host } = outcome;
    readReportedTexts(host, result);
    // Parsing errors are messages of their file, in the output; other problems are notes.
    for (const p of result.problems) if (!p.fatal) err(`${relativePath(cwd, p.file)}${p.line ? `:${p.line}:${p.column ?? 1}` : ''}: ${p.message}`);
    const unused = opts.reportUnusedDirectives
      ? result.unusedDirectives.filter((d) => !changed || touchesChanged(changed, [{ file: d.file, line: d.line, endLine: d.line }]))
      : [];
    const report = buildReport({
      findings,
      files: result.files.length || opts.shard ? result.files : files, // a shard reports its own files only
      problems: result.problems,
      unusedDirectives: unused,
      texts: host.texts(),
      cwd,
      root: findRepoRoot(cwd) ?? cwd,
      rules: ruleMetas(),
      version: packageVersion(),
    });
    const format = opts.format ?? 'stylish';
    if (!opts.fixDryRun) io.stdout.write(formatters[format](report, { color: format === 'stylish' && useColor(io) }));
    if (format === 'github') {
      const failure = writeStepSummary(report, io.env);
      if (failure) err(failure);
    }

    const t = totals(report);
    if (discovery.errors.length || result.problems.some((p) => p.internal)) return 2;
    if (t.errors > 0) return 1;
    if (opts.maxWarnings !== undefined && t.warnings > opts.maxWarnings) {
      err(`too many warnings (${t.warnings}; maximum: ${opts.maxWarnings})`);
      return 1;
    }
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      err(e.message);
      io.stderr.write('Run logit-lint --help for usage.\n');
    } else if (e instanceof ConfigError || e instanceof GitError) {
      err(e.message);
    } else {
      err(`internal error: ${String((e as Error)?.message ?? e).split('\n')[0]}`);
      if (io.env.LOGIT_LINT_DEBUG) io.stderr.write(`${(e as Error)?.stack ?? ''}\n`);
      else io.stderr.write('Set LOGIT_LINT_DEBUG=1 to see where it happened.\n');
    }
    return 2;
  }
}

const EXIT_GRACE_MS = 30;

if (require.main === module) {
  // `logit-lint | head` closes stdout early: that is not an error worth a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
  runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env }).then((code) => {
    process.exitCode = code;
    // A background optimising compile that asked for a GC just as the event loop emptied deadlocks
    // Node 20's exit (the main thread joins it, it waits for the main thread's GC; seen with gdb,
    // a few runs in a hundred on a busy machine). A short wait with the loop alive lets V8 run that
    // GC and finish its jobs first.
    // No new optimising jobs from here on; a GC on the main thread answers any job waiting for one.
    try {
      v8.setFlagsFromString('--no-opt');
      v8.setFlagsFromString('--expose-gc');
      (vm.runInNewContext('gc') as () => void)();
    } catch {
      // Another engine or flags we cannot set: the exit below is as before.
    }
    // Then exit once what was written to a pipe has gone out (an empty write completes after them).
    setTimeout(() => process.stdout.write('', () => process.stderr.write('', () => process.exit(code))), EXIT_GRACE_MS);
  });
}


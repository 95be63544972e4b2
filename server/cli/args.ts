// The command line's words: the options logit-lint takes, its --help text, and their parsing into
// CliOptions. A wrong flag or value is a UsageError (exit 2), said in one line by cli.ts.
import type { Severity } from '../../rules';
import { ruleIds } from './engine';
import { CACHE_STRATEGIES, type CacheStrategy } from './cache';
import { parseShard, type Shard } from './shard';
import { formatNames } from '../formatters';
import { DEFAULT_MAX_FILE_BYTES } from './files';

export interface CliOptions {
  paths: string[];
  format?: string;
  /** --rule values, checked against the rules once their metadata is at hand. */
  ruleSpecs: string[];
  rules: Record<string, Severity>;
  quiet: boolean;
  maxWarnings?: number;
  listRules: boolean;
  version: boolean;
  help: boolean;
  fix: boolean;
  fixDryRun: boolean;
  changedSince?: string;
  reportUnusedDirectives: boolean;
  maxFileSize?: number;
  config?: string;
  noConfig: boolean;
  jobs?: number;
  cache: boolean;
  cacheLocation?: string;
  cacheStrategy: CacheStrategy;
  shard?: Shard;
}

export class UsageError extends Error {}

export const HELP = `Usage: logit-lint [options] [paths or globs...]   (default: .)
       logit-lint check [options] [paths...]        (numeric check of the findings)

Finds logits/probabilities mismatches in TensorFlow.js, PyTorch and Keras code. Folders are
searched for ${'.js .mjs .cjs .jsx .ts .tsx .mts .cts .html .vue .svelte .py .ipynb'} files,
skipping node_modules, .git, dist, build, *.min.js, Python environments and caches (.venv, venv,
__pycache__, site-packages, .tox, .ipynb_checkpoints); all files are analysed together, as one
program.

Options:
  -f, --format <name>          ${'stylish (default), json, sarif, github, rdjson, markdown'}
  --rule <id>:<severity>       off | warn | error; repeatable, or comma-separated
  --quiet                      report errors only
  --max-warnings <n>           exit 1 when there are more than n warnings
  --fix                        apply the safe fixes, then report what remains
  --fix-dry-run                print the safe fixes as a unified diff; change nothing
  --changed-since <git-ref>    report only findings on lines changed since the ref
  --report-unused-disable-directives
                               report logit-lint-disable comments that suppress nothing
  --max-file-size <bytes>      skip larger files (default ${DEFAULT_MAX_FILE_BYTES})
  --jobs <n>                   threads (default: one per CPU core, 1 on 1-2 cores; 1 = no workers)
  --cache                      reuse the results of unchanged files from the last --cache run
  --cache-location <path>      cache file or folder (default ./.logit-lint-cache)
  --cache-strategy <how>       metadata (default): a file whose size, mtime and ctime are
                               unchanged keeps its recorded content hash; content: re-hash all
  --shard <k>/<n>              lint the k-th of n parts (whole import-graph components,
                               balanced by size), e.g. one CI job per part
  --config <file>              use this config file (JSON) instead of searching for one
  --no-config                  ignore logit-lint.config.json and package.json "logitLint"
  --list-rules                 list the rules (with --format json: as JSON)
  -v, --version                print the version
  -h, --help                   print this help

Exit status: 0 no errors, 1 errors (or more warnings than --max-warnings), 2 usage or internal error.
`;

const VALUE_FLAGS = new Set(['--format', '--rule', '--max-warnings', '--changed-since', '--max-file-size', '--config', '--jobs', '--cache-location', '--cache-strategy', '--shard']);
const ALIASES: Record<string, string> = { '-f': '--format', '-h': '--help', '-v': '--version' };

export function parseArgs(argv: string[]): CliOptions {
  const o: CliOptions = { paths: [], ruleSpecs: [], rules: {}, quiet: false, listRules: false, version: false, help: false, fix: false, fixDryRun: false, reportUnusedDirectives: false, noConfig: false, cache: false, cacheStrategy: 'metadata' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      o.paths.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      o.paths.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = ALIASES[arg] ?? (eq > 0 ? arg.slice(0, eq) : arg);
    let value: string | undefined;
    if (VALUE_FLAGS.has(flag)) {
      value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`${flag} needs a value`);
    } else if (eq > 0) throw new UsageError(`${flag} takes no value`);
    switch (flag) {
      case '--format':
        if (!formatNames.includes(value!)) throw new UsageError(`unknown format "${value}"; expected one of ${formatNames.join(', ')}`);
        o.format = value;
        break;
      case '--rule':
        o.ruleSpecs.push(...value!.split(',').map((s) => s.trim()).filter((s) => s));
        break;
      case '--max-warnings':
        o.maxWarnings = wholeNumber(flag, value!, 0);
        break;
      case '--max-file-size':
        o.maxFileSize = wholeNumber(flag, value!, 1);
        break;
      case '--changed-since':
        o.changedSince = value;
        break;
      case '--config':
        o.config = value;
        break;
      case '--jobs':
        o.jobs = wholeNumber(flag, value!, 1);
        break;
      case '--cache-location':
        o.cacheLocation = value;
        break;
      case '--cache-strategy':
        if (!CACHE_STRATEGIES.includes(value as CacheStrategy)) throw new UsageError(`--cache-strategy: expected ${CACHE_STRATEGIES.join(' or ')}, got "${value}"`);
        o.cacheStrategy = value as CacheStrategy;
        break;
      case '--shard': {
        const shard = parseShard(value!);
        if (typeof shard === 'string') throw new UsageError(shard);
        o.shard = shard;
        break;
      }
      case '--cache': o.cache = true; break;
      case '--quiet': o.quiet = true; break;
      case '--list-rules': o.listRules = true; break;
      case '--version': o.version = true; break;
      case '--help': o.help = true; break;
      case '--fix': o.fix = true; break;
      case '--fix-dry-run': o.fixDryRun = true; break;
      case '--report-unused-disable-directives': o.reportUnusedDirectives = true; break;
      case '--no-config': o.noConfig = true; break;
      default:
        throw new UsageError(`unknown option ${arg}`);
    }
  }
  if (o.fix && o.fixDryRun) throw new UsageError('use either --fix or --fix-dry-run, not both');
  if (o.fixDryRun && o.format) throw new UsageError('--fix-dry-run prints a diff; it cannot be combined with --format');
  if (o.config && o.noConfig) throw new UsageError('use either --config or --no-config, not both');
  return o;
}

export function parseRuleFlag(spec: string, into: Record<string, Severity>): void {
  const at = spec.lastIndexOf(':');
  const id = at < 0 ? spec : spec.slice(0, at);
  const sev = at < 0 ? '' : spec.slice(at + 1);
  const ids = ruleIds();
  if (!ids.includes(id)) throw new UsageError(`--rule: unknown rule "${id}"; valid rule ids:\n  ${ids.join('\n  ')}`);
  if (!['off', 'warn', 'error'].includes(sev)) throw new UsageError(`--rule ${spec}: expected ${id}:off, ${id}:warn or ${id}:error`);
  into[id] = sev as Severity;
}

export function wholeNumber(flag: string, value: string, min: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min) throw new UsageError(`${flag} expects a whole number${min > 0 ? ` of at least ${min}` : ''}, got "${value}"`);
  return Number(value);
}

// One engine lint per file text, shared by the ten ESLint rules. ESLint calls each enabled rule's
// create() for the same file one after another; the first one lints the file with every rule on,
// the others read the cached findings. Rules are independent in the engine (no rule's result
// depends on whether another is on), so filtering one run per rule gives what a run with only that
// rule on would give, and ESLint decides severities itself.
import * as path from 'path';
import { diskHost, isLintable, lintProject, type Finding, type SourceHost } from '../../rules';

export interface FileInput {
  /** context.filename: absolute for real files; "<input>" / "<text>" for text without a file. */
  filename: string;
  cwd: string;
  /** context.sourceCode.text: what ESLint parsed (BOM removed), so offsets agree with its locations. */
  text: string;
  /** Extra modules that re-export tfjs (settings['logit-lint'].tfModules). */
  tfModules: string[];
  /** Whether the file was parsed by a TypeScript parser (decides the language of nameless text). */
  typescript: boolean;
}

export interface FileRun {
  /** The path the engine linted the text under; fixes name it. */
  enginePath: string;
  findings: Finding[];
}

interface CacheEntry {
  run: FileRun;
  /** Every other file the engine read, with what it read: the entry is stale once one differs. */
  reads: Map<string, string | undefined>;
}

// A few entries are enough: ESLint finishes one file's rules before the next file, and --fix
// re-lints a file only after changing its text (a new key).
const MAX_ENTRIES = 8;
const cache = new Map<string, CacheEntry>();

/**
 * The path the engine lints `text` under. Real files keep theirs (relative imports resolve next
 * to them); text without a usable name gets one in cwd whose extension picks the grammar.
 */
export function enginePathOf(input: Pick<FileInput, 'filename' | 'cwd' | 'typescript'>): string {
  const abs = path.isAbsolute(input.filename) ? input.filename : path.resolve(input.cwd, input.filename);
  return isLintable(abs) ? abs : `${abs}${input.typescript ? '.ts' : '.js'}`;
}

/** The engine's findings for the file, all rules on, linted at most once per text. */
export function lintFile(input: FileInput): FileRun {
  const enginePath = enginePathOf(input);
  const key = JSON.stringify([enginePath, input.tfModules, input.text]);
  const hit = cache.get(key);
  if (hit && unchanged(hit.reads)) return hit.run;

  const reads = new Map<string, string | undefined>();
  const host: SourceHost = {
    readFile(file) {
      if (file === enginePath) return input.text;
      reads.set(file, undefined); // stays undefined if reading throws (the engine reports that)
      const text = diskHost.readFile(file);
      reads.set(file, text);
      return text;
    },
  };
  // Problems (unreadable imports, syntax the engine rejects, size limits) are not reported: ESLint's
  // own parser reports syntax errors, and a file the engine skips simply has no findings.
  const result = lintProject([enginePath], { tfModules: input.tfModules }, host);
  const run: FileRun = { enginePath, findings: result.findings.filter((f) => f.location.file === enginePath) };
  cache.delete(key);
  cache.set(key, { run, reads });
  while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  return run;
}

/** Whether the imported files still read as they did (an editor saved model.js since). */
function unchanged(reads: Map<string, string | undefined>): boolean {
  for (const [file, text] of reads) {
    let now: string | undefined;
    try {
      now = diskHost.readFile(file);
    } catch {
      now = undefined;
    }
    if (now !== text) return false;
  }
  return true;
}

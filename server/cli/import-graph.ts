// Splits a lint run into independent parts. The engine analyses files as one program: a finding in
// predict.js can come from walking main.js, which imports it. Two files can only influence each
// other through relative imports, so the connected components of the (undirected) relative-import
// graph, including files outside the linted set that imports reach, can be linted separately, in
// any order and on any thread, with the same findings as one big run.
import { createHash } from 'crypto';
import * as path from 'path';
// The engine's text-only API (rules/text) resolves exactly as the analysis does, without loading
// TypeScript: a run whose results all come from --cache never parses anything.
import { folderResolver, isPython, mentionsFramework, pythonImportSpecifiers } from '../../rules/text';
import { statSignature, type FileRecords } from './file-records';

import type { Content, Facts } from './file-facts';
export type { Content, Facts } from './file-facts';

export interface StoreOptions {
  /** Extra module names that bind tfjs (the config's tfModules). */
  tfModules?: string[];
  /** Content hashes are computed (for --cache keys). */
  hash?: boolean;
  /** --cache's records of the last run: a file whose stat matches is not read at all. */
  records?: FileRecords;
}

/** Reads each file once through the host and remembers the outcome (errors too), so the graph,
 *  the cache keys and every analysis see the same bytes. */
export class ContentStore {
  readonly contents = new Map<string, Content>();
  private readonly facts = new Map<string, Facts>();
  private readonly recorded = new Set<string>();
  /** Texts read from the host in this run (with --cache, unchanged files are not read). */
  reads = 0;

  constructor(private readonly host: { readFile(file: string): string | undefined; note?(file: string): string | undefined }, private readonly options: StoreOptions = {}) {}

  note(file: string): string | undefined {
    return this.host.note?.(file);
  }

  get(file: string): Content {
    let c = this.contents.get(file);
    if (!c) {
      try {
        const text = this.host.readFile(file);
        c = text === undefined ? { missing: true } : { text };
        if (text !== undefined) this.reads++;
      } catch (e) {
        c = { error: (e as Error).message };
      }
      this.contents.set(file, c);
    }
    return c;
  }

  /** Whether the file's facts came from --cache's record of it, i.e. it did not change. */
  unchanged(file: string): boolean {
    this.factsOf(file);
    return this.recorded.has(file);
  }

  /** The SourceHost contract: text, undefined when missing, or throw the read error again. */
  readFile(file: string): string | undefined {
    const c = this.get(file);
    if ('error' in c) throw new Error(c.error);
    return 'text' in c ? c.text : undefined;
  }

  /** A file's facts: from --cache's record when its stat matches, else from its text. */
  factsOf(file: string): Facts {
    let f = this.facts.get(file);
    if (f) return f;
    const records = this.options.records;
    // Stat before reading: a write between the two leaves an older signature, which the next run
    // will not trust.
    const sig = records ? statSignature(file) : undefined;
    const known = sig && records!.lookup(file, sig);
    if (known) {
      f = known;
      records!.keep(file);
      this.recorded.add(file);
    } else if (records && !sig) {
      f = { kind: 'missing' };
    } else {
      f = this.readFacts(file);
      if (sig) records!.record(file, sig, f);
    }
    this.facts.set(file, f);
    return f;
  }

  private readFacts(file: string): Facts {
    const c = this.get(file);
    if ('missing' in c) return { kind: 'missing' };
    if ('error' in c) return { kind: 'error', error: c.error };
    const text = c.text;
    return {
      kind: 'text',
      chars: text.length,
      tf: mentionsFramework(file, text, this.options.tfModules),
      specs: [...new Set(importSpecifiers(text, file))],
      hash: this.options.hash ? createHash('sha1').update(text).digest('base64') : undefined,
    };
  }
}

export interface Component {
  /** Linted files of the component, in the order of the run's paths. */
  files: string[];
  /** Every file the component reads: its linted files and what they import, sorted. */
  members: string[];
  /** Rough cost of analysing it (characters the engine will parse), for scheduling. */
  cost: number;
}

/**
 * Specifiers after `from`, `import` or `require(` that the engine may resolve (relative or
 * absolute). Deliberately broader than the engine's own pre-filter scan (rules/engine/sources
 * relativeImports): it also catches `'.'`, `'..'` and absolute paths, since a missed edge would
 * split files that must be analysed together, while an extra edge only merges components.
 */
export function importSpecifiers(text: string, file = ''): string[] {
  if (isPython(file)) return pythonImportSpecifiers(text, file);
  const out: string[] = [];
  for (const m of text.matchAll(/\b(?:from|import|require\s*\()\s*(['"])([./][^'"\n]*)\1/g)) out.push(m[2]);
  return out;
}

/** Components of the files in `paths`, in a stable order (by their first linted file). */
export function findComponents(paths: string[], store: ContentStore, probedDirs?: Set<string>): Component[] {
  // A candidate exists for the engine when it can be read (the facts are remembered per file).
  // `probedDirs` collects the folders looked into, for --cache (graph-snapshot.ts).
  const readable = (file: string) => {
    probedDirs?.add(path.dirname(file));
    return store.factsOf(file).kind === 'text';
  };
  const resolve = folderResolver(readable);
  const targetsOf = (file: string): string[] => {
    const f = store.factsOf(file);
    if (f.kind !== 'text') return [];
    const out: string[] = [];
    for (const spec of f.specs) {
      const target = resolve(file, spec);
      if (target !== undefined && target !== file) out.push(target);
    }
    return out;
  };
  return groupByImports(paths, targetsOf).map((g) => ({ ...g, cost: costOf(g, store) }));
}

/**
 * The connected components of the undirected graph whose edges are `targetsOf` (a file's resolved
 * relative imports), over `paths` and every file their imports reach. Components with no file of
 * `paths` are dropped (nothing to lint); `files` keep the order of `paths`, `members` are sorted.
 * Shared by the CLI (findComponents) and the language server's live graph.
 */
export function groupByImports(paths: readonly string[], targetsOf: (file: string) => readonly string[]): Array<{ files: string[]; members: string[] }> {
  const index = new Map<string, number>();
  const nodes: string[] = [];
  const parent: number[] = [];
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  const node = (file: string): number => {
    let i = index.get(file);
    if (i === undefined) {
      i = nodes.length;
      index.set(file, i);
      nodes.push(file);
      parent.push(i);
    }
    return i;
  };
  for (const p of paths) node(p);
  const linted = nodes.length;
  // Breadth-first over the edges; `nodes` grows as files outside the set are reached.
  for (let i = 0; i < nodes.length; i++) {
    for (const target of targetsOf(nodes[i])) {
      const a = find(i);
      const b = find(node(target));
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
  }
  const byRoot = new Map<number, { files: string[]; members: string[] }>();
  for (let i = 0; i < nodes.length; i++) {
    const root = find(i);
    let g = byRoot.get(root);
    if (!g) byRoot.set(root, (g = { files: [], members: [] }));
    g.members.push(nodes[i]);
    if (i < linted) g.files.push(nodes[i]);
  }
  const out = [...byRoot.values()].filter((g) => g.files.length > 0); // only files outside the set: nothing to lint
  for (const g of out) g.members.sort();
  return out;
}

/** Files that cannot bind tfjs cost a text scan; a component that can is parsed whole, at worst. */
function costOf(comp: { members: string[] }, store: ContentStore): number {
  let chars = 0;
  let tf = false;
  for (const m of comp.members) {
    const f = store.factsOf(m);
    if (f.kind !== 'text') continue;
    chars += f.chars;
    tf ||= f.tf;
  }
  return tf ? chars : Math.ceil(chars / 50);
}

// Splits a lint run into independent parts. The engine analyses files as one program: a finding in
// predict.js can come from walking main.js, which imports it. Two files can only influence each
// other through relative imports, so the connected components of the (undirected) relative-import
// graph, including files outside the linted set that imports reach, can be linted separately, in
// any order and on any thread, with the same findings as one big run.
import * as path from 'path';
// Module resolution is the engine's own (Project.resolveModule), so the graph resolves exactly as
// the analysis does. rules/index does not export it yet; this is the only file that reaches inside.
import { Project } from '../rules/engine/program';
import { mentionsTf } from '../rules/engine/sources';

/** A file's content as read once for the whole run: its text, or the error the host threw. */
export type Content = { text: string } | { error: string } | { missing: true };

/** Reads each file once through the host and remembers the outcome (errors too), so the graph,
 *  the cache keys and every analysis see the same bytes. */
export class ContentStore {
  readonly contents = new Map<string, Content>();

  constructor(private readonly host: { readFile(file: string): string | undefined }) {}

  get(file: string): Content {
    let c = this.contents.get(file);
    if (!c) {
      try {
        const text = this.host.readFile(file);
        c = text === undefined ? { missing: true } : { text };
      } catch (e) {
        c = { error: (e as Error).message };
      }
      this.contents.set(file, c);
    }
    return c;
  }

  /** The SourceHost contract: text, undefined when missing, or throw the read error again. */
  readFile(file: string): string | undefined {
    const c = this.get(file);
    if ('error' in c) throw new Error(c.error);
    return 'text' in c ? c.text : undefined;
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
export function importSpecifiers(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\b(?:from|import|require\s*\()\s*(['"])([./][^'"\n]*)\1/g)) out.push(m[2]);
  return out;
}

/** Components of the files in `paths`, in a stable order (by their first linted file). */
export function findComponents(paths: string[], store: ContentStore, maxFileBytes: number, tfModules: string[] = []): Component[] {
  // Resolution through a Project over the store: candidates are read (and remembered) once.
  const project = new Project(store, maxFileBytes, tfModules);
  const resolved = new Map<string, string | undefined>();
  const resolve = (from: string, spec: string): string | undefined => {
    const key = `${path.dirname(from)}\0${spec}`;
    if (resolved.has(key)) return resolved.get(key);
    // The engine tries the path as written first; when it names an existing file that is the
    // answer, without building the other candidates (most imports carry their extension).
    const exact = path.resolve(path.dirname(from), spec);
    const target = path.extname(exact) !== '' && 'text' in store.get(exact) ? exact : project.resolveModule(from, spec);
    resolved.set(key, target);
    return target;
  };
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
  // Breadth-first over the import edges; `nodes` grows as files outside the set are reached.
  for (let i = 0; i < nodes.length; i++) {
    const c = store.get(nodes[i]);
    if (!('text' in c)) continue;
    for (const spec of new Set(importSpecifiers(c.text))) {
      const target = resolve(nodes[i], spec);
      if (target === undefined || target === nodes[i]) continue;
      const a = find(i);
      const b = find(node(target));
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
  }

  const byRoot = new Map<number, Component>();
  const inSet = new Set(paths);
  for (let i = 0; i < nodes.length; i++) {
    const root = find(i);
    let comp = byRoot.get(root);
    if (!comp) {
      comp = { files: [], members: [], cost: 0 };
      byRoot.set(root, comp);
    }
    comp.members.push(nodes[i]);
    if (inSet.has(nodes[i])) comp.files.push(nodes[i]);
  }
  const out: Component[] = [];
  for (const comp of byRoot.values()) {
    if (comp.files.length === 0) continue; // only files outside the set: nothing to lint
    comp.members.sort();
    comp.cost = costOf(comp, store, tfModules);
    out.push(comp);
  }
  return out;
}

/** Files that cannot bind tfjs cost a text scan; a component that can is parsed whole, at worst. */
function costOf(comp: Component, store: ContentStore, tfModules: string[]): number {
  let chars = 0;
  let tf = false;
  for (const m of comp.members) {
    const c = store.get(m);
    if (!('text' in c)) continue;
    chars += c.text.length;
    if (!tf && mentionsTf(c.text, tfModules)) tf = true;
  }
  return tf ? chars : Math.ceil(chars / 50);
}

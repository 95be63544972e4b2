// Rule documentation for hovers: the "Why is this bad?" paragraph of rules/docs/<id>.md, the page
// that is also the rule's web documentation (one source for both).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RuleMeta } from '../../rules';

/** The package root: the folder holding rules/docs, found upwards from this file (out/ or dist/). */
function findDocsRoot(start: string): string | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'rules', 'docs'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** First paragraph under a "Why is this bad?" heading, joined into one line. */
export function whyParagraph(markdown: string): string | undefined {
  const lines = markdown.split(/\r?\n/);
  const at = lines.findIndex((l) => /^#{1,6}\s+why is this bad\??\s*$/i.test(l.trim()));
  if (at < 0) return undefined;
  const para: string[] = [];
  for (const line of lines.slice(at + 1)) {
    if (/^#{1,6}\s/.test(line.trim())) break;
    if (line.trim() === '') {
      if (para.length > 0) break;
      continue;
    }
    para.push(line.trim());
  }
  return para.length > 0 ? para.join(' ') : undefined;
}

export class RuleDocs {
  private readonly whyCache = new Map<string, string | undefined>();
  private readonly root: string | undefined;
  /** Filled in by the analysis worker once it has loaded the engine. */
  private metas: RuleMeta[] = [];

  constructor(root?: string) {
    this.root = root ?? findDocsRoot(__dirname);
  }

  setMetas(metas: RuleMeta[]): void {
    this.metas = metas;
  }

  ids(): string[] {
    return this.metas.map((m) => m.id);
  }

  meta(id: string): RuleMeta | undefined {
    return this.metas.find((m) => m.id === id);
  }

  url(id: string): string | undefined {
    return this.meta(id)?.docsUrl;
  }

  /** The rule's why, or its one-line description when the page has no such section. */
  why(id: string): string | undefined {
    if (!this.whyCache.has(id)) this.whyCache.set(id, this.readWhy(id));
    return this.whyCache.get(id) ?? this.meta(id)?.description;
  }

  private readWhy(id: string): string | undefined {
    if (!this.root || !/^[a-z0-9-]+$/.test(id)) return undefined;
    const rel = this.meta(id)?.docsPath ?? `rules/docs/${id}.md`;
    try {
      return whyParagraph(fs.readFileSync(path.join(this.root, rel), 'utf8'));
    } catch {
      return undefined;
    }
  }
}

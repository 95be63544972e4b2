// The share link: the files, the framework and the selected finding, as compressed JSON in the URL
// fragment (never sent to a server). lz-string's URI-safe alphabet needs no further escaping.
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';
import type { SourceFile } from './protocol';

export interface SelectedFinding {
  ruleId: string;
  file: string;
  line: number;
}

export interface SharedState {
  framework: string;
  example?: string;
  files: SourceFile[];
  active: string;
  selected?: SelectedFinding;
}

const PREFIX = '#s=';
const VERSION = 1;

export function encodeShare(state: SharedState): string {
  const packed = { v: VERSION, fw: state.framework, ex: state.example, f: state.files.map((f) => [f.name, f.text]), a: state.active, sel: state.selected };
  return PREFIX + compressToEncodedURIComponent(JSON.stringify(packed));
}

/** The state in a fragment, or undefined when there is none or it is damaged (the page then starts as usual). */
export function decodeShare(hash: string): SharedState | undefined {
  if (!hash.startsWith(PREFIX)) return undefined;
  try {
    const packed = JSON.parse(decompressFromEncodedURIComponent(hash.slice(PREFIX.length)) ?? '');
    if (packed?.v !== VERSION || typeof packed.fw !== 'string' || !Array.isArray(packed.f)) return undefined;
    const files: SourceFile[] = packed.f
      .filter((f: unknown) => Array.isArray(f) && typeof f[0] === 'string' && typeof f[1] === 'string')
      .map(([name, text]: [string, string]) => ({ name: name.replace(/[\\/]/g, '_'), text }));
    if (!files.length) return undefined;
    const active = files.some((f) => f.name === packed.a) ? packed.a : files[0].name;
    const sel = packed.sel;
    const selected = sel && typeof sel.ruleId === 'string' && typeof sel.file === 'string' && Number.isInteger(sel.line) ? { ruleId: sel.ruleId, file: sel.file, line: sel.line } : undefined;
    return { framework: packed.fw, example: typeof packed.ex === 'string' ? packed.ex : undefined, files, active, selected };
  } catch {
    return undefined;
  }
}

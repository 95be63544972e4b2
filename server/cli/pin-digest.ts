// --cache and the Keras pin (rules/engine/python/pins.ts): a Python file's fixes may depend on the
// Keras version its project pins, read from dependency files beside it or in the folders above it,
// files the lint never lists or hashes. A component's key takes a digest of those files in every
// folder the pin is looked for in, so a changed, created or deleted pin lints the component again.
// (Every folder the walk may reach counts, not only the one that decides: never stale, sometimes a
// re-lint more than needed.)
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { pinInputsOf, LEVELS } from '../../rules/engine/python/pins';

const PYTHON = /\.(?:py|pyi|ipynb)$/i;

export class PinDigests {
  private readonly byDir = new Map<string, string>();

  /** The digest of the pins the component's Python files may read ('' when it has none). */
  of(members: readonly string[]): string {
    const dirs = [...new Set(members.filter((m) => PYTHON.test(m)).map((m) => path.dirname(m)))].sort();
    return dirs.length ? dirs.map((d) => this.digest(d, LEVELS)).join('') : '';
  }

  /** The folder's own dependency files, then the folders above it, as far as the pin's walk goes. */
  private digest(dir: string, levels: number): string {
    const key = `${dir}\0${levels}`;
    let d = this.byDir.get(key);
    if (d === undefined) {
      const up = path.dirname(dir);
      const h = createHash('sha1').update(pinInputsOf(dir, readText));
      if (levels > 1 && up !== dir) h.update(this.digest(up, levels - 1));
      this.byDir.set(key, (d = h.digest('base64')));
    }
    return d;
  }
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

// A Python module inside an installable package (a `pyproject.toml` with a `[project]` or
// `[tool.poetry]` table, a `setup.py`, a `setup.cfg` above its package folders) is read by code no
// run can see: the package's users, who `pip install` it and call its helpers with their own values
// (a `binary_accuracy(probs, labels)` cutting at 0.5) or read its models' outputs. A fix there is a
// suggestion (cli.ts withinLinted), however the project's own scripts use it.
import * as fs from 'fs';
import * as path from 'path';

/** How far above a module its distribution's root may be (src/pkg/sub/module.py: 3). */
const MAX_DEPTH = 4;

const declares = new Map<string, boolean>();

/** `dir` holds the metadata of a distribution (not a pyproject.toml of tool settings only). */
function distributionRoot(dir: string): boolean {
  let yes = declares.get(dir);
  if (yes !== undefined) return yes;
  yes = fs.existsSync(path.join(dir, 'setup.py')) || fs.existsSync(path.join(dir, 'setup.cfg'));
  if (!yes) {
    try {
      const toml = fs.readFileSync(path.join(dir, 'pyproject.toml'), 'utf8');
      yes = /^[ \t]*\[(?:project|tool\.poetry)\][ \t]*(?:#.*)?$/m.test(toml);
    } catch {
      yes = false;
    }
  }
  declares.set(dir, yes);
  return yes;
}

/** The folder of the distribution whose package holds Python module `file`, or undefined: the
 *  file's folders are packages (`__init__.py`) up to the distribution's root or its `src/`. */
export function installablePackageOf(file: string): string | undefined {
  if (!/\.py$/i.test(file)) return undefined;
  let dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(path.join(dir, '__init__.py'))) return undefined;
  for (let i = 0; i < MAX_DEPTH; i++) {
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    if (distributionRoot(up)) return up;
    if (path.basename(up) === 'src' && distributionRoot(path.dirname(up))) return path.dirname(up);
    if (!fs.existsSync(path.join(up, '__init__.py'))) return undefined;
    dir = up;
  }
  return undefined;
}

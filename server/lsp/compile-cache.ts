// A V8 code cache for the analysis worker's bundle (dist/analysis-worker.js, 11 MB with TypeScript).
// Node 22 has module.enableCompileCache(); Node 20 and VS Code's Electron do not, so the worker is
// started through a small loader that compiles the bundle with vm.Script and V8's `cachedData`, the
// approach of the v8-compile-cache package. Measured on a 2-core machine under load: loading the
// bundle takes 0.8-1.9 s cold and 0.15-0.5 s with the cache. The cache is written once, after the
// worker's first analysis (so it also holds the functions that analysis compiled), and V8 itself
// rejects a cache made by another V8 version or for other source text; the file name also carries the
// bundle's size and mtime, so an updated extension never even reads the old one.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Where the cache of `script` lives: under `dir` (default: the system's temporary folder). */
export function compileCachePath(script: string, dir = path.join(os.tmpdir(), 'logit-lint-compile-cache')): string | undefined {
  try {
    const st = fs.statSync(script);
    const key = createHash('sha1').update(`${script}|${st.size}|${st.mtimeMs}|${process.version}|${process.arch}`).digest('hex').slice(0, 16);
    return path.join(dir, `${path.basename(script, '.js')}-${key}.bin`);
  } catch {
    return undefined;
  }
}

/**
 * The worker's code (run with `eval: true`): loads workerData.script as a CommonJS module through
 * vm.Script with the cached code, and leaves `globalThis.__logitLintSaveCompileCache` for the worker
 * to call once it is idle. Plain JavaScript in a string: a bundler's helpers (esbuild's __name) must
 * not leak into code that runs in another thread. Any failure of the cache falls back to require().
 */
export const CACHED_LOADER = `
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');
const { workerData } = require('node:worker_threads');
const file = workerData.script;
const cacheFile = workerData.compileCache;
let loaded = false;
try {
  let cachedData;
  try { cachedData = fs.readFileSync(cacheFile); } catch {}
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
  const fresh = !cachedData || script.cachedDataRejected;
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  const fn = script.runInThisContext();
  loaded = true;
  globalThis.__logitLintCompileCache = { used: !fresh };
  globalThis.__logitLintSaveCompileCache = () => {
    globalThis.__logitLintSaveCompileCache = undefined;
    if (!fresh) return;
    try {
      fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
      const tmp = cacheFile + '.' + process.pid + '.tmp';
      fs.writeFileSync(tmp, script.createCachedData());
      fs.renameSync(tmp, cacheFile);
      // The caches of earlier versions of the bundle are of no use any more.
      const dir = path.dirname(cacheFile);
      const prefix = path.basename(cacheFile).replace(/-[0-9a-f]+\.bin$/, '-');
      for (const f of fs.readdirSync(dir)) if (f.startsWith(prefix) && f.endsWith('.bin') && f !== path.basename(cacheFile)) fs.rmSync(path.join(dir, f), { force: true });
    } catch {}
  };
  fn.call(mod.exports, mod.exports, (id) => mod.require(id), mod, file, path.dirname(file));
} catch (e) {
  if (loaded) throw e;
  require(file);
}
`;

/** Called by the worker when its first analysis is done (see CACHED_LOADER). */
export function saveCompileCacheWhenIdle(): void {
  const save = (globalThis as { __logitLintSaveCompileCache?: () => void }).__logitLintSaveCompileCache;
  if (save) setImmediate(save);
}

// Project configuration: `logit-lint.config.json`, the "logitLint" key of package.json, or the
// `[tool.logit-lint]` table of pyproject.toml (the Python convention; keys also in kebab-case), in
// the nearest folder walking up from where linting starts (stopping at the repository root). JSON
// and TOML only: nothing is ever executed. Every error names the file, the key and what was expected, so the CLI
// and the language server can show it as is.
//
//   { "rules": { "<rule-id>": "off" | "warn" | "error" },
//     "ignore": ["generated/**", "*.gen.js"],   // relative to the config's folder, gitignore-like
//     "tfModules": ["@acme/ml"],                // packages that re-export tfjs
//     "maxFileSize": 2097152 }                   // bytes
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseToml, TomlError } from 'smol-toml';
import type { LintOptions, Severity } from '../../rules';
import { ruleIds } from './engine';
import { globToRegExp, type IgnoreTest } from './files';

export const CONFIG_FILE = 'logit-lint.config.json';
export const PACKAGE_KEY = 'logitLint';
export const PYPROJECT_FILE = 'pyproject.toml';
export const PYPROJECT_TABLE = 'tool.logit-lint';
const SEVERITIES: Severity[] = ['off', 'warn', 'error'];
const KEYS = ['rules', 'ignore', 'tfModules', 'maxFileSize'];

export interface LogitLintConfig {
  rules: Partial<Record<string, Severity>>;
  ignore: string[];
  tfModules: string[];
  maxFileSize?: number;
}

export interface LoadedConfig {
  config: LogitLintConfig;
  /** The file it came from; undefined when there is none (defaults). */
  file?: string;
  /** The folder `ignore` globs are relative to. */
  dir: string;
}

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    /** Dotted key path, e.g. "rules.argmax-single-unit"; undefined for the file as a whole. */
    readonly key: string | undefined,
    readonly detail: string,
  ) {
    super(`${file}: ${key ? `"${key}": ` : ''}${detail}`);
  }
}

export function emptyConfig(): LogitLintConfig {
  return { rules: {}, ignore: [], tfModules: [] };
}

/** The nearest configuration for `dir`, or defaults. Throws ConfigError for an invalid one. */
export function loadConfig(dir: string): LoadedConfig {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const own = path.join(d, CONFIG_FILE);
    const pkg = path.join(d, 'package.json');
    const pyproject = path.join(d, PYPROJECT_FILE);
    const hasOwn = fs.existsSync(own);
    const pkgConfig = fs.existsSync(pkg) ? packageSection(pkg) : undefined;
    const pyConfig = fs.existsSync(pyproject) ? pyprojectSection(pyproject) : undefined;
    const found = [hasOwn && CONFIG_FILE, pkgConfig !== undefined && `package.json "${PACKAGE_KEY}"`, pyConfig !== undefined && `pyproject.toml [${PYPROJECT_TABLE}]`].filter(Boolean);
    if (found.length > 1) {
      throw new ConfigError(hasOwn ? own : pkg, undefined, `one folder has several logit-lint configurations (${found.join(', ')}); keep one`);
    }
    if (hasOwn) return readConfigFile(own);
    if (pkgConfig !== undefined) return { config: validateConfig(pkgConfig, pkg, PACKAGE_KEY), file: pkg, dir: d };
    if (pyConfig !== undefined) return { config: validateConfig(pyConfig, pyproject, PYPROJECT_TABLE), file: pyproject, dir: d };
    // The repository root bounds the search: a config above it belongs to something else.
    if (fs.existsSync(path.join(d, '.git')) || path.dirname(d) === d) return { config: emptyConfig(), dir: path.resolve(dir) };
  }
}

/** Configurations in folders below `loaded`'s that hold linted files: one configuration serves a
 *  run, so these are not applied (the CLI says so, rather than ignore them silently). */
export function nestedConfigs(files: readonly string[], loaded: LoadedConfig): string[] {
  const top = path.resolve(loaded.dir);
  const seen = new Map<string, string | undefined>();
  const found = new Set<string>();
  for (const file of files) {
    for (let d = path.dirname(file); d !== top && d.startsWith(top + path.sep); d = path.dirname(d)) {
      if (!seen.has(d)) seen.set(d, configIn(d));
      const c = seen.get(d);
      if (c) found.add(c);
    }
  }
  return [...found].sort();
}

/** The configuration file of folder `d`, if it has one (an invalid one counts). */
function configIn(d: string): string | undefined {
  const own = path.join(d, CONFIG_FILE);
  if (fs.existsSync(own)) return own;
  const has = (file: string, section: (f: string) => unknown) => {
    try {
      return fs.existsSync(file) && section(file) !== undefined;
    } catch {
      return true;
    }
  };
  if (has(path.join(d, 'package.json'), packageSection)) return path.join(d, 'package.json');
  if (has(path.join(d, PYPROJECT_FILE), (f) => pyprojectSection(f))) return path.join(d, PYPROJECT_FILE);
  return undefined;
}

/** A configuration file named explicitly (--config): logit-lint.config.json-shaped, or a package.json. */
export function readConfigFile(file: string): LoadedConfig {
  const abs = path.resolve(file);
  const dir = path.dirname(abs);
  if (path.basename(abs) === 'package.json') {
    const section = packageSection(abs);
    if (section === undefined) throw new ConfigError(abs, PACKAGE_KEY, 'missing: expected an object with logit-lint settings');
    return { config: validateConfig(section, abs, PACKAGE_KEY), file: abs, dir };
  }
  if (path.basename(abs) === PYPROJECT_FILE) {
    const section = pyprojectSection(abs);
    if (section === undefined) throw new ConfigError(abs, PYPROJECT_TABLE, 'missing: expected a [tool.logit-lint] table');
    return { config: validateConfig(section, abs, PYPROJECT_TABLE), file: abs, dir };
  }
  return { config: parseConfig(readText(abs), abs), file: abs, dir };
}

/** The [tool.logit-lint] table of a pyproject.toml (kebab-case keys read as the JSON names). */
export function pyprojectSection(file: string, text = readText(file)): unknown {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text.replace(/^\uFEFF/, '')) as Record<string, unknown>;
  } catch (e) {
    // A pyproject.toml another tool reads (a setup.cfg-style `[flake8]` file named so) that never
    // names our table: not ours to reject, and nothing in it configures logit-lint.
    if (!/^\s*\[\s*tool\s*\.\s*["']?logit-lint\b/m.test(text)) return undefined;
    const where = e instanceof TomlError ? ` at line ${e.line}, column ${e.column}` : '';
    throw new ConfigError(file, undefined, `invalid TOML${where}: ${(e as Error).message.split('\n')[0]}`);
  }
  const tool = doc.tool;
  const section = tool && typeof tool === 'object' ? (tool as Record<string, unknown>)['logit-lint'] : undefined;
  if (section === undefined || !isObject(section)) return section;
  const camel: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(section as Record<string, unknown>)) camel[k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())] = v;
  return camel;
}

/** Parses and validates the text of a logit-lint.config.json (also for unsaved editor buffers). */
export function parseConfig(text: string, file: string): LogitLintConfig {
  return validateConfig(parseJson(text, file), file, '');
}

function packageSection(pkgFile: string): unknown {
  const pkg = parseJson(readText(pkgFile), pkgFile);
  return pkg && typeof pkg === 'object' && !Array.isArray(pkg) ? (pkg as Record<string, unknown>)[PACKAGE_KEY] : undefined;
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, undefined, `cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    let where = '';
    if (pos) {
      const before = text.slice(0, Number(pos[1]));
      const line = before.split('\n').length;
      where = ` at line ${line}, column ${before.length - before.lastIndexOf('\n')}`;
    }
    throw new ConfigError(file, undefined, `invalid JSON${where}: ${msg.replace(/ in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)$/, '')} (the file must be plain JSON: no comments, no trailing commas)`);
  }
}

function validateConfig(value: unknown, file: string, prefix: string): LogitLintConfig {
  const key = (k: string) => (prefix ? `${prefix}.${k}` : k);
  const fail = (k: string | undefined, detail: string): never => {
    throw new ConfigError(file, k, detail);
  };
  if (!isObject(value)) fail(prefix || undefined, `expected an object, got ${describe(value)}`);
  const obj = value as Record<string, unknown>;
  const config = emptyConfig();
  for (const k of Object.keys(obj)) {
    if (k === '$schema') continue;
    if (!KEYS.includes(k)) fail(key(k), `unknown setting; expected one of ${KEYS.join(', ')}`);
  }
  if (obj.rules !== undefined) {
    if (!isObject(obj.rules)) fail(key('rules'), `expected an object of rule id -> "off" | "warn" | "error", got ${describe(obj.rules)}`);
    const ids = ruleIds();
    for (const [id, sev] of Object.entries(obj.rules as Record<string, unknown>)) {
      if (!ids.includes(id)) fail(key(`rules.${id}`), `unknown rule; expected one of ${ids.join(', ')}`);
      if (!SEVERITIES.includes(sev as Severity)) fail(key(`rules.${id}`), `expected "off", "warn" or "error", got ${describe(sev)}`);
      config.rules[id] = sev as Severity;
    }
  }
  for (const k of ['ignore', 'tfModules'] as const) {
    const v = obj[k];
    if (v === undefined) continue;
    if (!Array.isArray(v)) fail(key(k), `expected an array of strings, got ${describe(v)}`);
    (v as unknown[]).forEach((item, i) => {
      if (typeof item !== 'string' || item.trim() === '') fail(key(`${k}[${i}]`), `expected a non-empty string, got ${describe(item)}`);
    });
    config[k] = v as string[];
  }
  if (obj.maxFileSize !== undefined) {
    const v = obj.maxFileSize;
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) fail(key('maxFileSize'), `expected a positive whole number of bytes, got ${describe(v)}`);
    config.maxFileSize = v as number;
  }
  return config;
}

function isObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${JSON.stringify(v)}`;
}

/** Engine options from a configuration, with command-line rule overrides on top. */
export function toLintOptions(config: LogitLintConfig, overrides: Record<string, Severity> = {}, maxFileBytes?: number): LintOptions {
  const limit = maxFileBytes ?? config.maxFileSize;
  return { rules: { ...config.rules, ...overrides }, tfModules: config.tfModules, ...(limit !== undefined ? { maxFileBytes: limit } : {}) };
}

/**
 * The `ignore` globs as a test, gitignore-like: relative to the config's folder; a pattern without
 * `/` matches a file or folder name at any depth; one with `/` matches the path from the folder;
 * a trailing `/` matches folders only. Anything under an ignored folder is ignored.
 */
export function ignoreTest(loaded: LoadedConfig): IgnoreTest {
  const patterns = loaded.config.ignore.map((raw) => {
    const dirOnly = raw.endsWith('/');
    const body = raw.replace(/\/+$/, '');
    const anchored = body.includes('/');
    return { dirOnly, anchored, re: globToRegExp(body.replace(/^\//, '')) };
  });
  if (patterns.length === 0) return () => false;
  return (abs, isDirectory) => {
    const rel = path.relative(loaded.dir, abs).split(path.sep).join('/');
    if (rel === '' || rel.startsWith('../') || rel === '..' || path.isAbsolute(rel)) return false;
    const segments = rel.split('/');
    // The path itself and each folder above it, up to the config's folder.
    for (let n = segments.length; n >= 1; n--) {
      const candidate = segments.slice(0, n).join('/');
      const isDir = n < segments.length || isDirectory;
      for (const p of patterns) {
        if (p.dirOnly && !isDir) continue;
        if (p.re.test(p.anchored ? candidate : segments[n - 1])) return true;
      }
    }
    return false;
  };
}

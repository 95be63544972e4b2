// The project configuration as the analysis worker applies it: the same file the CLI reads
// (server/config.ts: the nearest logit-lint.config.json, or the "logitLint" key of a package.json,
// from the project root up to the repository root), with one editor twist: open buffers of those
// files with unsaved edits win over the disk, as open source files do. Runs in the worker because
// config.ts validates rule ids against the engine's rules, which the main thread never loads.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LintOptions } from '../../rules';
import { notebookOfProgram } from './notebook-program';
import { CONFIG_FILE, ConfigError, emptyConfig, ignoreTest, loadConfig, PACKAGE_KEY, parseConfig, type LoadedConfig } from '../cli/config';
import type { ProjectConfigInfo } from './analysis-types';
import { configAppliesTo, isInside } from './project-files';

/** The configuration for the project at `dir`; throws ConfigError for an invalid one. */
export function projectConfig(dir: string, overlay: Readonly<Record<string, string>>): LoadedConfig {
  const start = path.resolve(dir);
  let disk: LoadedConfig | ConfigError;
  try {
    disk = loadConfig(start);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    disk = e; // a broken file on disk may already be mended in the editor
  }
  // The search on disk ended at this file (or at the repository root): an unsaved buffer applies if it
  // lies on the way there, the nearest first, logit-lint.config.json before package.json.
  const diskFile = disk.file;
  const top = diskFile !== undefined ? path.dirname(diskFile) : repositoryTop(start);
  const buffers = Object.keys(overlay)
    .filter((f) => configAppliesTo(f, start) && isInside(top, path.dirname(f)))
    .sort((a, b) => path.dirname(b).length - path.dirname(a).length || Number(path.basename(b) === CONFIG_FILE) - Number(path.basename(a) === CONFIG_FILE));
  for (const file of buffers) {
    const text = unsaved(file, overlay);
    const loaded = text === undefined ? undefined : fromBuffer(file, text, file === diskFile);
    if (loaded) return loaded;
  }
  if (disk instanceof ConfigError) throw disk;
  return disk;
}

/** Where loadConfig's search stops without a file: the repository root (a folder with .git), else `/`. */
function repositoryTop(start: string): string {
  let d = start;
  while (!fs.existsSync(path.join(d, '.git')) && path.dirname(d) !== d) d = path.dirname(d);
  return d;
}

/** The buffer's text when it differs from the disk (a saved buffer changes nothing loadConfig saw). */
function unsaved(file: string, overlay: Readonly<Record<string, string>>): string | undefined {
  const text = overlay[file];
  try {
    return fs.readFileSync(file, 'utf8') === text ? undefined : text;
  } catch {
    return text;
  }
}

/** The configuration in a buffer; undefined for a package.json buffer without the key (the search goes on). */
function fromBuffer(file: string, text: string, governedOnDisk: boolean): LoadedConfig | undefined {
  const dir = path.dirname(file);
  if (path.basename(file) !== 'package.json') return { config: parseConfig(text, file), file, dir };
  let pkg: unknown;
  try {
    pkg = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    parseConfig(text, file); // throws the same "invalid JSON at line L, column C" error as the disk file would
  }
  const section = pkg && typeof pkg === 'object' && !Array.isArray(pkg) ? (pkg as Record<string, unknown>)[PACKAGE_KEY] : undefined;
  // The key is being removed from the file that has it on disk: defaults until it is saved.
  if (section === undefined) return governedOnDisk ? { config: emptyConfig(), dir } : undefined;
  try {
    return { config: parseConfig(JSON.stringify(section), file), file, dir };
  } catch (e) {
    // parseConfig names keys from the section's top; in package.json they live under "logitLint".
    if (e instanceof ConfigError) throw new ConfigError(file, e.key ? `${PACKAGE_KEY}.${e.key}` : PACKAGE_KEY, e.detail);
    throw e;
  }
}

export interface AppliedConfig {
  /** What the main thread needs: the file, its severities, or its error. */
  info: ProjectConfigInfo;
  /** Engine options: tfModules and maxFileSize. Severities stay out (see diagnostics.ts). */
  options: LintOptions;
  /** The paths to lint, without the ignored ones. */
  paths: string[];
  ignored: string[];
}

/** Applies the project's configuration to a job's paths; a broken configuration lints nothing. */
export function applyProjectConfig(dir: string, paths: readonly string[], overlay: Readonly<Record<string, string>>): AppliedConfig {
  let loaded: LoadedConfig;
  try {
    loaded = projectConfig(dir, overlay);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return { info: { file: e.file, key: e.key, rules: {}, error: e.message }, options: {}, paths: [], ignored: [] };
  }
  const { config } = loaded;
  const isIgnored = ignoreTest(loaded);
  const kept: string[] = [];
  const ignored: string[] = [];
  // An open notebook's program is ignored when its notebook is (`**/*.ipynb` must still match it).
  for (const p of paths) (isIgnored(p in overlay ? notebookOfProgram(p) ?? p : p, false) ? ignored : kept).push(p);
  const options: LintOptions = { tfModules: config.tfModules, ...(config.maxFileSize !== undefined ? { maxFileBytes: config.maxFileSize } : {}) };
  return { info: { file: loaded.file, rules: config.rules }, options, paths: kept, ignored };
}

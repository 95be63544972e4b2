// The plugin's shared settings, read from ESLint's `settings['logit-lint']`. Rules take no options
// (severity is ESLint's business); what the engine needs for every rule alike lives here.
//
//   settings: { 'logit-lint': { tfModules: ['@acme/ml'] } }   // packages that re-export tfjs
import type { Rule } from 'eslint';

export const SETTINGS_KEY = 'logit-lint';

export interface PluginSettings {
  tfModules: string[];
}

/** Validated settings; a malformed value throws a message naming the key and what was expected. */
export function readSettings(context: Pick<Rule.RuleContext, 'settings'>): PluginSettings {
  const own: unknown = context.settings?.[SETTINGS_KEY];
  if (own === undefined) return { tfModules: [] };
  if (typeof own !== 'object' || own === null || Array.isArray(own)) {
    throw new Error(`settings['${SETTINGS_KEY}'] must be an object like { tfModules: ['@acme/ml'] }, got ${describe(own)}`);
  }
  const unknownKeys = Object.keys(own).filter((k) => k !== 'tfModules');
  if (unknownKeys.length) throw new Error(`settings['${SETTINGS_KEY}'] has unknown key "${unknownKeys[0]}"; the only key is "tfModules"`);
  const tfModules: unknown = (own as { tfModules?: unknown }).tfModules ?? [];
  if (!Array.isArray(tfModules) || tfModules.some((m) => typeof m !== 'string' || m === '')) {
    throw new Error(`settings['${SETTINGS_KEY}'].tfModules must be an array of package names (non-empty strings), got ${describe(tfModules)}`);
  }
  return { tfModules: tfModules as string[] };
}

function describe(v: unknown): string {
  const json = JSON.stringify(v);
  return json === undefined ? String(v) : json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

// What a check request may ask for, checked before anything is started. Its own module, free of
// tfjs, so that runCheck (run.ts) can refuse a bad request without loading compute.ts: the language
// server's main thread bundles run.ts and must never reach backend.ts and tfjs.
import { isRuleId } from './replica';
import type { CheckInput, CheckOptions } from './types';

// Tuned so the default check (both models, fork and tfjs start-up included) takes about 2 s on two
// cores with the pure-JS backend; see bench/check.js.
export const DEFAULT_EPOCHS = 40;
export const DEFAULT_SEED = 1;
export const MAX_EPOCHS = 1000;

/** A problem with the request itself (unknown rule, bad epochs); reported, never retried. */
export class CheckInputError extends Error {}

export function validateInput(input: CheckInput, options: CheckOptions): { epochs: number; seed: number } {
  if (!input || typeof input !== 'object' || typeof input.ruleId !== 'string' || !isRuleId(input.ruleId)) {
    throw new CheckInputError(`unknown rule '${String(input?.ruleId)}'`);
  }
  if (input.facts !== undefined && (typeof input.facts !== 'object' || !Array.isArray(input.facts.layers))) {
    throw new CheckInputError('facts must be an object with a layers array');
  }
  const epochs = options.epochs ?? DEFAULT_EPOCHS;
  if (!Number.isInteger(epochs) || epochs < 1 || epochs > MAX_EPOCHS) throw new CheckInputError(`epochs must be an integer from 1 to ${MAX_EPOCHS}`);
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new CheckInputError('seed must be a non-negative integer');
  return { epochs, seed };
}

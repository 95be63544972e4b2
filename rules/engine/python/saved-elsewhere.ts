// Models saved by something the code only sets up: a Keras checkpoint callback given to fit(), a
// callback class of the workspace (given the model as `self.model`, which its hooks read), an
// experiment tracker's autologging. Whoever loads those files reads the outputs as they are, so an edit that changes
// them is no safe fix (probability-reads.ts outputRead).
import type { ModelInfo } from '../core/facts';
import type { Interp, CallSite } from './evaluator';
import { arg } from './evaluator';
import { type PyValue } from './values';
import { join } from './joins';
import { outputRead } from './probability-reads';
import { textOf } from './parser';
import { blankLiterals } from './text-scan';
import { weightsRead } from './escapes';

/** Callbacks that save the whole model unless told to keep the weights only. */
const CHECKPOINT = /\b(?:ModelCheckpoint|WandbModelCheckpoint|WandbCallback)\s*\(((?:[^()]|\((?:[^()]|\([^()]*\))*\))*)\)/g;
const AUTOLOG = /\bautolog\s*\(/;

/** `model.fit(..., callbacks=[...])`: a checkpoint callback written in the file (not weights-only)
 *  or a callback object of a class of the workspace saves or reads the model. */
export function savedByCallbacks(it: Interp, c: CallSite, m: ModelInfo, model: PyValue): void {
  const callbacks = arg(c, 5, 'callbacks')?.value;
  if (!callbacks || callbacks.k === 'none') return;
  const items = callbacksOf(c, 5);
  const own = items.some((v) => v.k === 'instance');
  callbacksSee(items, model);
  // (Code only: a callback in a comment or a string saves nothing.)
  const text = codeOf(textOf(c.frame.module.file) ?? '');
  const checkpoints = [...text.matchAll(CHECKPOINT)].filter((x) => !/save_model\s*=\s*False\b/.test(x[1]));
  const whole = checkpoints.some((x) => !/save_weights_only\s*=\s*True\b/.test(x[1]));
  if (own || whole) outputRead(it, m);
  // The weights alone: whoever loads them reads what they were trained to output (escapes.ts).
  else if (checkpoints.length) weightsRead(it, m);
}

/** The text with its comments and strings blanked (the last file's kept: fit is called in loops). */
function codeOf(text: string): string {
  if (lastCode?.text !== text) lastCode = { text, code: blankLiterals(text) };
  return lastCode.code;
}

let lastCode: { text: string; code: string } | undefined;

/** `mlflow.autolog()`, `mlflow.keras.autolog()`, `mlflow.pytorch.autolog()` anywhere in the
 *  program: every model trained is logged whole. */
export function autologged(it: Interp): void {
  for (const file of it.program.modules.keys()) {
    if (!AUTOLOG.test(textOf(file) ?? '')) continue;
    for (const m of it.models) outputRead(it, m);
    return;
  }
}

/** Keras gives each callback the model it runs with (`set_model`, in fit, evaluate and predict, or
 *  by hand): its hooks, run once every file has run (objects.ts runClassGeneric), read it as
 *  `self.model`. One given to two models holds either (nothing known of it). */
export function callbacksSee(items: PyValue[], model: PyValue): void {
  for (const v of items) {
    if (v.k !== 'instance') continue;
    const before = v.obj.attrs.get('model');
    const same = before === model || (before?.k === 'model' && model.k === 'model' && before.model === model.model);
    v.obj.attrs.set('model', before && !same ? join(before, model) : model);
  }
}

/** The callbacks a call gives (`callbacks=[...]`), each as written. */
export function callbacksOf(c: CallSite, at: number): PyValue[] {
  const v = arg(c, at, 'callbacks')?.value;
  return v?.k === 'seq' ? [...v.items, ...(v.tail ?? [])] : [];
}


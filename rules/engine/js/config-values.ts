// Reading tfjs call arguments and configuration objects (`{ units: 1, inputShape: [4] }`) as values.
import ts = require('typescript');
import type { Ctx, Interp as Evaluator } from './interp';
import { UNKNOWN, Value } from './values';

export function arg(ev: Evaluator, call: ts.CallExpression | ts.NewExpression, i: number, ctx: Ctx): Value {
  const a = call.arguments?.[i];
  return a && !ts.isSpreadElement(a) ? ev.eval(a, ctx) : UNKNOWN;
}

export function prop(v: Value, name: string): { value: Value; node: ts.Node } | 'absent' | 'unknown' {
  if (v.k !== 'obj') return 'unknown';
  const p = v.props.get(name);
  if (p) return p;
  return v.open ? 'unknown' : 'absent';
}

export function numProp(v: Value, name: string): number | undefined {
  const p = prop(v, name);
  return typeof p === 'object' && p.value.k === 'num' ? p.value.v : undefined;
}

/** [4] -> { rank: 2, width: 4 }; unknown entries keep the rank. */
export function shapeOf(v: Value): { rank: number; width?: number } | undefined {
  if (v.k !== 'arr' || v.open) return undefined;
  const last = v.items[v.items.length - 1];
  return { rank: v.items.length, width: last && last.k === 'num' ? last.v : undefined };
}

// ---------------------------------------------------------------- tf.* functions

// The JS frontend's abstract values: the core's tensor/layer/model facts plus what JavaScript
// itself has (objects, arrays, functions, classes, modules). Anything unproven is `unknown`.
import ts = require('typescript');

export { UNKNOWN_FACTS, TensorRef } from '../core/facts';
export type { Activation, TensorFacts, LayerType, LayerInfo, ModelInfo } from '../core/facts';
import type { LayerInfo, ModelInfo, TensorRef } from '../core/facts';

export type Value =
  | { k: 'unknown' }
  | { k: 'tf'; path: string }
  | { k: 'num'; v: number }
  | { k: 'str'; v: string; node: ts.Node }
  | { k: 'nullish' }
  | { k: 'obj'; props: Map<string, { value: Value; node: ts.Node }>; open: boolean }
  | { k: 'arr'; items: Value[]; open: boolean }
  | { k: 'fn'; decl: ts.SignatureDeclaration; env: Env; self?: Value }
  | { k: 'layer'; layer: LayerInfo }
  | { k: 'model'; model: ModelInfo }
  | { k: 'tensor'; t: TensorRef }
  /** dataSync()/arraySync() results (`elem`: one element of them; `flat`: dataSync()/data(), every
   *  value in one 1-D array, not nested by axes as arraySync() gives them). */
  | { k: 'data'; t: TensorRef; elem: boolean; flat?: boolean }
  | { k: 'module'; file: string }
  | { k: 'class'; decl: ts.ClassLikeDeclaration }
  /** An instance of a class, or the `this` of an object literal's methods; `args`: what one `new`
   *  gave its constructor, for the fields set from them (classes.ts constructorArgument). */
  | { k: 'instance'; decl: ts.ClassLikeDeclaration | ts.ObjectLiteralExpression; args?: readonly Value[] };

/** Parameter bindings of the calls being evaluated (persistent: extended by copy). */
export type Env = ReadonlyMap<ts.Node, Value>;
export const EMPTY_ENV: Env = new Map();

export const UNKNOWN: Value = { k: 'unknown' };

export function tensorOf(v: Value): TensorRef | undefined {
  if (v.k === 'tensor' || v.k === 'data') return v.t;
  return undefined;
}

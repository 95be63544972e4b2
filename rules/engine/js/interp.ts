// The evaluator as the tfjs API model (tfcalls.ts) sees it: evaluate, call back into user code,
// record events and models. An interface, so the API model does not import the evaluator.
import ts = require('typescript');
import type { EngineEvent } from '../core/events';
import type { ModelInfo } from '../core/facts';
import type { Env, Value } from './values';
import type { Project } from './program';

export interface Ctx {
  env: Env;
  self?: Value;
  memo: Map<ts.Node, Value>;
  depth: number;
  /** Functions being expanded, innermost last (recursion guard and locality test). */
  fns: ts.Node[];
}

export interface Interp {
  readonly project: Project;
  /** The context-free context: code evaluated outside any call expansion. */
  readonly root: Ctx;
  eval(node: ts.Node, ctx: Ctx): Value;
  /** A member of a value: `obj.name`. */
  member(obj: Value, name: string, ctx: Ctx): Value;
  /** What a declaration binds. */
  declValue(decl: ts.Node, ctx: Ctx): Value;
  /** The value several writes agree on (null writes ignored), or unknown. */
  oneOf(exprs: ts.Expression[], ctx: Ctx): Value;
  importValue(decl: ts.ImportClause | ts.ImportSpecifier | ts.NamespaceImport): Value;
  requireValue(fromFile: string, spec: string): Value;
  exportValue(file: string, name: string): Value;
  emit(e: EngineEvent): void;
  /** Calls a callback argument with known argument values. */
  callback(arg: ts.Expression | undefined, args: Value[], ctx: Ctx): Value;
  /** Abstractly executes a user function with its arguments bound. */
  apply(fn: Extract<Value, { k: 'fn' }>, args: Value[], ctx: Ctx): Value;
  newModel(m: ModelInfo): Value;
}

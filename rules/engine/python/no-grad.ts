// Code that runs cut from the gradient: `with torch.no_grad():` / `inference_mode()` /
// `set_grad_enabled(False)` blocks, `@torch.no_grad()` functions, and models frozen with
// `requires_grad_(False)` or a loop over their parameters. What a model makes there
// (evaluator.ts: TensorFacts.detached) is a target meant as one when it reaches a loss's labels
// position (soft labels, pseudo-labels), not arguments written the wrong way round.
import type { SyntaxNode as Node } from './syntax-tree';
import type { PyValue } from './values';
import type { CallSite, Frame, Interp } from './evaluator';
import type { ModelInfo } from '../core/facts';
import { arg } from './call-args';

const NO_GRAD_DECORATOR = /^@torch\.(?:no_grad|inference_mode)(?:\(\))?$/;

/** `torch.no_grad()`, `torch.inference_mode()`, `torch.set_grad_enabled(False)`. */
export function cutsGradient(callee: PyValue, call: Node): boolean {
  if (callee.k !== 'api') return false;
  if (/^torch\.(?:autograd\.)?(?:no_grad|inference_mode)$/.test(callee.name)) return true;
  const first = call.childForFieldName('arguments')?.namedChildren[0];
  return /^torch\.(?:autograd\.)?set_grad_enabled$/.test(callee.name) && (first?.text === 'False' || first?.text.replace(/\s/g, '') === 'mode=False');
}

/** `torch.set_grad_enabled(False)` as a statement of its own (not a `with` item): Python's global
 *  mode, off from there (past the function's end) until a `set_grad_enabled(True)` statement that
 *  surely runs in its function. Off for longer than Python would only silences. */
export function gradModeStatement(it: Interp, callee: PyValue, call: Node): void {
  if (callee.k !== 'api' || !/^torch\.(?:autograd\.)?set_grad_enabled$/.test(callee.name) || call.parent?.type !== 'expression_statement') return;
  const first = call.childForFieldName('arguments')?.namedChildren[0]?.text.replace(/\s/g, '').replace(/^mode=/, '');
  if (first === 'False' && !it.gradOff) {
    it.gradOff = true;
    it.noGrad++;
  } else if (first === 'True' && it.gradOff && unconditional(call)) {
    it.gradOff = false;
    it.noGrad--;
  }
}

/** A function definition under `@torch.no_grad()` / `@torch.inference_mode()`. */
export function decoratedNoGrad(def: Node): boolean {
  const p = def.parent;
  return p?.type === 'decorated_definition' && p.namedChildren.some((d) => d?.type === 'decorator' && NO_GRAD_DECORATOR.test(d.text.replace(/\s/g, '')));
}

/** `torch.enable_grad()`, `torch.set_grad_enabled(True)`: gradients on inside the block. */
export function enablesGradient(callee: PyValue, call: Node): boolean {
  if (callee.k !== 'api') return false;
  if (/^torch\.(?:autograd\.)?enable_grad$/.test(callee.name)) return true;
  const first = call.childForFieldName('arguments')?.namedChildren[0]?.text.replace(/\s/g, '');
  return /^torch\.(?:autograd\.)?set_grad_enabled$/.test(callee.name) && (first === 'True' || first === 'mode=True');
}

/** Runs `body` with gradients on when `on` (a no_grad around it does not reach inside). */
export function underGrad<T>(it: Interp, on: boolean, body: () => T): T {
  if (!on || it.noGrad === 0) return body();
  const saved = it.noGrad;
  it.noGrad = 0;
  try {
    return body();
  } finally {
    it.noGrad = saved;
  }
}

/** Runs `body` cut from the gradient when `on`. */
export function underNoGrad<T>(it: Interp, on: boolean, body: () => T): T {
  if (!on) return body();
  it.noGrad++;
  try {
    return body();
  } finally {
    it.noGrad--;
  }
}

/** Models frozen with `requires_grad_(False)`: their outputs are cut from the gradient. */
export const frozenModels = new WeakSet<ModelInfo>();

/** `model.requires_grad_(False)` as a statement of its own, on no branch; `(True)` thaws it. */
export function freeze(m: ModelInfo | undefined, c: CallSite): void {
  const v = arg(c, 0, 'requires_grad');
  if (!m || v?.value.k !== 'const') return;
  if (v.value.v !== false) frozenModels.delete(m);
  else if (unconditional(c.node)) frozenModels.add(m);
}

/** A statement not inside a branch, loop or try of its function (it surely ran). */
function unconditional(n: Node): boolean {
  for (let p = n.parent; p && p.type !== 'function_definition' && p.type !== 'module'; p = p.parent) {
    if (/^(?:if_statement|elif_clause|else_clause|for_statement|while_statement|try_statement|with_statement|conditional_expression|boolean_operator|match_statement)$/.test(p.type)) return false;
  }
  return true;
}

/** `for p in teacher.parameters(): p.requires_grad = False` (or `p.requires_grad_(False)`). */
export function freezesParameters(it: Interp, loop: Node, f: Frame): void {
  const right = loop.childForFieldName('right');
  const fn = right?.type === 'call' ? right.childForFieldName('function') : undefined;
  const p = loop.childForFieldName('left')?.text;
  if (fn?.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'parameters' || !p || !/^\w+$/.test(p)) return;
  // The body is that one statement: a partial freeze (`if p.ndim == 1:`) freezes nothing we know.
  const stmts = loop.childForFieldName('body')?.namedChildren.filter((s) => s && s.type !== 'comment') ?? [];
  const m1 = stmts.length === 1 ? new RegExp(`^${p}\\.requires_grad(?:\\s*=\\s*(False|True)|_\\(\\s*(False|True)\\s*\\))$`).exec(stmts[0]!.text.trim()) : null;
  if (!m1 || !unconditional(loop)) return;
  const owner = it.eval(fn.childForFieldName('object'), f);
  const m = owner.k === 'model' ? owner.model : owner.k === 'instance' ? owner.obj.model : undefined;
  if (m && (m1[1] ?? m1[2]) === 'False') frozenModels.add(m);
  else if (m) frozenModels.delete(m);
}

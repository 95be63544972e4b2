// Code that runs cut from the gradient: `with torch.no_grad():` / `inference_mode()` /
// `set_grad_enabled(False)` blocks and `@torch.no_grad()` functions. What a model makes there
// (evaluator.ts: TensorFacts.detached) is a target meant as one when it reaches a loss's labels
// position (soft labels, pseudo-labels), not arguments written the wrong way round.
import type { SyntaxNode as Node } from './syntax-tree';
import type { PyValue } from './values';
import type { Interp } from './evaluator';

const NO_GRAD_DECORATOR = /^@torch\.(?:no_grad|inference_mode)(?:\(\))?$/;

/** `torch.no_grad()`, `torch.inference_mode()`, `torch.set_grad_enabled(False)`. */
export function cutsGradient(callee: PyValue, call: Node): boolean {
  if (callee.k !== 'api') return false;
  if (/^torch\.(?:autograd\.)?(?:no_grad|inference_mode)$/.test(callee.name)) return true;
  return /^torch\.(?:autograd\.)?set_grad_enabled$/.test(callee.name) && call.childForFieldName('arguments')?.namedChildren[0]?.text === 'False';
}

/** A function definition under `@torch.no_grad()` / `@torch.inference_mode()`. */
export function decoratedNoGrad(def: Node): boolean {
  const p = def.parent;
  return p?.type === 'decorated_definition' && p.namedChildren.some((d) => d?.type === 'decorator' && NO_GRAD_DECORATOR.test(d.text.replace(/\s/g, '')));
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

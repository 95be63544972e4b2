// `with` blocks: what `as` binds (a class's own __enter__ result), and the gradient mode the
// managers set for the body (torch.no_grad(), torch.enable_grad()).
import type { SyntaxNode as Node } from './syntax-tree';
import type { Frame, Interp } from './evaluator';
import { assign } from './assign';
import { attribute } from './dispatch';
import { findMember } from './objects';
import { cutsGradient, enablesGradient, underGrad, underNoGrad } from './no-grad';
import { execBlock } from './statements';
import type { Flow } from './branches';

export function execWith(it: Interp, s: Node, f: Frame): Flow {
  let noGrad = false;
  let grad = false;
  for (const item of s.descendantsOfType('with_item')) {
    const v = item?.childForFieldName('value');
    if (!v) continue;
    if (v.type === 'as_pattern') {
      let value = it.eval(v.namedChildren[0], f);
      // `with Loaded() as m`: m is what the class's own __enter__ returns (`self.m = Net(); return self.m`).
      if (value.k === 'instance' && findMember(value.obj.cls, '__enter__')?.k === 'function') value = it.callWith(attribute(it, value, '__enter__', v, f), [], v, f);
      const target = v.childForFieldName('alias');
      if (target) assign(it, target.namedChildren[0] ?? target, value, f);
    } else {
      it.eval(v, f);
      const callee = v.type === 'call' ? it.eval(v.childForFieldName('function'), f) : undefined;
      if (callee && cutsGradient(callee, v)) noGrad = true;
      else if (callee && enablesGradient(callee, v)) grad = true;
    }
  }
  const body = s.childForFieldName('body');
  return underGrad(it, grad && !noGrad, () => underNoGrad(it, noGrad, () => (body ? execBlock(it, body, f) : 'next')));
}

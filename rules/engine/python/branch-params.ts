// Whether a call of a model gives a parameter that decides what its forward (or call) returns: the
// output read once, with the defaults, at the model's build is then not this call's (objects.ts).
import type { SyntaxNode as Node } from './syntax-tree';
import type { PyValue } from './values';
import type { CallSite } from './evaluator';
import { parametersGiven } from './params';

const branchParams = new WeakMap<Node, Set<string>>();
const ACTIVATION_WORDS = /sigmoid|softmax|expit|prob|activation|\bact\b/i;

/** Whether the call gives a value to a parameter (after the input) that the method's body tests
 *  where that decides what it returns: an `if`/`elif`/`match` around a `return` or around the
 *  assignment of a name it returns alone, or a conditional expression returned. */
export function setsBranchParameter(method: PyValue | undefined, c: CallSite): boolean {
  if (method?.k !== 'function' || (c.args.pos.length <= 1 && c.args.kw.size === 0 && !c.args.splat)) return false;
  const node = method.fn.node;
  let tested = branchParams.get(node);
  if (!tested) {
    // Names a return gives back alone (`return z`: any branch assigning it decides), and names inside
    // what it builds (`return z, loss`, `return SequenceClassifierOutput(logits=z)`: a branch
    // applying an activation to one decides; one computing the loss beside it does not).
    const values = node.descendantsOfType('return_statement').map((r) => r?.namedChildren[0]).filter((v): v is Node => !!v);
    const returned = new Set(values.filter((v) => v.type === 'identifier').map((v) => v.text));
    const inside = new Set(values.filter((v) => v.type !== 'identifier').flatMap((v) => v.descendantsOfType('identifier').map((i) => i!.text)));
    const decides = (t: Node) => t.descendantsOfType('return_statement').length > 0 ||
      t.descendantsOfType('assignment').some((a) => {
        const left = a?.childForFieldName('left');
        if (left?.type !== 'identifier') return false;
        return returned.has(left.text) || (inside.has(left.text) && ACTIVATION_WORDS.test(a!.childForFieldName('right')?.text ?? ''));
      });
    const tests: Node[] = [];
    for (const t of node.descendantsOfType(['if_statement', 'conditional_expression', 'match_statement'])) {
      if (!t) continue;
      if (t.type === 'conditional_expression') {
        // Returned, alone or inside what a return builds, or assigned to a name that is.
        let p = t.parent;
        while (p && p.type !== 'return_statement' && p.type !== 'assignment' && p.type !== 'function_definition' && p.type !== 'block') p = p.parent;
        const left = p?.type === 'assignment' ? p.childForFieldName('left')?.text ?? '' : '';
        const alone = t.parent?.type === 'return_statement' || returned.has(left);
        if (alone || ((p?.type === 'return_statement' || inside.has(left)) && ACTIVATION_WORDS.test(t.text))) tests.push(t.namedChildren[1]!);
      } else if (decides(t)) {
        tests.push(t.childForFieldName(t.type === 'match_statement' ? 'subject' : 'condition')!);
        for (const e of t.childrenForFieldName('alternative')) if (e?.type === 'elif_clause') tests.push(e.childForFieldName('condition')!);
      }
    }
    tested = new Set(tests.flatMap((t) => (t ? [...(t.type === 'identifier' ? [t] : []), ...t.descendantsOfType('identifier')].map((i) => i!.text) : [])));
    // Handed on to another call in any form (`self.head(h, logits=not return_probs)`, a helper of
    // the module's): that code may branch on it, so what this call returns may differ too.
    for (const call of node.descendantsOfType('call')) {
      for (const a of call!.childForFieldName('arguments')?.namedChildren ?? []) {
        for (const id of a ? [a, ...a.descendantsOfType('identifier')] : []) if (id?.type === 'identifier') tested.add(id.text);
      }
    }
    // Through names (`want = return_probs`, `self.rp = return_probs`, then `if want:`): what is
    // assigned to a tested name is tested.
    for (let pass = 0; pass < 2; pass++) {
      for (const a of node.descendantsOfType('assignment')) {
        const left = a?.childForFieldName('left');
        const name = left?.type === 'attribute' ? left.childForFieldName('attribute')?.text : left?.text;
        if (!name || !tested.has(name)) continue;
        for (const id of a!.childForFieldName('right')?.descendantsOfType('identifier') ?? []) tested.add(id!.text);
        const right = a!.childForFieldName('right');
        if (right?.type === 'identifier') tested.add(right.text);
      }
    }
    branchParams.set(node, tested);
  }
  // The input is no flag; Keras' `training` switches dropout and normalisation, not what the output is.
  const { names, given } = parametersGiven(node, c);
  return names.slice(1).some((p) => p !== 'training' && given.has(p) && tested!.has(p));
}

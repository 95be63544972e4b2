// argMax over an axis of size 1 always returns 0: a binary model's "predicted class" never changes.
import ts = require('typescript');
import { Rule, ruleMeta } from './engine/rule';
import { methodName } from './engine/fixes';

export const argmaxSingleUnit: Rule = {
  meta: ruleMeta('argmax-single-unit', 'argMax over an axis of size 1 is always 0.', 'error', 'suggestion'),
  create(ctx) {
    return {
      argmax(e) {
        if (typeof e.axis !== 'number') return;
        const f = e.input.get();
        if (f.width !== 1) return;
        const lastAxis = e.axis === -1 || (f.rank !== undefined && f.rank > 1 && e.axis === f.rank - 1);
        if (!lastAxis) return;
        const threshold = f.act === 'logits' ? '0' : f.act === 'sigmoid' ? '0.5' : undefined;
        const suggestions = [];
        const name = methodName(e.node);
        if (threshold && e.form === 'method' && name) {
          const sf = e.node.getSourceFile();
          suggestions.push({
            title: `Threshold the single unit instead: squeeze([-1]).greater(${threshold})`,
            safe: false,
            edits: [{ file: sf.fileName, start: name.getStart(sf), end: e.node.getEnd(), text: `squeeze([-1]).greater(${threshold})` }],
          });
        } else if (threshold && e.form === 'function' && e.node.arguments[0] && !ts.isSpreadElement(e.node.arguments[0])) {
          const greater = ctx.tfName(e.node, 'greater');
          const squeeze = ctx.tfName(e.node, 'squeeze');
          if (greater && squeeze) {
            suggestions.push({ title: `Threshold the single unit instead: ${greater}(..., ${threshold})`, safe: false, edits: [{ node: e.node, text: `${greater}(${squeeze}(${ctx.text(e.node.arguments[0])}, [-1]), ${threshold})` }] });
          }
        }
        ctx.report({
          node: e.node,
          message: `argMax over the last axis of ${f.model ? "this model's output" : 'this tensor'}, which has 1 unit (${ctx.at(f.widthNode ?? e.node, e.node)}), is always 0.`,
          related: [{ node: f.widthNode, message: 'the output has a single unit here' }],
          suggestions,
          model: f.model,
          decision: `argMax(${e.axis})`,
        });
      },
    };
  },
};

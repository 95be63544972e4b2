// A categorical loss over one unit is constant: normalising one value gives 1, so nothing learns.
import { Rule, ruleMeta, FixSpec } from './engine/rule';
import { isSingleUnitCategorical, lossName } from './engine/judge';
import { replaceExpression } from './engine/fixes';

export const categoricalLossSingleUnit: Rule = {
  meta: ruleMeta('categorical-loss-single-unit', 'A categorical loss on a 1-unit output is constant: the model cannot learn.', 'error', 'suggestion'),
  create(ctx) {
    return {
      loss(e) {
        if (!isSingleUnitCategorical(e)) return;
        const f = e.pred.get();
        const suggestions: FixSpec[] = [];
        if (e.via === 'compile-string') {
          suggestions.push({ title: "Use 'binaryCrossentropy' (with a sigmoid output) for one unit", safe: false, edits: [replaceExpression(e.node, "'binaryCrossentropy'")] });
        }
        ctx.report({
          node: e.node,
          message: `${lossName(e)} over a single unit (${ctx.at(f.widthNode ?? e.node, e.node)}) is constant: one class always has probability 1, so the loss and its gradient never change. Use a binary loss for one unit, or one unit per class.`,
          related: [{ node: f.widthNode, message: 'the output has a single unit here' }],
          suggestions,
          model: f.model,
          loss: e.name,
        });
      },
    };
  },
};

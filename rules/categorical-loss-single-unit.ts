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
        const where = ctx.at(f.widthNode ?? e.node, e.node);
        // Measured on tfjs 4.22: fit() rejects 1-column targets for the compile strings; the direct
        // softmaxCrossEntropy call runs silently with a loss of exactly 0.
        const consequence = e.via === 'compile-string' && e.name === 'categoricalCrossentropy'
          ? "model.fit() rejects targets with one column for it, and over one unit the normalised probability is always 1, so the loss could not change anyway"
          : e.via === 'compile-string' && e.name === 'sparseCategoricalCrossentropy'
            ? 'one unit means one class: model.fit() fails (oneHot depth must be >= 2), and the loss could not change anyway'
            : 'softmax over one value is always 1, so the loss is constant (0) whatever the model outputs and nothing useful is learned';
        ctx.report({
          node: e.node,
          message: `${lossName(e)} on a single-unit output (${where}): ${consequence}. Use a binary loss for one unit, or one unit per class.`,
          related: [{ node: f.widthNode, message: 'the output has a single unit here' }],
          suggestions,
          model: f.model,
          loss: e.name,
        });
      },
    };
  },
};

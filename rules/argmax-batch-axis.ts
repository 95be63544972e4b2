// argMax() without an axis runs over axis 0 — the batch — not over the classes.
import ts = require('typescript');
import { Rule, ruleMeta } from './engine/rule';

export const argmaxBatchAxis: Rule = {
  meta: ruleMeta('argmax-batch-axis', "argMax() without an axis on a model's output reduces over the batch, not the classes.", 'warn', 'safe'),
  create(ctx) {
    return {
      argmax(e) {
        if (e.axis !== undefined) return;
        const f = e.input.get();
        if (!f.modelOutput || !f.model || f.model.kind === 'opaque') return;
        if (f.rank !== undefined ? f.rank < 2 : f.width === undefined) return;
        const sf = e.node.getSourceFile();
        const x = e.node.arguments[0];
        const edit = e.form === 'method'
          ? { file: sf.fileName, start: e.node.getEnd() - 1, end: e.node.getEnd() - 1, text: '-1' }
          : x && !ts.isSpreadElement(x) ? { file: sf.fileName, start: x.getEnd(), end: x.getEnd(), text: ', -1' } : undefined;
        ctx.report({
          node: e.node,
          message: `argMax without an axis reduces over axis 0, the batch: it returns, per class, the index of a sample. Use axis -1 for each sample's class (model output from ${ctx.at(f.model.node, e.node)}).`,
          related: [{ node: f.model.node, message: 'the model is defined here' }],
          fix: edit ? { title: 'Take argMax over the last axis (-1)', safe: true, edits: [edit] } : undefined,
          model: f.model,
          decision: 'argMax()',
        });
      },
    };
  },
};

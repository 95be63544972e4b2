// 0.5 is a probability threshold; on logits it means probability sigmoid(0.5) = 0.62.
import ts = require('typescript');
import { Rule, ruleMeta, FixSpec } from './engine/rule';
import { methodName } from './engine/fixes';
import { isClassifier } from './engine/judge';

export const thresholdLogits: Rule = {
  meta: ruleMeta('threshold-logits', 'round() / greater(0.5) / > 0.5 on logits thresholds at the wrong point.', 'warn', 'safe'),
  create(ctx) {
    return {
      threshold(e) {
        const f = e.input.get();
        if (f.act !== 'logits' || !f.actNode || !isClassifier(f.model)) return;
        let fix: FixSpec | undefined;
        const suggestions: FixSpec[] = [];
        if (e.thresholdNode) {
          fix = { title: 'Threshold logits at 0 (the same decision as probability 0.5)', safe: true, edits: [{ node: e.thresholdNode, text: '0' }] };
        } else if (e.op === 'round' && ts.isCallExpression(e.node)) {
          const name = methodName(e.node);
          const x = e.node.arguments[0];
          const sigmoid = ctx.tfName(e.node, 'sigmoid');
          if (name) suggestions.push({ title: 'Apply sigmoid before rounding', safe: false, edits: [{ node: name, text: 'sigmoid().round' }] });
          else if (x && sigmoid) suggestions.push({ title: 'Apply sigmoid before rounding', safe: false, edits: [{ node: x, text: `${sigmoid}(${ctx.text(x)})` }] });
        } else if (e.op === 'Math.round' && ts.isCallExpression(e.node) && e.node.arguments[0]) {
          suggestions.push({ title: 'Compare the logit with 0 instead', safe: false, edits: [{ node: e.node, text: `(${ctx.text(e.node.arguments[0])} > 0 ? 1 : 0)` }] });
        }
        const how = e.op === 'round' || e.op === 'Math.round' ? 'Rounding' : 'Thresholding at 0.5';
        ctx.report({
          node: e.node,
          message: `${how} treats these values as probabilities, but they are logits: the output layer has no activation (${ctx.at(f.actNode, e.node)}). On logits, 0.5 means probability 0.62; compare with 0, or apply sigmoid first.`,
          related: [{ node: f.actNode, message: 'output layer without activation (logits)' }],
          fix,
          suggestions,
          model: f.model,
          decision: e.op === 'compare' ? '> 0.5' : e.op === 'Math.round' ? 'Math.round' : `${e.op}(${e.op === 'round' ? '' : '0.5'})`,
        });
      },
    };
  },
};

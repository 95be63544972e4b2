// softmax over one unit is exp(x)/exp(x) = 1.0 for every input: the output and its gradient are constant.
import ts = require('typescript');
import { Rule, ruleMeta, FixSpec } from './engine/rule';
import { methodName } from './engine/fixes';

export const softmaxSingleUnit: Rule = {
  meta: ruleMeta('softmax-single-unit', 'softmax over an axis of size 1 always outputs 1.0.', 'error', 'suggestion'),
  create(ctx) {
    return {
      softmax(e) {
        const f = e.input.get();
        if (f.width !== 1) return;
        const suggestions: FixSpec[] = [];
        if (e.kind === 'dense-activation' && ts.isPropertyAssignment(e.node)) {
          suggestions.push({ title: "Use activation 'sigmoid' for a single unit", safe: false, edits: [{ node: e.node.initializer, text: "'sigmoid'" }] });
        } else if (e.kind === 'op' && ts.isCallExpression(e.node)) {
          const name = methodName(e.node);
          const fnSigmoid = ctx.tfName(e.node, 'sigmoid');
          if (name && e.node.arguments.length === 0) suggestions.push({ title: 'Use sigmoid for a single unit', safe: false, edits: [{ node: name, text: 'sigmoid' }] });
          else if (!name && e.node.arguments.length === 1 && fnSigmoid) suggestions.push({ title: 'Use sigmoid for a single unit', safe: false, edits: [{ node: e.node.expression, text: fnSigmoid }] });
        } else if (e.kind === 'layer') {
          const activation = ctx.tfName(e.node, 'layers.activation');
          if (activation && ts.isCallExpression(e.node)) suggestions.push({ title: "Use an activation layer with 'sigmoid'", safe: false, edits: [{ node: e.node, text: `${activation}({ activation: 'sigmoid' })` }] });
        }
        const widthLine = f.widthNode ? ` (${ctx.at(f.widthNode, e.node)})` : '';
        ctx.report({
          node: e.node,
          message: `softmax over a single unit${widthLine} always outputs 1.0: the prediction never changes and its gradient is 0. Use sigmoid for one unit, or one unit per class.`,
          related: f.widthNode && f.widthNode !== e.node ? [{ node: f.widthNode, message: 'the layer with 1 unit' }] : [],
          suggestions,
          model: f.model,
        });
      },
    };
  },
};

// tf.losses.* take (labels, predictions); a prediction in the labels slot trains toward itself.
import ts = require('typescript');
import { Rule, ruleMeta } from './engine/rule';
import { isSwapped, lossName } from './engine/judge';
import { swapArguments } from './engine/fixes';
import { resolveIdentifier } from './engine/scope';

export const swappedLossArguments: Rule = {
  meta: ruleMeta('swapped-loss-arguments', 'A prediction is passed in the labels position of a loss (arguments swapped).', 'error', 'safe'),
  create(ctx) {
    return {
      loss(e) {
        if (!isSwapped(e) || !e.call) return;
        const f = e.labels.get();
        const site = f.actNode ?? f.model?.node;
        const first = e.call.arguments[0];
        const viaParam = first && ts.isIdentifier(first) && (() => { const d = resolveIdentifier(first); return !!d && ts.isParameter(d); })();
        const note = viaParam ? ' tfjs calls a compile loss as (yTrue, yPred), whatever its parameters are named.' : '';
        const edits = swapArguments(e.call);
        ctx.report({
          node: e.node,
          message: `${lossName(e)} takes (labels, predictions), but its first argument is a prediction${site ? ` (${ctx.at(site, e.node)})` : ''}: the arguments are swapped.${note}`,
          related: site ? [{ node: site, message: 'the prediction comes from here' }] : [],
          fix: edits ? { title: 'Swap the labels and predictions arguments', safe: true, edits } : undefined,
          model: f.model,
          loss: e.name,
        });
      },
    };
  },
};

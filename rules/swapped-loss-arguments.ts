// A prediction in the labels position of a loss call: the model trains toward its own output.
// tfjs and Keras take (labels, predictions); PyTorch takes (input, target).
import { Rule, ruleMeta } from './engine/core/rule';
import { isSwapped, lossName, lossFacts } from './engine/core/judge';

export const swappedLossArguments: Rule = {
  meta: ruleMeta('swapped-loss-arguments', 'A prediction is passed in the labels position of a loss (arguments swapped).', 'error', 'safe'),
  create(ctx) {
    return {
      loss(e) {
        if (!isSwapped(e) || !e.args) return;
        const f = e.labels.get();
        const site = f.actSite ?? f.model?.site;
        const position = e.kind.order === 'labels-first' ? 'first' : 'second';
        const note = e.firstArgIsParameter && e.vocab.customLossNote ? ` ${e.vocab.customLossNote}` : '';
        // Its parameters read again elsewhere (class weights from `y_true`): swapping this call alone
        // leaves those reads with the swapped meaning, so the swap is only offered.
        const elsewhere = e.paramsReadElsewhere;
        const also = elsewhere ? ` ${elsewhere.names.join(' and ')} ${elsewhere.names.length > 1 ? 'are' : 'is'} also read elsewhere in this function (${ctx.at(elsewhere.site, e.site)}): swapping this call's arguments alone leaves those reads with the swapped meaning. Swapping the two parameters' names in its signature fixes every read.` : '';
        // A helper's parameters handed on from its caller: the finding and the swap go to that call.
        ctx.report({
          site: e.argsCall ?? e.site,
          message: `${lossName(e)}${e.argsCall ? ` (${ctx.at(e.site, e.argsCall)}), given this call's arguments,` : ''} takes ${e.vocab.lossArguments(e)}, but its ${position} argument is a prediction${site ? ` (${ctx.at(site, e.site)})` : ''}: the arguments are swapped.${note}${also}`,
          related: site ? [{ site, message: 'the prediction comes from here' }] : [],
          // (A model nothing here trains may be a teacher: the swap back is the user's call.)
          ...(e.argsInHelper || e.swapUnsure || elsewhere ? { suggestions: [e.vocab.swapArguments(e)].filter((s) => !!s).map((s) => ({ ...s!, safe: false })) } : { fix: e.vocab.swapArguments(e) }),
          model: f.model,
          ...lossFacts(e),
        });
      },
    };
  },
};

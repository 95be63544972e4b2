// A categorical loss over one unit is constant: normalising one value gives 1, so nothing learns.
import { Rule, ruleMeta, FixSpec } from './engine/core/rule';
import { isSingleUnitCategorical, lossName, lossFacts } from './engine/core/judge';

export const categoricalLossSingleUnit: Rule = {
  meta: ruleMeta('categorical-loss-single-unit', 'A categorical loss on a 1-unit output is constant: the model cannot learn.', 'error', 'suggestion'),
  create(ctx) {
    return {
      loss(e) {
        // (KL divergence normalises nothing: over one unit it is no constant.)
        if (!isSingleUnitCategorical(e) || e.kind.unnormalised) return;
        const f = e.pred.get();
        // NLLLoss does not normalise: over one unit it is constant only on log_softmax output (always
        // 0); on anything else it is -x, and nll-loss-input says what is wrong.
        if (e.kind.expects === 'log-probabilities' && f.act !== 'log-softmax') return;
        const suggestions: FixSpec[] = [];
        const s = e.vocab.singleUnitLoss?.(e);
        if (s) suggestions.push(s);
        const where = ctx.at(f.widthSite ?? f.channelsSite ?? e.site, e.site);
        const consequence = e.vocab.singleUnitConsequence?.(e) ??
          'over one unit the predicted class probability is always 1 (a softmax of one logit, or one probability divided by itself), so the loss is constant (0) whatever the model outputs and nothing useful is learned';
        ctx.report({
          site: e.site,
          message: `${lossName(e)} on a single-unit output (${where}): ${consequence}. Use a binary loss for one unit, or one unit per class.`,
          related: [{ site: f.widthSite ?? f.channelsSite, message: 'the output has a single unit here' }],
          suggestions,
          model: f.model,
          ...lossFacts(e),
        });
      },
    };
  },
};

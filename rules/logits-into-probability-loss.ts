// Raw logits fed to a loss that expects probabilities: it clips them to [eps, 1-eps] (or takes
// their log), so most of the signal is lost or the loss is NaN (PyTorch's BCELoss raises).
import { Rule, ruleMeta } from './engine/core/rule';
import { accuraciesFixedWithLoss, isSingleUnitCategorical, isSwapped, lossName, subject, lossFacts } from './engine/core/judge';
import { fixAndSuggestions, kindOf } from './engine/core/activated-loss';

export const logitsIntoProbabilityLoss: Rule = {
  meta: ruleMeta('logits-into-probability-loss', "Raw logits go into a loss that expects probabilities ('binaryCrossentropy', BCELoss, 'binary_crossentropy', logLoss, ...).", 'error', 'safe'),
  create(ctx) {
    return {
      loss(e) {
        if (e.kind.expects !== 'probabilities' || isSwapped(e) || isSingleUnitCategorical(e)) return;
        const f = e.pred.get();
        if (f.act !== 'logits' || !f.actSite) return;
        // Adding the activation changes what the model returns, so it is only ever a suggestion.
        const act = e.kind.family === 'binary' ? 'sigmoid' : 'softmax';
        const added = e.vocab.addActivation(f, act);
        // The metrics compiled with it threshold the same logits: one root cause, one finding.
        const metrics = e.via === 'call' ? [] : [...new Set(accuraciesFixedWithLoss(f).map((m) => `'${m.name}'`))];
        const curve = accuraciesFixedWithLoss(f).some((m) => m.curve);
        const also = metrics.length ? ` The ${metrics.join(' and ')} metric${metrics.length > 1 ? 's' : ''} ${curve ? `read${metrics.length > 1 ? '' : 's'} these logits as probabilities` : `threshold${metrics.length > 1 ? '' : 's'} these logits at 0.5`} too, so ${metrics.length > 1 ? 'they are' : 'it is'} wrong until this is fixed.` : '';
        ctx.report({
          site: e.site,
          // Clipped into [0, 1]: in range, but every logit outside it gets no gradient (docs).
          message: f.clippedToUnit
            ? `${lossName(e)} expects probabilities, but ${subject(f)} is raw logits clipped into [0, 1]: the output layer has no activation (${ctx.at(f.actSite, e.site)}). A logit outside [0, 1] gets a gradient of zero, so a sample the model gets wrong by a wide margin stops training it. Apply a sigmoid instead of the clip.${also}`
            : `${lossName(e)} expects probabilities, but ${subject(f)} is raw logits: the output layer has no activation (${ctx.at(f.actSite, e.site)}).${also}`,
          related: [{ site: f.actSite, message: 'output layer without activation (logits)' }],
          // Clipped logits (`torch.clamp(out, 0, 1)`): a loss that applies the sigmoid, or a sigmoid
          // added before the clip, would still see clipped values; the clip is what to remove.
          ...(f.clipped ? { suggestions: [] } : fixAndSuggestions(kindOf('switch-loss', e.vocab.switchLoss(e, 'logits')), kindOf('add-activation', added && { ...added, safe: false }))),
          model: f.model,
          ...lossFacts(e),
        });
      },
    };
  },
};

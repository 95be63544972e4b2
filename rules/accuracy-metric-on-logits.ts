// 'accuracy' on a 1-unit output (or with binary cross-entropy) resolves to a binary accuracy that
// thresholds at 0.5 — a probability threshold applied to logits.
import { Rule, ruleMeta } from './engine/core/rule';
import { compiledLoss, isBinaryAccuracy, isClassifier, probabilityLossOnLogits, noActivationHere } from './engine/core/judge';

export const accuracyMetricOnLogits: Rule = {
  meta: ruleMeta('accuracy-metric-on-logits', "metrics: ['accuracy'], Precision, Recall or AUC on a 1-unit logits output read logits as probabilities.", 'warn', 'suggestion'),
  create(ctx) {
    return {
      metric(e) {
        const f = e.pred.get();
        // A linear output trained with a regression loss is not logits (MSE on 0/1 targets is fine).
        if (f.act !== 'logits' || !f.actSite || !isClassifier(f.model, f.widthSite, f.actSite)) return;
        if (!isBinaryAccuracy(e, f)) return;
        // Compiled with a loss that expects probabilities: that loss's finding is the root cause.
        if (probabilityLossOnLogits(compiledLoss(e, f), f.width)) return;
        const fix = e.vocab.accuracyOnLogits(e);
        const at = ctx.at(f.actSite, e.site);
        const accuracy = e.alias || /accuracy/i.test(e.name);
        // Precision and AUC of a multi-class head are per-class choices (class_id, one-hot labels):
        // only a one-unit or multi-label (binary loss) output is known to be read this way.
        if (!accuracy && f.width !== 1 && !f.model?.losses.some((l) => l.kind?.family === 'binary')) return;
        // Precision, Recall, ... cut at 0.5 like a binary accuracy; AUC sweeps thresholds over [0, 1].
        const message = e.curve
          ? `${e.name} reads predictions as probabilities (${/crossentropy/i.test(e.name) ? 'the log of each' : 'its thresholds span 0 to 1'}), but the model outputs logits (${at}): the reported ${e.name} is wrong.`
          : accuracy
            ? `This accuracy is ${e.vocab.binaryAccuracy ?? 'binary accuracy'}, which thresholds predictions at 0.5, but the model outputs logits (${at}): it counts logit > 0.5 (probability 0.62) as positive, so the reported accuracy is wrong.`
            : `${e.name} thresholds predictions at 0.5, but the model outputs logits (${at}): it counts logit > 0.5 (probability 0.62) as positive, so the reported ${e.name} is wrong.`;
        ctx.report({
          site: e.site,
          message,
          related: [{ site: f.actSite, message: noActivationHere(f) }],
          suggestions: fix ? [fix] : [],
          model: f.model,
          // (Another metric by its name and how it reads the output: the numeric check measures it with binary accuracy.)
          decision: accuracy ? `${e.vocab.binaryAccuracy ?? 'binary accuracy'} (threshold 0.5)` : `${e.name} (${e.curve ? 'thresholds 0 to 1' : 'threshold 0.5'})`,
          metricAt: e.madeAt ?? e.site,
        });
      },
    };
  },
};

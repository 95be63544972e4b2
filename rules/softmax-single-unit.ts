// softmax over one unit is exp(x)/exp(x) = 1.0 for every input: the output and its gradient are constant.
import { Rule, ruleMeta, FixSpec } from './engine/core/rule';

export const softmaxSingleUnit: Rule = {
  meta: ruleMeta('softmax-single-unit', 'softmax over an axis of size 1 always outputs 1.0.', 'error', 'suggestion'),
  create(ctx) {
    return {
      softmax(e) {
        const f = e.input.get();
        if (f.width !== 1) return;
        const widthLine = f.widthSite ? ` (${ctx.at(f.widthSite, e.site)})` : '';
        if (e.log) {
          ctx.report({
            site: e.site,
            message: `log_softmax over a single unit${widthLine} always outputs 0 (the log of 1.0): the prediction never changes and its gradient is 0. Use logsigmoid for one unit, or one unit per class.`,
            related: f.widthSite && f.widthSite !== e.site ? [{ site: f.widthSite, message: 'the layer with 1 unit' }] : [],
            model: f.model ?? ctx.modelWithLayerAt?.(e.site),
          });
          return;
        }
        const suggestions: FixSpec[] = [];
        // Values already through a sigmoid are probabilities: another sigmoid is no cure.
        const probabilities = f.act === 'sigmoid' && !!f.actSite;
        // Scores of shape (batch, steps, 1) (attention): the softmax was meant over the steps, and
        // a sigmoid would change what the weights mean.
        const steps = !probabilities && f.rank !== undefined && f.rank >= 3;
        const s = probabilities || steps ? undefined : e.vocab.softmaxToSigmoid(e);
        if (s) suggestions.push(s);
        // The model and its one loss, for the numeric check (a Keras layer's softmax is seen when
        // the layer is made, before a model holds it).
        const model = f.model ?? ctx.modelWithLayerAt?.(e.site);
        const loss = model?.losses.length === 1 && model.losses[0].kind ? model.losses[0] : undefined;
        ctx.report({
          site: e.site,
          message: probabilities
            ? `softmax over a single unit${widthLine} always outputs 1.0: the prediction never changes and its gradient is 0. These values are already probabilities (sigmoid, ${ctx.at(f.actSite!, e.site)}): use them as they are, or one unit per class.`
            : steps
              ? `softmax over a last axis of size 1${widthLine} always outputs 1.0: these weights are all 1 and their gradient is 0. Weights over steps or positions (attention) need the softmax over that axis (axis=1 of (batch, steps, 1)); one score per position needs sigmoid.`
              : `softmax over a single unit${widthLine} always outputs 1.0: the prediction never changes and its gradient is 0. Use sigmoid for one unit, or one unit per class.`,
          related: f.widthSite && f.widthSite !== e.site ? [{ site: f.widthSite, message: 'the layer with 1 unit' }] : [],
          suggestions,
          model,
          ...(loss ? { loss: loss.name, lossKind: loss.kind } : {}),
        });
      },
    };
  },
};

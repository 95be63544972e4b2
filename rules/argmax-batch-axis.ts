// argmax without an axis does not take each sample's class: tfjs reduces over axis 0 (the batch),
// PyTorch and NumPy return an index into the flattened tensor.
import { Rule, ruleMeta } from './engine/core/rule';
import type { ArgMaxEvent } from './engine/core/events';
import type { ModelInfo } from './engine/core/facts';

export const argmaxBatchAxis: Rule = {
  meta: ruleMeta('argmax-batch-axis', "argmax without an axis on a model's output reduces over the batch (tfjs) or the flattened tensor (PyTorch, NumPy), not the classes.", 'warn', 'safe'),
  create(ctx) {
    // The shape changes too ([classes] of zeros to [1]): what reads it may need `[0]`, so a suggestion.
    const oneRow = (e: ArgMaxEvent, m: ModelInfo) => ctx.report({
      site: e.site,
      message: `${e.vocab.argmax} without an axis reduces over axis 0, the batch: on this batch of one sample it is 0 for every class. Use axis -1 for the sample's class (model output from ${ctx.at(m.site, e.site)}).`,
      related: [{ site: m.site, message: 'the model is defined here' }],
      suggestions: [e.vocab.argmaxLastAxis(e)].filter((s) => !!s),
      model: m,
      decision: `${e.vocab.argmax}()`,
    });
    return {
      argmax(e) {
        if (e.axis !== undefined) return;
        // Flattened (PyTorch, NumPy): right for a batch of one sample, so only with evidence that
        // the result stands for several (tfjs reduces over the batch whatever its size).
        // A batch known to hold one sample (`x.reshape(1, *x.shape)`) gives one class, whatever it is named.
        if (e.noAxis === 'flatten' && (!e.perSample || e.batchOfOne)) return;
        const f = e.input.get();
        // Reduced over axis 0 (tf.argmax), one sample's output of several classes ([1, classes]):
        // 0 for every class, whatever the sample.
        if (e.noAxis === 'batch' && e.batchOfOne && f.model && f.model.kind !== 'opaque' && f.width !== undefined && f.width > 1) return oneRow(e, f.model);
        // A loaded model alone says nothing of its width: a one-score model picking the best of a
        // batch of candidates is a use of argMax() over the batch. One of several models (loaded
        // or built) is batch-first like each of them (minRank), and the built ones show its shape.
        if (!f.modelOutput || !f.model || f.model.kind === 'opaque') return;
        // Over the batch and read for each of its classes (`images[best[c]]`, c below the width), or
        // every entry used only to index something (`x_val[best[c]]`, `best.forEach((i) => samples[i])`):
        // per class, the best sample's index, as the code means; unless what the entries index is
        // one name per class (`CLASSES[best[c]]`), which reads them as classes.
        if (e.noAxis === 'batch' && e.perSample !== 'use' && (e.perClass === 'each' || (e.perClass !== undefined && e.perClass === f.width)) && !(f.width !== undefined && e.namesRead?.includes(f.width))) return;
        // A column of one score per sample ([batch, 1]): argmax over the batch picks the best
        // sample, unless its result is then used as each sample's class (compared with a class).
        // Compared with another argmax without an axis (`np.argmax(probs) == np.argmax(targets)`, an
        // N-way one-shot test: which candidate scores highest), it is that sample index on purpose.
        if (f.width === 1 && (e.perSample !== 'use' || e.pairedWithAxisless)) return;
        const rank = f.rank ?? f.minRank;
        if (rank !== undefined ? rank < 2 : f.width === undefined) return;
        const name = e.vocab.argmax;
        const what = e.noAxis === 'batch'
          ? `${name} without an axis reduces over axis 0, the batch: it returns, per class, the index of a sample.`
          : `${name} without an axis returns one index into the flattened output (samples and classes together), not a class per sample.`;
        // Over one unit the last axis is always 0: each sample's class is a cut of its score.
        const instead = f.width === 1 ? 'This output has one unit: each sample\'s class is its score cut at a threshold, not an argmax' : 'Use axis -1 for each sample\'s class';
        ctx.report({
          site: e.site,
          message: `${what} ${instead} (model output from ${ctx.at(f.model.site, e.site)}).`,
          related: [{ site: f.model.site, message: 'the model is defined here' }],
          // Flattened (PyTorch, NumPy): an index array in place of one index, and the batch may hold
          // one sample we could not follow (`x = load_image(p)`, compared with the loop's `label`):
          // a suggestion. Over one unit the last axis is no better (always 0): argmax-single-unit's
          // threshold is the fix.
          // Compared with another argmax without an axis (the labels'), it is a suggestion too.
          // Compared with another argmax without an axis (the labels': `tf.equal(tf.argmax(y_true),
          // tf.argmax(y_pred))`), that one needs the axis too, or the shapes no longer match.
          // Over the batch with no use per sample (`images[best[c]]`: per class, the best sample's
          // index, on purpose), the last axis changes what the code does: a suggestion too.
          ...(f.width === 1 ? {} : ((fx) => (e.noAxis === 'batch' && fx?.safe && !e.pairedWithAxisless && e.perSample === 'use' ? { fix: fx } : { suggestions: [fx].filter((s) => !!s) }))(e.vocab.argmaxLastAxis(e))),
          model: f.model,
          decision: `${name}()`,
        });
      },
    };
  },
};

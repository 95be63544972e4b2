// argmax over an axis of size 1 always returns 0: a binary model's "predicted class" never changes.
import { Rule, ruleMeta, FixSpec } from './engine/core/rule';
import { outputRank, singleChannel } from './engine/core/judge';

export const argmaxSingleUnit: Rule = {
  meta: ruleMeta('argmax-single-unit', 'argmax over an axis of size 1 is always 0.', 'error', 'suggestion'),
  create(ctx) {
    return {
      argmax(e) {
        const f = e.input.get();
        // Its index read back from the same output (and not compared with labels): the one unit's
        // column is what is wanted there.
        if (e.indexesBack && e.perSample !== 'use' && !e.oneSample) return;
        // dim 1 of a one-channel convolution's output (N, 1, H, W), dim 0 of one sample's (1, H, W):
        // one class per pixel, always 0.
        if (e.axis === (f.channelsAxis ?? 1) && singleChannel(f)) {
          ctx.report({
            site: e.site,
            message: `${e.vocab.argmax} over dim ${e.axis}, the channels of this model's output, which has 1 channel (${ctx.at(f.channelsSite ?? e.site, e.site)}), is always 0: every position (pixel, frame, voxel) gets class 0. Threshold the one channel instead (0 on logits, 0.5 after sigmoid).`,
            related: [{ site: f.channelsSite, message: 'the output has a single channel here' }],
            model: f.model,
            decision: `${e.vocab.argmax}(1)`,
          });
          return;
        }
        if (f.width !== 1) return;
        const rank = outputRank(f);
        // No axis on one sample's row of one unit (`np.argmax(predictions[0])`), or on a batch of one
        // sample of one unit (`np.argmax(model.predict(img[None]))`): one element, index 0.
        const oneElement = e.axis === undefined && rank !== 1 && !!e.batchOfOne;
        if (e.axis === undefined && rank !== 1 && !oneElement) return;
        if (e.axis === null) return;
        const lastAxis = e.axis === undefined || e.axis === -1 || (rank !== undefined && rank > 1 && e.axis === rank - 1) || (rank === 1 && e.axis === 0);
        if (!lastAxis) return;
        // A head trained by regression losses only (MSE, L1): no class to cut for, so no threshold offered.
        const regression = !!f.model && f.model.losses.length > 0 && f.model.losses.every((l) => !l.kind);
        // (Probabilities remapped by numbers, `p * 0.5 + 0.1`: 0.5 is no longer their own cut.)
        const threshold = regression || f.remapped ? undefined : f.act === 'logits' ? '0' : f.act === 'sigmoid' ? '0.5' : undefined;
        const suggestions: FixSpec[] = [];
        const s = threshold && e.vocab.argmaxToThreshold(e, threshold);
        if (s) suggestions.push(s);
        const name = e.vocab.argmax;
        ctx.report({
          site: e.site,
          message: oneElement
            ? `${name} without an axis over ${f.model ? "this model's output" : 'this tensor'} for one sample, which has 1 unit (${ctx.at(f.widthSite ?? e.site, e.site)}), is always 0: there is one value to pick from.`
            : `${name} over the last axis of ${f.model ? "this model's output" : 'this tensor'}, which has 1 unit (${ctx.at(f.widthSite ?? e.site, e.site)}), is always 0.`,
          related: [{ site: f.widthSite, message: 'the output has a single unit here' }],
          suggestions,
          model: f.model,
          decision: `${name}(${e.axis})`,
        });
      },
    };
  },
};

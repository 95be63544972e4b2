// NLLLoss and KLDivLoss take log-probabilities (log_softmax output). Fed probabilities or raw
// logits, NLLLoss computes -x[target], no cross-entropy, and KLDivLoss no divergence: training
// optimises the wrong objective, silently.
import { Rule, ruleMeta } from './engine/core/rule';
import { isSwapped, lossName, subject, lossFacts, noActivation, noActivationHere } from './engine/core/judge';
import { fixAndSuggestions, kindOf } from './engine/core/activated-loss';

export const nllLossInput: Rule = {
  meta: ruleMeta('nll-loss-input', 'NLLLoss or KLDivLoss gets softmax probabilities or raw logits instead of log_softmax output.', 'error', 'safe'),
  create(ctx) {
    return {
      loss(e) {
        if (e.kind.expects !== 'log-probabilities' || isSwapped(e)) return;
        const f = e.pred.get();
        // A trainer that takes the log of the output before NLLLoss (skorch's NeuralNetClassifier):
        // probabilities are right there, and log-probabilities (all <= 0) make the log NaN.
        const taken = e.kind.logTaken;
        if (taken) {
          if ((f.act !== 'log-softmax' && f.act !== 'logits') || !f.actSite) return;
          // Raw logits: the log of the negative ones is NaN. No edit: which activation the module's
          // output layer should get, or which criterion the net, is the author's choice.
          const logits = f.act === 'logits';
          ctx.report({
            site: e.site,
            message: `${lossName(e)} gets the log of the module's output: ${taken.by}, so the module should return probabilities. But ${subject(f)} ${logits ? `is raw logits: ${noActivation(f)}` : 'already went through log_softmax'} (${ctx.at(f.actSite, e.site)}): the log of ${logits ? 'a negative logit' : 'log-probabilities (all <= 0)'} is NaN, and the loss with it. Return softmax probabilities, or keep ${logits ? 'the logits' : 'log_softmax'} and ${taken.instead}.`,
            related: [{ site: f.actSite, message: logits ? noActivationHere(f) : 'log_softmax applied here' }],
            // (Its kind: an edit of the output's activation, so a change of the model, as log_softmax's.)
            ...(logits ? {} : fixAndSuggestions(kindOf('log-softmax', e.vocab.softmaxInstead?.(f)))),
            model: f.model,
          });
          return;
        }
        if ((f.act !== 'softmax' && f.act !== 'logits' && f.act !== 'sigmoid') || !f.actSite) return;
        const what = f.act === 'logits' ? `is raw logits: ${noActivation(f)}` : `already went through ${f.act}, not log_softmax`;
        // Logits: CrossEntropyLoss is exactly NLLLoss(log_softmax(x)), so switching is safe.
        // Probabilities: log_softmax in place of softmax keeps the loss and fixes the input.
        // Over one unit both fixes give a constant loss (a softmax of one value is 1): no fix.
        const single = f.width === 1;
        // Log-probabilities in the target's place (`kl_div(softmax(teacher), log_softmax(student))`):
        // the two arguments are swapped, and log_softmax on the first would leave them so.
        const target = e.labels.get();
        if (f.act === 'softmax' && target.act === 'log-softmax' && target.actSite && !single) {
          const swap = e.vocab.swapArguments(e);
          ctx.report({
            site: e.site,
            message: `${lossName(e)} expects log-probabilities first and probabilities as its target, but ${subject(f)} went through softmax (${ctx.at(f.actSite, e.site)}) and its target through log_softmax (${ctx.at(target.actSite, e.site)}): the arguments look swapped, and the loss is not the KL divergence it stands for.`,
            related: [{ site: f.actSite, message: 'softmax applied here' }, { site: target.actSite, message: 'log_softmax applied here' }],
            suggestions: swap ? [{ ...swap, safe: false }] : [],
            model: f.model,
            ...lossFacts(e),
          });
          return;
        }
        const fixes = single ? {} : f.act === 'logits'
          ? fixAndSuggestions(kindOf('switch-loss', e.vocab.switchLoss(e, 'logits')))
          : fixAndSuggestions(kindOf('log-softmax', f.act === 'softmax' ? e.vocab.logSoftmaxInstead?.(f) : undefined));
        ctx.report({
          site: e.site,
          message: `${lossName(e)} expects log-probabilities (log_softmax output), but ${subject(f)} ${what} (${ctx.at(f.actSite, e.site)}): the loss is not the cross-entropy (or KL divergence) it stands for and training optimises the wrong objective.${single ? ' Over a single output unit no categorical loss can learn: use a binary loss on one unit, or one unit per class.' : ''}`,
          related: [{ site: f.actSite, message: f.act === 'logits' ? noActivationHere(f) : `${f.act} applied here` }],
          ...fixes,
          model: f.model,
          ...lossFacts(e),
        });
      },
    };
  },
};

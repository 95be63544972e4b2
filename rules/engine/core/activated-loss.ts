// The loss handler shared by sigmoid-before-logits-loss and softmax-before-logits-loss: a tensor
// that already went through `act` reaches a loss that applies sigmoid/softmax itself.
import type { LossEvent } from './events';
import type { FixKind, FixSpec, RuleContext } from './rule';
import { isSingleUnitCategorical, isSwapped, lossName, subject, lossFacts } from './judge';

/** A vocabulary's fix, labelled with what it changes. */
export function kindOf(kind: FixKind, spec: FixSpec | undefined): FixSpec | undefined {
  return spec && { ...spec, kind };
}

/** The first safe fix, the rest as suggestions (a fix that is not safe is a suggestion). */
export function fixAndSuggestions(...specs: Array<FixSpec | undefined>): { fix?: FixSpec; suggestions: FixSpec[] } {
  const present = specs.filter((s): s is FixSpec => !!s);
  const fix = present.find((s) => s.safe);
  return { fix, suggestions: present.filter((s) => s !== fix) };
}

export function activatedIntoLogitsLoss(ctx: RuleContext, act: 'sigmoid' | 'softmax'): (e: LossEvent) => void {
  return (e) => {
    if (e.kind.expects !== 'logits' || isSwapped(e) || isSingleUnitCategorical(e)) return;
    const f = e.pred.get();
    if (f.act !== act || !f.actSite) return;
    // A softmax is over the last axis; PyTorch's losses take the classes at dim 1, which at a known
    // rank above 2 is another axis (a (N, 7, 65) output): not the softmax the loss applies again.
    if (act === 'softmax' && e.kind.order === 'prediction-first' && f.rank !== undefined && f.rank > 2) return;
    // Switching the loss keeps what the model returns everywhere else, so it is the fix where the
    // vocabulary marks it safe (tfjs, Keras' from_logits). PyTorch's BCELoss is no safe swap (it
    // fails under autocast and is the less stable loss): there, dropping the activation is the fix
    // where the output is used nowhere else as a probability, and a suggestion otherwise.
    ctx.report({
      site: e.site,
      message: `${lossName(e)} expects logits, but ${subject(f)} already went through ${act} (${ctx.at(f.actSite, e.site)}).`,
      related: [{ site: f.actSite, message: `${act} applied here` }],
      // A sigmoid into a softmax loss: no one edit says whether the model is multi-class or
      // multi-label (from_logits=False would renormalise independent sigmoids by their sum).
      ...(act === 'sigmoid' && e.kind.family !== 'binary'
        ? { suggestions: [] }
        : fixAndSuggestions(kindOf('switch-loss', e.vocab.switchLoss(e, 'probabilities')), kindOf('remove-activation', e.vocab.removeActivation(f)))),
      model: f.model,
      ...lossFacts(e),
    });
  };
}

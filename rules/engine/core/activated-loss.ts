// The loss handler shared by sigmoid-before-logits-loss and softmax-before-logits-loss: a tensor
// that already went through `act` reaches a loss that applies sigmoid/softmax itself.
import type { LossEvent } from './events';
import type { FixKind, FixSpec, RuleContext } from './rule';
import { isSingleUnitCategorical, isSwapped, lossName, subject, lossFacts, appliedByDefault } from './judge';

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
    if (isSwapped(e) || isSingleUnitCategorical(e)) return;
    if (secondActivation(ctx, e, act)) return;
    if (e.kind.expects !== 'logits') return;
    const f = e.pred.get();
    if (f.act !== act || !f.actSite) return;
    // A softmax is over the last axis; PyTorch's losses take the classes at dim 1, which at a known
    // rank above 2 is another axis (a (N, 7, 65) output): not the softmax the loss applies again.
    if (act === 'softmax' && e.kind.order === 'prediction-first' && f.rank !== undefined && f.rank > 2) return;
    // (Transposed after it, `probs.t()`: the loss's softmax runs down another axis.)
    if (act === 'softmax' && f.classesMoved) return;
    // Switching the loss keeps what the model returns everywhere else, so it is the fix where the
    // vocabulary marks it safe (tfjs, Keras' from_logits). PyTorch's BCELoss is no safe swap (it
    // fails under autocast and is the less stable loss): there, dropping the activation is the fix
    // where the output is used nowhere else as a probability, and a suggestion otherwise.
    // A hard sigmoid is exactly 0 or 1 a few units from 0 (Keras, tfjs, PyTorch alike), where it
    // passes no gradient; a loss for probabilities clips those before its log, so a sample saturated
    // on the wrong side never moves. Its removal is the repair (the loss's own sigmoid is smooth),
    // safe where the vocabulary says the output is read nowhere else; the loss switch only suggested.
    // (Only PyTorch's removal is a fix: Keras' and tfjs' usual fix is the loss switch, which leaves the
    // model alone, and the readers of a layer's output there are not all followed: a gate, a shared
    // head function, a callback given the model, `get_layer(...).output`: rt50d.)
    const hard = act === 'sigmoid' && f.hardSigmoid && !e.eitherOf && e.kind.family === 'binary';
    const hardFixed = hard && e.vocab.framework === 'pytorch';
    const named = f.hardSigmoid && act === 'sigmoid' ? 'a hard sigmoid' : act;
    ctx.report({
      site: e.site,
      message: `${lossName(e)} expects logits, but ${subject(f)} already went through ${named}${appliedByDefault(f)} (${ctx.at(f.actSite, e.site)})${f.remapped ? ', then was mapped into [0, 1] by numbers: still probabilities' : ''}.${hard ? HARD : ''}`,
      related: [{ site: f.actSite, message: `${named} applied here` }],
      // A sigmoid into a softmax loss: no one edit says whether the model is multi-class or
      // multi-label (from_logits=False would renormalise independent sigmoids by their sum).
      // A softmax into a sigmoid loss: no edit is a sure repair either (removing it makes a
      // single-label model multi-label, and one column trained alone leaves the others untrained
      // for an argmax): both are suggestions.
      // A loss one of two (LossEvent.eitherOf): the sigmoid's removal is right for a binary one,
      // and only suggested, as for a softmax loss.
      ...(hard
        ? offered(!hardFixed, kindOf('remove-activation', e.vocab.removeActivation(f, 'the loss applies the smooth sigmoid itself')), ...offered(true, kindOf('switch-loss', e.vocab.switchLoss(e, 'probabilities'))).suggestions)
        : act === 'sigmoid' && e.eitherOf
        ? offered(true, kindOf('remove-activation', e.vocab.removeActivation(f)))
        : act === 'sigmoid' && e.kind.family !== 'binary'
        ? { suggestions: [] }
        : offered(act === 'softmax' && e.kind.family === 'binary', kindOf('switch-loss', e.vocab.switchLoss(e, 'probabilities')), kindOf('remove-activation', e.vocab.removeActivation(f)))),
      model: f.model,
      ...lossFacts(e),
    });
  };
}

const HARD = ' It is exactly 0 or 1 a few units from 0, where it passes no gradient (a loss that takes probabilities would keep that, and clip their log): remove it, and the loss applies the smooth sigmoid itself.';

/** The edits as fix and suggestions, or all as suggestions (`onlySuggested`). */
function offered(onlySuggested: boolean, ...specs: Array<FixSpec | undefined>): { fix?: FixSpec; suggestions: FixSpec[] } {
  return onlySuggested ? { suggestions: specs.filter((s): s is FixSpec => !!s).map((s) => ({ ...s, safe: false })) } : fixAndSuggestions(...specs);
}

/** `BCELoss(torch.sigmoid(p))`, `NLLLoss(F.log_softmax(p))` (or cross-entropy of it) on a `p` that
 *  already went through `act`: the second activation and the loss together are the logits loss
 *  (BCEWithLogitsLoss, cross-entropy), given probabilities. Reported; true when it was. */
function secondActivation(ctx: RuleContext, e: LossEvent, act: 'sigmoid' | 'softmax'): boolean {
  const f = e.pred.get();
  const first = f.squashedFrom;
  if (first?.act !== act || !f.actSite) return false;
  const sigmoid = act === 'sigmoid' && f.act === 'sigmoid' && e.kind.expects === 'probabilities' && e.kind.family === 'binary';
  const softmax = act === 'softmax' && f.act === 'log-softmax' && e.kind.expects !== 'probabilities';
  if (!sigmoid && !softmax) return false;
  const second = sigmoid ? 'a second sigmoid' : 'log_softmax';
  const effect = sigmoid
    ? 'the values reach the loss squeezed between 0.5 and 0.73, so it can never fit a 0 label'
    : 'probabilities taken for logits give a nearly flat softmax and small gradients';
  const advice = sigmoid ? 'Remove the second sigmoid.' : 'Remove the softmax, or take the log of the probabilities instead of log_softmax.';
  // The second sigmoid goes (the loss then takes the first one's probabilities); for softmax the
  // first goes (log_softmax of the logits is what the loss takes).
  const edit = sigmoid ? e.vocab.removeActivation(f, 'the values already are probabilities') : e.vocab.removeActivation({ ...f, act: first.act, actSite: first.site }, 'log_softmax applies it again');
  ctx.report({
    site: e.site,
    message: `${lossName(e)} after ${second} (${ctx.at(f.actSite, e.site)}) is ${sigmoid ? 'binary cross-entropy with logits' : 'cross-entropy with logits'}, but ${subject(f)} already went through ${act} (${ctx.at(first.site, e.site)}): ${effect}. ${advice}`,
    related: [
      { site: first.site, message: `${act} applied here` },
      { site: f.actSite, message: `${sigmoid ? 'sigmoid' : 'log_softmax'} applied again` },
    ],
    ...offered(true, kindOf('remove-activation', edit)),
    model: f.model,
    // The numeric check trains what the code computes: the logits loss on the activation's output.
    loss: e.name,
    lossKind: { ...e.kind, expects: 'logits', display: `${e.kind.display} after ${sigmoid ? 'sigmoid' : 'log_softmax'}` },
  });
  return true;
}

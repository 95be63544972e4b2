// A model whose forward computes its own loss (Hugging Face style: `forward(x, labels=None)`, the
// loss under `if labels is not None:`, returned beside the logits). That loss trains the outputs it
// took: the model is a classifier of that kind, as if the loss were applied to `model(x)` outside.
import { noteLoss, type ModelInfo } from '../core/facts';
import type { LossEvent } from '../core/events';
import { sameSite, type Site } from '../core/site';
import type { PyValue } from './values';
import type { Interp } from './evaluator';
import { returnedParts } from './records';

/** Notes on `model` the losses its forward applied (events from index `from` on) to the outputs
 *  it returns: the same layer's values (`loss_fct(logits.view(-1), labels)` too). */
export function forwardLosses(it: Interp, model: ModelInfo, out: PyValue, from: number): void {
  const losses = it.events.slice(from).filter((e): e is LossEvent => e.type === 'loss');
  if (losses.length === 0) return;
  const parts = returnedParts(out) ?? [out];
  const outputs = parts.flatMap((v) => (v.k === 'tensor' ? [v.ref] : []));
  if (outputs.length === 0) return;
  // Facts are final only once the module's code has run.
  it.defer(() => {
    const acts = outputs.map((r) => r.get().actSite).filter((s): s is Site => !!s);
    for (const e of losses) {
      const f = e.pred.get();
      // Applied to this model's output from outside (`self(x)` in a Lightning step): noted as usual.
      // An inner model's output (`self.net(x)`, returned as it is) trains this one too.
      if (f.model === model || !f.actSite || !acts.some((a) => sameSite(a, f.actSite))) continue;
      noteLoss(model, e.name, e.kind, f.widthSite, f.actSite);
    }
  });
}

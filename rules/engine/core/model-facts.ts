// What the engine knows about a model, in the shape the numeric check consumes.
import type { ModelFacts } from './types';
import type { LossKind } from './losses';
import type { LayerInfo, ModelInfo } from './facts';
import { sameSite, type Site } from './site';

/** A layer or a metric as the code writes it (`nn.Linear(32, 1)`), for reports in the user's framework. */
export function writtenAs(site: Site, textOf: (file: string) => string | undefined): string | undefined {
  // (The node's own text where the frontend keeps it: a notebook's code, not its JSON.)
  const own = (site.node as { text?: unknown } | undefined)?.text;
  const raw = typeof own === 'string' ? own : textOf(site.file)?.slice(site.start, site.end);
  const text = raw?.replace(/\s+/g, ' ').trim();
  if (!text || text.length <= 60) return text || undefined;
  // A long call (`Conv2D(16, 3, padding='same', ..., input_shape=(150, 150, 3))`): its first arguments.
  let cut = -1;
  for (let i = 0, depth = 0; i < Math.min(text.length, 53); i++) {
    if ('([{'.includes(text[i])) depth++;
    else if (')]}'.includes(text[i])) depth--;
    else if (depth === 1 && text.startsWith(', ', i)) cut = i;
  }
  return /^[\w.]+\(/.test(text) && cut > 0 ? `${text.slice(0, cut)}, \u2026)` : undefined;
}

export function modelFacts(m: ModelInfo, loss?: string, decision?: string, lossKind?: LossKind, textOf: (file: string) => string | undefined = () => undefined): ModelFacts {
  // A decision's report names no loss: the model's own, when it is trained with one loss only.
  // (Not one given an activation of its own first, `BCELoss()(torch.sigmoid(logits), y)`: the
  // replica cannot train it so.)
  const outAct = m.output.get().actSite;
  const trained = m.losses.filter((l) => l.kind && (!l.act || !outAct || sameSite(l.act, outAct)));
  if (loss === undefined && trained.length && trained.every((l) => l.name === trained[0].name && l.kind!.expects === trained[0].kind!.expects)) {
    loss = trained[0].name;
    lossKind ??= trained[0].kind;
  }
  const facts: ModelFacts = { framework: m.framework, layers: [], loss, decision };
  if (lossKind) facts.lossKind = { expects: lossKind.expects, family: lossKind.family, display: lossKind.display };
  if (m.kind === 'sequential' || (m.kind === 'module' && m.layers.length > 0 && !m.open)) {
    facts.inputWidth = m.layers[0]?.layer?.inputWidth ?? m.layers[0]?.layer?.inFeatures ?? m.inputWidth;
    for (const { layer, site } of m.layers) {
      const written = m.framework === 'tfjs' ? undefined : writtenAs(layer?.site ?? site, textOf);
      if (written) facts.layers.push(...layerFacts(layer).map((l) => ({ ...l, written })));
      else facts.layers.push(...layerFacts(layer));
    }
  } else {
    facts.inputWidth = m.inputWidth;
    const out = m.output.get();
    // Functional models: the head is what the output facts say; the trunk is unknown.
    facts.layers.push({ kind: 'unknown', name: 'functional trunk' });
    if (out.width !== undefined) {
      const act = out.act === 'logits' ? 'linear' : out.act === 'sigmoid' || out.act === 'softmax' ? out.act : out.act === 'log-softmax' ? 'log_softmax' : undefined;
      facts.layers.push({ kind: 'dense', units: out.width, activation: act });
    }
  }
  return facts;
}

function layerFacts(layer: LayerInfo | undefined): ModelFacts['layers'] {
  if (!layer) return [{ kind: 'unknown', name: 'unknown' }];
  if (layer.type === 'dense') return [{ kind: 'dense', units: layer.units, activation: layer.activation }];
  // A convolution is linear over its channels, as a dense layer is over its units: what the dense
  // replica needs of it (its name says which it was).
  const channels = layer.type === 'conv' ? layer.units ?? layer.channels : undefined;
  if (channels !== undefined) return [{ kind: 'dense', units: channels, activation: layer.activation, conv: layer.name }];
  if (layer.type === 'activation' && layer.activation) return [{ kind: 'activation', activation: layer.activation }];
  if (layer.type === 'softmax') return [{ kind: 'activation', activation: 'softmax' }];
  if (layer.type === 'passthrough') return [{ kind: 'passthrough', name: layer.name }];
  // A reshape (a Keras Reshape, a PyTorch forward's final squeeze or view: ops.ts shapeStep) keeps
  // the values, which is all the dense replica needs.
  if (layer.type === 'reshape') return [{ kind: 'passthrough', name: layer.name }];
  return [{ kind: 'unknown', name: layer.name }];
}

// What the engine knows about a model, in the shape the numeric check consumes.
import type { ModelInfo } from './facts';
import type { ModelFacts } from './types';
import type { LossKind } from './losses';

export function modelFacts(m: ModelInfo, loss?: string, decision?: string, lossKind?: LossKind): ModelFacts {
  const facts: ModelFacts = { framework: m.framework, layers: [], loss, decision };
  if (lossKind) facts.lossKind = { expects: lossKind.expects, family: lossKind.family, display: lossKind.display };
  if (m.kind === 'sequential' || (m.kind === 'module' && m.layers.length > 0 && !m.open)) {
    facts.inputWidth = m.layers[0]?.layer?.inputWidth ?? m.layers[0]?.layer?.inFeatures ?? m.inputWidth;
    for (const { layer } of m.layers) {
      if (!layer) facts.layers.push({ kind: 'unknown', name: 'unknown' });
      else if (layer.type === 'dense') facts.layers.push({ kind: 'dense', units: layer.units, activation: layer.activation });
      else if (layer.type === 'activation' && layer.activation) facts.layers.push({ kind: 'activation', activation: layer.activation });
      else if (layer.type === 'softmax') facts.layers.push({ kind: 'activation', activation: 'softmax' });
      else if (layer.type === 'passthrough') facts.layers.push({ kind: 'passthrough', name: layer.name });
      else facts.layers.push({ kind: 'unknown', name: layer.name });
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

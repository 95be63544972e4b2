// One of several models: `this.model = isEval ? tf.loadLayersModel(p) : this.buildModel()` (tfjs),
// `if arch == "unet": self.net = UNet()` / `elif ...: self.net = AttUNet()` (Python). What
// every member's output shares survives: it is a model's output, batch-first when every member is
// a LayersModel; its activation and width only when all members agree, and their evidence sites
// only when they are the same site (a finding cites one place, and a fix edits one place).
import { sameSite } from './site';
import { TensorRef, UNKNOWN_FACTS } from './facts';
import type { ModelInfo, TensorFacts } from './facts';

const unions = new WeakMap<ModelInfo, WeakMap<ModelInfo, ModelInfo>>();

export function unionOf(a: ModelInfo, b: ModelInfo): ModelInfo {
  // The same pair joins to the same union, so joins are stable across evaluations.
  let inner = unions.get(a);
  if (!inner) unions.set(a, (inner = new WeakMap()));
  const hit = inner.get(b);
  if (hit) return hit;
  const members = [...new Set([...(a.members ?? [a]), ...(b.members ?? [b])])];
  const named = members.find((m) => m.kind !== 'opaque') ?? members[0];
  const u: ModelInfo = {
    kind: 'union',
    framework: a.framework,
    site: named.site,
    members,
    layersModel: members.every((m) => m.layersModel),
    layers: [],
    open: true,
    output: TensorRef.of(UNKNOWN_FACTS),
    losses: [],
  };
  u.output = new TensorRef(() => joinOutputs(u, members.map((m) => m.output.get())));
  inner.set(b, u);
  return u;
}

function joinOutputs(u: ModelInfo, outs: TensorFacts[]): TensorFacts {
  const [first, ...rest] = outs;
  const act = rest.every((f) => f.act === first.act) ? first.act : 'unknown';
  const width = rest.every((f) => f.width === first.width) ? first.width : undefined;
  const rank = rest.every((f) => f.rank === first.rank) ? first.rank : undefined;
  const out: TensorFacts = { ...UNKNOWN_FACTS, act, width, rank, pred: true, modelOutput: true, model: u };
  if (act !== 'unknown' && rest.every((f) => sameSite(f.actSite, first.actSite))) out.actSite = first.actSite;
  // Members that agree, each with its own site (two Sequentials built on two branches): the
  // activation is known, with every place kept, so that no fix edits only one of them (no
  // vocabulary writes an activation edit for facts with actAlso).
  else if (act !== 'unknown' && outs.every((f) => f.actSite)) {
    out.actSite = first.actSite;
    out.actAlso = rest.map((f) => f.actSite!).filter((s) => !sameSite(s, first.actSite));
  }
  if (width !== undefined && rest.every((f) => sameSite(f.widthSite, first.widthSite))) out.widthSite = first.widthSite;
  if (rank === undefined && u.layersModel) out.minRank = 2;
  return out;
}

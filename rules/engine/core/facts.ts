// What the engine knows about tensors, layers and models, whatever the language: the abstract
// values both frontends produce and every rule reads. Anything the engine cannot prove is unknown.
import { sameSite, type Site } from './site';
import type { LossKind } from './losses';
import type { MetricEvent, ThresholdEvent } from './events';

/** What a tensor's values are. 'log-softmax': log-probabilities (PyTorch's log_softmax, NLLLoss's
 *  input). 'other' = a known activation that is none of these (relu, tanh, ...). */
export type Activation = 'logits' | 'sigmoid' | 'softmax' | 'log-softmax' | 'other' | 'unknown';

export type Framework = 'tfjs' | 'pytorch' | 'keras';

export interface TensorFacts {
  act: Activation;
  /** Evidence for `act`: the activation argument / softmax layer / sigmoid call, or the output
   *  layer that has no activation (for logits). */
  actSite?: Site;
  /** Other places the same activation comes from (a value joined from branches: two model classes
   *  that both end in a sigmoid): a fix at actSite alone would leave these. */
  actAlso?: Site[];
  /** Size of the last axis, when known. */
  width?: number;
  /** The layer or call that fixes the width. */
  widthSite?: Site;
  /** Size of axis 1 of a PyTorch convolution's output (N, C, ...: channels first), and the layer
   *  that fixes it; read only on a model's direct output (modelOutput), where nothing reshaped it. */
  channels?: number;
  channelsSite?: Site;
  /** The rank of a batched input to that convolution: a model called on fewer axes (an unbatched
   *  `[C, L]`) gives an output whose axis 1 is no channel. */
  channelsRank?: number;
  /** 0: one sample of that output (`model(img[None])[0]`, [C, H, W]), whose channels are axis 0. */
  channelsAxis?: 0;
  rank?: number;
  /** A lower bound on the rank when the rank itself is unknown (a LayersModel's output: batch
   *  axis plus at least one). */
  minRank?: number;
  /** Shared by the tensors known to have one rank (a forward's input and what row-wise layers and
   *  elementwise ops make of it): a witness seen later (a bmm operand, a pooling over dim 1 fed to a
   *  Linear) raises its minRank, read when the rules judge (python/rank-witness.ts). */
  rankCell?: RankCell;
  /** Produced by a model or an activation: a prediction, not data. */
  pred: boolean;
  /** Computed by a module with no layer whose settings we do not know all of (a target assigner
   *  given `num_classes=self.nc`; or a probe given its weights): maybe a prediction, maybe a target,
   *  so no argument order is judged by it. */
  maybePred?: boolean;
  /** Straight from a model's output (no squeeze/reshape since). */
  modelOutput: boolean;
  /** Clipped into a range since the activation (`torch.clamp(logits, 0, 1)`): still compared like
   *  it, but a loss that applies the activation itself would see the clipped values. */
  clipped?: boolean;
  /** Clipped into [0, 1] (both bounds known): handed to a loss that takes probabilities, the model
   *  learns to put its outputs there, so 0.5 is their cut (the clip itself stays a finding). */
  clippedToUnit?: boolean;
  /** The lower bound of a clip of these logits, when it is 0 or more (`np.clip(z, 0.025, 0.975)`: none
   *  is at or below 0, so a cut at 0 decides nothing; at 0, `>= 0` takes them all). */
  clipFloor?: number;
  /** Multiplied or divided by a number other than 1 (`p * 100`, `z / T`): the same sign, so a cut
   *  at 0 is still the logits', but rounding them quantizes into steps (a percentage shown). */
  scaled?: boolean;
  /** Probabilities mapped by a known affine map that stays in [0, 1] (`torch.sigmoid(z) * 0.98 +
   *  0.01`): still probabilities, but no longer the activation's own values, so no edit written for
   *  those (the activation removed or renamed, a cut moved to 0.5, a loss switched) is sure. */
  remapped?: boolean;
  /** Axes reordered so that the last one, a softmax's, is no longer where the classes are read (a
   *  matrix transposed, `z.T`): still the same values, but a loss's own softmax is over others. */
  classesMoved?: boolean;
  /** A softmax over axis 1 of values of rank 3 or more (channels first, (N, C, ...)): any
   *  reshape or reordering of their axes may take that axis from where a loss reads the classes
   *  (`softmax(out, dim=1)` of (N, T, C), then `.transpose(1, 2)`: classesMoved then). */
  softmaxAtOne?: boolean;
  /** Normalised after the layer that made it (BatchNormalization, LayerNorm): no activation can be
   *  added to that layer to make the output probabilities. */
  rescaled?: boolean;
  /** A sigmoid applied to values that already were probabilities (`torch.sigmoid(p)` of a sigmoid
   *  or softmax output): the first activation and where it was. Its values all lie in (0.5, 0.73),
   *  so a cut at 0.5 of them is a cut at 0 of the probabilities. */
  squashedFrom?: { act: 'sigmoid' | 'softmax'; site: Site };
  /** The sigmoid is the hard one (Keras' hard_sigmoid, tfjs' hardSigmoid, PyTorch's Hardsigmoid):
   *  piecewise linear, exactly 0 or 1 a few units from 0, where it passes no gradient. */
  hardSigmoid?: boolean;
  /** An activation applied to a model's logits after the model (`torch.sigmoid(model(x))`): where
   *  those logits come from. A loss on these values trains them: the model is a classifier. */
  over?: Site;
  /** Cut from the gradient (made under `torch.no_grad()`, `.detach()`): in a loss's labels position,
   *  a deliberate target (soft targets, pseudo-labels), not arguments written the wrong way round. */
  detached?: boolean;
  /** What the tensor is known to be when it is not a prediction. */
  role?: 'labels' | 'data' | 'input';
  model?: ModelInfo;
}

export const UNKNOWN_FACTS: TensorFacts = { act: 'unknown', pred: false, modelOutput: false };

/** Lazily computed facts: a model's output is only known once every `.add` has been seen. */
export interface RankCell {
  minRank?: number;
}

/** The least rank the facts and their rank cell show (0 when none). */
export function leastRank(f: TensorFacts): number {
  return Math.max(f.minRank ?? 0, f.rankCell?.minRank ?? 0);
}

export class TensorRef {
  private cached?: TensorFacts;
  private computing = false;
  constructor(private readonly compute: () => TensorFacts) {}
  get(): TensorFacts {
    if (this.cached) return this.cached;
    if (this.computing) return UNKNOWN_FACTS; // a cycle: say nothing
    this.computing = true;
    try {
      this.cached = this.compute();
    } finally {
      this.computing = false;
    }
    return this.cached;
  }
  /** The facts if already computed (reading a lazy one early would fix it too soon). */
  known(): TensorFacts | undefined {
    return this.cached;
  }
  static of(f: TensorFacts): TensorRef {
    const r = new TensorRef(() => f);
    r.cached = f;
    return r;
  }
  map(fn: (f: TensorFacts) => TensorFacts): TensorRef {
    return new TensorRef(() => fn(this.get()));
  }
}

/** 'conv': a convolution; linear like a dense layer, but its channels are the last axis only when
 *  the framework puts them there (Keras), so `units` is set only then. */
/** 'embedding': a lookup of learned rows (nn.Embedding): raw numbers, one axis more than its input. */
export type LayerType = 'dense' | 'conv' | 'activation' | 'softmax' | 'passthrough' | 'flatten' | 'reshape' | 'global-pool' | 'module' | 'embedding' | 'unknown';

export interface LayerInfo {
  type: LayerType;
  /** As the framework names it: 'dense', 'Linear', 'Dense', 'Sigmoid', ... */
  name: string;
  site: Site;
  /** dense: units when known. reshape: last target dim. */
  units?: number;
  /** A PyTorch convolution's out_channels (axis 1 of its output), and the rank of a batched input
   *  (Conv2d: 4); an input known to have fewer axes is unbatched, its axis 1 no channel. */
  channels?: number;
  batchedRank?: number;
  /** dense: input features when written (nn.Linear(in, out)). */
  inFeatures?: number;
  /** dense/activation: 'linear' when absent from a closed config; 'log_softmax' for log-probabilities;
   *  undefined = unknown. */
  activation?: string;
  /** Site that states the activation (the argument), or the layer call when implied. */
  actSite?: Site;
  /** Rank of the model input declared on this layer (inputShape.length + 1). */
  inputRank?: number;
  inputWidth?: number;
  /** A normalisation layer: a passthrough for the shape, not for the values (core/layers.ts). */
  rescales?: boolean;
  /** softmax layer: axis other than the last makes it unknown. */
  axisKnownLast?: boolean;
  /** softmax layer whose axis is the last exactly when its input has this rank (PyTorch's
   *  nn.Softmax() without dim: the legacy implicit dim is 1 on a 2-D input). */
  lastAxisAtRank?: number;
  /** reshape layer: output rank. */
  outRank?: number;
  /** module: what a user module (an item of a Sequential) outputs, whatever its input. */
  output?: () => TensorFacts;
}

export interface ModelInfo {
  /** 'module': a PyTorch nn.Module subclass (its output is what forward returns). */
  /** 'union': one of several models (`cond ? loaded : built`); `members` says which. */
  kind: 'sequential' | 'functional' | 'module' | 'opaque' | 'union';
  members?: ModelInfo[];
  /** Models the same code made (one array for all of them): a builder called twice, a class
   *  instantiated twice. */
  twins?: ModelInfo[];
  /** An instance of a class: the losses of the class's methods run on no particular instance
   *  (a generic run), which train every instance. */
  classTraining?: ModelInfo['losses'];
  /** The class it is an instance of (two instances of one class joined stand for each other). */
  ofClass?: object;
  /** The rank cells of inputs it was applied to (TensorFacts.rankCell): one shown to be a sequence
   *  makes its output on other inputs of unknown rank no presumed [batch, units] either. */
  inputCells?: RankCell[];
  /** Its parameters are given to an optimiser here: trained, maybe by a loss the analysis does not
   *  read (`(reg(x) - y).abs().mean()`), so it is no untrained twin. */
  optimised?: boolean;
  /** Signs that it is the model being fitted here: put in training mode (`model.train()`; a teacher is
   *  put in eval mode), or its parameters taken (for an optimiser built from a list of them). */
  trainedHere?: boolean;
  /** A Keras/tfjs LayersModel (built or loaded): its outputs are batch-first, rank >= 2. */
  layersModel?: boolean;
  framework: Framework;
  site: Site;
  layers: Array<{ layer: LayerInfo | undefined; site: Site; conditional: boolean }>;
  /** An unknown layer list (e.g. `layers: someArray`): output unknown. */
  open: boolean;
  inputRank?: number;
  inputWidth?: number;
  output: TensorRef;
  /** Every loss this model is trained with; `kind` is undefined for a loss that is not a
   *  classification loss (mse, ...). A linear output is only "logits" for a classifier; for a
   *  regression it is the answer itself. */
  losses: Array<{ name: string; kind?: LossKind; head?: Site; act?: Site; clippedToUnit?: boolean; over?: Site }>;
  /** The metrics it is compiled with (noted by the core before the rules run). */
  metrics?: MetricEvent[];
  /** Metrics that read its outputs and that no compile metric event stands for: applied by the code
   *  itself (`acc.update_state(y, out)`, `auc(y, out)`), or compiled but not known (the string
   *  'TruePositives', a third-party metric object). A loss switched to take logits leaves them
   *  reading logits as they read probabilities before (judge.ts metricsLeftBySwitch). */
  readingMetrics?: MetricEvent[];
  /** The thresholds its outputs reach (noted by the core before the rules run). */
  thresholds?: ThresholdEvent[];
  /** Compiled with metrics the frontend could not read (tfjs per-output metrics). */
  metricsUnread?: boolean;
  /** fit() is given classWeight somewhere: tf.losses.* (already reduced) would drop the weighting. */
  classWeighted?: boolean;
  /** tfjs: saved with its training config (`model.save(url, {includeOptimizer: true})`): a loss
   *  function (tf.losses.*) is saved as nothing, and the reloaded model cannot fit; a string can. */
  savedWithTrainingConfig?: boolean;
  /** tfjs: its outputs are read (predict(), apply(), execute()) or it is saved for code that will
   *  read them: a loss switch that makes it learn logits instead would change what they get. */
  outputsRead?: boolean;
  /** Its one-unit output, squeezed, is given to a loss over classes: one score per item of a
   *  [batch, items, 1] output (candidates, tokens), so its rank is not the [batch, 1] presumed. */
  scoresItems?: boolean;
}

/** Records that a model is compiled with a metric. */
export function noteMetric(m: ModelInfo, e: MetricEvent): void {
  (m.metrics ??= []).push(e);
}

/** Records a metric that reads a model's outputs outside what compile events judge (see readingMetrics). */
export function noteReadingMetric(m: ModelInfo, e: MetricEvent): void {
  (m.readingMetrics ??= []).push(e);
}

/** Records that a model is trained with a loss (once per name and place). `head`: the layer whose width the loss's input has (one head of a model with several outputs;
 *  undefined where unknown: the loss is taken to train every output); `act`: where its input's
 *  activation, or the logits' layer, is (a column of one layer keeps it). */
export function noteLoss(m: ModelInfo, name: string, kind: LossKind | undefined, head?: Site, act?: Site, clippedToUnit?: boolean, over?: Site): void {
  const same = (l: ModelInfo['losses'][number]) => l.name === name && (head ? sameSite(l.head, head) : !l.head) && (act ? sameSite(l.act, act) : !l.act);
  const known = m.losses.find(same);
  if (!known) m.losses.push({ name, kind, ...(head ? { head } : {}), ...(act ? { act } : {}), ...(clippedToUnit ? { clippedToUnit } : {}), ...(over ? { over } : {}) });
  else if (clippedToUnit) known.clippedToUnit = true;
}

/** After the losses are noted: a model never trained itself is trained as its twins are (the same
 *  builder call: `m2 = build_model(); m2.load_weights(path)`), when those agree; twins compiled
 *  differently are models of their own. */
export function inheritTwinTraining(models: Iterable<ModelInfo>): void {
  const all = [...models];
  for (const m of all) for (const l of m.classTraining ?? []) if (!m.losses.includes(l)) m.losses.push(l);
  for (const m of all) {
    if (m.losses.length || m.optimised || !m.twins) continue;
    const trained = m.twins.filter((t) => t.losses.length > 0);
    const kinds = new Set(trained.map((t) => t.losses.map((l) => `${l.name}:${l.kind?.expects}`).sort().join(',')));
    if (kinds.size === 1) m.losses.push(...trained[0].losses);
  }
}

/** The target a compiled loss takes from fit(): the labels every fit() since the compile gave it,
 *  where all are one model's output (a teacher's predictions, in distillation) through one
 *  activation; labels we do not know where they differ, one is not known, or no fit() is seen. */
export function fittedTarget(given: Array<TensorFacts | undefined>): TensorFacts {
  const [first] = given;
  const same = (f: TensorFacts | undefined) => !!f && f.model === first?.model && f.act === first?.act && !!f.actSite && sameSite(f.actSite, first?.actSite);
  return first?.model && given.every(same) ? first : { ...UNKNOWN_FACTS, role: 'labels' };
}

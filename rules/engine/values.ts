// The abstract values the evaluator computes. Everything the engine cannot prove is `unknown`.
import ts = require('typescript');

/** What a tensor's values are. 'other' = a known activation that is neither (relu, tanh, ...). */
export type Activation = 'logits' | 'sigmoid' | 'softmax' | 'other' | 'unknown';

export interface TensorFacts {
  act: Activation;
  /** Evidence for `act`: the activation property / softmax layer / tf.sigmoid call, or the output
   *  layer that has no activation (for logits). */
  actNode?: ts.Node;
  /** Size of the last axis, when known. */
  width?: number;
  /** The layer or call that fixes the width. */
  widthNode?: ts.Node;
  rank?: number;
  /** Produced by a model or an activation: a prediction, not data. */
  pred: boolean;
  /** Straight from a model's output (no squeeze/reshape since). */
  modelOutput: boolean;
  /** What the tensor is known to be when it is not a prediction. */
  role?: 'labels' | 'data' | 'input';
  model?: ModelInfo;
}

export const UNKNOWN_FACTS: TensorFacts = { act: 'unknown', pred: false, modelOutput: false };

/** Lazily computed facts: a model's output is only known once every `.add` has been seen. */
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
  static of(f: TensorFacts): TensorRef {
    const r = new TensorRef(() => f);
    r.cached = f;
    return r;
  }
  map(fn: (f: TensorFacts) => TensorFacts): TensorRef {
    return new TensorRef(() => fn(this.get()));
  }
}

export type LayerType = 'dense' | 'activation' | 'softmax' | 'passthrough' | 'flatten' | 'reshape' | 'global-pool' | 'unknown';

export interface LayerInfo {
  type: LayerType;
  name: string;
  node: ts.Node;
  /** dense: units when known. reshape: last target dim. */
  units?: number;
  /** dense/activation: 'linear' when absent from a closed config; undefined = unknown. */
  activation?: string;
  /** Node that states the activation (the property), or the layer call when implied. */
  actNode?: ts.Node;
  /** Rank of the model input declared on this layer (inputShape.length + 1). */
  inputRank?: number;
  inputWidth?: number;
  /** softmax layer: axis other than -1 makes it unknown. */
  axisKnownLast?: boolean;
  /** reshape layer: output rank. */
  outRank?: number;
}

export interface ModelInfo {
  kind: 'sequential' | 'functional' | 'opaque';
  node: ts.Node;
  layers: Array<{ layer: LayerInfo | undefined; call: ts.Node; conditional: boolean }>;
  /** Functional models: the outputs tensor. */
  outputs?: TensorRef;
  /** An unknown layer list (e.g. `layers: someArray`): output unknown. */
  open: boolean;
  inputRank?: number;
  inputWidth?: number;
  output: TensorRef;
  /** Every loss this model is trained with (compile strings, tf.losses.* calls on its output). A
   *  linear output is only "logits" for a classifier; for a regression it is the answer itself. */
  losses: string[];
  /** fit() is given classWeight somewhere: tf.losses.* (already reduced) would drop the weighting. */
  classWeighted?: boolean;
}

export type Value =
  | { k: 'unknown' }
  | { k: 'tf'; path: string }
  | { k: 'num'; v: number }
  | { k: 'str'; v: string; node: ts.Node }
  | { k: 'nullish' }
  | { k: 'obj'; props: Map<string, { value: Value; node: ts.Node }>; open: boolean }
  | { k: 'arr'; items: Value[]; open: boolean }
  | { k: 'fn'; decl: ts.SignatureDeclaration; env: Env; self?: Value }
  | { k: 'layer'; layer: LayerInfo }
  | { k: 'model'; model: ModelInfo }
  | { k: 'tensor'; t: TensorRef }
  /** dataSync()/arraySync() results (`elem`: one element of them). */
  | { k: 'data'; t: TensorRef; elem: boolean }
  | { k: 'module'; file: string }
  | { k: 'class'; decl: ts.ClassLikeDeclaration }
  /** An instance of a class, or the `this` of an object literal's methods. */
  | { k: 'instance'; decl: ts.ClassLikeDeclaration | ts.ObjectLiteralExpression };

/** Parameter bindings of the calls being evaluated (persistent: extended by copy). */
export type Env = ReadonlyMap<ts.Node, Value>;
export const EMPTY_ENV: Env = new Map();

export const UNKNOWN: Value = { k: 'unknown' };

export function tensorOf(v: Value): TensorRef | undefined {
  if (v.k === 'tensor' || v.k === 'data') return v.t;
  return undefined;
}

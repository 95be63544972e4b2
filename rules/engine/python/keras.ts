// The Keras / tf.keras / TensorFlow API: layers (Dense's units and activation, Activation, Softmax,
// Input shapes), Sequential / functional / subclassed models, compile(loss=, metrics=), predict,
// fit(class_weight=), TensorFlow's activation and decision ops. Keras losses take (y_true, y_pred).
import type { SyntaxNode as Node } from './syntax-tree';
import type { LayerInfo, ModelInfo } from '../core/facts';
import { TensorRef, UNKNOWN_FACTS } from '../core/facts';
import { IMAGE_DATASETS, imageDataset, oneStepInput } from './one-sample';
import { PyValue, UNKNOWN, NONE, tensor, num, str, refOf, mapRef, single, batchesOfOne } from './values';
import type { Interp, CallSite } from './evaluator';
import { arg, argValue } from './evaluator';
import { axisOf, modelCall, threshold } from './ops';
import { noteFitLabels } from './operators';
import { callLossFunction, constructLoss, constructMetric, isMetricApi, regression } from './losses';
import { isLossApi, isLossClass, isRegressionApi } from './loss-catalogue';
import { compile, fitTarget, trainedWith } from './compile';
import { madeOutputOf } from './escapes';
import { newSequential, addModule, addedConditionally, markUsed, moduleItem, softmaxAxis, callLayer, clonedModel } from './sequential';
import { noteTwin } from './shared-sites';
import { modelOutputOf } from './transformers';
import { kerasVocab } from './vocab-keras';
import { nameLayer, predictedOutputs, recordOutputs } from './keras-outputs';
import { callbacksOf, callbacksSee, savedByCallbacks } from './saved-elsewhere';
import { merged } from './arithmetic';
import { api } from './program';
import { tfOp } from './tf-ops';
import { activationName, application, argumentNode } from './keras-heads';
import { asArray } from './array-kind';

const PASSTHROUGH = new Set(['Dropout', 'BatchNormalization', 'LayerNormalization', 'GaussianNoise', 'GaussianDropout', 'SpatialDropout1D', 'AlphaDropout', 'ActivityRegularization',
  // Resampled, cropped or padded over space (a segmentation map brought to the mask's size): the
  // same kind of values, the channels (last axis) kept.
  'UpSampling1D', 'UpSampling2D', 'UpSampling3D', 'Cropping1D', 'Cropping2D', 'Cropping3D', 'ZeroPadding1D', 'ZeroPadding2D', 'ZeroPadding3D', 'Resizing', 'CenterCrop']);
const GLOBAL_POOL = /^Global(?:Average|Max)Pooling[123]D$/;
const RECURRENT = /^(?:LSTM|GRU|SimpleRNN)$/;
const CONV = /^(?:Conv[123]D|Conv[123]DTranspose|SeparableConv[12]D)$/;
const OTHER_ACTIVATION_LAYERS = new Set(['ReLU', 'LeakyReLU', 'PReLU', 'ELU', 'ThresholdedReLU']);

/** input_shape=(n,) / input_dim=n / shape=(n,) on a layer or Input: rank and last width. */
function inputShape(c: CallSite, name: string, index = -1): { rank?: number; width?: number } {
  const shape = arg(c, index, name)?.value;
  // `input_shape=[]` (a scalar per sample) has no last axis.
  if (shape?.k === 'seq' && !shape.open) return { rank: shape.items.length + 1, width: shape.items.length ? num(shape.items[shape.items.length - 1]) : undefined };
  const dim = num(arg(c, -1, 'input_dim')?.value ?? UNKNOWN);
  return dim !== undefined ? { rank: 2, width: dim } : {};
}

function layerOf(it: Interp, short: string, c: CallSite): LayerInfo | undefined {
  const site = c.site;
  const shape = inputShape(c, 'input_shape');
  const base = { name: short, site, inputRank: shape.rank, inputWidth: shape.width };
  if (short === 'Dense' || CONV.test(short)) {
    // A convolution is linear too; its channels (filters) are the last axis unless data_format says not.
    const conv = short !== 'Dense';
    const format = conv ? argValue(c, -1, 'data_format', NONE) : NONE;
    const channelsLast = format.k === 'none' || str(format) === 'channels_last';
    // (Keras 1 named a Dense's units `output_dim`.)
    const units = channelsLast ? num(conv || !c.args.kw.has('output_dim') ? argValue(c, 0, conv ? 'filters' : 'units', UNKNOWN) : c.args.kw.get('output_dim')!) : undefined;
    const a = arg(c, conv ? -1 : 1, 'activation');
    const act = a ? activationName(a.value) : c.args.splat ? undefined : 'linear';
    // (An activation bound by a partial has no node here: no site a fix could edit.)
    const actSite = a?.node ? it.site(argumentNode(a.node), c.frame.module.file) : a ? undefined : site;
    if ((act === 'softmax' || act === 'log_softmax') && a?.node && actSite) {
      it.emit({ type: 'softmax', site: actSite, vocab: kerasVocab, input: TensorRef.of({ ...UNKNOWN_FACTS, width: units, widthSite: site, pred: true }), kind: 'dense-activation', ...(act === 'log_softmax' ? { log: true } : {}) });
    }
    return { ...base, type: conv ? 'conv' : 'dense', units, activation: act, actSite };
  }
  if (short === 'Activation') {
    const a = arg(c, 0, 'activation');
    const layer: LayerInfo = { ...base, type: 'activation', activation: activationName(a?.value ?? UNKNOWN), actSite: a?.node ? it.site(argumentNode(a.node), c.frame.module.file) : a ? undefined : site };
    if (layer.activation === 'softmax') softmaxAxis.set(layer, -1);
    return layer;
  }
  if (short === 'Softmax') {
    const axis = axisOf(argValue(c, 0, 'axis', { k: 'const', v: -1, site }));
    const layer: LayerInfo = { ...base, type: 'softmax', axisKnownLast: axis === -1, actSite: site };
    softmaxAxis.set(layer, axis);
    return layer;
  }
  if (OTHER_ACTIVATION_LAYERS.has(short)) return { ...base, type: 'activation', activation: short.toLowerCase(), actSite: site };
  // `layers.Lambda(tf.nn.softmax)`, `Lambda(keras.activations.sigmoid)`: an activation layer; any
  // other function (a lambda expression included) is an unknown layer.
  if (short === 'Lambda') {
    const fn = arg(c, 0, 'function');
    const act = activationName(fn?.node?.type === 'lambda' ? lambdaActivation(it, fn.node, c) : fn?.value ?? UNKNOWN);
    if (act !== 'sigmoid' && act !== 'softmax' && act !== 'hard_sigmoid') return undefined;
    const layer: LayerInfo = { ...base, type: 'activation', activation: act, actSite: site };
    if (act === 'softmax') softmaxAxis.set(layer, -1);
    return layer;
  }
  if (PASSTHROUGH.has(short) || short === 'InputLayer') {
    const s = short === 'InputLayer' ? inputShape(c, 'input_shape').rank ? inputShape(c, 'input_shape') : inputShape(c, 'shape') : shape;
    return { ...base, type: 'passthrough', inputRank: s.rank, inputWidth: s.width, ...(/Normalization$/.test(short) ? { rescales: true } : {}) };
  }
  if (short === 'Flatten') return { ...base, type: 'flatten' };
  if (GLOBAL_POOL.test(short)) return { ...base, type: 'global-pool' };
  // A recurrent layer that returns only its last output (`LSTM(64)`, `Bidirectional(GRU(32))`):
  // [batch, units], as after a global pooling. return_sequences=True (or unknown): a sequence.
  if (RECURRENT.test(short) && !c.args.splat && c.args.pos.length <= 1) {
    const seqs = arg(c, -1, 'return_sequences');
    if (!seqs || (seqs.value.k === 'const' && seqs.value.v === false)) return { ...base, type: 'global-pool' };
  }
  if (short === 'Bidirectional' && !c.args.splat) {
    const inner = arg(c, 0, 'layer')?.value;
    if (inner?.k === 'layer' && inner.layer.type === 'global-pool' && RECURRENT.test(inner.layer.name ?? '')) return { ...base, type: 'global-pool' };
  }
  // TimeDistributed(Dense(n)): the same layer on each step (a Dense on a sequence computes so too).
  if (short === 'TimeDistributed' && !c.args.splat) {
    const inner = arg(c, 0, 'layer')?.value;
    if (inner?.k === 'layer' && (inner.layer.type === 'dense' || inner.layer.type === 'activation' || inner.layer.type === 'softmax')) return inner.layer;
  }
  if (short === 'Reshape') {
    const t = argValue(c, 0, 'target_shape', UNKNOWN);
    // Reshape(()) drops a trailing axis of one: (batch,), whose last axis is not a unit axis.
    if (t.k === 'seq' && !t.open) return { ...base, type: 'reshape', units: t.items.length ? num(t.items[t.items.length - 1]) : undefined, outRank: t.items.length + 1 };
  }
  return undefined;
}

export function kerasCall(it: Interp, name: string, c: CallSite): PyValue | undefined {
  // keras.activations.get("sigmoid"), keras.losses.get("binary_crossentropy"): the name itself,
  // which an activation argument or compile's loss reads as written.
  if (name === 'keras.activations.get' || name === 'keras.losses.get') {
    const v = arg(c, 0, 'identifier')?.value;
    const s = v && str(v);
    // An activation's is its function (`act = activations.get("sigmoid"); act(z)` calls it).
    if (name === 'keras.activations.get' && s !== undefined && /^[a-z_]+$/.test(s)) return api(`keras.activations.${s}`);
    return v && s !== undefined ? v : UNKNOWN;
  }
  // `keras.callbacks.CallbackList([cb], model=b)`: those callbacks run with that model.
  if (/^keras\.callbacks\.CallbackList$/.test(name)) {
    const given = arg(c, 0, 'callbacks')?.value;
    const model = arg(c, -1, 'model')?.value;
    if (given?.k === 'seq') callbacksSee([...given.items, ...(given.tail ?? [])], model ?? UNKNOWN);
  }
  // tf.function(model), tf.function(model.call): the same model, traced (a user function given to it
  // is run as code we do not see).
  if (name === 'tensorflow.function') {
    const fn = arg(c, 0, 'func')?.value;
    const model = fn?.k === 'method' ? fn.recv : fn;
    if (fn && (model?.k === 'model' || model?.k === 'instance')) return fn;
  }
  // TF 1's functional layer (`tf.layers.dense(h, 1)`, `tf.compat.v1.layers.dense`): a Dense of
  // (units, activation, ...) applied to its first argument at once.
  if (/^tensorflow\.(?:compat\.v1\.)?layers\.dense$/.test(name)) {
    const args = { ...c.args, pos: c.args.pos.slice(1), posNodes: c.args.posNodes.slice(1) };
    const info = c.args.pos.length || c.args.kw.has('inputs') ? layerOf(it, 'Dense', { ...c, args }) : undefined;
    return info ? callLayer(it, { k: 'layer', layer: info, vocab: kerasVocab }, arg(c, 0, 'inputs')?.value, c.site) : UNKNOWN;
  }
  // The applications' input scaling: the same batch (one sample stays one), other values.
  if (/^keras\.applications\.[\w.]*preprocess_input$/.test(name)) {
    const x = arg(c, 0, 'x')?.value;
    return x?.k === 'tensor' && x.single ? single(tensor({ ...UNKNOWN_FACTS, role: 'data' })) : tensor({ ...UNKNOWN_FACTS, role: 'data' });
  }
  if (isLossClass(name)) return constructLoss(name, c);
  if (isLossApi(name)) return callLossFunction(it, name, c);
  if (isMetricApi(name)) return metricApi(it, name, c);
  if (isRegressionApi(name)) return regression(it, name, c);
  if (name === 'keras.Sequential') {
    const items = arg(c, 0, 'layers')?.value;
    // A list grown in a loop, then ended by known layers: an unknown start, then those layers.
    const list = !items ? [] : items.k !== 'seq' ? undefined : !items.open ? items.items : items.tail?.length ? [UNKNOWN, ...items.tail] : undefined;
    return newSequential(it, 'keras', c.site, list, kerasVocab, c.frame);
  }
  if (name === 'keras.Model') return functional(it, c);
  // `tf.add(wide, deep)`, `layers.add([wide, deep])`: a sum (or a mean) of the tensors, as `+` is.
  if (/^(?:tensorflow\.(?:math\.)?add|keras\.ops\.add)$/.test(name) && c.args.pos.length === 2) return merged('sum', c.args.pos) ?? UNKNOWN;
  if (/^keras\.layers\.(?:add|average)$/.test(name) && c.args.pos[0]?.k === 'seq' && !c.args.pos[0].open) return merged(name.endsWith('add') ? 'sum' : 'mean', c.args.pos[0].items) ?? UNKNOWN;
  // (A clone_function may rebuild any layer, the output's activation too: unknown then.)
  if (name === 'keras.models.clone_model') return c.args.kw.has('clone_function') || c.args.pos.length > 2 || c.args.splat ? UNKNOWN : clonedModel(it, arg(c, 0, 'model')?.value, c.site);
  if (/^keras\.applications\.(?:\w+\.)?[A-Z]\w*$/.test(name)) return application(it, c);
  if (name === 'keras.Input' || name === 'keras.layers.Input') {
    const s = inputShape(c, 'shape', 0);
    return tensor({ ...UNKNOWN_FACTS, role: 'input', rank: s.rank, width: s.width }, []);
  }
  if (IMAGE_DATASETS.test(name)) return imageDataset();
  // `image_dataset_from_directory(..., batch_size=1)`: batches of one sample.
  if (/^keras\.(?:utils|preprocessing)\.(?:image|text|audio)_dataset_from_directory$|^keras\.(?:utils|preprocessing)\.timeseries_dataset_from_array$/.test(name)) {
    return !c.args.splat && num(c.args.kw.get('batch_size') ?? UNKNOWN) === 1 ? batchesOfOne() : UNKNOWN;
  }
  const layer = /^keras\.layers\.(?:\w+\.)?([A-Z]\w*)$/.exec(name)?.[1];
  if (layer) {
    const info = layerOf(it, layer, c) ?? { type: 'unknown', name: layer, site: c.site };
    nameLayer(info, c);
    return { k: 'layer', layer: info, vocab: kerasVocab };
  }
  const op = /^(?:tensorflow(?:\.nn|\.math)?|keras\.(?:activations|ops|backend))\.(\w+)$/.exec(name)?.[1];
  return op ? tfOp(it, name, op, c) : undefined;
}

/** keras.metrics.BinaryAccuracy(...) builds a metric; keras.metrics.binary_accuracy(y, p) is one. */
function metricApi(it: Interp, name: string, c: CallSite): PyValue {
  const m = constructMetric(it, name.replace(/binary_accuracy$/, 'BinaryAccuracy'), c);
  if (/binary_accuracy$/.test(name) && m.k === 'metric') {
    const pred = arg(c, 1, 'y_pred');
    if (pred) it.emit({ type: 'metric', site: c.site, vocab: kerasVocab, name: 'binary_accuracy', binary: true, alias: false, pred: refOf(pred.value) });
    return tensor({ ...UNKNOWN_FACTS });
  }
  return m;
}

/** The first functional model made over each output tensor. */
const overOutput = new WeakMap<TensorRef, ModelInfo>();

/** keras.Model(inputs, outputs): the output tensor's facts are the model's. */
export function functional(it: Interp, c: CallSite): PyValue {
  // Keras 1 and 2.0-2.2 also took `input=` and `output=`.
  const inputs = (arg(c, 0, 'inputs') ?? arg(c, -1, 'input'))?.value;
  const given = (arg(c, 1, 'outputs') ?? arg(c, -1, 'output'))?.value;
  if (!given) return UNKNOWN; // keras.Model() as a base call, or a subclass constructor
  // `outputs=[x]`: one output (its loss, its predictions: the same values, listed or not).
  const outputs = given.k === 'seq' && !given.open && given.items.length === 1 && given.items[0].k === 'tensor' ? given.items[0] : given;
  const model: ModelInfo = { kind: 'functional', framework: 'keras', site: c.site, layers: [], open: true, losses: [], output: TensorRef.of(UNKNOWN_FACTS) };
  noteTwin(model, c.frame);
  madeOutputOf(it, given, model);
  if (inputs?.k === 'tensor') {
    const f = inputs.ref.get();
    model.inputRank = f.rank;
    model.inputWidth = f.width;
  }
  if (outputs.k === 'tensor') {
    const ref = outputs.ref;
    // Another model over the same output tensor (an inference model beside the trained one) shares
    // every weight up to it: what trains one trains the other.
    const twin = overOutput.get(ref);
    if (twin) model.losses = twin.losses;
    else overOutput.set(ref, model);
    model.output = mapRef(ref, (f) => ({ ...f, pred: true, modelOutput: true, model }));
    if (outputs.chain) {
      model.layers = outputs.chain;
      model.open = false;
    }
  } else {
    model.output = TensorRef.of({ ...UNKNOWN_FACTS, pred: true, modelOutput: true, model });
    recordOutputs(model, outputs);
  }
  it.models.push(model);
  return { k: 'model', model, vocab: kerasVocab };
}

/** Methods that compile, train or run a model (sequential.ts addModule: a layer added after them). */
const USES = new Set(['compile', 'fit', 'evaluate', 'train_on_batch', 'test_on_batch', 'fit_generator', 'evaluate_generator', 'predict_classes', 'predict_proba', 'predict', 'predict_generator', 'predict_on_batch', 'predict_step', '__call__', 'call', 'stateless_call']);

/** Methods of a Keras model: add/pop, compile, fit, predict, calling it. */
export function kerasMethod(it: Interp, recv: Extract<PyValue, { k: 'model' }>, name: string, c: CallSite): PyValue | undefined {
  const m = recv.model;
  if (USES.has(name) && m.layers.length > 0) markUsed(m);
  // `evaluate(..., callbacks=[cb])`, `predict(...)`: the callbacks run with this model too.
  if (name !== 'fit' && c.args.kw.has('callbacks')) callbacksSee(callbacksOf(c, -1), recv);
  switch (name) {
    case 'add':
      if (c.args.pos[0]) addModule(recv, moduleItem(it, c.args.pos[0], c.frame), c.site, addedConditionally(recv, c.frame));
      return UNKNOWN;
    case 'pop':
      m.open = true;
      return UNKNOWN;
    case 'compile':
      compile(it, m, c);
      return UNKNOWN;
    case 'evaluate':
    case 'train_on_batch':
    case 'test_on_batch':
    case 'fit_generator':
    case 'evaluate_generator':
      trainedWith(m);
      return undefined;
    case 'fit':
      trainedWith(m);
      noteFitLabels(it, arg(c, 1, 'y')?.node);
      fitTarget(m, arg(c, 1, 'y')?.value);
      if (arg(c, -1, 'class_weight') && argValue(c, -1, 'class_weight', UNKNOWN).k !== 'none') m.classWeighted = true;
      savedByCallbacks(it, c, m, recv);
      // The History it returns holds the model (`hist.model.save(path)`).
      return { k: 'dict', entries: new Map([['model', recv]]), attrs: true };
    case 'predict_classes': {
      // Keras 2's Sequential.predict_classes: `(proba > 0.5).astype('int32')` for one unit, argmax
      // otherwise; a decision for one width only, as a width branch's.
      const out = modelCall(tensor(m.output), m.layers, m.open, arg(c, 0, 'x')?.value);
      it.widthGuards++;
      try {
        return threshold(it, out, 'compare', c.site, kerasVocab);
      } finally {
        it.widthGuards--;
      }
    }
    case 'predict_proba':
    case 'predict':
    case 'predict_generator':
    case 'predict_on_batch': {
      const outputs = predictedOutputs(m);
      if (outputs) return outputs;
    }
    // falls through
    case 'predict_step':
    case '__call__':
    case 'call': {
      const out = modelOutputOf(it, m, modelCall(tensor(m.output), m.layers, m.open, oneStepInput(arg(c, 0, 'x')?.value, c, name)), name === 'predict_step' ? undefined : c);
      // Keras' predict loop gives NumPy arrays (a call, tensors: modelOutputOf).
      return m.framework === 'keras' && /^predict(?:_proba|_generator|_on_batch)?$/.test(name) ? asArray(out) : out;
    }
    // Keras 3's JAX loop: `y_pred, non_trainable = model.stateless_call(tv, ntv, x)`.
    case 'stateless_call':
      return { k: 'seq', kind: 'tuple', items: [modelCall(tensor(m.output), m.layers, m.open, arg(c, 2, 'inputs')?.value), UNKNOWN] };
    default:
      return undefined;
  }
}

/** `lambda t: tf.nn.sigmoid(t)`: the activation applied to the lambda's one parameter, as it is. */
function lambdaActivation(it: Interp, node: Node, c: CallSite): PyValue {
  const params = node.childForFieldName('parameters')?.namedChildren ?? [];
  const body = node.childForFieldName('body');
  const args = body?.type === 'call' ? body.childForFieldName('arguments')?.namedChildren.filter((a) => a && a.type !== 'comment') ?? [] : [];
  // `lambda t: tf.nn.softmax(t)`, also over the last axis named (`axis=-1`, `-1`).
  const lastAxis = (a: Node | null) => !!a && /^(?:axis=)?-1$/.test(a.text.replace(/\s/g, ''));
  if (params.length !== 1 || params[0]?.type !== 'identifier' || args.length < 1 || args[0]?.text !== params[0].text || !args.slice(1).every(lastAxis) || args.length > 2) return UNKNOWN;
  return it.eval(body!.childForFieldName('function'), c.frame);
}

/** `ds.batch(1)` (tf.data), called on a value we do not know: batches of one sample (kept through
 *  `.take(n)` and the like: dispatch.ts KEEPS_BATCHES); so are Keras' ImageDataGenerator iterators made with
 *  `batch_size=1` (`gen.flow_from_directory(d, batch_size=1)`, read as `gen[i]` or in a loop).
 *  undefined: another call. */
export function datasetOfOne(calleeNode: Node | null, method: string | undefined, args: CallSite['args']): PyValue | undefined {
  if (calleeNode?.type !== 'attribute' || args.splat || !method) return undefined;
  if (method === 'batch') return args.pos.length === 1 && !args.kw.size && num(args.pos[0]) === 1 ? batchesOfOne() : undefined;
  if (method === 'flow') {
    // `gen.flow(x, y, batch_size=1)` (batch_size its third parameter): (images, labels) pairs, or
    // the images alone where no labels are given.
    if (num(args.kw.get('batch_size') ?? args.pos[2] ?? UNKNOWN) !== 1) return undefined;
    const y = args.kw.get('y') ?? args.pos[1];
    return batchesOfOne(!!y && y.k !== 'none');
  }
  if (method !== 'flow_from_directory' && method !== 'flow_from_dataframe') return undefined;
  if (num(args.kw.get('batch_size') ?? UNKNOWN) !== 1) return undefined;
  // class_mode=None: the images alone; a mode we cannot read: not known which.
  const mode = args.kw.get('class_mode');
  if (mode && mode.k !== 'none' && mode.k !== 'const') return undefined;
  return batchesOfOne(mode?.k !== 'none');
}

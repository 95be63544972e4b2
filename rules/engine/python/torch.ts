// The PyTorch API: layer modules (nn.Linear's out_features is the width; nn.Sigmoid/nn.Softmax/
// nn.LogSoftmax set what the values are), nn.Sequential / ModuleList / OrderedDict, losses as
// modules and functions, activations as functions and tensor methods, and the decisions
// (argmax, torch.max's indices, round, gt). Also the tensor methods NumPy arrays and TF tensors share.
import { castAs, createdAs } from './dtypes';
import { plainObject } from './library-objects';
import type { LayerInfo } from '../core/facts';
import { UNKNOWN_FACTS } from '../core/facts';
import { newSequential, oneLayerRnns, softmaxAxis } from './sequential';
import { dataOfShape } from './one-sample';
import { picks, selection } from './selections';
import { PyValue, UNKNOWN, copyOf, eachOf, tensor, num, refOf, mapRef, single, zeros, isEmptySeq, batchesOfOne, SEVERAL_PER_BATCH } from './values';
import { arithmetic } from './arithmetic';
import type { Interp, CallSite } from './evaluator';
import { arg, argValue, receiverFirst } from './evaluator';
import { carryIndices, checkedWhole, indexesBack, markBand, partialCut } from './argmax-uses';
import { activation, applyTo, argmax, axisOf, clipped, greaterCall, oneNumber, reshaped, roundedForArgmax, same, shapeStep, softmaxOp, threshold } from './ops';
import { keepsOneSample } from './operators';
import { convAxisPooled, sequencePooled, spatialPooled, stackedMean } from './pooling';
import { axisKept, numpyStack, overStack } from './stack-reductions';
import { callLossFunction, constructLoss, probabilitiesSampled, regression } from './losses';
import { isLossApi, isLossClass, isRegressionApi } from './loss-catalogue';
import { torchVocab } from './vocab-torch';
import { graphConv } from './graph-layers';
import { noteReachedElsewhere } from './shared-sites';
import { batchedOperands, pooledOverOne } from './rank-witness';
import { asArray } from './array-kind';
import { orderedDict } from './builtins';
import { readAsProbabilities } from './probability-reads';
import { moduleRun } from './module-runners';
import { layerOf } from './torch-layers';
import { moduleMethod, nameItems } from './module-changes';
import { RESHAPE_METHODS, laterShapeOp, shapeOp } from './torch-shapes';

const OTHER_FUNCTIONS = new Set(['relu', 'tanh', 'gelu', 'leaky_relu', 'elu', 'silu', 'softplus', 'relu6', 'mish', 'selu', 'hardtanh', 'exp', 'log', 'abs', 'sqrt']);
const SAME_METHODS = new Set(['dropout', 'float', 'double', 'half', 'long', 'int', 'detach', 'cpu', 'cuda', 'to', 'numpy', 'clone', 'contiguous', 'tolist', 'type', 'type_as', 'requires_grad_', 'astype', 'copy', 'bool', 'squeeze_', 'data',
  // The same values in another order along an axis (test-time augmentation flips them back).
  'flip', 'fliplr', 'flipud', 'roll']);
/** Reshapes that keep the values (and a forward's known layers, ops.ts shapeStep). */
const SHAPE_STEPS = new Set(['squeeze', 'view', 'reshape', 'flatten']);
/** A tensor method that gives the same values, cast, copied or reshaped (`targets.view(-1, 1)`). */
export function keepsValues(method: string): boolean {
  return SAME_METHODS.has(method) || RESHAPE_METHODS.has(method);
}

export function torchCall(it: Interp, name: string, c: CallSite): PyValue | undefined {
  const v = torchValue(it, name, c);
  const made = /^torch\.(?:cuda\.)?(tensor|as_tensor|randint|(?:Long|Int)Tensor|zeros|ones|full|empty)$/.exec(name)?.[1];
  return made ? createdAs(made, name, c, v) : v;
}

function torchValue(it: Interp, name: string, c: CallSite): PyValue | undefined {
  if (isLossClass(name)) return constructLoss(name, c);
  if (isLossApi(name)) return callLossFunction(it, name, c);
  if (isRegressionApi(name)) return regression(it, name, c);
  probabilitiesSampled(it, name, c);
  if (name === 'collections.OrderedDict') return orderedDict(c);
  if (/^torch\.utils\.data\.(?:dataloader\.)?DataLoader$/.test(name)) return dataLoader(c);
  // Wrappers that run the same module: DataParallel(model), torch.compile(model).
  if (WRAPPERS.has(name)) return wrap(name, c.args.pos[0] ?? UNKNOWN);
  const ran = moduleRun(it, name, c);
  if (ran) return ran;
  const nn = /^torch\.nn\.(?:modules\.\w+\.)?([A-Z]\w*)$/.exec(name)?.[1] ?? (/^torch_geometric\.nn\.(?:dense\.(?:linear\.)?)?Linear$/.test(name) ? 'Linear' : undefined);
  if (nn) return torchModule(it, nn, c);
  // `Variable(outputs)`: since PyTorch 0.4 the tensor itself.
  if (/^torch\.autograd\.(?:variable\.)?Variable$/.test(name)) return c.args.pos[0]?.k === 'tensor' ? c.args.pos[0] : undefined;
  if (name === 'torch.device' || name === 'torch.Size') return plainObject(name === 'torch.device' ? 'device' : 'other');
  const graph = graphConv(name, c);
  if (graph) return { k: 'layer', layer: graph, vocab: torchVocab };
  const fn = /^torch(?:\.nn\.functional|\.special)?\.(\w+)$/.exec(name)?.[1];
  if (fn === undefined) return undefined;
  // `torch.tensor(x[None])`, `torch.from_numpy(np.expand_dims(x, 0))`: a batch of one stays one.
  if (FROM_DATA.test(fn) && c.args.pos[0]?.k === 'tensor' && c.args.pos[0].single) return { ...c.args.pos[0] };
  // `torch.tensor([])`, `torch.empty(0, n)`: an empty start that batches are concatenated onto.
  if ((FROM_DATA.test(fn) && isEmptySeq(c.args.pos[0])) || (fn === 'empty' && num(c.args.pos[0] ?? UNKNOWN) === 0)) return zeros();
  if (CREATORS.has(fn) || (FROM_DATA.test(fn) && c.args.pos.length === 1 && c.args.pos[0].k === 'unknown')) {
    const t = created(c);
    return fn === 'zeros' && t.k === 'tensor' ? { ...t, zero: true } : t;
  }
  // `torch.randn_like(x)`: data of x's shape (a batch of one if x is one).
  if (/^(?:rand|randn|zeros|ones|empty|full|randint)_like$/.test(fn)) {
    const t: PyValue = fn === 'zeros_like' ? zeros() : tensor({ ...UNKNOWN_FACTS, role: 'data' });
    return c.args.pos[0]?.k === 'tensor' && c.args.pos[0].single ? single(t) : t;
  }
  const x = c.args.pos[0] ?? c.args.kw.get('input') ?? UNKNOWN;
  return pooledOverOne(x, fn, c, 1, tensorOp(it, fn, x, c, 1, 'function'), false);
}

// Each returns the module it is given (or one computing the same): spectral and weight norm
// reparametrise a layer's weight, not what it outputs.
const WRAPPERS = new Set([
  'torch.nn.DataParallel', 'torch.nn.parallel.DataParallel', 'torch.nn.parallel.DistributedDataParallel', 'torch.compile', 'torch.jit.script', 'torch.jit.trace',
  'torch.nn.utils.spectral_norm', 'torch.nn.utils.weight_norm', 'torch.nn.utils.parametrizations.spectral_norm', 'torch.nn.utils.parametrizations.weight_norm',
  // Batch norms made synchronised across processes: the same layers otherwise (DDP's usual setup).
  'torch.nn.SyncBatchNorm.convert_sync_batchnorm', 'torch.nn.modules.batchnorm.SyncBatchNorm.convert_sync_batchnorm',
  // SWA / EMA: a copy with averaged weights, run by the same forward (held as `.module`).
  'torch.optim.swa_utils.AveragedModel',
]);
/** DataParallel / DDP keep the model as `.module`, torch.compile as `._orig_mod`: marked so. */
function wrap(name: string, v: PyValue): PyValue {
  const held = /DataParallel$|AveragedModel$/.test(name) ? 'module' : name === 'torch.compile' ? '_orig_mod' : undefined;
  if (held && v.k === 'model') noteReachedElsewhere(v.model.site);
  // (Wrappers of a wrapper, `DDP(torch.compile(net))`: outermost first, `module/_orig_mod`.)
  return held && (v.k === 'instance' || v.k === 'model') ? { ...v, wrapped: v.wrapped ? `${held}/${v.wrapped}` : held } : v;
}

/** The model a wrapper holds as its attribute `name` (`ddp.module`); undefined when it holds none so. */
export function unwrapped(v: PyValue, name: string): PyValue | undefined {
  if ((v.k !== 'instance' && v.k !== 'model') || !v.wrapped) return undefined;
  const [outer, ...inner] = v.wrapped.split('/');
  return outer === name ? { ...v, wrapped: inner.length ? inner.join('/') : undefined } : undefined;
}
const POOLING = /^(?:adaptive_)?(?:avg|max|lp)_pool[123]d$/;
const CREATORS = new Set(['randn', 'rand', 'zeros', 'ones', 'empty', 'randint']);
/** `torch.FloatTensor(X_test)`, `torch.tensor(df.values)` of values we know nothing of: data too. */
const FROM_DATA = /^(?:tensor|as_tensor|from_numpy|(?:Float|Double|Long|Int|Bool)?Tensor)$/;

/** torch.randn(8, 10): data of a known rank. */
function created(c: CallSite): PyValue {
  return dataOfShape(c.args.pos, c.args.splat);
}

function torchModule(it: Interp, short: string, c: CallSite): PyValue {
  if (short === 'Sequential') {
    // `nn.Sequential(*layers)` of a list grown in a loop and then ended by known layers: an unknown
    // start, then those layers.
    const tail = [...(c.args.splatTail ?? []), ...(c.args.afterSplat ?? [])];
    let items = !c.args.splat ? c.args.pos : tail.length && c.args.kw.size === 0 ? [UNKNOWN, ...tail] : undefined;
    const named = items && items.length === 1 && items[0].k === 'dict' ? items[0] : undefined;
    if (named) items = [...named.entries.values()];
    const seq = newSequential(it, 'pytorch', c.site, items, torchVocab, c.frame);
    if (items && !c.args.splat) nameItems(seq.model, named ? [...named.entries.keys()] : items.map((_, i) => String(i)));
    return seq;
  }
  if (short === 'ModuleList') {
    const items = c.args.pos[0];
    const tail = items?.k === 'seq' && items.open && items.tail?.length ? [...items.tail] : undefined;
    return { k: 'modulelist', items: !items ? [] : items.k === 'seq' && !items.open ? [...items.items] : undefined, each: items && eachOf(items), ...(tail ? { tail } : {}) };
  }
  if (short === 'ModuleDict') {
    const d = c.args.pos[0];
    return d?.k === 'dict' ? d : UNKNOWN;
  }
  const layer = layerOf(it, short, c);
  if (!layer) {
    const unknown: LayerInfo = { type: 'unknown', name: short, site: c.site };
    if (/^(?:RNN|GRU|LSTM)$/.test(short) && !c.args.splat && defaulted(arg(c, 2, 'num_layers')?.value, 1) && defaulted(arg(c, 6, 'bidirectional')?.value, false)) oneLayerRnns.add(unknown);
    return { k: 'layer', layer: unknown, vocab: torchVocab };
  }
  if (short === 'Softmax') softmaxAxis.set(layer, axisOf(argValue(c, 0, 'dim', { k: 'none' })));
  return { k: 'layer', layer, vocab: torchVocab };
}

/** `DataLoader(ds, batch_size=1)` (1 is the default): each batch holds one sample, so every tensor in it (`x, y`, `batch[0]`) is a batch of one. Any other
 *  batching, a batch sampler or a collate function of one's own: unknown. */
function dataLoader(c: CallSite): PyValue {
  const bs = c.args.kw.has('batch_size') ? c.args.kw.get('batch_size')! : c.args.pos[1];
  // None turns batching off (torch's "disable automatic batching"): each item is the dataset's own,
  // one sample (a TensorDataset's row), or a batch only a dataset or sampler of its own may make: no
  // batch known to argmax either way. (A sampler then may give lists of indices: not known.)
  const unbatched = bs?.k === 'none' && !c.args.kw.has('sampler');
  const one = bs === undefined || num(bs) === 1 || unbatched;
  const own = c.args.splat || c.args.kw.has('batch_sampler') || c.args.kw.has('collate_fn');
  if (one && !own && c.args.pos.length <= 2) return batchesOfOne();
  // A batch size written out over 1: several samples a batch (still unknown as a value).
  return !own && (num(bs ?? UNKNOWN) ?? 0) > 1 ? SEVERAL_PER_BATCH : UNKNOWN;
}

/**
 * An op on a tensor, as `torch.op(x, ...)` (argument `first` is the first after x) or `x.op(...)`
 * (first = 0). undefined: not an op we model.
 */
function tensorOp(it: Interp, op: string, x: PyValue, c: CallSite, first: number, form: 'function' | 'method'): PyValue | undefined {
  const site = c.site;
  const dimArg = () => axisOf(arg(c, first, 'dim')?.value ?? arg(c, first, 'axis')?.value);
  switch (op) {
    case 'all':
    case 'any':
      if (form === 'function') checkedWhole(x); // torch.all(pred == y): a check of the whole tensor
      return undefined;
    case 'where':
      // (`a.where(cond, b)` is `torch.where(cond, a, b)`.)
      return form === 'function' ? picks(x, arg(c, first, 'input')?.value, arg(c, first + 1, 'other')?.value) : picks(arg(c, 0, 'condition')?.value ?? UNKNOWN, x, arg(c, 1, 'other')?.value);
    case 'bmm':
      batchedOperands(it, [x, arg(c, first, 'mat2')?.value]);
      return undefined;
    case 'mm':
    case 'spmm':
    case 'matmul':
      return form === 'function' ? arithmetic('@', x, arg(c, first, 'other')?.value ?? UNKNOWN) : undefined;
    case 'mul':
    case 'mul_':
    case 'multiply':
    case 'logical_and': {
      // `torch.mul(out, out > 0.5)`, `out.mul(out > 0.5)`: one side of the cut kept, as with `*`.
      const other = arg(c, first, 'other')?.value;
      if (other) {
        partialCut(other, x);
        partialCut(x, other);
        if (op === 'logical_and') markBand(x, other); // `torch.logical_and(p > 0.5, p <= 1.0)`
      }
      return op === 'mul' || op === 'multiply' ? byNumber('*', x, other) : undefined;
    }
    case 'logical_or':
      markBand(x, arg(c, first, 'other')?.value ?? UNKNOWN); // `torch.logical_or(p < 0.2, p > 0.8)`
      return undefined;
    // `p.add(0.01)`, `torch.div(p, 2)`: as `p + 0.01`, `p / 2` (not with alpha or a rounding mode).
    case 'add':
    case 'sub':
    case 'subtract':
    case 'div':
    case 'divide':
    case 'true_divide':
      return c.args.pos.length > first + 1 || c.args.kw.has('alpha') || c.args.kw.has('rounding_mode') ? undefined : byNumber(op === 'add' ? '+' : /^sub/.test(op) ? '-' : '/', x, arg(c, first, 'other')?.value);
    case 'masked_fill':
    case 'masked_fill_':
      // `p.masked_fill(p <= 0.5, 0)`: the values on one side of the cut replaced, the others kept.
      partialCut(arg(c, first, 'mask')?.value ?? UNKNOWN, x);
      return undefined;
    case 'sigmoid':
    case 'sigmoid_':
    case 'expit':
      return applyTo(activation('sigmoid', site), x, site);
    case 'hardsigmoid':
      return applyTo(activation(op, site), x, site);
    case 'softmax':
    case 'log_softmax':
      return softmaxOp(it, op, x, dimArg(), site, torchVocab, 'op');
    case 'argmax':
      return argmax(it, x, dimArg(), form, 'flatten', site, it.vocabOf(c.frame));
    case 'max': {
      const dim = dimArg();
      // An array stacked from predictions (`np.stack(outs).max(0)`): the values alone, over the stack.
      const stack = c.frame.module.keras || numpyStack(x) ? overStack(it, x, dim, 'max') : undefined;
      if (stack) return stack;
      // NumPy's and TensorFlow's max along an axis (a Keras file's arrays) is the values alone: of
      // probabilities, a confidence read as one.
      if (dim !== undefined && c.frame.module.keras) {
        if (x.k === 'tensor') it.probabilityReads.push(x.ref);
        return reshaped(x);
      }
      // NumPy's spelling in a PyTorch file (`probs.numpy().max(axis=1)`): maybe values alone, read.
      if (arg(c, -1, 'axis') && x.k === 'tensor') it.probabilityReads.push(x.ref);
      if (dim === undefined) return reshaped(x);
      roundedForArgmax(it, x);
      return { k: 'maxpair', input: refOf(x), axis: dim, site, form, vocab: torchVocab };
    }
    case 'topk': {
      // `top_p, top_class = ps.topk(1, dim=1)`: the largest value and its index, as max(dim) gives them.
      if (num(arg(c, first, 'k')?.value ?? UNKNOWN) !== 1) return undefined;
      const d = arg(c, first + 1, 'dim');
      roundedForArgmax(it, x);
      return { k: 'maxpair', input: refOf(x), axis: d ? axisOf(d.value) ?? null : -1, site, form, vocab: torchVocab };
    }
    case 'round': {
      // `p.round(3)`, `torch.round(p, decimals=3)`: the values kept to 3 places (read as they are), no cut.
      const decimals = arg(c, first, 'decimals');
      if (decimals && num(decimals.value) !== 0) {
        if (x.k === 'tensor') it.probabilityReads.push(x.ref);
        return x.k === 'tensor' ? { ...x } : tensor({ ...UNKNOWN_FACTS });
      }
      return threshold(it, x, 'round', site, it.vocabOf(c.frame));
    }
    case 'gt':
    case 'ge':
    case 'greater':
    case 'greater_equal':
    case 'lt':
    case 'le':
    case 'less':
    case 'less_equal': {
      return greaterCall(it, x, op, arg(c, first, 'other'), site, it.vocabOf(c.frame), c.frame.module.file, form === 'function' ? arg(c, 0, 'input')?.node : undefined);
    }
    case 'flatten': {
      // x.flatten() / torch.flatten(x): 1-D; start_dim=1 (and end_dim the last): [batch, features].
      const start = num(argValue(c, first, 'start_dim', { k: 'const', v: 0 }));
      const end = num(argValue(c, first + 1, 'end_dim', { k: 'const', v: -1 }));
      return reshaped(x, end !== -1 ? undefined : start === 0 ? 1 : start === 1 ? 2 : undefined);
    }
    case 'interpolate':
    case 'upsample':
      // Resampled over space (a segmentation map to the mask's size): the same kind of values, the
      // same channels.
      return reshaped(x, undefined, true);
    case 'clamp':
    case 'clip':
      return clipped(it, x, argValue(c, first, 'min', UNKNOWN), argValue(c, first + 1, 'max', UNKNOWN));
    case 'hardtanh': {
      // F.hardtanh(x, 0, 1) is a clip into [0, 1]; with its default bounds (-1, 1), another activation.
      const lo = argValue(c, first, 'min_val', { k: 'const', v: -1 });
      const hi = argValue(c, first + 1, 'max_val', { k: 'const', v: 1 });
      if (num(lo) === -1 && num(hi) === 1) return applyTo(activation(op, site), x, site);
      return clipped(it, x, lo, hi);
    }
    case 'amax':
    case 'amin':
    case 'sum':
    case 'mean': {
      const keep = arg(c, first + 1, 'keepdim')?.value;
      const dims = arg(c, first, 'dim')?.value ?? arg(c, first, 'axis')?.value;
      // Over the axis predictions were stacked on (stack-reductions.ts), the axis not kept.
      const stack = axisKept(keep ?? c.args.kw.get('keepdims')) ? undefined : overStack(it, x, dimArg(), op === 'amax' ? 'max' : op === 'amin' ? 'min' : op);
      if (stack) return stack;
      if (op === 'amin' || op === 'sum') return undefined;
      if (!keep && dims?.k === 'seq') return spatialPooled(x, dims, form === 'method');
      const dim = dimArg();
      const unknownKind = () => (form === 'method' && x.k === 'tensor' ? tensor(mapRef(x.ref, (f) => ({ ...UNKNOWN_FACTS, pred: f.pred }))) : UNKNOWN);
      const kept = keep && !(keep.k === 'const' && !keep.v);
      if (op === 'amax') {
        // (What a call we do not model would do: its values read as they are.)
        if (x.k !== 'tensor' || kept || typeof dim !== 'number') return undefined;
        if (form === 'function') readAsProbabilities(it, x);
        return convAxisPooled(x, dim, unknownKind());
      }
      if (kept) return stackedMean(it, x, dim);
      const mean = stackedMean(it, x, dim);
      if (mean || x.k !== 'tensor') return mean;
      // Otherwise a value of unknown kind (the batch's mean), but for a sequence's or a Conv1d's
      // pooled steps.
      return convAxisPooled(x, dim, sequencePooled(x, dim, unknownKind()));
    }
    case 'item': {
      const one = oneNumber(x);
      carryIndices(x, one);
      return one;
    }
    // (Indices that pick back from the values they were taken over: argmax-uses.ts indexesBack.)
    case 'gather':
      indexesBack(x, arg(c, first + 1, 'index')?.value);
      return selection(op, x, c, first);
    case 'take_along_dim':
      indexesBack(x, arg(c, first, 'indices')?.value);
      return selection(op, x, c, first);
    default:
      // `vis = out.clone()`: the same values in a tensor of its own (a write into it leaves `out`).
      if ((op === 'clone' || op === 'copy') && x.k === 'tensor') return copyOf(x);
      // (`.numpy()`: the same values, in an array.)
      if (SAME_METHODS.has(op)) return op === 'numpy' ? asArray(castAs(op, x, same(x), c, first)) : castAs(op, x, same(x), c, first);
      const shaped = shapeOp(it, op, x, c, first, form);
      if (shaped) return shaped;
      // Some of the values, as they were (selections.ts).
      if (SELECTIONS.has(op)) return selection(op, x, c, first);
      const reordered = laterShapeOp(op, x, c, first);
      if (reordered) return reordered;
      // (What they make of a sigmoid's or softmax's output we do not judge: it is read as it is.)
      if (OTHER_FUNCTIONS.has(op) || (POOLING.test(op) && form === 'function')) readAsProbabilities(it, x);
      if (OTHER_FUNCTIONS.has(op)) return applyTo(activation(op, site), x, site);
      // F.adaptive_avg_pool2d(h, 1): an unknown layer's output (a flatten after it is rank 2).
      if (POOLING.test(op) && form === 'function' && x.k === 'tensor') return tensor(mapRef(x.ref, (f) => ({ ...UNKNOWN_FACTS, pred: f.pred })));
      return undefined;
  }
}

/** Arithmetic of a tensor and a number written as a call (arithmetic.ts); undefined: another. */
function byNumber(op: string, x: PyValue, n: PyValue | undefined): PyValue | undefined {
  const r = x.k === 'tensor' && n && num(n) !== undefined ? arithmetic(op, x, n) : undefined;
  // (One sample stays one: `t.unsqueeze(0).sub(0.5).div(0.5)`.)
  return r && x.k === 'tensor' && x.single ? single(r) : r;
}

const SELECTIONS = new Set(['index_select', 'narrow', 'masked_select', 'unbind', 'split', 'chunk']);

const ARITHMETIC_METHODS = new Set(['add', 'sub', 'mul', 'div', 'true_divide', 'add_', 'sub_', 'mul_', 'div_', 'clamp', 'clip', 'sign', 'abs', 'neg']);

/** A method of a tensor (PyTorch tensor, NumPy array, TF tensor), a Sequential or a ModuleList. */
export function torchMethod(it: Interp, recv: PyValue, name: string, c: CallSite): PyValue | undefined {
  if (recv.k === 'tensor') {
    const r = pooledOverOne(recv, name, c, 0, tensorOp(it, name, recv, c, 0, 'method'), true);
    if (r) return SHAPE_STEPS.has(name) ? shapeStep(recv, r, name, c.site) : r;
    // `p.bernoulli()`: `torch.bernoulli(p)`.
    if (name === 'bernoulli') probabilitiesSampled(it, 'torch.bernoulli', receiverFirst(c, recv));
    // `store.copy_(model(x))`: its values now held where we do not follow.
    if (name === 'copy_' && c.args.pos[0]) readAsProbabilities(it, c.args.pos[0]);
    // Any other method: a new value computed from the prediction, whose kind we do not know (one
    // sample still one through arithmetic with numbers: `t.unsqueeze(0).sub(0.5).div(0.5)`).
    const ref = recv.ref;
    const out = tensor(mapRef(ref, (f) => ({ ...UNKNOWN_FACTS, pred: f.pred })));
    return ARITHMETIC_METHODS.has(name) && keepsOneSample(recv, ...c.args.pos) ? single(out) : out;
  }
  return moduleMethod(it, recv, name, c);
}

/** An argument left out, or written as its default. */
function defaulted(v: PyValue | undefined, dflt: number | boolean): boolean {
  return v === undefined || (v.k === 'const' && v.v === dflt);
}

// TensorFlow's and Keras' tensor ops (`tf.sigmoid`, `tf.argmax`, `K.round`, `keras.ops.clip`, ...):
// what each does to a model's output (an activation, a decision, a reshape, or the same values).
import { UNKNOWN_FACTS } from '../core/facts';
import { PyValue, UNKNOWN, tensor, num, single } from './values';
import type { Interp, CallSite } from './evaluator';
import { arg } from './evaluator';
import { activation, applyTo, argmax, axisOf, clipped, greaterCall, reshaped, same, softmaxOp, threshold } from './ops';
import { comparedPerSample, markBand } from './argmax-uses';
import { kerasVocab } from './vocab-keras';

/** TensorFlow / Keras ops: activations, argmax, round, greater, shape ops. */
export function tfOp(it: Interp, full: string, op: string, c: CallSite): PyValue | undefined {
  const x = arg(c, 0, 'x')?.value ?? arg(c, 0, 'logits')?.value ?? arg(c, 0, 'input')?.value ?? UNKNOWN;
  const site = c.site;
  const axisArg = () => arg(c, 1, 'axis')?.value;
  switch (op) {
    case 'sigmoid':
    case 'hard_sigmoid':
      return applyTo(activation(op, site), x, site);
    case 'softmax':
    case 'log_softmax': {
      const a = axisArg();
      return softmaxOp(it, op, x, a ? axisOf(a) : -1, site, kerasVocab, 'op');
    }
    case 'argmax': {
      const a = axisArg();
      // tf.argmax's axis defaults to 0 (the batch); keras.ops flattens; keras.backend uses -1.
      const backend = full.startsWith('keras.backend.');
      const axis = a ? axisOf(a) : backend ? -1 : undefined;
      return argmax(it, x, axis, 'function', full.startsWith('keras.ops.') ? 'flatten' : 'batch', site, kerasVocab);
    }
    case 'round':
      return threshold(it, x, 'round', site, kerasVocab);
    case 'greater':
    case 'greater_equal':
    case 'less':
    case 'less_equal': {
      return greaterCall(it, x, op, arg(c, 1, 'y'), site, kerasVocab, c.frame.module.file, arg(c, 0, 'x')?.node);
    }
    case 'expand_dims':
      return num(arg(c, 1, 'axis')?.value ?? UNKNOWN) === 0 ? single(reshaped(x)) : reshaped(x);
    case 'clip':
    case 'clip_by_value': {
      // K.clip(x, min_value, max_value), keras.ops.clip(x, x_min, x_max), tf.clip_by_value(t, clip_value_min, clip_value_max)
      const [lo, hi] = op === 'clip_by_value' ? ['clip_value_min', 'clip_value_max'] : full.startsWith('keras.ops.') ? ['x_min', 'x_max'] : ['min_value', 'max_value'];
      return clipped(it, x, arg(c, 1, lo)?.value, arg(c, 2, hi)?.value);
    }
    // `tf.logical_and(p > 0.5, p <= 1.0)`, `keras.ops.logical_and`: two bounds of a band (markBand).
    case 'logical_and':
    case 'logical_or':
      markBand(x, arg(c, 1, 'y')?.value ?? UNKNOWN);
      return undefined;
    case 'equal':
    case 'not_equal':
      // `tf.equal(y_true, tf.argmax(y_pred))`: compared per sample, like `==`.
      const result = tensor({ ...UNKNOWN_FACTS, role: 'data' });
      comparedPerSample([x, arg(c, 1, 'y')?.value ?? UNKNOWN], result);
      return result;
    case 'squeeze':
      return reshaped(x);
    case 'reshape': {
      // tf.reshape(img, (1, 28, 28, 1)): a batch of one sample.
      const shape = arg(c, 1, 'shape')?.value;
      return shape?.k === 'seq' && !shape.open && num(shape.items[0] ?? UNKNOWN) === 1 ? single(reshaped(x)) : reshaped(x);
    }
    case 'cast':
    case 'identity':
    case 'convert_to_tensor':
    case 'convert_to_numpy':
    case 'stop_gradient':
      return same(x);
    case 'relu':
    case 'tanh':
    case 'elu':
    case 'gelu':
    case 'exp':
      return applyTo(activation(op, site), x, site);
    default:
      return undefined;
  }
}

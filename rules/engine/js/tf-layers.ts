// tfjs layers as the evaluator sees them: `tf.layers.*({...})` configurations (units, activation,
// input shape), and calling a layer's `apply`.
import ts = require('typescript');
import type { Ctx, Interp as Evaluator } from './interp';
import { LayerInfo, TensorRef, UNKNOWN, UNKNOWN_FACTS, Value, tensorOf } from './values';
import { applyLayer } from '../core/layers';
import { layerType } from './tfjs';
import { siteOf } from './sites';
import { TFJS } from './vocab';
import { arg, numProp, prop, shapeOf } from './config-values';

export function layerFromConfig(ev: Evaluator, name: string, call: ts.CallExpression, ctx: Ctx): LayerInfo {
  const cfg = call.arguments.length ? arg(ev, call, 0, ctx) : { k: 'obj' as const, props: new Map(), open: false };
  if (name === 'timeDistributed') return timeDistributed(ev, cfg, call, ctx);
  const layer: LayerInfo = { type: layerType(name), name, site: siteOf(call) };
  const inputShape = prop(cfg, 'inputShape');
  const batchShape = prop(cfg, 'batchInputShape');
  const inputDim = numProp(cfg, 'inputDim');
  if (typeof inputShape === 'object') {
    const s = shapeOf(inputShape.value);
    if (s) { layer.inputRank = s.rank + 1; layer.inputWidth = s.width; }
  } else if (typeof batchShape === 'object') {
    const s = shapeOf(batchShape.value);
    if (s) { layer.inputRank = s.rank; layer.inputWidth = s.width; }
  } else if (inputDim !== undefined) {
    layer.inputRank = 2;
    layer.inputWidth = inputDim;
  }
  if (layer.type === 'dense' || layer.type === 'conv' || layer.type === 'activation') {
    const linear = layer.type !== 'activation';
    const format = prop(cfg, 'dataFormat');
    const channelsLast = format === 'absent' || (typeof format === 'object' && format.value.k === 'str' && format.value.v === 'channelsLast');
    layer.units = layer.type === 'dense' ? numProp(cfg, 'units') : layer.type === 'conv' && channelsLast ? numProp(cfg, 'filters') : undefined;
    const act = prop(cfg, 'activation');
    if (act === 'absent') {
      if (linear) { layer.activation = 'linear'; layer.actSite = siteOf(call); }
    } else if (act !== 'unknown') {
      if (act.value.k === 'str') { layer.activation = act.value.v; layer.actSite = siteOf(propertyOf(act.node)); }
      else if (act.value.k === 'nullish' && linear) { layer.activation = 'linear'; layer.actSite = siteOf(call); }
    }
    if (layer.type === 'dense' && layer.activation === 'softmax') {
      ev.emit({ type: 'softmax', site: layer.actSite!, vocab: TFJS, kind: 'dense-activation', input: TensorRef.of({ ...UNKNOWN_FACTS, width: layer.units, widthSite: siteOf(call) }) });
    }
  } else if (layer.type === 'softmax') {
    const axis = prop(cfg, 'axis');
    layer.axisKnownLast = axis === 'absent' || (typeof axis === 'object' && axis.value.k === 'num' && axis.value.v === -1);
  } else if (layer.type === 'reshape') {
    const p = prop(cfg, 'targetShape');
    const s = typeof p === 'object' ? shapeOf(p.value) : undefined;
    if (s) { layer.outRank = s.rank + 1; layer.units = s.width; }
  }
  return layer;
}

/** `timeDistributed({ layer })` applies the layer to every time step: for the last axis (units,
 *  activation) it is that layer, applied one rank up; the wrapper's own input shape counts. */
function timeDistributed(ev: Evaluator, cfg: Value, call: ts.CallExpression, ctx: Ctx): LayerInfo {
  const inner = prop(cfg, 'layer');
  const wrapped = typeof inner === 'object' && inner.value.k === 'layer' ? inner.value.layer : undefined;
  const own = layerFromConfig(ev, 'unknownWrapper', call, ctx); // the wrapper's inputShape, if any
  if (!wrapped || (wrapped.type !== 'dense' && wrapped.type !== 'activation')) return { ...own, name: 'timeDistributed' };
  return { ...wrapped, name: 'timeDistributed', inputRank: own.inputRank ?? wrapped.inputRank, inputWidth: own.inputWidth ?? wrapped.inputWidth };
}

/** The whole `activation: 'softmax'` property, so the report and the fix point at it. */
function propertyOf(valueNode: ts.Node): ts.Node {
  return ts.isPropertyAssignment(valueNode.parent) ? valueNode.parent : valueNode;
}

export function layerMethod(ev: Evaluator, layer: LayerInfo, method: string, call: ts.CallExpression, ctx: Ctx): Value {
  if (method !== 'apply' && method !== 'call') return UNKNOWN;
  const x = arg(ev, call, 0, ctx);
  if (x.k === 'arr') return { k: 'tensor', t: TensorRef.of(UNKNOWN_FACTS) }; // merge layers (concatenate, add): not followed
  const input = tensorOf(x) ?? TensorRef.of(UNKNOWN_FACTS);
  if (isSoftmaxLayer(layer)) ev.emit({ type: 'softmax', site: layer.site, vocab: TFJS, kind: 'layer', input });
  return { k: 'tensor', t: input.map((f) => applyLayer(layer, f)) };
}

export function isSoftmaxLayer(layer: LayerInfo): boolean {
  return (layer.type === 'softmax' && !!layer.axisKnownLast) || (layer.type === 'activation' && layer.activation === 'softmax');
}

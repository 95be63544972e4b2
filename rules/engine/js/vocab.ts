// The tfjs vocabulary: how each rule's fix is written in tfjs code. Builders read the syntax nodes
// behind the sites this frontend made, and return undefined for shapes they cannot edit safely.
import ts = require('typescript');
import type { Vocabulary } from '../core/vocab';
import type { FixSpec, Edit } from '../core/rule';
import type { LossEvent } from '../core/events';
import { nodeOf } from './sites';
import { tfName } from './tf-names';
import { methodName, readsExportedParameter, replaceExpression, setActivation } from './fixes';
import { compiledModelEscapes } from './model-escapes';

function edit(node: ts.Node, text: string): Edit {
  const sf = node.getSourceFile();
  return { file: sf.fileName, start: node.getStart(sf), end: node.getEnd(), text };
}

function call(e: { site: { node?: unknown } }): ts.CallExpression | undefined {
  const n = nodeOf(e.site as never);
  return n && ts.isCallExpression(n) ? n : undefined;
}

/** Probabilities into a logits loss: the probability loss that matches the activation. */
function toProbabilityLoss(e: LossEvent): FixSpec | undefined {
  const act = e.pred.get().act;
  const node = nodeOf(e.lossSite);
  if (!node) return undefined;
  if (e.via === 'compile-ref') {
    // A sigmoid into softmaxCrossEntropy has no one-to-one replacement.
    const target = e.name === 'losses.sigmoidCrossEntropy' && act === 'sigmoid' ? 'binaryCrossentropy'
      : e.name === 'losses.softmaxCrossEntropy' && act === 'softmax' ? 'categoricalCrossentropy' : undefined;
    if (target) return { title: `Use the loss '${target}', which expects probabilities`, safe: true, edits: [replaceExpression(node, `'${target}'`)] };
  }
  const c = call(e);
  if (e.via === 'call' && c && e.name === 'losses.sigmoidCrossEntropy' && act === 'sigmoid' && c.arguments.length === 2) {
    const logLoss = tfName(c, 'losses.logLoss');
    if (logLoss) return { title: `Use ${logLoss}, which expects probabilities`, safe: false, edits: [edit(c.expression, logLoss)] };
  }
  return undefined;
}

/** Whether the models of a file may reach code we do not follow (tfjs has no per-reader tracking,
 *  so this is as coarse as outputsRead): anything exported, React state or refs, a model written
 *  out as JSON, or a second model in the file (over the same layers, or wrapping this one); and the
 *  compiled model's name used in any way but training it (model-escapes.ts). */
function mayLeave(text: string, compiled: ts.Node): boolean {
  if (/\bexport\b|\bmodule\.exports\b|\bexports\.\w|\buse(?:State|Ref|Memo)\s*\(|\.toJSON\s*\(/.test(text) || (text.match(/\btf\.(?:model|sequential)\s*\(/g) ?? []).length > 1) return true;
  return compiledModelEscapes(compiled);
}

/** Logits into a probability loss: the logits loss of the same family. */
function toLogitsLoss(e: LossEvent): FixSpec | undefined {
  const node = nodeOf(e.lossSite);
  if (!node) return undefined;
  const target = e.name === 'binaryCrossentropy' ? 'losses.sigmoidCrossEntropy' : e.name === 'categoricalCrossentropy' ? 'losses.softmaxCrossEntropy' : undefined;
  if (e.via === 'compile-string' && target) {
    const ref = tfName(node, target);
    // tf.losses.* return the batch mean already, so fit()'s classWeight would no longer weight it.
    // On a head of several units, 'accuracy' resolves by the loss: binaryAccuracy for the string,
    // categoricalAccuracy (an argmax match: meaningless for multi-label) for the function.
    const width = e.pred.get().width;
    // 'crossentropy' / 'ce' resolve by the loss the same way.
    const accuracyChanges = e.name === 'binaryCrossentropy' && width !== 1 && (!!e.model?.metricsUnread || !!e.model?.metrics?.some((m) => m.alias || m.name === 'crossentropy' || m.name === 'ce'));
    // Saved with its training config, a model compiled with a function loss cannot be trained
    // again once reloaded (tfjs 4.22 saves the function as {}): a suggestion then.
    // Its outputs read (predict(), a saved model's users): trained on the logits loss they become
    // logits, where that code reads values in [0, 1] (shown as a percentage, sent on, cut at 0.5);
    // the activation (a suggestion) would keep them probabilities. Neither is safe then.
    if (ref) return { title: `Use ${ref}, which expects logits`, safe: !e.model?.classWeighted && !accuracyChanges && !e.model?.savedWithTrainingConfig && !e.model?.outputsRead && !mayLeave(node.getSourceFile().text, node), edits: [replaceExpression(node, ref)] };
  }
  const c = call(e);
  if (e.via === 'call' && c && e.name === 'losses.logLoss' && c.arguments.length <= 3) {
    const ref = tfName(c, 'losses.sigmoidCrossEntropy');
    if (ref) return { title: `Use ${ref}, which expects logits`, safe: true, edits: [edit(c.expression, ref)] };
  }
  return undefined;
}

export const TFJS: Vocabulary = {
  framework: 'tfjs',
  name: 'tfjs',
  argmax: 'argMax',
  binaryAccuracy: 'binaryAccuracy',
  customLossNote: 'Given to compile(), this function is called as (yTrue, yPred), whatever its parameters are named.',
  lossArguments: () => '(labels, predictions)',

  switchLoss(e, expects) {
    if (expects === 'probabilities') return toProbabilityLoss(e);
    if (expects === 'logits') return toLogitsLoss(e);
    return undefined;
  },

  // Removing an activation changes what predict() returns: tfjs code offers the loss switch instead.
  removeActivation: () => undefined,

  addActivation(f, act) {
    // An activation written in several places (models joined from branches): one edit is no repair.
    if (f.actAlso) return undefined;
    const n = nodeOf(f.actSite);
    const layerCall = n && (ts.isCallExpression(n) ? n : n.parent?.parent);
    const ed = layerCall && setActivation(layerCall, act);
    return ed ? { title: `Add activation '${act}' to the output layer`, safe: false, edits: [ed] } : undefined;
  },

  singleUnitLoss(e) {
    const node = nodeOf(e.lossSite);
    if (e.via !== 'compile-string' || !node) return undefined;
    return { title: "Use 'binaryCrossentropy' (with a sigmoid output) for one unit", safe: false, edits: [replaceExpression(node, "'binaryCrossentropy'")] };
  },

  // Measured on tfjs 4.22: fit() rejects 1-column targets for the compile strings (the direct
  // softmaxCrossEntropy call runs silently with a loss of exactly 0: the core's default wording).
  singleUnitConsequence(e) {
    if (e.via !== 'compile-string') return undefined;
    if (e.name === 'categoricalCrossentropy') return 'model.fit() rejects targets with one column for it, and over one unit the normalised probability is always 1, so the loss could not change anyway';
    if (e.name === 'sparseCategoricalCrossentropy') return 'one unit means one class: model.fit() fails (oneHot depth must be >= 2), and the loss could not change anyway';
    return undefined;
  },

  argmaxLastAxis(e) {
    const c = call(e);
    if (!c) return undefined;
    const sf = c.getSourceFile();
    const x = c.arguments[0];
    const ed = e.form === 'method'
      ? { file: sf.fileName, start: c.getEnd() - 1, end: c.getEnd() - 1, text: '-1' }
      : x && !ts.isSpreadElement(x) ? { file: sf.fileName, start: x.getEnd(), end: x.getEnd(), text: ', -1' } : undefined;
    return ed ? { title: 'Take argMax over the last axis (-1)', safe: true, edits: [ed] } : undefined;
  },

  argmaxToThreshold(e, threshold) {
    const c = call(e);
    if (!c) return undefined;
    const name = methodName(c);
    if (e.form === 'method' && name) {
      const sf = c.getSourceFile();
      return { title: `Threshold the single unit instead: squeeze([-1]).greater(${threshold})`, safe: false, edits: [{ file: sf.fileName, start: name.getStart(sf), end: c.getEnd(), text: `squeeze([-1]).greater(${threshold})` }] };
    }
    const x = c.arguments[0];
    if (e.form === 'function' && x && !ts.isSpreadElement(x)) {
      const greater = tfName(c, 'greater');
      const squeeze = tfName(c, 'squeeze');
      if (greater && squeeze) return { title: `Threshold the single unit instead: ${greater}(..., ${threshold})`, safe: false, edits: [edit(c, `${greater}(${squeeze}(${x.getText()}, [-1]), ${threshold})`)] };
    }
    return undefined;
  },

  softmaxToSigmoid(e) {
    const n = nodeOf(e.site);
    if (!n) return undefined;
    if (e.kind === 'dense-activation' && ts.isPropertyAssignment(n)) {
      return { title: "Use activation 'sigmoid' for a single unit", safe: false, edits: [edit(n.initializer, "'sigmoid'")] };
    }
    if (e.kind === 'op' && ts.isCallExpression(n)) {
      const name = methodName(n);
      const fnSigmoid = tfName(n, 'sigmoid');
      if (name && n.arguments.length === 0) return { title: 'Use sigmoid for a single unit', safe: false, edits: [edit(name, 'sigmoid')] };
      if (!name && n.arguments.length === 1 && fnSigmoid) return { title: 'Use sigmoid for a single unit', safe: false, edits: [edit(n.expression, fnSigmoid)] };
    } else if (e.kind === 'layer' && ts.isCallExpression(n)) {
      const activation = tfName(n, 'layers.activation');
      if (activation) return { title: "Use an activation layer with 'sigmoid'", safe: false, edits: [edit(n, `${activation}({ activation: 'sigmoid' })`)] };
    }
    return undefined;
  },

  thresholdOnLogits(e) {
    const thr = nodeOf(e.thresholdSite);
    // A named threshold (`p >= THRESH`) is the project's tuning knob, maybe shared: writing 0 in
    // its place detaches this cut from it, a choice for the author (a suggestion).
    // So is one in an exported function, on its parameter: importers we do not see may pass probabilities.
    if (thr) return { fix: { title: 'Threshold logits at 0 (the same decision as probability 0.5)', safe: ts.isNumericLiteral(thr) && !readsExportedParameter(thr.parent), edits: [edit(thr, '0')] }, suggestions: [] };
    const c = call(e);
    if (!c) return { suggestions: [] };
    if (e.op === 'round') {
      const name = methodName(c);
      const x = c.arguments[0];
      const sigmoid = tfName(c, 'sigmoid');
      // x.round() takes no argument; tf.round(x) is the function form (its name is a property too).
      if (name && c.arguments.length === 0) return { suggestions: [{ title: 'Apply sigmoid before rounding', safe: false, edits: [edit(name, 'sigmoid().round')] }] };
      if (x && sigmoid) return { suggestions: [{ title: 'Apply sigmoid before rounding', safe: false, edits: [edit(x, `${sigmoid}(${x.getText()})`)] }] };
    } else if (e.op === 'Math.round' && c.arguments[0]) {
      return { suggestions: [{ title: 'Compare the logit with 0 instead', safe: false, edits: [edit(c, `(${c.arguments[0].getText()} > 0 ? 1 : 0)`)] }] };
    }
    return { suggestions: [] };
  },

  thresholdAtHalf(at) {
    const n = nodeOf(at);
    return n && ts.isNumericLiteral(n) ? { title: 'Threshold the probabilities at 0.5', safe: true, edits: [edit(n, '0.5')] } : undefined;
  },

  swapArguments(e) {
    const [a, b] = (e.args ?? []).map(nodeOf);
    if (!a || !b) return undefined;
    return { title: 'Swap the labels and predictions arguments', safe: true, edits: [edit(a, b.getText()), edit(b, a.getText())] };
  },

  accuracyOnLogits: () => undefined,
};


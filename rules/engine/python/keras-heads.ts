// Keras models we do not follow whose classifier head we know (keras.applications, KerasHub's
// classifier tasks), and how an activation is written in an `activation=` argument.
import type { SyntaxNode as Node } from './syntax-tree';
import type { LayerInfo, ModelInfo } from '../core/facts';
import { PyValue, UNKNOWN, num, str } from './values';
import type { Interp, CallSite } from './evaluator';
import { arg, argValue } from './evaluator';
import { newSequential, softmaxAxis } from './sequential';
import { kerasVocab } from './vocab-keras';
import { noteDefaultActivation } from '../core/judge';

/** An activation as written in activation=...: a string, None, or keras.activations.X / tf.nn.X. */
export function activationName(v: PyValue | undefined): string | undefined {
  if (!v || v.k === 'none') return 'linear';
  const s = str(v);
  if (s !== undefined) return s.toLowerCase();
  // (A partial of one, `partial(tf.nn.softmax, axis=1)`: its arguments may change it; unknown.)
  if (v.k === 'api' && !v.bound) {
    const m = /^(?:keras\.activations|keras\.ops|tensorflow(?:\.nn|\.math)?)\.(\w+)$/.exec(v.name);
    return m ? m[1].toLowerCase() : undefined;
  }
  if (v.k === 'layer' && v.layer.type === 'activation') return v.layer.activation;
  return undefined;
}

/** The whole `activation='sigmoid'` for a keyword argument (what a fix removes), else the value. */
export function argumentNode(n: Node): Node {
  return n.parent?.type === 'keyword_argument' ? n.parent : n;
}

/** `keras.applications.ResNet50(weights=None, classes=1)`: a backbone we do not follow, then its
 *  classifier, `Dense(classes, activation=classifier_activation)` ('softmax' unless given: over one
 *  class it is always 1.0). Without the top (`include_top=False`), or with arguments we cannot read,
 *  the model is unknown. */
export function application(it: Interp, c: CallSite): PyValue {
  const top = argValue(c, 0, 'include_top', { k: 'const', v: true });
  const classes = argValue(c, -1, 'classes', { k: 'const', v: 1000 });
  const a = arg(c, -1, 'classifier_activation');
  const units = num(classes);
  // Beyond include_top, positions differ between applications: written that way, unknown.
  if (c.args.splat || c.args.pos.length > 1 || top.k !== 'const' || top.v !== true || units === undefined) return UNKNOWN;
  return classifierModel(it, c, units, a ? activationName(a.value) : 'softmax', a?.node);
}

/** KerasHub's classifier tasks (keras_nlp's, keras_cv's): `TextClassifier.from_preset(p,
 *  activation="softmax")`, `BertTextClassifier(backbone, num_classes, activation=None)`. Their head is
 *  `Dense(num_classes, activation=activation)`. Constructed directly, the default applies: None
 *  (logits) in every released keras_nlp / keras_hub classifier (keras_nlp's before 0.5 had no
 *  `activation` and returned logits; MobileNet's takes none), "softmax" in keras_cv's
 *  ImageClassifier / VideoClassifier. Through `from_preset` a saved task config decides unless
 *  `activation=` is written. Positions past (backbone, num_classes) differ between tasks: unknown. */
function hubClassifier(it: Interp, name: string, c: CallSite): PyValue {
  if (c.args.splat) return UNKNOWN;
  const classes = num(argValue(c, 1, 'num_classes', UNKNOWN));
  const a = arg(c, -1, 'activation');
  if (a) return classifierModel(it, c, classes, activationName(a.value), a.node);
  const dflt = c.args.pos.length > 2 || name.endsWith('.from_preset') ? undefined : hubDefault(name);
  // Messages name the task's default, not an output layer the code does not show.
  const [, lib, task] = /^(\w+)\.models\.(\w+)$/.exec(name) ?? [];
  if (dflt) noteDefaultActivation(c.site, `${lib}'s ${task}`, dflt, dflt === 'softmax' ? 'activation="softmax"' : 'activation=None');
  return classifierModel(it, c, classes, dflt, undefined);
}

/** The `activation` default of a task constructed directly; the base classes TextClassifier and
 *  keras_nlp's Classifier cannot be (their subclasses define the head). */
function hubDefault(name: string): string | undefined {
  const m = /^(\w+)\.models\.(\w+)$/.exec(name);
  if (!m || m[2] === 'TextClassifier' || m[2] === 'Classifier') return undefined;
  return m[1] === 'keras_cv' ? 'softmax' : 'linear';
}

export const HUB_CLASSIFIER = /^(?:keras_hub|keras_nlp|keras_cv)\.models\.\w*Classifier(?:\.from_preset)?$/;

export function hubCall(it: Interp, name: string, c: CallSite): PyValue | undefined {
  return HUB_CLASSIFIER.test(name) ? hubClassifier(it, name, c) : undefined;
}

/** A model we do not follow ending in a classifier, `Dense(units, activation=act)` (`node`: where the
 *  activation is written, else the call). */
function classifierModel(it: Interp, c: CallSite, units: number | undefined, act: string | undefined, node: Node | undefined): PyValue {
  if (act === undefined) return UNKNOWN;
  const actSite = node ? it.site(argumentNode(node), c.frame.module.file) : c.site;
  // The softmax as a layer of its own, judged when the model's output is (not if the top is cut
  // off or changed first: reading `.layers`, `.get_layer`, `.output` makes the model unknown).
  const head: LayerInfo = { type: 'dense', name: 'Dense', site: c.site, units, activation: act === 'softmax' ? 'linear' : act, actSite };
  const items: PyValue[] = [UNKNOWN, { k: 'layer', layer: head, vocab: kerasVocab }];
  if (act === 'softmax') {
    const softmax: LayerInfo = { type: 'softmax', name: 'Softmax', site: actSite, axisKnownLast: true, actSite };
    softmaxAxis.set(softmax, -1);
    items.push({ k: 'layer', layer: softmax, vocab: kerasVocab });
  }
  const model = newSequential(it, 'keras', c.site, items, kerasVocab, c.frame);
  applications.add(model.model);
  return model;
}

/** Models made by keras.applications (application): their top is often cut or changed. */
export const applications = new WeakSet<ModelInfo>();

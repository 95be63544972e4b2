// Keras's vocabulary: from_logits=True <-> False on loss objects and calls, a loss string replaced
// by the loss class with from_logits=True (spelled with the file's own keras import),
// activation='sigmoid' removed or added on Dense, Activation layers dropped, 'softmax' -> 'sigmoid'
// over one unit, BinaryAccuracy(threshold=0.0) for accuracy on logits.
import type { SyntaxNode as Node } from './syntax-tree';
import type { Vocabulary } from '../core/vocab';
import { importedBefore } from './fix-names';
import { nodeOf, replace, fix, removeItem, removeStatement, setKeyword, addKeyword, keyword, unwrapCall, enclosingCall, argsOf, kerasName, chosenByCaller, variableCallee, stringText, containerIndexed, madeIndexed, namedItemRead, builtInLoop } from './edits';
import { reachedElsewhere } from './shared-sites';
import type { TensorFacts } from '../core/facts';
import { usedAsProbability } from './probability-uses';
import { common, siteChecked, LOSS_APPLIES_IT } from './vocab-common';
import { textOf } from './parser';
import { logitsArgument } from './losses';
import { kerasRejectsZeroThreshold } from './pins';
import { fromLogitsPosition, type ArgKind } from './keras-loss-args';

const CLASS_OF: Record<string, string> = {
  binary_crossentropy: 'BinaryCrossentropy',
  bce: 'BinaryCrossentropy',
  categorical_crossentropy: 'CategoricalCrossentropy',
  sparse_categorical_crossentropy: 'SparseCategoricalCrossentropy',
  BinaryCrossentropy: 'BinaryCrossentropy',
  CategoricalCrossentropy: 'CategoricalCrossentropy',
  SparseCategoricalCrossentropy: 'SparseCategoricalCrossentropy',
  binary_focal_crossentropy: 'BinaryFocalCrossentropy',
  categorical_focal_crossentropy: 'CategoricalFocalCrossentropy',
  BinaryFocalCrossentropy: 'BinaryFocalCrossentropy',
  CategoricalFocalCrossentropy: 'CategoricalFocalCrossentropy',
};

const BINARY_OF: Record<string, string> = {
  categorical_crossentropy: 'binary_crossentropy',
  sparse_categorical_crossentropy: 'binary_crossentropy',
  CategoricalCrossentropy: 'BinaryCrossentropy',
  SparseCategoricalCrossentropy: 'BinaryCrossentropy',
};

export const kerasVocab: Vocabulary = siteChecked({
  ...common('keras'),
  lossArguments: (e) => (e.name.startsWith('tf.') ? '(labels, logits)' : e.kind.order === 'prediction-first' ? '(input, target)' : '(y_true, y_pred)'),

  switchLoss(e, expects) {
    // (Keras' from_logits belongs to its cross-entropies alone: KLDivergence has none.)
    if (expects === 'log-probabilities' || e.name.startsWith('tf.') || !/crossentropy$/i.test(e.name)) return undefined;
    const node = nodeOf(e.lossSite);
    if (!node) return undefined;
    const value = expects === 'logits' ? 'True' : 'False';
    const title = `Use from_logits=${value}: the model outputs ${expects}`;
    // `from_logits=FROM_LOGITS`: a flag other code may test too (`> 0 if FROM_LOGITS else > 0.5`);
    // a literal in its place is a suggestion.
    const named = (call: Node) => !/^(?:True|False)$/.test(keyword(call, 'from_logits')?.childForFieldName('value')?.text ?? 'True');
    // The loss call (`keras.losses.binary_crossentropy(y, p)`) or construction (`BinaryCrossentropy(...)`):
    // its from_logits where the signature puts it (keras-loss-args.ts), by position
    // (`BinaryFocalCrossentropy(False, 0.25, 2.0, True)`) rewritten in place, else the keyword.
    const call = e.via === 'call' && node.type !== 'call' ? nodeOf(e.site) : node;
    if (call?.type === 'call') {
      const file = call === node ? e.lossSite.file : e.site.file;
      const args = argsOf(call);
      const positional = args.filter((a) => a.type !== 'keyword_argument' && a.type !== 'dictionary_splat' && a.type !== 'list_splat');
      // A construction by another name (`keras.losses.get("binary_crossentropy")`, a partial, an alias):
      // its own arguments, not the loss's; only a from_logits keyword, or none given, is the loss's.
      const own = call !== node || call.childForFieldName('function')?.text.split('.').pop() === e.name.split('.').pop();
      if (!own) return keyword(call, 'from_logits') || !args.length ? fix(title, !named(call), [setKeyword(file, call, 'from_logits', value)]) : undefined;
      const kinds = positional.map((a): ArgKind => (/^(?:True|False)$/.test(a.text) ? 'bool' : /^(?:integer|float|string|none|concatenated_string)$/.test(a.type) ? 'other' : 'unknown'));
      const at = fromLogitsPosition(e.name, kinds, args.some((a) => a.type === 'list_splat' || a.type === 'dictionary_splat'));
      if (at === 'unknown' || at === undefined) return undefined;
      if (typeof at === 'number') return kinds[at] === 'bool' ? fix(title, true, [replace(file, positional[at], value)]) : undefined;
      return fix(title, !named(call), [setKeyword(file, call, 'from_logits', value)]);
    }
    if (expects !== 'logits') return undefined; // the string/function default already expects probabilities
    // 'binary_crossentropy' or keras.losses.binary_crossentropy: the loss class with from_logits=True.
    const written = node.type === 'string' ? stringText(node) : node.type === 'attribute' ? node.childForFieldName('attribute')?.text : undefined;
    const cls = written && CLASS_OF[written];
    if (!cls) return undefined;
    // Written where the loss was (`keras.losses.binary_crossentropy` -> its object) or a name the file imports.
    const found = node.type === 'attribute' ? undefined : kerasName(textOf(e.lossSite.file) ?? '', 'losses', cls);
    const name = node.type === 'attribute' ? `${node.childForFieldName('object')?.text}.${cls}` : found && importedBefore(node, found, e.lossSite.file) ? found : undefined;
    return name ? fix(`Use ${cls}(from_logits=True): the model outputs logits`, true, [replace(e.lossSite.file, node, `${name}(from_logits=True)`)]) : undefined;
  },

  // Keras 3 sources (docs/categorical-loss-single-unit.md): a class index of 1 with one unit is out of
  // range; only JAX and NumPy give a silent 0.
  singleUnitConsequence(e) {
    if (e.kind.family !== 'sparse') return undefined;
    return 'one unit means one class, so a label of 1 is out of range: the TensorFlow and PyTorch backends fail on it (or give NaN on a GPU), JAX and NumPy give a loss of 0, and nothing useful is learned either way';
  },

  // 'categorical_crossentropy' on one unit: the binary one, on probabilities for a sigmoid output,
  // on logits for a linear one (a softmax over one unit is softmax-single-unit's to change). A
  // suggestion: the labels must then be one column of 0/1.
  singleUnitLoss(e) {
    const act = e.pred.get().act;
    const node = nodeOf(e.lossSite);
    const ref = node?.type === 'call' ? node.childForFieldName('function') : node;
    const name = ref?.type === 'string' ? ref : ref?.type === 'attribute' ? ref.childForFieldName('attribute') : ref?.type === 'identifier' ? ref : undefined;
    const written = name?.type === 'string' ? stringText(name) : name?.text;
    const binary = written && BINARY_OF[written];
    if (!node || !name || !binary || (act !== 'sigmoid' && act !== 'logits')) return undefined;
    // A bare name (`from keras.losses import CategoricalCrossentropy`) needs the binary one imported too.
    if (ref?.type === 'identifier' && !importedBefore(name, binary, e.lossSite.file)) return undefined;
    const file = e.lossSite.file;
    const title = (what: string) => `Use ${what} for one unit`;
    if (act === 'sigmoid') return fix(title(name.type === 'string' ? `'${binary}'` : binary), false, [replace(file, name, name.type === 'string' ? name.text.replace(written!, binary) : binary)]);
    // Logits: the loss class with from_logits=True (a string becomes the class, spelled as the file imports keras).
    if (node.type === 'call') return fix(title(`BinaryCrossentropy(from_logits=True)`), false, [replace(file, name, 'BinaryCrossentropy'), setKeyword(file, node, 'from_logits', 'True')]);
    if (name.type !== 'string') return undefined;
    const found = kerasName(textOf(file) ?? '', 'losses', 'BinaryCrossentropy');
    return found && importedBefore(node, found, file) ? fix(title(`BinaryCrossentropy(from_logits=True)`), false, [replace(file, node, `${found}(from_logits=True)`)]) : undefined;
  },

  removeActivation(f, why = LOSS_APPLIES_IT) {
    const site = f.actSite;
    const node = nodeOf(site);
    if (!site || !node) return undefined;
    const safe = !usedAsProbability(site) && !chosenByCaller(node);
    // Dense(..., activation=act) with `act` a name (a parameter of a builder): the caller hands the
    // activation in, and another call may need it. Dense(..., activation='sigmoid'): the argument.
    if (node.type === 'keyword_argument' && node.childForFieldName('value')?.type === 'identifier') return undefined;
    if (node.type === 'keyword_argument') return fix(`Remove ${node.text} (${why})`, safe, [removeItem(site.file, node)]);
    // A layer made here (`layers.Softmax()`, `keras.layers.Softmax(axis=-1)`, `layers.Lambda(...)`):
    // the whole item of a Sequential list or model.add(...) goes; unwrapping it would leave the module
    // `layers` or a bare function as a layer. Held in a name, or the callee of its application: no edit.
    if (node.type === 'call' && variableCallee(node)) return undefined;
    if (node.type === 'call' && layerClass(node)) return node.parent?.type === 'call' ? undefined : removeLayer(site.file, node, safe && !layersRead(f, node, site.file), why);
    // layers.Activation('sigmoid')(x) applied (one of the model's layers too), or tf.nn.sigmoid(x): the input alone.
    const applied = node.type === 'call' ? node.childForFieldName('function') : undefined;
    if (node.type === 'call') return fix(`Remove ${applied?.text ?? 'the activation'} (${why})`, safe && !(applied?.type === 'call' && layersRead(f, applied, site.file)), [unwrapCall(site.file, node)]);
    // Activation('sigmoid') in a Sequential list or a model.add(...): the layer goes.
    const layer = enclosingCall(node);
    if (!layer) return undefined;
    if (/(?:^|\.)(?:Activation|Softmax)$/.test(layer.childForFieldName('function')?.text ?? '')) return removeLayer(site.file, layer, safe && !layersRead(f, layer, site.file), why);
    // Dense(1, 'sigmoid'): the positional argument, or None where more positional ones follow
    // (`Dense(1, 'sigmoid', False)`). An activation from `**cfg` is not written here: no edit.
    if (node.type !== 'string' || node.parent?.type !== 'argument_list') return undefined;
    const args = argsOf(layer);
    const at = args.findIndex((a) => a.startIndex === node.startIndex);
    const later = args.slice(at + 1).some((a) => a.type !== 'keyword_argument' && a.type !== 'dictionary_splat');
    const title = `Remove the ${node.text} activation of ${layer.childForFieldName('function')?.text ?? 'the layer'} (${why})`;
    return fix(title, safe, [later ? replace(site.file, node, 'None') : removeItem(site.file, node)]);
  },

  addActivation(f, act) {
    const node = nodeOf(f.actSite);
    if (!f.actSite || !node || node.type !== 'call' || !/Dense$/.test(node.childForFieldName('function')?.text ?? '')) return undefined;
    return fix(`Add activation='${act}' to the output layer`, false, [addKeyword(f.actSite.file, node, 'activation', `'${act}'`)]);
  },

  softmaxToSigmoid(e) {
    const node = nodeOf(e.site);
    if (!node) return undefined;
    if (node.type === 'keyword_argument') {
      const v = node.childForFieldName('value');
      return v ? fix("Use activation='sigmoid' for a single unit", false, [replace(e.site.file, v, "'sigmoid'")]) : undefined;
    }
    if (node.type === 'string') return fix("Use 'sigmoid' for a single unit", false, [replace(e.site.file, node, "'sigmoid'")]);
    if (node.type !== 'call') return undefined;
    const fn = node.childForFieldName('function');
    const name = fn?.type === 'attribute' ? fn.childForFieldName('attribute') : fn;
    if (!name) return undefined;
    // layers.Softmax() -> layers.Activation('sigmoid'); tf.nn.softmax(x) -> tf.nn.sigmoid(x).
    if (name.text === 'Softmax' && node.childForFieldName('arguments')?.namedChildren.length === 0) return fix("Use Activation('sigmoid') for a single unit", false, [replace(e.site.file, name, 'Activation'), replace(e.site.file, node.childForFieldName('arguments')!, "('sigmoid')")]);
    const x = node.childForFieldName('arguments')?.namedChildren[0];
    if (name.text === 'softmax' && x && x.type !== 'keyword_argument' && fn?.type === 'attribute') return fix('Use sigmoid for a single unit', false, [replace(e.site.file, node, `${fn.childForFieldName('object')?.text}.sigmoid(${x.text})`)]);
    return undefined;
  },

  accuracyOnLogits(e) {
    const node = nodeOf(e.madeAt ?? e.site);
    if (!node) return undefined;
    // The metric's own way to read logits: AUC(from_logits=True), a threshold at 0 for the others;
    // PrecisionAtRecall and its kin have none.
    if (e.curve && e.name !== 'AUC' && e.name !== 'BinaryCrossentropy') return undefined;
    const cls = e.curve ? e.name : /^(Precision|Recall|True|False|F1Score|FBetaScore|BinaryIoU)/.test(e.name) ? e.name : 'BinaryAccuracy';
    const [keyword, value] = e.curve ? ['from_logits', 'True'] : /^(?:BinaryAccuracy|F1Score|FBetaScore|BinaryIoU)$/.test(cls) ? ['threshold', '0.0'] : ['thresholds', '0.0'];
    const title = `Use ${cls}(${keyword}=${value}): the model outputs logits`;
    const file = (e.madeAt ?? e.site).file;
    // F1Score and FBetaScore raise on a threshold outside (0, 1] (no other way to read logits);
    // BinaryAccuracy did in Keras 3.0 to 3.4, which the project may pin (pins.ts).
    if (cls === 'F1Score' || cls === 'FBetaScore' || (cls === 'BinaryAccuracy' && kerasRejectsZeroThreshold(file))) return undefined;
    if (node.type === 'call') return fix(title, true, [metricArgument(file, node, e.name, keyword, value)]);
    if (node.type !== 'string') return undefined;
    const found = kerasName(textOf(file) ?? '', 'metrics', cls);
    const name = found && importedBefore(node, found, file) ? found : undefined;
    // `'accuracy'` is logged as accuracy / val_accuracy, which callbacks and plots read by name: the
    // metric keeps it (`BinaryAccuracy(name='accuracy', threshold=0.0)`).
    // A class name written as a string ('AUC', 'Precision') is logged under the class's own name
    // (auc, val_auc), which the object made here gets too.
    const written = /^(['"])(\w+)\1$/.exec(node.text);
    const keep = written && written[2] !== snakeCase(cls) && !/^[A-Z]/.test(written[2]) ? `name=${written[1]}${written[2]}${written[1]}, ` : '';
    return name ? fix(title, true, [replace(file, node, `${name}(${keep}${keyword}=${value})`)]) : undefined;
  },
});

/** `BinaryAccuracy("acc", None, 0.5)`, `Precision(0.5)`: the argument given by position is the one
 *  to rewrite (a keyword added beside it would be given twice: a TypeError). Else the keyword. */
function metricArgument(file: string, call: Node, name: string, keywordName: string, value: string) {
  const at = logitsArgument(name)?.[0];
  const args = argsOf(call);
  if (args.some((a) => a.type === 'list_splat')) return undefined;
  const positional = args.filter((a) => a.type !== 'keyword_argument' && a.type !== 'dictionary_splat');
  if (at !== undefined && positional.length > at) return replace(file, positional[at], value);
  return setKeyword(file, call, keywordName, value);
}

/** A layer's construction: a class of Keras' (capitalised: `layers.Softmax`, `Lambda`), not one of
 *  its activation functions (`tf.nn.softmax`, `keras.activations.sigmoid`). */
function layerClass(call: Node): boolean {
  const fn = call.childForFieldName('function');
  return (fn?.type === 'identifier' || fn?.type === 'attribute') && /(?:^|\.)[A-Z]\w*$/.test(fn.text);
}

/** The model's layers are read by position or by name (`model.layers[:-1]`, `len(model.layers)`,
 *  `get_layer("prob")`, a helper's `m.layers[-2]`): removing one of them shifts or breaks that read,
 *  as reading a PyTorch Sequential's items does (edits.ts containerIndexed, namedItemRead). */
function layersRead(f: TensorFacts, layer: Node, file: string): boolean {
  const name = keyword(layer, 'name')?.childForFieldName('value');
  if (name && namedItemRead(name)) return true;
  if (layer.parent?.type !== 'call' && containerIndexed(file, layer)) return true;
  const model = f.model;
  const models = model ? [model, ...(model.members ?? []), ...(model.twins ?? [])] : [];
  return models.some((m) => {
    const made = nodeOf(m.site);
    return reachedElsewhere(m.site.file, m.site.start, m.site.end) || (made?.type === 'call' && madeIndexed(m.site.file, made));
  });
}

/** Drops a layer call from a Sequential list, or the model.add(...) statement that adds it; made
 *  in a loop's body, it is one layer a pass, hidden ones too: only suggested. */
function removeLayer(file: string, layer: Node, safe: boolean, why: string) {
  const parent = layer.parent;
  const title = `Remove ${layer.text} (${why})`;
  safe &&= !builtInLoop(layer);
  if (parent?.type === 'list') return fix(title, safe, [removeItem(file, layer)]);
  const owner = parent?.type === 'argument_list' ? parent.parent : undefined;
  if (owner?.childForFieldName('function')?.childForFieldName('attribute')?.text === 'add' && owner.parent) {
    const text = textOf(file);
    return text ? fix(title, safe, [removeStatement(file, text, owner.parent)]) : undefined;
  }
  return undefined;
}

/** Keras' default metric name for a class: BinaryAccuracy -> binary_accuracy. */
function snakeCase(cls: string): string {
  return cls.replace(/(?<=[a-z0-9])([A-Z])/g, '_$1').toLowerCase();
}

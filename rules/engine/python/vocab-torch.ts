// PyTorch's vocabulary: how a fix is written in PyTorch code (nn.BCEWithLogitsLoss <-> nn.BCELoss,
// dropping an nn.Sigmoid() or a torch.sigmoid(...) wrapper, thresholds instead of argmax over one
// unit, ...). The NumPy decisions of a PyTorch file use it too, so argument names are positional.
import type { Vocabulary } from '../core/vocab';
import type { TensorFacts } from '../core/facts';
import type { FixSpec } from '../core/rule';
import type { SyntaxNode as Node } from './syntax-tree';
import { nodeOf, replace, fix, removeItem, removeStatement, argsOf, keyword, unwrapCall, calleePrefix, aliasedBeforeInPlace, chosenByCaller, injectedCallable, variableCallee, containerIndexed, namedItemRead, builtInLoop } from './edits';
import { usedAsProbability } from './probability-uses';
import { common, siteChecked, LOSS_APPLIES_IT } from './vocab-common';
import { textOf } from './parser';
import { reachedElsewhere } from './shared-sites';
import { importedBefore } from './fix-names';
import { FASTAI_STAR } from './text-scan';

/** PyTorch's loss pairs: the loss of the same family that takes the other kind of input. */
const SWITCH: Record<string, Partial<Record<'logits' | 'probabilities' | 'log-probabilities', string>>> = {
  BCEWithLogitsLoss: { probabilities: 'BCELoss' },
  BCELoss: { logits: 'BCEWithLogitsLoss' },
  binary_cross_entropy_with_logits: { probabilities: 'binary_cross_entropy' },
  binary_cross_entropy: { logits: 'binary_cross_entropy_with_logits' },
  CrossEntropyLoss: { 'log-probabilities': 'NLLLoss' },
  cross_entropy: { 'log-probabilities': 'nll_loss' },
  NLLLoss: { logits: 'CrossEntropyLoss' },
  nll_loss: { logits: 'cross_entropy' },
  // fastai's (fastai/losses.py): each module that exports one exports both.
  BCEWithLogitsLossFlat: { probabilities: 'BCELossFlat' },
  BCELossFlat: { logits: 'BCEWithLogitsLossFlat' },
};
/** Arguments one loss takes and its partner does not (BCEWithLogitsLossFlat's thresh too). */
const ONLY_LOGITS_ARGS = ['pos_weight', 'thresh'];
/** fastai's star modules, which bind its losses' names (program.ts FASTAI_STAR). */
const FASTAI = /\bfastai\b/;
const ONLY_CE_ARGS = ['label_smoothing'];
/** How many arguments each switch target takes by position: more given (pos_weight, label_smoothing
 *  last, `F.binary_cross_entropy_with_logits(p, y, None, None, None, "mean", pw)`) fit no rename. */
const POSITIONS: Record<string, number> = { BCELoss: 4, binary_cross_entropy: 6, NLLLoss: 5, nll_loss: 7, BCEWithLogitsLoss: 5, binary_cross_entropy_with_logits: 7, CrossEntropyLoss: 6, cross_entropy: 8 };
const SINGLE_UNIT: Record<string, string> = { CrossEntropyLoss: 'BCEWithLogitsLoss', cross_entropy: 'binary_cross_entropy_with_logits' };

export const torchVocab: Vocabulary = siteChecked({
  ...common('pytorch'),
  lossArguments: (e) => (e.kind.order === 'prediction-first' ? '(input, target)' : '(y_true, y_pred)'),

  switchLoss(e, expects) {
    const node = nodeOf(e.lossSite);
    if (!node) return undefined;
    // The construction nn.X(...) or the function reference F.x.
    const ref = node.type === 'call' ? node.childForFieldName('function') : node;
    // A fastai loss by its bare name (`from fastai.vision.all import *`): its partner must be bound
    // there too, by the same imports.
    const bare = ref?.type === 'identifier' && /Flat$/.test(ref.text);
    if (ref?.type !== 'attribute' && !bare) return undefined;
    const nameNode = bare ? ref : ref.childForFieldName('attribute');
    const target = nameNode && SWITCH[nameNode.text]?.[expects];
    if (!nameNode || !target || (bare && !importedBefore(ref, target, e.lossSite.file, FASTAI, FASTAI_STAR))) return undefined;
    const call = node.type === 'call' ? node : nodeOf(e.site);
    if (call && [...ONLY_LOGITS_ARGS, ...ONLY_CE_ARGS].some((k) => keyword(call, k))) return undefined;
    const given = call ? argsOf(call).filter((a) => a.type !== 'keyword_argument' && a.type !== 'dictionary_splat') : [];
    if (given.some((a) => a.type === 'list_splat') || given.length > POSITIONS[target]) return undefined;
    // Towards probabilities (BCEWithLogitsLoss -> BCELoss) only a suggestion: BCELoss fails under
    // autocast and loses the stable log-sum-exp form; towards logits it is what PyTorch recommends.
    // fastai's too, but a learner's get_preds / predict apply the loss's own activation (sigmoid for
    // BCEWithLogitsLossFlat, none for BCELossFlat): what they return changes, a suggestion.
    const written = bare ? target : `${ref.childForFieldName('object')?.text}.${target}`;
    return fix(`Use ${written}, which expects ${expects}`, expects !== 'probabilities' && !/Flat$/.test(target), [replace(e.lossSite.file, nameNode, target)]);
  },

  // PyTorch's cross-entropy over one class (docs/categorical-loss-single-unit.md).
  singleUnitConsequence(e) {
    if (e.kind.expects !== 'logits') return undefined;
    return 'over one unit the log-softmax is always 0: a class-index target of 1 raises "Target 1 is out of bounds", and probability targets give a loss of 0 for every batch, so nothing useful is learned';
  },

  // nn.CrossEntropyLoss() over one logit: nn.BCEWithLogitsLoss() (F.cross_entropy: its binary twin).
  // A suggestion: the targets must become floats of shape (N, 1). Arguments of its own (weight,
  // ignore_index, label_smoothing) mean something else there or nothing: no edit.
  singleUnitLoss(e) {
    const node = nodeOf(e.lossSite);
    const ref = node?.type === 'call' ? node.childForFieldName('function') : node;
    const nameNode = ref?.type === 'attribute' ? ref.childForFieldName('attribute') : undefined;
    const target = nameNode && SINGLE_UNIT[nameNode.text];
    if (!nameNode || !target || e.pred.get().act !== 'logits') return undefined;
    const call = node!.type === 'call' ? node! : nodeOf(e.site);
    const extra = (call?.childForFieldName('arguments')?.namedChildren.filter((a) => a && a.type !== 'comment').length ?? 0) > (node!.type === 'call' ? 0 : 2);
    return extra ? undefined : fix(`Use ${ref!.childForFieldName('object')?.text}.${target} for one unit (float targets of shape (N, 1))`, false, [replace(e.lossSite.file, nameNode, target)]);
  },

  logSoftmaxInstead(f) {
    return activationRenamed(f, { softmax: 'log_softmax', Softmax: 'LogSoftmax' }, 'so the loss gets log-probabilities');
  },

  // skorch's NeuralNetClassifier takes the log itself (rules/nll-loss-input.ts): only suggested, as
  // what else reads the module's log-probabilities (`.exp()`) would read probabilities.
  softmaxInstead(f) {
    const edit = activationRenamed(f, { log_softmax: 'softmax', LogSoftmax: 'Softmax' }, 'as the trainer takes the log itself');
    return edit && { ...edit, safe: false };
  },

  removeActivation(f, why = LOSS_APPLIES_IT) {
    const site = f.actSite;
    const node = nodeOf(site);
    if (!site || !node || node.type !== 'call') return undefined;
    const safe = !usedAsProbability(site) && !chosenByCaller(node) && !aliasedBeforeInPlace(node);
    const title = `Remove ${shortCallee(node)} (${why})`;
    const parent = node.parent;
    // An item of nn.Sequential(...) / an OrderedDict entry / .add_module('sig', nn.Sigmoid()).
    if (parent?.type === 'argument_list') {
      const owner = parent.parent;
      const method = owner?.childForFieldName('function')?.childForFieldName('attribute')?.text;
      if (method === 'add_module' || method === 'append' || method === 'add') {
        const text = textOf(site.file);
        const named = method === 'add_module' && namedItemRead(argsOf(owner!)[0]);
        return text && owner?.parent ? fix(title, safe && !named && !builtInLoop(node), [removeStatement(site.file, text, owner.parent)]) : undefined;
      }
      if (/Sequential$/.test(owner?.childForFieldName('function')?.text ?? '')) return fix(title, safe && !containerIndexed(site.file, node) && !reachedElsewhere(site.file, owner!.startIndex, owner!.endIndex) && !builtInLoop(node), [removeItem(site.file, node)]);
    }
    if (parent?.type === 'tuple' && parent.parent?.type === 'list') return fix(title, safe && !containerIndexed(site.file, parent) && !namedItemRead(parent.namedChildren[0] ?? undefined), [removeItem(site.file, parent)]);
    // An activation handed in by the caller (Head(nn.Sigmoid()) next to Head(nn.Tanh())): not the
    // class's to drop.
    if (injectedCallable(node) || variableCallee(node)) return undefined;
    // torch.sigmoid(x), F.softmax(x, dim=1), self.sig(x), x.sigmoid(): the argument alone.
    return fix(title, safe, [unwrapCall(site.file, node)]);
  },

  addActivation(f, act) {
    const node = nodeOf(f.actSite);
    if (!f.actSite || !node || node.type !== 'call') return undefined;
    const prefix = calleePrefix(node);
    const parent = node.parent;
    if (!prefix || parent?.type !== 'argument_list' || !/Sequential$/.test(parent.parent?.childForFieldName('function')?.text ?? '')) return undefined;
    const layer = act === 'sigmoid' ? `${prefix}Sigmoid()` : `${prefix}Softmax(dim=-1)`;
    return fix(`Add ${layer} after the output layer`, false, [{ file: f.actSite.file, start: node.endIndex, end: node.endIndex, text: `, ${layer}` }]);
  },

  softmaxToSigmoid(e) {
    const node = nodeOf(e.site);
    if (!node || node.type !== 'call') return undefined;
    const fn = node.childForFieldName('function');
    const prefix = calleePrefix(node);
    const name = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
    if (name === 'Softmax' && prefix) return fix('Use nn.Sigmoid() for a single unit', false, [replace(e.site.file, node, `${prefix}Sigmoid()`)]);
    if (name !== 'softmax' || !fn) return undefined;
    const args = argsOf(node);
    const recv = fn.childForFieldName('object');
    // x.softmax(dim): x.sigmoid(); torch.softmax(x, dim) / F.softmax(x, dim=1): torch.sigmoid(x).
    if (e.kind === 'op' && recv && args.every((a) => a.type !== 'list_splat') && isTensorMethod(recv)) return fix('Use sigmoid for a single unit', false, [replace(e.site.file, node, `${recv.text}.sigmoid()`)]);
    const x = args[0];
    if (!x || x.type === 'keyword_argument') return undefined;
    const sig = recv?.text === 'F' || /functional$/.test(recv?.text ?? '') ? `${recv!.text}.sigmoid` : recv?.text === 'torch' ? 'torch.sigmoid' : undefined;
    return sig ? fix('Use sigmoid for a single unit', false, [replace(e.site.file, node, `${sig}(${x.text})`)]) : undefined;
  },
});

function shortCallee(call: Node): string {
  const fn = call.childForFieldName('function');
  return `${fn?.text ?? 'the activation'}(${argsOf(call).length ? '...' : ''})`;
}

/** A receiver that is a tensor expression, not a module like `torch` or `F`. */
function isTensorMethod(recv: Node): boolean {
  return !['torch', 'F', 'nn', 'functional'].includes(recv.text) && !/^torch\.|functional$/.test(recv.text);
}

/** The activation call at `f.actSite` renamed by `names` (`F.softmax` -> `F.log_softmax`, `nn.Softmax`
 *  -> `nn.LogSoftmax`): safe only where nothing else reads its output as it is. */
function activationRenamed(f: TensorFacts, names: Readonly<Record<string, string>>, why: string): FixSpec | undefined {
  const site = f.actSite;
  const node = nodeOf(site);
  const fn = node?.type === 'call' ? node.childForFieldName('function') : undefined;
  const name = fn?.type === 'attribute' ? fn.childForFieldName('attribute') : fn?.type === 'identifier' ? fn : undefined;
  const target = name && Object.hasOwn(names, name.text) ? names[name.text] : undefined;
  if (!site || !name || !target) return undefined;
  // `nn.Softmax(dim=0)`: the batch's axis of (N, C) (or the classes' of one sample): renamed, it
  // would stay on that axis, as wrong and no longer reported.
  if (/^(?:Log)?Softmax$/.test(name.text) && node && (keyword(node, 'dim')?.childForFieldName('value') ?? argsOf(node)[0])?.text === '0') return undefined;
  // `from torch.nn.functional import softmax`: the new name must be imported too, or the edit
  // raises NameError (or calls whatever else the file names so).
  if (fn?.type === 'identifier' && !importedBefore(fn, target, site.file, /\btorch\b/)) return undefined;
  // The model then returns other values: safe only where nothing else reads them as they are.
  return fix(`Use ${target} in place of ${name.text}, ${why}`, !usedAsProbability(site) && !chosenByCaller(node!), [replace(site.file, name, target)]);
}

// The fixes written the same way in PyTorch, Keras/TensorFlow and NumPy code: argmax's axis,
// a threshold instead of an argmax over one unit, 0.5 -> 0 on logits, swapping two arguments.
// Each framework's vocabulary starts from these and adds what it spells its own way.
import type { Vocabulary } from '../core/vocab';
import type { Framework } from '../core/facts';
import type { SyntaxNode as Node } from './syntax-tree';
import { nodeOf, replace, fix, argsOf, operand } from './edits';
import { readAsProbabilitiesAt } from './probability-uses';
import { handedAway, isShared } from './shared-sites';
import { heldInContainer } from './container-uses';
import type { FixSpec } from '../core/rule';
import type { Site } from '../core/site';
import type { ArgMaxEvent } from '../core/events';

/** Which library a decision call belongs to, from how it is written: np.x(...) / torch.x(...) / tf.x(...). */
function library(call: Node): 'numpy' | 'torch' | 'tf' | 'method' | undefined {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'attribute') return undefined;
  const obj = fn.childForFieldName('object')?.text ?? '';
  if (obj === 'np' || obj === 'numpy') return 'numpy';
  if (obj === 'torch') return 'torch';
  // Keras' backend and ops work on tensors too (inside a metric): no NumPy `.astype` there.
  if (/^(?:tf|tensorflow)(?:\.math)?$|^(?:K|backend|ops|(?:tf\.)?keras\.(?:backend|ops))$/.test(obj)) return 'tf';
  return 'method';
}

/** The tensor a decision reads: the receiver of x.argmax(...), the first argument of np.argmax(x). */
function subjectOf(call: Node, form: 'function' | 'method'): Node | undefined {
  if (form === 'method') return call.childForFieldName('function')?.childForFieldName('object') ?? undefined;
  const first = argsOf(call)[0];
  return first && first.type !== 'keyword_argument' ? first : undefined;
}

/** `(x > t)` as class indices, for the value it reads (`holder`: a NumPy array, a PyTorch or TF
 *  tensor, where the code shows which) in the decision's own library; undefined: none is sure. */
function thresholded(call: Node, framework: Framework, x: string, t: string, holder: ArgMaxEvent['holder']): string | undefined {
  const lib = library(call);
  const mod = call.childForFieldName('function')?.childForFieldName('object')?.text;
  // tf.argmax / ops.argmax give integer class indices of shape (N,): the same from the cut (their
  // casts take arrays and tensors alike).
  const tf = mod && /^(?:tf|tensorflow)\b/.test(mod) ? mod.split('.')[0] : undefined;
  if (lib === 'tf' && mod) return tf ? `${tf}.cast(${tf}.squeeze(${x} > ${t}, -1), ${tf}.int64)` : `${mod}.cast(${mod}.squeeze(${x} > ${t}, -1), "int64")`;
  const array = `(${x} > ${t}).astype(int).squeeze(-1)`;
  const torch = `(${x} > ${t}).long().squeeze(-1)`;
  if (holder === 'numpy') return array;
  if (holder === 'torch' || lib === 'torch') return torch;
  // A TF tensor has neither `.astype` nor an argmax method: np.argmax made it an array first.
  const asArray = lib === 'numpy' ? `(${mod}.asarray(${x}) > ${t}).astype(int).squeeze(-1)` : undefined;
  if (holder === 'tf') return asArray;
  // Not known: a PyTorch file's values are arrays or tensors, `* 1` makes integers of both; a
  // Keras file's are arrays or TF tensors (which have no argmax method).
  if (framework === 'pytorch') return `((${x} > ${t}) * 1).squeeze(-1)`;
  return lib === 'method' ? array : asArray;
}

/** Why an activation before a loss that applies it goes (the end of the fix's title). */
export const LOSS_APPLIES_IT = 'the loss applies it itself';

export function common(framework: Framework): Vocabulary {
  return {
    framework,
    name: framework === 'pytorch' ? 'PyTorch' : 'Keras',
    argmax: 'argmax',
    // Keras resolves 'accuracy' on one unit to binary_accuracy; PyTorch has no compile-time metrics.
    binaryAccuracy: 'binary_accuracy',
    customLossNote: framework === 'keras' ? 'Given to compile(), this function is called as (y_true, y_pred), whatever its parameters are named.' : undefined,
    lossArguments: () => '(y_true, y_pred)',
    switchLoss: () => undefined,
    removeActivation: () => undefined,
    addActivation: () => undefined,
    softmaxToSigmoid: () => undefined,
    accuracyOnLogits: () => undefined,

    argmaxLastAxis(e) {
      const call = nodeOf(e.site);
      if (!call || call.type !== 'call') return undefined;
      const list = call.childForFieldName('arguments');
      const args = argsOf(call);
      if (!list || args.some((a) => a.type === 'list_splat' || a.type === 'dictionary_splat' || a.type === 'keyword_argument')) return undefined;
      // Positional -1: torch's dim, NumPy's and TF's axis alike.
      if (e.form === 'method' && args.length === 0) return fix('Take argmax over the last axis (-1)', true, [{ file: e.site.file, start: list.endIndex - 1, end: list.endIndex - 1, text: '-1' }]);
      if (e.form === 'function' && args.length === 1) return fix('Take argmax over the last axis (-1)', true, [{ file: e.site.file, start: args[0].endIndex, end: args[0].endIndex, text: ', -1' }]);
      return undefined;
    },

    argmaxToThreshold(e, t) {
      const call = nodeOf(e.site);
      const x = call && subjectOf(call, e.form);
      if (!call || !x) return undefined;
      // torch.max(x, 1) / x.max(1) give (values, indices): one tensor in their place breaks the
      // unpacking or the [1] / .indices after them.
      const fn = call.childForFieldName('function');
      if (/^(?:max|topk)$/.test((fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.text) ?? '')) return undefined;
      const text = thresholded(call, framework, operand(x), t, e.holder);
      if (!text) return undefined;
      return fix(`Threshold the single unit instead: ${text}`, false, [replace(e.site.file, call, text)]);
    },

    thresholdOnLogits(e) {
      const suggestions = [];
      const thr = nodeOf(e.thresholdSite);
      // Only a number written there: a name (`thr=0.5` as a parameter) may hold other values elsewhere.
      // (A comparison that also sees other values is the rule's to judge: ThresholdEvent.otherInputs.)
      const written = thr && /^(?:float|integer)$/.test(thr.type);
      const f = thr && written && e.thresholdSite ? fix('Threshold logits at 0 (the same decision as probability 0.5)', true, [replace(e.thresholdSite.file, thr, '0')]) : undefined;
      const call = nodeOf(e.site);
      if (e.op === 'round' && call?.type === 'call') {
        const lib = library(call);
        const x = subjectOf(call, lib === 'method' ? 'method' : 'function');
        if (x && (lib === 'torch' || (lib === 'method' && framework === 'pytorch'))) {
          // `out.detach().numpy().round()`: sigmoid on the tensor, before it becomes an array.
          const array = x.type === 'call' ? x.childForFieldName('function') : undefined;
          const tensor = array?.type === 'attribute' && array.childForFieldName('attribute')?.text === 'numpy' ? array.childForFieldName('object') : undefined;
          // A name that holds an array already (`pred = out.cpu().numpy()` above): made a tensor again.
          const text = tensor ? `torch.sigmoid(${tensor.text}).numpy()` : heldArray(x) ? `torch.sigmoid(torch.as_tensor(${x.text})).numpy()` : `torch.sigmoid(${x.text})`;
          const s = fix('Apply sigmoid before rounding', false, [replace(e.site.file, x, text)]);
          if (s) suggestions.push(s);
        } else if (x && lib === 'tf') {
          // `tf.round(z)`, `K.round(z)`: the module's own sigmoid inside keeps the float dtype a
          // comparison with float labels (`tf.equal`) needs; `z > 0` would be a bool tensor.
          const mod = call.childForFieldName('function')?.childForFieldName('object')?.text;
          const s = mod ? fix('Apply sigmoid before rounding', false, [replace(e.site.file, x, `${mod}.sigmoid(${x.text})`)]) : undefined;
          if (s) suggestions.push(s);
        } else if (x) {
          const s = fix('Compare the logit with 0 instead', false, [replace(e.site.file, call, `(${operand(x)} > 0)`)]);
          if (s) suggestions.push(s);
        }
      }
      return { fix: f, suggestions };
    },

    thresholdAtHalf(at) {
      const n = nodeOf(at);
      // Only a number written there (a name may hold other values elsewhere).
      return at && n && /^(?:float|integer)$/.test(n.type) ? fix('Threshold the probabilities at 0.5', true, [replace(at.file, n, '0.5')]) : undefined;
    },

    swapArguments(e) {
      if (!e.args) return undefined;
      const [a, b] = e.args.map(nodeOf);
      // Keyword arguments say which is which (`input=`, `target=`): left alone.
      if (!a || !b || e.args[0].file !== e.args[1].file || a.parent?.type === 'keyword_argument' || b.parent?.type === 'keyword_argument') return undefined;
      return fix(`Swap the arguments back to ${e.vocab.lossArguments(e)}`, true, [replace(e.args[0].file, a, b.text), replace(e.args[1].file, b, a.text)]);
    },
  };
}

/** The edits no vocabulary writes where one place serves several (shared-sites.ts), or where an
 *  activation is written in several places (two model classes joined from branches: actAlso). */
export function siteChecked(v: Vocabulary): Vocabulary {
  return {
    ...v,
    switchLoss: (e, expects) => {
      const fx = unlessHeld(isShared(e.lossSite) ? undefined : v.switchLoss(e, expects), e.lossSite);
      // Raw logits that other code reads as probabilities: a loss that takes logits trains them, but
      // leaves those readers wrong; the activation (a suggestion) would fix both. Neither is safe.
      // Probabilities remapped into [0, 1] (`p * 0.98 + 0.01`): the loss then sees the map too.
      const f = e.pred.get();
      return fx && ((expects === 'logits' && f.act === 'logits' && f.actSite && readAsProbabilitiesAt(f.actSite)) || f.remapped) ? { ...fx, safe: false } : fx;
    },
    // Applied to values of different kinds (a helper's sigmoid for a sigmoid model and a logits one),
    // or to values mapped after it (removing it leaves the map on logits).
    removeActivation: (f, why) => (f.actAlso || f.remapped || (f.actSite && isShared(f.actSite)) ? undefined : v.removeActivation(f, why)),
    addActivation: (f, act) => (f.actAlso || f.rescaled ? undefined : v.addActivation(f, act)),
    accuracyOnLogits: v.accuracyOnLogits && ((e) => unlessHeld(v.accuracyOnLogits!(e), e.madeAt ?? e.site)),
    thresholdAtHalf: (at) => unlessHeld(v.thresholdAtHalf(at), at),
    singleUnitLoss: v.singleUnitLoss && ((e) => unlessHeld(isShared(e.lossSite) ? undefined : v.singleUnitLoss!(e), e.lossSite)),
    logSoftmaxInstead: v.logSoftmaxInstead && ((f) => (f.actAlso || f.remapped ? undefined : v.logSoftmaxInstead!(f))),
    softmaxInstead: v.softmaxInstead && ((f) => (f.remapped ? undefined : v.softmaxInstead!(f))),
  };
}

/** An edit of an object held in a container others may read (container-uses.ts): a suggestion. */
function unlessHeld(fx: FixSpec | undefined, site: Site | undefined): FixSpec | undefined {
  return fx?.safe && (heldInContainer(site) || handedAway(site)) ? { ...fx, safe: false } : fx;
}

/** Whether `x` is a name last assigned a NumPy array in the code before it (`pred = out.numpy()`,
 *  `p = np.asarray(...)`), looking back through the statements of its block and the blocks around. */
function heldArray(x: Node): boolean {
  if (x.type !== 'identifier') return false;
  for (let stmt: Node | null = x; stmt; stmt = stmt.parent) {
    const block = stmt.parent;
    if (!block || (block.type !== 'block' && block.type !== 'module')) continue;
    const before = block.namedChildren.filter((s) => s.endIndex <= stmt!.startIndex).reverse();
    for (const s of before) {
      const a = s.type === 'expression_statement' ? s.namedChildren[0] : undefined;
      if (a?.type !== 'assignment' || a.childForFieldName('left')?.text !== x.text) continue;
      return /\.numpy\(\)$|^(?:np|numpy)\./.test(a.childForFieldName('right')?.text ?? '');
    }
    if (block.type === 'module') return false;
  }
  return false;
}

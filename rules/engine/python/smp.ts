// segmentation_models_pytorch (smp): an architecture (`smp.Unet("resnet34", classes=1)`,
// `smp.create_model("FPN", ...)`) is an encoder and decoder we know nothing of, then its
// segmentation head: a convolution to `classes` channels (1 by default) and `activation` (None by
// default: logits; "sigmoid"; "softmax2d" or "softmax" over the channels; "logsoftmax"; "identity").
// A model built with aux_params returns (mask, label): not modelled. Its losses are in losses.ts.
import type { SyntaxNode as Node } from './syntax-tree';
import type { LayerInfo, ModelInfo } from '../core/facts';
import type { Interp, CallSite } from './evaluator';
import { UNKNOWN, num, str, type PyValue } from './values';
import { libraryLoss } from './losses';
import { newSequential } from './sequential';
import { torchVocab } from './vocab-torch';

const ARCHITECTURES = /^segmentation_models_pytorch\.(?:Unet|UnetPlusPlus|MAnet|Linknet|FPN|PSPNet|PAN|DeepLabV3|DeepLabV3Plus|UPerNet|Segformer|DPT|create_model)$/;

/** What each `activation` string makes of the head's channels (smp's base.modules.Activation). */
const ACTIVATIONS: Record<string, string | null> = {
  identity: null,
  sigmoid: 'sigmoid',
  softmax2d: 'softmax',
  softmax: 'softmax',
  logsoftmax: 'log_softmax',
  tanh: 'tanh',
};

/** A table's own entry (a string from the code may be `constructor`). */
function own<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

const smpModels = new WeakSet<ModelInfo>();

/** smp's `model.predict(x)`: forward in eval mode without gradients, the model's own output. */
export function predictsAsCalled(m: ModelInfo, name: string): boolean {
  return name === 'predict' && smpModels.has(m);
}

/** An attribute of an smp model that holds its head (the encoder and decoder, frozen or given
 *  their own learning rate, do not change what the output is). */
export function reachesSmpHead(m: ModelInfo, name: string): boolean {
  return smpModels.has(m) && /^(?:segmentation_head|classification_head|_modules)$/.test(name);
}

export function smpCall(it: Interp, name: string, c: CallSite): PyValue | undefined {
  if (!ARCHITECTURES.test(name)) return undefined;
  // Only the first three parameters come before `classes` and `activation` in every architecture
  // (encoder name, depth and weights; create_model: arch, encoder name and weights).
  if (c.args.splat || c.args.pos.length > 3) return UNKNOWN;
  const aux = c.args.kw.get('aux_params');
  if (aux && aux.k !== 'none') return UNKNOWN;
  const file = c.frame.module.file;
  const siteOf = (key: string) => {
    const n: Node | undefined = c.args.kwNodes.get(key);
    return n ? it.site(n.parent ?? n, file) : c.site;
  };
  const classes = c.args.kw.has('classes') ? num(c.args.kw.get('classes')!) : 1;
  const head: LayerInfo = { type: 'conv', name: 'segmentation head', site: siteOf('classes'), activation: 'linear', actSite: c.site, channels: classes, batchedRank: 4 };
  const items: PyValue[] = [UNKNOWN, { k: 'layer', layer: head, vocab: torchVocab }];
  const given = c.args.kw.get('activation');
  if (given && given.k !== 'none') {
    // A class (`activation=nn.Sigmoid`) is constructed with no arguments: nn.Softmax()'s implicit
    // dim on the 4-D map is 1, the channels.
    const s = str(given);
    const cls = given.k === 'api' && !given.bound ? /^torch\.nn\.(\w+)$/.exec(given.name)?.[1] : undefined;
    const act = s !== undefined ? own(ACTIVATIONS, s) : cls !== undefined ? own(ACTIVATIONS, cls.toLowerCase()) : undefined;
    const site = siteOf('activation');
    const shown = cls !== undefined ? `nn.${cls}` : JSON.stringify(s ?? '?');
    if (act !== null) items.push({ k: 'layer', layer: { type: 'activation', name: `activation=${shown}`, site, activation: act, actSite: site }, vocab: torchVocab });
  }
  const model = newSequential(it, 'pytorch', c.site, items, torchVocab, c.frame);
  smpModels.add(model.model);
  return model;
}

/** smp.losses.*: (y_pred, y_true), from_logits=True by default; the mode says binary or
 *  multi-class. The legacy smp.utils.losses Dice/Jaccard apply `activation` (None: they take
 *  probabilities). */
const LOSSES: Record<string, { fromLogits: boolean; family?: 'binary' | 'categorical' }> = {
  DiceLoss: { fromLogits: true },
  JaccardLoss: { fromLogits: true },
  TverskyLoss: { fromLogits: true },
  LovaszLoss: { fromLogits: true },
  FocalLoss: { fromLogits: false },
  SoftBCEWithLogitsLoss: { fromLogits: false, family: 'binary' },
  SoftCrossEntropyLoss: { fromLogits: false, family: 'categorical' },
};
const TORCH_COPIES: Record<string, ['logits' | 'probabilities' | 'log-probabilities', 'binary' | 'categorical']> = {
  BCEWithLogitsLoss: ['logits', 'binary'],
  BCELoss: ['probabilities', 'binary'],
  CrossEntropyLoss: ['logits', 'categorical'],
  NLLLoss: ['log-probabilities', 'categorical'],
};
const MODES: Record<string, 'binary' | 'categorical'> = { binary: 'binary', multilabel: 'binary', multiclass: 'categorical' };

export function smpLoss(name: string, c: CallSite): PyValue | undefined {
  // The legacy module's copies of PyTorch's losses (subclasses that add a name).
  const copy = /^segmentation_models_pytorch\.utils\.losses\.(BCEWithLogitsLoss|BCELoss|CrossEntropyLoss|NLLLoss)$/.exec(name)?.[1];
  if (copy) {
    const [expects, family] = TORCH_COPIES[copy];
    return libraryLoss(`smp.${copy}`, `smp.utils.losses.${copy}`, expects, family, c);
  }
  const m = /^segmentation_models_pytorch\.(?:losses\.(\w+)|utils\.losses\.(DiceLoss|JaccardLoss))$/.exec(name);
  if (!m) return undefined;
  if (c.args.splat) return UNKNOWN;
  if (m[2]) {
    // DiceLoss(eps, beta, activation), JaccardLoss(eps, activation): the activation by keyword only.
    if (c.args.pos.length > (m[2] === 'DiceLoss' ? 2 : 1)) return UNKNOWN;
    const a = c.args.kw.get('activation');
    const act = !a || a.k === 'none' ? null : str(a);
    if (act === undefined) return UNKNOWN;
    const family = act === 'sigmoid' ? 'binary' : act === 'softmax2d' || act === 'softmax' ? 'categorical' : act === null ? 'binary' : undefined;
    if (!family) return UNKNOWN;
    return libraryLoss(`smp.${m[2]}`, `smp.utils.losses.${m[2]}`, act === null ? 'probabilities' : 'logits', family, c);
  }
  const e = own(LOSSES, m[1]);
  if (!e) return UNKNOWN;
  let family = e.family;
  if (!family) {
    const mode = c.args.kw.get('mode') ?? c.args.pos[0];
    // "binary", or the package's constant for it (smp.losses.BINARY_MODE).
    const named = mode?.k === 'api' ? /\.(BINARY|MULTICLASS|MULTILABEL)_MODE$/.exec(mode.name)?.[1].toLowerCase() : undefined;
    family = mode ? own(MODES, named ?? str(mode) ?? '') : undefined;
  }
  if (!family) return UNKNOWN;
  let expects: 'logits' | 'probabilities' = 'logits';
  if (e.fromLogits) {
    // from_logits comes after mode and a few others: a keyword only.
    if (c.args.pos.length > 2) return UNKNOWN;
    const fl = c.args.kw.get('from_logits');
    if (fl && !(fl.k === 'const' && typeof fl.v === 'boolean')) return UNKNOWN;
    if (fl?.k === 'const' && fl.v === false) expects = 'probabilities';
  }
  return libraryLoss(`smp.${m[1]}`, `smp.losses.${m[1]}`, expects, family, c);
}

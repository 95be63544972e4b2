// torchvision: its losses (losses.ts) and its classification models, whose head transfer learning
// replaces (`model = models.resnet18(weights=...); model.fc = nn.Linear(model.fc.in_features, 1)`).
// Such a model is a backbone we know nothing of, then the head written in the workspace: its
// output is what that head makes. Until a head is assigned, the output is unknown.
import type { PyValue } from './values';
import type { Interp, CallSite, Frame } from './evaluator';
import { UNKNOWN, num } from './values';
import { callLossFunction, isLossApi } from './losses';
import { newSequential, addModule } from './sequential';
import { torchVocab } from './vocab-torch';
import type { ModelInfo } from '../core/facts';

/** The attribute holding each family's classifier head (torchvision's model definitions). */
const HEAD_ATTR: Array<[RegExp, string]> = [
  [/^(?:resnet|resnext|wide_resnet|regnet_|googlenet|inception_v3|shufflenet_)/, 'fc'],
  [/^(?:densenet|mobilenet_|efficientnet_|vgg|alexnet|convnext_|mnasnet|squeezenet)/, 'classifier'],
];

/** Where the head is the last item of that attribute's nn.Sequential: its index (vgg's
 *  `classifier[6]`, mobilenet_v2's `classifier[1]`). Squeezenet's conv head is not last. */
const HEAD_INDEX: Array<[RegExp, number]> = [
  [/^(?:vgg|alexnet)/, 6],
  [/^(?:mobilenet_v2|efficientnet_|mnasnet)/, 1],
  [/^mobilenet_v3/, 3],
  [/^convnext_/, 2],
];

const headAttr = new WeakMap<ModelInfo, string>();
const headIndex = new WeakMap<ModelInfo, number>();
/** Items of the model before its head: the backbone, then its pooled features. */
const BACKBONE = 2;

export function torchvisionCall(it: Interp, name: string, c: CallSite): PyValue | undefined {
  if (isLossApi(name)) return callLossFunction(it, name, c);
  const ctor = /^torchvision\.models\.([a-z]\w*)$/.exec(name)?.[1];
  const attr = ctor && HEAD_ATTR.find(([re]) => re.test(ctor))?.[1];
  if (!attr) return undefined;
  const model = backbone(it, c);
  headAttr.set(model.model, attr);
  const index = HEAD_INDEX.find(([re]) => re.test(ctor))?.[1];
  if (index !== undefined) headIndex.set(model.model, index);
  // Sized by `num_classes=k` (a constant), the head is torchvision's linear layer of k units: the
  // output is k logits (inception_v3 and googlenet return a tuple with their auxiliary logits
  // while training: not modelled). Its own head assigned later replaces this one.
  const k = c.args.splat || /^(?:inception_v3|googlenet)$/.test(ctor) ? undefined : c.args.kw.get('num_classes');
  const units = k && num(k);
  if (units !== undefined && Number.isInteger(units) && units > 0) {
    const site = it.site(c.args.kwNodes.get('num_classes')!.parent ?? c.node, c.frame.module.file);
    addModule(model, { k: 'layer', layer: { type: 'dense', name: 'Linear', site, units, activation: 'linear', actSite: site }, vocab: torchVocab }, site, false);
  }
  return model;
}

/** A classification model we know nothing of but its head, which the workspace assigns. */
function backbone(it: Interp, c: CallSite): Extract<PyValue, { k: 'model' }> {
  // The backbone ends by pooling and flattening: the head's input is (batch, features).
  const pooled: PyValue = { k: 'layer', layer: { type: 'flatten', name: 'Flatten', site: c.site }, vocab: torchVocab };
  return newSequential(it, 'pytorch', c.site, [UNKNOWN, pooled], torchVocab, c.frame);
}

/** `model.fc = head` on a torchvision model: the backbone, then `head`. In a branch or loop, which
 *  head the model ends with is not known. */
export function replaceHead(model: Extract<PyValue, { k: 'model' }>, attr: string, head: PyValue, f: Frame, index?: number): boolean {
  if (headAttr.get(model.model) !== attr) return false;
  // `model.classifier[6] = nn.Linear(4096, n)`: the last item of the head's Sequential is the head.
  // `classifier[-1]` is that last item too.
  if (index !== undefined && headIndex.get(model.model) !== index && !(index === -1 && headIndex.has(model.model))) return false;
  const m = model.model;
  m.layers.splice(BACKBONE);
  model.items?.splice(BACKBONE);
  if (f.cond) {
    m.open = true;
    return true;
  }
  addModule(model, head, m.site, false);
  return true;
}

// torchvision: its losses (losses.ts) and its classification models, whose head transfer learning
// replaces (`model = models.resnet18(weights=...); model.fc = nn.Linear(model.fc.in_features, 1)`).
// Such a model is a backbone we know nothing of, then the head written in the workspace: its
// output is what that head makes. Until a head is assigned, the output is unknown.
import type { PyValue } from './values';
import type { SyntaxNode as Node } from './syntax-tree';
import type { Interp, CallSite, Frame } from './evaluator';
import { UNKNOWN, num, str } from './values';
import { arg } from './evaluator';
import { callLossFunction } from './losses';
import { isLossApi } from './loss-catalogue';
import { newSequential, addModule, addedConditionally } from './sequential';
import { torchVocab } from './vocab-torch';
import type { ModelInfo } from '../core/facts';

/** The attribute holding each family's classifier head (torchvision's model definitions). */
const HEAD_ATTR: Array<[RegExp, string]> = [
  [/^(?:resnet|resnext|wide_resnet|regnet_|googlenet|inception_v3|shufflenet_)/, 'fc'],
  [/^(?:densenet|mobilenet_|efficientnet_|vgg|alexnet|convnext_|mnasnet|squeezenet)/, 'classifier'],
  // A vision transformer's `heads` is `nn.Sequential(head=nn.Linear(...))`: `heads`, `heads[0]` or `heads.head`.
  [/^vit_/, 'heads'],
  [/^swin_/, 'head'],
];

/** Where the head is the last item of that attribute's nn.Sequential: its index (vgg's
 *  `classifier[6]`, mobilenet_v2's `classifier[1]`). Squeezenet's conv head is not last. */
const HEAD_INDEX: Array<[RegExp, number]> = [
  [/^(?:vgg|alexnet)/, 6],
  [/^(?:mobilenet_v2|efficientnet_|mnasnet)/, 1],
  [/^mobilenet_v3/, 3],
  [/^convnext_/, 2],
  [/^vit_/, 0],
];

const headAttr = new WeakMap<ModelInfo, string>();

/** `model.fc` of a torchvision model read as a module of its own (called, saved, kept in a
 *  checkpoint), not looked into (`model.fc.in_features`, `.parameters()`): what it outputs is read
 *  elsewhere, so removing its activation is no safe fix. */
export function headReadAlone(m: ModelInfo, name: string, node: Node): boolean {
  if (headAttr.get(m) !== name) return false;
  const parent = node.parent;
  return !(parent && ((parent.type === 'attribute' && parent.childForFieldName('object')?.startIndex === node.startIndex && !/^(?:forward|__call__)$/.test(parent.childForFieldName('attribute')?.text ?? '')) || parent.type === 'subscript'));
}
const headIndex = new WeakMap<ModelInfo, number>();
/** Items of the model before its head: the backbone, then its pooled features. */
const BACKBONE = 2;

export function torchvisionCall(it: Interp, name: string, c: CallSite): PyValue | undefined {
  if (isLossApi(name)) return callLossFunction(it, name, c);
  // `get_model("resnet18", num_classes=1)`: the builder of that name.
  const chosen = name === 'torchvision.models.get_model' ? arg(c, 0, 'name')?.value : undefined;
  const ctor = chosen ? str(chosen)?.toLowerCase() : /^torchvision\.models\.([a-z]\w*)$/.exec(name)?.[1];
  const attr = ctor && HEAD_ATTR.find(([re]) => re.test(ctor))?.[1];
  if (!attr) return undefined;
  const model = backbone(it, c);
  headAttr.set(model.model, attr);
  const index = HEAD_INDEX.find(([re]) => re.test(ctor))?.[1];
  if (index !== undefined) headIndex.set(model.model, index);
  // Sized by `num_classes=k` (a constant), the head is torchvision's linear layer of k units: the
  // output is k logits (inception_v3 and googlenet return a tuple with their auxiliary logits
  // while training: not modelled). Its own head assigned later replaces this one.
  if (!/^(?:inception_v3|googlenet)$/.test(ctor)) sizedHead(it, model, c);
  return model;
}

/** `num_classes=k` (a constant): the library's own linear head of k units, so k logits. */
function sizedHead(it: Interp, model: Extract<PyValue, { k: 'model' }>, c: CallSite): void {
  const k = c.args.splat ? undefined : c.args.kw.get('num_classes');
  const units = k && num(k);
  if (units === undefined || !Number.isInteger(units) || units <= 0) return;
  const site = it.site(c.args.kwNodes.get('num_classes')!.parent ?? c.node, c.frame.module.file);
  addModule(model, { k: 'layer', layer: { type: 'dense', name: 'Linear', site, units, activation: 'linear', actSite: site }, vocab: torchVocab }, site, false);
}

/** timm's head attribute by architecture (what its models' get_classifier() returns). */
const TIMM_HEAD: Array<[RegExp, string]> = [
  [/^(?:resnet|resnext|seresnet|seresnext|wide_resnet|res2net|resnest|regnet)/, 'fc'],
  [/^(?:efficientnet|tf_efficientnet|mobilenetv[23]|tf_mobilenetv3|densenet|mixnet|tf_mixnet|ghostnet|mnasnet|rexnet)/, 'classifier'],
  [/^(?:vit_|deit_|beit|eva|swin|cait|xcit|mixer|resmlp)/, 'head'],
];

/** `timm.create_model("efficientnet_b0", pretrained=True, num_classes=1)`: a backbone, then a
 *  linear head of `num_classes` (a distilled DeiT returns two heads' outputs: not modelled). */
export function timmModel(it: Interp, name: string, c: CallSite): PyValue | undefined {
  if (!/^timm\.(?:models\.)?create_model$/.test(name)) return undefined;
  const given = arg(c, 0, 'model_name')?.value;
  const arch = given && str(given)?.replace(/^.*[/:]/, '').toLowerCase();
  if (arch?.includes('distilled')) return UNKNOWN;
  const model = backbone(it, c);
  timmModels.add(model.model);
  const attr = arch && TIMM_HEAD.find(([re]) => re.test(arch))?.[1];
  if (attr) headAttr.set(model.model, attr);
  sizedHead(it, model, c);
  return model;
}

const timmModels = new WeakSet<ModelInfo>();

/** timm's `model.reset_classifier(k)`: its head replaced by a linear layer of k units. */
export function resetClassifier(it: Interp, model: Extract<PyValue, { k: 'model' }>, c: CallSite): PyValue {
  const m = model.model;
  if (!timmModels.has(m)) return UNKNOWN;
  m.layers.splice(BACKBONE);
  model.items?.splice(BACKBONE);
  const units = c.args.pos[0] && num(c.args.pos[0]);
  if (c.frame.cond || c.args.splat || units === undefined || !Number.isInteger(units) || units <= 0) m.open = true;
  else addModule(model, { k: 'layer', layer: { type: 'dense', name: 'Linear', site: c.site, units, activation: 'linear', actSite: c.site }, vocab: torchVocab }, c.site, false);
  return UNKNOWN;
}

/** A classification model we know nothing of but its head, which the workspace assigns. */
function backbone(it: Interp, c: CallSite): Extract<PyValue, { k: 'model' }> {
  // The backbone ends by pooling and flattening: the head's input is (batch, features).
  const pooled: PyValue = { k: 'layer', layer: { type: 'flatten', name: 'Flatten', site: c.site }, vocab: torchVocab };
  return newSequential(it, 'pytorch', c.site, [UNKNOWN, pooled], torchVocab, c.frame);
}

/** `model.fc = head` on a torchvision model: the backbone, then `head`. In a branch or loop the
 *  model was not made in, which head the model ends with is not known (made in the same loop body,
 *  `for fold in range(5): model = resnet18(); model.fc = ...`, each model gets this head). */
export function replaceHead(model: Extract<PyValue, { k: 'model' }>, attr: string, head: PyValue, f: Frame, index?: number): boolean {
  const own = headAttr.get(model.model);
  if (own !== attr && !(own === 'heads' && attr === 'heads.head')) return false;
  // `model.classifier[6] = nn.Linear(4096, n)`: the last item of the head's Sequential is the head.
  // `classifier[-1]` is that last item too.
  if (index !== undefined && headIndex.get(model.model) !== index && !(index === -1 && headIndex.has(model.model))) return false;
  const m = model.model;
  m.layers.splice(BACKBONE);
  model.items?.splice(BACKBONE);
  if (addedConditionally(model, f)) {
    m.open = true;
    return true;
  }
  addModule(model, head, m.site, false);
  return true;
}

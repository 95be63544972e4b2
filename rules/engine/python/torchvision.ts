// torchvision: its losses (losses.ts) and its classification models, whose head transfer learning
// replaces (`model = models.resnet18(weights=...); model.fc = nn.Linear(model.fc.in_features, 1)`).
// Such a model is a backbone we know nothing of, then the head written in the workspace: its
// output is what that head makes. Until a head is assigned, the output is unknown.
import type { PyValue } from './values';
import type { Interp, CallSite, Frame } from './evaluator';
import { UNKNOWN } from './values';
import { isLossApi } from './losses';
import { newSequential, addModule } from './sequential';
import { torchVocab } from './vocab-torch';
import type { ModelInfo } from '../core/facts';

/** The attribute holding each family's classifier head (torchvision's model definitions). */
const HEAD_ATTR: Array<[RegExp, string]> = [
  [/^(?:resnet|resnext|wide_resnet|regnet_|googlenet|inception_v3|shufflenet_)/, 'fc'],
  [/^(?:densenet|mobilenet_|efficientnet_|vgg|alexnet|convnext_|mnasnet|squeezenet)/, 'classifier'],
];

const headAttr = new WeakMap<ModelInfo, string>();
/** Items of the model before its head: the backbone, then its pooled features. */
const BACKBONE = 2;

export function torchvisionCall(it: Interp, name: string, c: CallSite, torchCall: () => PyValue | undefined): PyValue | undefined {
  if (isLossApi(name)) return torchCall();
  const ctor = /^torchvision\.models\.([a-z]\w*)$/.exec(name)?.[1];
  const attr = ctor && HEAD_ATTR.find(([re]) => re.test(ctor))?.[1];
  if (!attr) return undefined;
  // The backbone ends by pooling and flattening: the head's input is (batch, features).
  const pooled: PyValue = { k: 'layer', layer: { type: 'flatten', name: 'Flatten', site: c.site }, vocab: torchVocab };
  const model = newSequential(it, 'pytorch', c.site, [UNKNOWN, pooled], torchVocab, c.frame.scope);
  headAttr.set(model.model, attr);
  return model;
}

/** `model.fc = head` on a torchvision model: the backbone, then `head`. In a branch or loop, which
 *  head the model ends with is not known. */
export function replaceHead(model: Extract<PyValue, { k: 'model' }>, attr: string, head: PyValue, f: Frame): boolean {
  if (headAttr.get(model.model) !== attr) return false;
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

// Hugging Face transformers. Its classification models (`AutoModelForSequenceClassification.
// from_pretrained(name, num_labels=k)`, `BertForSequenceClassification(config)`, their TF twins) end
// in a linear head of num_labels units: their documented output is `.logits`, raw scores (each model
// computes its own loss from them when given labels; that loss is not modelled). A call, or a TF
// model's predict(), returns a ModelOutput record read by attribute or key.
import type { PyValue } from './values';
import type { SyntaxNode as Node } from './syntax-tree';
import type { Interp, CallSite } from './evaluator';
import type { ModelInfo } from '../core/facts';
import { UNKNOWN, num, str, refOf } from './values';
import { libraryLoss } from './losses';
import { newSequential, addModule } from './sequential';
import { torchVocab } from './vocab-torch';
import { kerasVocab } from './vocab-keras';
import { HF_TRAINER, hfComputeMetrics, hfPredictMethod, programSays } from './hf-trainer';
import { libraryObject } from './library-objects';
import { tokenizerCall } from './hf-tokenizers';
import { holdsClassIndices } from './dtypes';
import { noteDefaultActivation } from '../core/judge';
import { asTensorOf } from './array-kind';

/** Heads of one row of scores a sample (token, question-answering and multiple-choice heads are
 *  shaped otherwise); Flax models are JAX code: not modelled. */
const CLASSIFIER = /^transformers\.(TF)?\w*For(?:Sequence|Image|Audio)Classification(?:\.from_pretrained|\.from_config)?$/;

const PROBLEM_TYPE_SET = /\.problem_type\s*=(?!=)|["']problem_type["']|\bupdate\s*\([^)]*\bproblem_type\s*=/;

const hfModels = new WeakSet<ModelInfo>();
export const isHfModel = (m: ModelInfo): boolean => hfModels.has(m);
const CONFIG = /^transformers\.(?:\w+\.)?\w*Config(?:\.from_pretrained)?$/;
/** Configurations made by a transformers Config class, their keywords as entries (an update() clears them). */
const hfConfigs = new WeakSet<PyValue>();

/** A keyword of the configuration the model is made with (`config=cfg`, or `BertFor...(cfg)`). */
function configured(c: CallSite, key: string): PyValue | undefined {
  const config = c.args.kw.get('config') ?? c.args.pos.find((v) => hfConfigs.has(v));
  return config?.k === 'dict' && hfConfigs.has(config) ? config.entries.get(key) : undefined;
}
/** A PyTorch classifier's `problem_type` as written: which loss it applies itself given `labels`. */
const problemTypes = new WeakMap<ModelInfo, string>();
/** Classifiers of several labels with no problem_type: int64 / int32 labels make it
 *  single_label_classification, any other dtype multi_label_classification (the models' forward). */
const byLabels = new WeakSet<ModelInfo>();
const OWN_LOSSES: Record<string, [string, 'binary' | 'categorical', string]> = {
  multi_label_classification: ['torch.BCEWithLogitsLoss', 'binary', 'BCEWithLogitsLoss'],
  single_label_classification: ['torch.CrossEntropyLoss', 'categorical', 'CrossEntropyLoss'],
};

/** A classification model: a backbone we know nothing of, pooled, then its linear head (num_labels
 *  units when written as a number, else units unknown). */
export function transformersCall(it: Interp, name: string, c: CallSite): PyValue | undefined {
  if (HF_TRAINER.test(name)) {
    hfComputeMetrics(it, c, { k: 'api', name });
    // Unknown but for its predict().
    return libraryObject(['predict'], hfPredictMethod({ k: 'api', name }, c));
  }
  const record = modelOutput(name, c) ?? tokenizerCall(name);
  if (record) return record;
  // `AutoConfig.from_pretrained(name, num_labels=5, problem_type=...)`: the keywords it sets, read
  // by attribute, for the model made with `config=` (nothing else of it is known).
  if (CONFIG.test(name) && !c.args.splat) {
    const config: PyValue = { k: 'dict', entries: new Map(c.args.kw), attrs: true };
    hfConfigs.add(config);
    return config;
  }
  const m = CLASSIFIER.exec(name);
  if (!m || /^transformers\.Flax/.test(name)) return undefined;
  const keras = !!m[1];
  const vocab = keras ? kerasVocab : torchVocab;
  const labels = c.args.splat ? undefined : c.args.kw.get('num_labels') ?? configured(c, 'num_labels');
  const units = labels && num(labels);
  const known = units !== undefined && Number.isInteger(units) && units > 0;
  const labelsNode = c.args.kwNodes.get('num_labels');
  const site = known && labelsNode ? it.site(labelsNode.parent ?? c.node, c.frame.module.file) : c.site;
  const pooled: PyValue = { k: 'layer', layer: { type: 'flatten', name: 'Flatten', site: c.site }, vocab };
  const model = newSequential(it, keras ? 'keras' : 'pytorch', c.site, [UNKNOWN, pooled], vocab, c.frame);
  // Messages name the class: the code shows no output layer (and it has no activation to pass).
  noteDefaultActivation(site, `transformers' ${name.replace(/^transformers\.|\.from_(?:pretrained|config)$/g, '')}`, 'linear', 'no activation on its head', true);
  const head = { type: 'dense' as const, name: keras ? 'Dense' : 'Linear', site, units: known ? units : undefined, activation: 'linear', actSite: site };
  addModule(model, { k: 'layer', layer: head, vocab }, site, false);
  hfModels.add(model.model);
  // Without problem_type, the loss depends on num_labels and the labels' dtype at run time; TF
  // models ignore it.
  const problem = keras || c.args.splat ? undefined : str(c.args.kw.get('problem_type') ?? configured(c, 'problem_type') ?? UNKNOWN);
  // The model's forward reads its config's problem_type at every call: one set anywhere else in the
  // program (`model.config.problem_type = "regression"`, `setattr(cfg, "problem_type", ...)`,
  // `config.update({"problem_type": ...})`) may be the one it trains with.
  if (problem && problem in OWN_LOSSES && !programSays(it, PROBLEM_TYPE_SET)) problemTypes.set(model.model, problem);
  // None written anywhere (the keyword, a config we read, the program's text): with several labels
  // the model chooses by its labels' dtype at each call (ownLoss).
  const config = c.args.kw.get('config') ?? c.args.pos.find((v) => hfConfigs.has(v));
  const unset = !c.args.kw.has('problem_type') && (!config || (hfConfigs.has(config) && configured(c, 'problem_type') === undefined));
  if (!keras && !c.args.splat && unset && known && units > 1 && !programSays(it, PROBLEM_TYPE_SET)) byLabels.add(model.model);
  return model;
}

/** A transformers model's head reached (`model.classifier.out_proj = nn.Linear(768, 4)`,
 *  `head = model.score`): what it computes is no longer what it was built with, as far as we know.
 *  (Its backbone, `model.bert`, and its config do not change what the head outputs.) */
export function reachesHfHead(m: ModelInfo, name: string, node: Node | null): boolean {
  if (!hfModels.has(m) || !/^(?:classifier|pre_classifier|score|logits_proj|sequence_summary|head|heads|fc|out_proj|_modules|modules|children|named_modules|named_children|apply|add_module|register_module)$/.test(name)) return false;
  // Its parameters read (an optimizer for the head alone, weights initialised in place) change no layer.
  const read = node?.parent?.type === 'attribute' ? node.parent.childForFieldName('attribute')?.text : undefined;
  return !read || !/^(?:parameters|named_parameters|weight|bias)$/.test(read);
}

/**
 * What a call of `m` returns: for a transformers model, the record holding its output as `logits`.
 * Indexed, the record counts only the fields set: `[0]` is the logits when no `labels` were given,
 * `[1]` when they were (`[0]` is then the loss); with `**batch` we cannot tell.
 */
export function modelOutputOf(it: Interp, m: ModelInfo, out: PyValue, c?: CallSite): PyValue {
  asTensorOf(out, m.framework);
  if (!hfModels.has(m)) return out;
  if (c) ownLoss(it, m, out, c);
  const entries = new Map([['logits', out]]);
  if (c && !c.args.splat) entries.set(c.args.kw.has('labels') ? '[1]' : '[0]', out);
  return { k: 'dict', entries, attrs: true };
}

/** `SequenceClassifierOutput(loss=loss, logits=logits)`: Hugging Face's output records, read by
 *  attribute or key (`out.logits`, `out["logits"]`), built from keywords. */
function modelOutput(name: string, c: CallSite): PyValue | undefined {
  if (!/^transformers\.(?:modeling_outputs\.|modeling_tf_outputs\.|utils\.|file_utils\.)?\w*Output$/.test(name) || c.args.pos.length || c.args.splat) return undefined;
  return { k: 'dict', entries: new Map(c.args.kw), attrs: true };
}

/** Called with `labels` and a known problem_type, the model trains its logits with its own loss:
 *  reported like any loss, never rewritten (the model's code is not the user's). */
function ownLoss(it: Interp, m: ModelInfo, out: PyValue, c: CallSite): void {
  const labels = c.args.kw.get('labels');
  // (Labels of a dtype we cannot tell: no loss known.)
  const problem = problemTypes.get(m) ?? (byLabels.has(m) && holdsClassIndices(labels) ? 'single_label_classification' : undefined);
  if (!problem || !labels || c.args.splat || out.k !== 'tensor') return;
  const [name, family, cls] = OWN_LOSSES[problem];
  const loss = libraryLoss(name, `${cls} (the model's own, problem_type="${problem}")`, 'logits', family, c);
  it.emit({ type: 'loss', site: c.site, vocab: loss.loss.vocab, name, kind: loss.loss.kind, via: 'call', lossSite: c.site, labels: refOf(labels), pred: out.ref });
}

// Types of the numeric check: what goes in (a rule id plus the engine's static facts) and what comes
// out (two training histories, a rule-specific summary and a verdict). Everything here is plain data
// so a report can cross the process boundary and be printed as JSON.
import type { ModelFacts, RuleId as EngineRuleId } from '../../rules/engine/core/types';

export type { ModelFacts };
/** The rules the check can replicate: all of them. */
export type RuleId = EngineRuleId;

/** What the check needs about a finding. The engine's ModelFacts are enough; nothing else is read. */
export interface CheckInput {
  ruleId: RuleId;
  /** Facts the engine proved; missing parts are replaced by stated defaults. */
  facts?: ModelFacts;
  /** The finding's preferred fix (fix-kind.ts): the fixed replica makes the same change when it can. */
  fix?: FixChoice;
}

/** What a fix changes. The engine will attach it to each Fix; until then fix-kind.ts reads the title. */
export type FixKind = 'switch-loss' | 'remove-activation' | 'add-activation' | 'change-activation' | 'change-decision' | 'swap-arguments' | 'log-softmax' | 'other';

/** The fix the editor offers first for a finding (its `fix`, else its first suggestion). */
export interface FixChoice {
  kind: FixKind;
  /** switch-loss: the loss it switches to. */
  loss?: LossId;
  /** add-activation / change-activation: the activation it puts on the output. */
  activation?: string;
  /** The quick fix's title, as the editor shows it. */
  title: string;
  safe: boolean;
  /** 'fix': the finding's own (safe, the preferred quick fix); 'suggestion': its first suggestion. */
  source: 'fix' | 'suggestion';
  /** Titles of the finding's other fixes. */
  others: string[];
}

export interface CheckOptions {
  /** Training epochs for both models (default DEFAULT_EPOCHS). */
  epochs?: number;
  /** Seed of the data, the initial weights and the batch order (default 1). */
  seed?: number;
}

/** How far a running check is, reported after every epoch of training. */
export interface CheckProgressEvent {
  /** The training under way: one of the two, or 'both' when one training serves both (sameTraining). */
  model: 'written' | 'fixed' | 'both';
  /** Epochs of this training done, of `epochs`. */
  epoch: number;
  epochs: number;
  /** Share of the whole check's training done, from 0 to 1. */
  fraction: number;
}

export interface RunOptions extends CheckOptions {
  /** Called in the caller's process as the worker reports each epoch (never after the report). */
  onProgress?: (progress: CheckProgressEvent) => void;
  /** Wall-time limit for the child process, in ms (default 20000). */
  timeoutMs?: number;
  /** Aborting kills the child process; the result is a 'cancelled' report. */
  signal?: AbortSignal;
  /** Path of the worker script (default: worker.js next to run.js; a bundle passes its own). */
  workerPath?: string;
}

export type LossId =
  | 'sigmoidCrossEntropy'
  | 'softmaxCrossEntropy'
  | 'logLoss'
  | 'binaryCrossentropy'
  | 'categoricalCrossentropy'
  | 'sparseCategoricalCrossentropy'
  | 'metrics.binaryCrossentropy'
  | 'metrics.categoricalCrossentropy'
  /** PyTorch's NLLLoss (tfjs has none): -input[target], averaged (losses.ts). */
  | 'nllLoss';

export interface LossSpec {
  id: LossId;
  /** Prediction in the labels position (swapped-loss-arguments). */
  swapped: boolean;
  /** PyTorch's cross-entropy: differentiated as written (losses.ts), not with tfjs's fused gradient. */
  torch?: boolean;
}

/** How code turns the model output into classes. */
export type DecisionSpec =
  | { kind: 'argMax'; axis: number | undefined }
  | { kind: 'round' }
  | { kind: 'threshold'; value: number; inclusive: boolean }
  /** metrics: ['accuracy'] on a 1-unit output: tfjs's binaryAccuracy (threshold 0.5). `metric`: the
   *  code's metric it stands for (Precision cuts at 0.5 too; AUC, `curve`, sweeps thresholds over 0 to 1).
   *  `written`: the metric as the code writes it, which the report names. */
  | { kind: 'binaryAccuracy'; metric?: string; curve?: boolean; written?: string };

export interface DenseSpec {
  units: number;
  activation: string;
  /** A layer of the replica's own, standing in for layers the facts cannot rebuild (the report says so). */
  own?: boolean;
}

/** One replica model: a dense trunk, an output dense layer (linear) and the activations after it. */
export interface ModelSpec {
  inputWidth: number;
  hidden: DenseSpec[];
  outputUnits: number;
  /** Activations applied to the output layer's pre-activation, in order; [] = logits. */
  outputActivations: string[];
  loss: LossSpec;
  /** The decision the code makes (written) or the right one (fixed). */
  decision: DecisionSpec;
  /** The input width is the replica's own: the code's is not known (the report marks it). */
  inputOwn?: boolean;
  /** The output width is the replica's own, as inputOwn. */
  outputOwn?: boolean;
  /** The decision is the replica's own: the finding does not say how the code reads the output. */
  decisionOwn?: boolean;
  /** Its output sigmoid stands for the code's hard sigmoid (the report says so where it names it). */
  hardSigmoid?: boolean;
}

export interface TaskSpec {
  /** Number of classes; 2 for a binary task on a 1-unit output. */
  classes: number;
  /** Share of class 0 the data set is built with (binary tasks only). */
  class0Share?: number;
  /** Standard deviation of the teacher's label noise (default DEFAULT_NOISE in data.ts). */
  noise?: number;
}

export interface ReplicaPlan {
  ruleId: RuleId;
  task: TaskSpec;
  written: ModelSpec;
  fixed: ModelSpec;
  /** The rule changes only the decision: one training, two ways of reading it. */
  sameTraining: boolean;
  /** What the fixed model changes, in words. */
  fix: string;
  /** Which fix the fixed replica makes and why (the preferred quick fix, or the rule's own), and the one it does not run. */
  fixNote: string;
  /** Every assumption the replica made (defaults, scaled-down widths, ignored layers). */
  notes: string[];
  /** The model as the user's PyTorch or Keras code writes it (the replica is tfjs). */
  code?: string;
}

/** Numbers measured on the held-out samples after an epoch (epoch 0 = the initial weights). */
export interface EpochStats {
  epoch: number;
  /** The loss as the code computes it (arguments, activations and all). */
  loss: number;
  /** Cross-entropy of the probabilities the output really means (its own activation read correctly). */
  trueLoss: number;
  /** Accuracy as the code's decision measures it. */
  measuredAccuracy: number;
  /** Accuracy of the right decision on the same output. */
  trueAccuracy: number;
  /** Share of class-1 samples the code's decision calls class 1 (1-unit outputs; else null). */
  measuredClass1Recall: number | null;
  outputMin: number;
  outputMax: number;
  /** Range of the probabilities the loss computes from the output (null: the loss has no such view). */
  lossProbMin: number | null;
  lossProbMax: number | null;
  /** Share of output entries the loss clips to [eps, 1-eps] (null for losses that take logits). */
  clippedShare: number | null;
  /** L2 norm of the loss gradient w.r.t. the output layer's kernel and bias. */
  gradNorm: number;
  /** Share of samples whose loss gradient w.r.t. the output layer's pre-activation is exactly 0. */
  zeroGradShare: number;
  /** How many values the decision returned (one per sample, unless it runs over the wrong axis). */
  decisionLength: number;
  /** The values themselves when there are fewer than samples (argMax over the batch axis). */
  decisionValues?: number[];
}

export interface DataSummary {
  /** Samples the replicas train on. */
  trainSamples: number;
  /** Held-out samples every number is measured on. */
  samples: number;
  inputWidth: number;
  classes: number;
  /** Share of each class in the held-out samples, in class order. */
  classShares: number[];
}

export type SummaryValue = number | boolean | string | null | [number, number];

export interface CheckSuccess {
  status: 'ok';
  ruleId: RuleId;
  backend: string;
  seed: number;
  epochs: number;
  optimizer: string;
  batchSize: number;
  data: DataSummary;
  /** One-line descriptions of the two models. */
  /** `code`: the model as the user's PyTorch/Keras code writes it; written/fixed: the tfjs replicas. */
  models: { written: string; fixed: string; code?: string };
  fix: string;
  /** ReplicaPlan.fixNote. */
  fixNote: string;
  sameTraining: boolean;
  notes: string[];
  series: { written: EpochStats[]; fixed: EpochStats[] };
  /** The rule-specific numbers the issue asks to make visible; all computed from the series and data. */
  summary: Record<string, SummaryValue>;
  verdict: string;
  elapsedMs: number;
  /** CPU time of the child process that ran the check, tfjs start-up included (set by runCheck). */
  workerCpuMs?: number;
  /** Where the finding is (set by the CLI command): its line in the file and, in a notebook, its
   *  cell (numbered as the CLI prints it) and line there. */
  source?: { file: string; line: number; cell?: number; cellLine?: number };
}

export interface CheckFailure {
  status: 'timeout' | 'cancelled' | 'failed';
  ruleId: RuleId | string;
  message: string;
  elapsedMs: number;
}

export type CheckReport = CheckSuccess | CheckFailure;

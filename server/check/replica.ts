// From a finding (rule id + the engine's facts) to two model specs: the head, loss and decision
// exactly as written, and the same with the rule's fix. Where the facts are silent, the rule itself
// says what must be true (a sigmoid-before-logits-loss finding proves a sigmoid), and the replica
// assumes that, saying so in the notes.
import { describeDecision, parseDecision, rightDecision } from './decisions';
import { sigmoidOf } from './format';
import { readFacts, unknownWidth } from './facts';
import { LOSSES, parseLoss } from './losses';
import { describeCode, equivalentLoss } from './framework-losses';
import type { CheckInput, DecisionSpec, FixChoice, LossId, ModelSpec, ReplicaPlan, RuleId } from './types';

type HeadKind = 'logits' | 'sigmoid' | 'softmax' | 'other';

interface Premise {
  /** Output width when the facts do not give one. */
  defaultUnits: number;
  /** The rule is about a 1-unit output: any other width is replaced. */
  singleUnit?: boolean;
  /** What the rule proves about the output activation. */
  head?: 'logits' | 'sigmoid' | 'softmax';
  /** Losses the rule is about; another (or no) loss falls back to `defaultLoss`. */
  losses?: LossId[];
  defaultLoss?: (units: number) => LossId;
  /** The rule is about this kind of decision; a different one in the facts falls back to it. */
  decision?: { accepts: (d: DecisionSpec) => boolean; fallback: DecisionSpec };
  /** What the replica takes the code's output to be for its decision to mean what it does there
   *  (said in the notes). */
  assumes?: (written: ModelSpec) => string | undefined;
  class0Share: number;
  /**
   * Label noise of the data, when the rule needs a harder task to show: a wrong threshold only costs
   * on samples near the boundary, and noisy, imbalanced data (fraud, click-through) has many.
   */
  noise?: number;
  /** The rule's fix applied to the written spec. */
  fix: (written: ModelSpec) => { spec: ModelSpec; text: string; sameTraining?: boolean };
  /**
   * Rules with two ways to fix them (change the head or change the loss): the other way, when the
   * preferred quick fix makes it (a `switch-loss` or `add-activation` FixChoice); undefined when the
   * choice is not one this rule can replay.
   */
  quickFix?: (written: ModelSpec, choice: FixChoice) => { spec: ModelSpec; text: string } | undefined;
  /** Why the rule's own fix is not the preferred quick fix, when it is not (said in the report). */
  ownFixCaveat?: string;
  /** The quick fix does less than the rule's own fix (it trains another model): what it leaves. */
  quickFixLeaves?: (written: ModelSpec) => string;
}

const NOISY = 1.2;

const PROBABILITY_LOSSES: LossId[] = ['binaryCrossentropy', 'categoricalCrossentropy', 'sparseCategoricalCrossentropy', 'logLoss', 'metrics.binaryCrossentropy', 'metrics.categoricalCrossentropy'];

const PREMISES: Record<RuleId, Premise> = {
  'sigmoid-before-logits-loss': {
    defaultUnits: 1,
    head: 'sigmoid',
    losses: ['sigmoidCrossEntropy', 'softmaxCrossEntropy'],
    defaultLoss: () => 'sigmoidCrossEntropy',
    class0Share: 0.6,
    fix: (w) => ({ spec: withActivations(w, w.outputActivations.filter((a) => a !== 'sigmoid')), text: `the ${sigmoidOf(w)} removed, so ${LOSSES[w.loss.id].display} gets logits` }),
    quickFix: (w, c) => switchLoss(w, c, 'probabilities', 'the sigmoid output'),
    ownFixCaveat: 'it changes what predict() returns (logits instead of probabilities)',
  },
  'softmax-before-logits-loss': {
    defaultUnits: 3,
    head: 'softmax',
    losses: ['softmaxCrossEntropy', 'sigmoidCrossEntropy'],
    defaultLoss: () => 'softmaxCrossEntropy',
    class0Share: 0.6,
    fix: (w) => ({ spec: withActivations(w, w.outputActivations.filter((a) => a !== 'softmax')), text: `the softmax removed, so ${LOSSES[w.loss.id].display} gets logits` }),
    quickFix: (w, c) => switchLoss(w, c, 'probabilities', 'the softmax output'),
    ownFixCaveat: 'it changes what predict() returns (logits instead of probabilities)',
  },
  'logits-into-probability-loss': {
    defaultUnits: 1,
    head: 'logits',
    losses: PROBABILITY_LOSSES,
    defaultLoss: (units) => (units > 1 ? 'categoricalCrossentropy' : 'binaryCrossentropy'),
    class0Share: 0.6,
    fix: (w) => {
      const activation = LOSSES[w.loss.id].categorical ? 'softmax' : 'sigmoid';
      return { spec: withActivations(w, [...w.outputActivations, activation]), text: `activation '${activation}' on the output layer, so ${LOSSES[w.loss.id].display} gets probabilities` };
    },
    quickFix: (w, c) => (c.kind === 'add-activation' ? undefined : switchLoss(w, c, 'logits', 'the logits')),
    ownFixCaveat: 'it changes what predict() returns (probabilities instead of logits)',
  },
  'argmax-single-unit': {
    defaultUnits: 1,
    singleUnit: true,
    decision: { accepts: (d) => d.kind === 'argMax' && d.axis !== undefined && d.axis !== 0, fallback: { kind: 'argMax', axis: -1 } },
    // An axis counted from the front is the unit axis only at rank 2 (the rule knows the rank; the replica's is 2).
    assumes: (w) => (w.decision.kind === 'argMax' && (w.decision.axis ?? 0) > 0 ? `The output is taken to have shape (batch, 1): argMax over axis ${w.decision.axis} is over its one unit, so always 0.` : undefined),
    class0Share: 0.7,
    fix: (w) => decisionFix(w, rightDecision(1, readsAsProbability(w))),
  },
  'argmax-batch-axis': {
    defaultUnits: 3,
    decision: { accepts: (d) => d.kind === 'argMax' && d.axis === undefined, fallback: { kind: 'argMax', axis: undefined } },
    class0Share: 0.6,
    fix: (w) => decisionFix(w, w.outputUnits > 1 ? { kind: 'argMax', axis: -1 } : rightDecision(1, readsAsProbability(w))),
  },
  'softmax-single-unit': {
    defaultUnits: 1,
    singleUnit: true,
    head: 'softmax',
    // One unit: losses over integer class labels (sparse, NLL) need two classes at least; the
    // replica then says it used a binary loss instead.
    losses: ['binaryCrossentropy', 'sigmoidCrossEntropy', 'logLoss', 'categoricalCrossentropy', 'softmaxCrossEntropy'],
    defaultLoss: () => 'binaryCrossentropy',
    class0Share: 0.6,
    fix: (w) => {
      const takesLogits = LOSSES[w.loss.id].expects === 'logits';
      const activations = w.outputActivations.flatMap((a) => (a !== 'softmax' ? [a] : takesLogits ? [] : ['sigmoid']));
      const loss = singleUnitLoss(w.loss.id, takesLogits);
      const lossText = loss === w.loss.id ? '' : ` and ${LOSSES[loss].display} in place of ${LOSSES[w.loss.id].display}`;
      return {
        spec: { ...withActivations(w, activations), loss: { ...w.loss, id: loss } },
        text: `${takesLogits ? 'the softmax removed (the loss takes logits)' : "activation 'sigmoid' in place of 'softmax'"}${lossText}`,
      };
    },
    // The editor's quick fix changes the activation only: a categorical loss stays, and over one
    // unit it is constant still (categorical-loss-single-unit is its own finding); a loss that takes
    // logits applies a sigmoid of its own after it. Replayed as it is, and the report says so.
    quickFix: (w, c) => {
      if (c.kind !== 'change-activation' || !quickFixFallsShort(w)) return undefined;
      return { spec: withActivations(w, w.outputActivations.map((a) => (a === 'softmax' ? 'sigmoid' : a))), text: `activation 'sigmoid' in place of 'softmax'; the loss stays ${LOSSES[w.loss.id].display}` };
    },
    quickFixLeaves: (w) => LOSSES[w.loss.id].categorical
      ? `it changes the activation only, and ${LOSSES[w.loss.id].display} over one unit stays constant (categorical-loss-single-unit); switching the loss too is the fix that trains`
      : `it changes the activation only, and ${LOSSES[w.loss.id].display} applies a sigmoid of its own, so the output goes through two (sigmoid-before-logits-loss); removing the softmax is the fix that trains`,
  },
  'threshold-logits': {
    defaultUnits: 1,
    head: 'logits',
    decision: { accepts: (d) => d.kind === 'round' || d.kind === 'threshold', fallback: { kind: 'threshold', value: 0.5, inclusive: false } },
    class0Share: 0.7,
    noise: NOISY,
    fix: (w) => {
      const d = w.decision;
      // Logits trained with a softmax over several classes: no cut on one is a probability's; the
      // classes are compared (the finding's own advice).
      if (w.outputUnits > 1 && LOSSES[w.loss.id].categorical) return decisionFix(w, { kind: 'argMax', axis: -1 });
      // The same cut on logits: 0 for 0.5, log(p / (1 - p)) for another probability p.
      const p = d.kind === 'threshold' && d.value > 0 && d.value < 1 ? d.value : 0.5;
      const cut = decisionFix(w, { kind: 'threshold', value: p === 0.5 ? 0 : +Math.log(p / (1 - p)).toFixed(4), inclusive: d.kind === 'threshold' && d.inclusive });
      // Trained by a loss that takes probabilities (and clips them), the logits learn to sit in
      // [0, 1] and 0.5 is their working cut: the cut on logits is right once the loss takes logits,
      // as the finding says, so the fixed replica makes both changes.
      const loss = LOSSES[w.loss.id];
      if (loss.expects !== 'probabilities' || loss.categorical) return cut;
      return { spec: { ...cut.spec, loss: { ...w.loss, id: 'sigmoidCrossEntropy' as LossId } }, text: `${cut.text}, with ${LOSSES.sigmoidCrossEntropy.display} in place of ${loss.display} (the finding's condition: the cut on logits is right once the loss takes them)`, sameTraining: false };
    },
  },
  'zero-threshold-on-probabilities': {
    defaultUnits: 1,
    head: 'sigmoid',
    decision: { accepts: (d) => d.kind === 'threshold' && d.value === 0, fallback: { kind: 'threshold', value: 0, inclusive: false } },
    class0Share: 0.7,
    fix: (w) => decisionFix(w, { kind: 'threshold', value: 0.5, inclusive: w.decision.kind === 'threshold' && w.decision.inclusive }),
  },
  'categorical-loss-single-unit': {
    defaultUnits: 1,
    singleUnit: true,
    losses: ['categoricalCrossentropy', 'sparseCategoricalCrossentropy', 'softmaxCrossEntropy'],
    defaultLoss: () => 'categoricalCrossentropy',
    class0Share: 0.6,
    fix: (w) => {
      const kind = headKind(w.outputActivations);
      const activations = w.outputActivations.map((a) => (a === 'softmax' ? 'sigmoid' : a));
      const loss: LossId = kind === 'logits' ? 'sigmoidCrossEntropy' : 'binaryCrossentropy';
      const softmaxText = kind === 'softmax' ? " and activation 'sigmoid' in place of 'softmax'" : '';
      return { spec: { ...withActivations(w, activations), loss: { ...w.loss, id: loss } }, text: `${LOSSES[loss].display} in place of ${LOSSES[w.loss.id].display}${softmaxText}` };
    },
  },
  'accuracy-metric-on-logits': {
    defaultUnits: 1,
    singleUnit: true,
    head: 'logits',
    decision: { accepts: (d) => d.kind === 'binaryAccuracy', fallback: { kind: 'binaryAccuracy' } },
    class0Share: 0.7,
    noise: NOISY,
    fix: (w) => decisionFix(w, { kind: 'threshold', value: 0, inclusive: false }, 'an accuracy that thresholds the logits at 0 (the same as sigmoid, then 0.5)'),
  },
  'nll-loss-input': {
    defaultUnits: 3,
    losses: ['nllLoss'],
    defaultLoss: () => 'nllLoss',
    class0Share: 0.6,
    // log_softmax in place of the squashing (or on the logits): NLLLoss then computes the cross-entropy.
    fix: (w) => {
      const squashed = w.outputActivations.some((a) => a === 'softmax' || a === 'sigmoid');
      const activations = [...w.outputActivations.filter((a) => a !== 'softmax' && a !== 'sigmoid'), 'logSoftmax'];
      return { spec: withActivations(w, activations), text: `log_softmax ${squashed ? `in place of ${headKind(w.outputActivations)}` : 'on the logits'}, so ${LOSSES[w.loss.id].display} gets log-probabilities` };
    },
    quickFix: (w, c) => switchLoss(w, c, 'logits', 'the logits'),
    ownFixCaveat: 'it changes what the model returns (log-probabilities instead of logits)',
  },
  'swapped-loss-arguments': {
    defaultUnits: 1,
    class0Share: 0.6,
    fix: (w) => ({ spec: { ...w, loss: { ...w.loss, swapped: false } }, text: `the arguments of ${LOSSES[w.loss.id].display} in the order (labels, predictions)` }),
  },
};

export function isRuleId(id: string): id is RuleId {
  return Object.prototype.hasOwnProperty.call(PREMISES, id);
}

export const RULE_IDS = Object.keys(PREMISES) as RuleId[];

export function planReplica(input: CheckInput): ReplicaPlan {
  const premise = PREMISES[input.ruleId];
  if (!premise) throw new Error(`unknown rule '${input.ruleId}'`);
  const read = readFacts(input.facts);
  const notes = [...read.notes];

  let units = read.outputUnits ?? unknownWidth(input.facts, premise.defaultUnits, !!premise.singleUnit, notes);
  if (premise.singleUnit && units !== 1) {
    notes.push(`The rule is about a 1-unit output; the replica uses 1 unit instead of ${units}.`);
    units = 1;
  }
  const outputActivations = applyHeadPremise(read.outputActivations, premise.head, notes);
  let loss = chooseLoss(input.facts, premise, units, outputActivations, notes);
  const given = equivalentLoss(input.facts)?.id ?? parseLoss(input.facts?.loss);
  // tfjs one-hot-encodes a sparse loss's labels over the output's width, which one unit cannot be:
  // the 0/1 labels go in as probabilities instead (loss and gradient 0), as for PyTorch below.
  if (units === 1 && loss === 'sparseCategoricalCrossentropy') {
    loss = 'categoricalCrossentropy';
    const i = notes.findIndex((n) => n.includes("tfjs's sparseCategoricalCrossentropy"));
    const over = 'Sparse categorical cross-entropy over one unit: the replica gives the 0/1 labels as probabilities to categoricalCrossentropy, for which the loss and its gradient are 0.';
    if (i >= 0) notes[i] = over;
    else notes.push(over);
  }
  // Class-index labels over one unit: class 1 is out of range, so the code as written stops there.
  if (units === 1 && given !== loss && given && LOSSES[given].labels === 'sparse') {
    const fw = input.facts?.framework;
    const stops = fw === 'pytorch' ? 'PyTorch stops with "Target 1 is out of bounds"' : fw === 'keras' ? 'TensorFlow stops with "Received a label value of 1 which is outside the valid range of [0, 1)"' : 'a label of 1 is out of range';
    notes.push(`Over one unit ${input.facts?.lossKind?.display ?? LOSSES[given].display} has no class 1: ${stops}. Kept, it makes the fix alone fall short: a binary loss is part of the fix.`);
  }
  const torch = input.facts?.framework === 'pytorch' && loss === 'softmaxCrossEntropy';
  if (torch && units === 1) notes.push("PyTorch's cross-entropy over one unit: a class-index label of 1 is out of range there (it raises \"Target 1 is out of bounds\"); the replica gives the 0/1 labels as probabilities, for which PyTorch's loss and gradient are 0.");
  const partial = { ...(read.hardSigmoid && outputActivations.includes('sigmoid') ? { hardSigmoid: true } : {}), inputWidth: read.inputWidth, ...(read.inputOwn ? { inputOwn: true } : {}), hidden: read.hidden, outputUnits: units, ...(read.outputUnits === undefined && !premise.singleUnit ? { outputOwn: true } : {}), outputActivations, loss: { id: loss, swapped: input.ruleId === 'swapped-loss-arguments', ...(torch ? { torch } : {}) } };
  const chosen = chooseDecision(input.facts, premise, partial, notes);
  const written: ModelSpec = { ...partial, decision: chosen.decision, ...(chosen.own ? { decisionOwn: true } : {}) };
  const d = written.decision;
  if (d.kind === 'binaryAccuracy' && d.metric) notes.push(d.curve ? `tfjs has no ${d.metric}: the replica measures binaryAccuracy, which misreads logits as probabilities as ${d.metric}'s thresholds over 0 to 1 do; the numbers are accuracies, not ${d.metric} values.` : `tfjs has no ${d.metric}: the replica measures binaryAccuracy, which cuts the output at 0.5 as ${d.metric} does; the numbers are accuracies, not ${d.metric} values.`);
  const assumed = premise.assumes?.(written);
  if (assumed) notes.push(assumed);
  const { fixed, fixNote } = chooseFix(premise, written, input.fix);
  const decision = premise.decision ? fixed.spec.decision : naturalDecision(fixed.spec);
  // (A decision the fix changes is the fix's, no longer one the replica chose for the code.)
  const own = !!written.decisionOwn && (!premise.decision || decision === written.decision);
  const { decisionOwn: _, ...rest } = fixed.spec;
  const fixedSpec: ModelSpec = { ...rest, decision, ...(own ? { decisionOwn: true } : {}) };
  return {
    ruleId: input.ruleId,
    task: { classes: units > 1 ? units : 2, class0Share: units > 1 ? undefined : premise.class0Share, noise: premise.noise },
    written,
    fixed: fixedSpec,
    sameTraining: fixed.sameTraining ?? false,
    fix: fixed.text,
    ...(describeCode(input.facts) ? { code: describeCode(input.facts) } : {}),
    fixNote,
    notes,
  };
}

/**
 * The fixed replica: the change the finding's preferred quick fix makes when the rule can replay it,
 * else the rule's own fix; and a sentence saying which ran, why, and which other fix was not run.
 */
function chooseFix(premise: Premise, written: ModelSpec, choice: FixChoice | undefined): { fixed: ReturnType<Premise['fix']>; fixNote: string } {
  const own = premise.fix(written);
  const quick = choice && premise.quickFix?.(written, choice);
  const which = (c: FixChoice) => (c.source === 'fix' ? `the preferred quick fix "${c.title}"${c.safe ? ' (the safe one, which --fix applies)' : ''}` : `the first suggested quick fix "${c.title}"`);
  if (choice && quick && premise.quickFixLeaves) {
    return { fixed: quick, fixNote: `Ran ${which(choice)}: ${premise.quickFixLeaves(written)}. Not run: ${own.text}.` };
  }
  if (choice && quick) {
    return { fixed: quick, fixNote: `Ran ${which(choice)}. Not run: the other way to fix it, ${own.text}; it trains the same model, but ${premise.ownFixCaveat ?? 'it is not the preferred fix'}.` };
  }
  if (!choice) return { fixed: own, fixNote: `Ran the rule's own fix; the editor offers no automatic fix for this finding.` };
  return { fixed: own, fixNote: `Ran ${which(choice)}, which makes the change above.` };
}

/** A fix that switches to the loss `choice` names, when that loss takes `expects`. */
function switchLoss(w: ModelSpec, choice: FixChoice, expects: 'logits' | 'probabilities', what: string) {
  const loss = choice.kind === 'switch-loss' ? choice.loss : undefined;
  if (!loss || LOSSES[loss].expects !== expects) return undefined;
  return { spec: { ...w, loss: { ...w.loss, id: loss } }, text: `${LOSSES[loss].display} in place of ${LOSSES[w.loss.id].display}, so the loss takes ${what} as ${expects}` };
}

function applyHeadPremise(activations: string[], head: Premise['head'], notes: string[]): string[] {
  if (!head || headKind(activations) === head) return activations;
  if (head === 'logits') {
    notes.push(`The facts show activation ${activations.join(', ')} on the output, but the rule proves logits; the replica uses none.`);
    return [];
  }
  notes.push(`The facts do not show the ${head}; the replica puts it on the output layer.`);
  return [...activations.filter((a) => a !== 'sigmoid' && a !== 'softmax'), head];
}

function chooseLoss(facts: CheckInput['facts'], premise: Premise, units: number, activations: string[], notes: string[]): LossId {
  const text = facts?.loss;
  const same = equivalentLoss(facts);
  if (same && (!premise.losses || premise.losses.includes(same.id))) {
    notes.push(same.note);
    return same.id;
  }
  const parsed = parseLoss(text);
  if (parsed && (!premise.losses || premise.losses.includes(parsed))) return parsed;
  const fallback = premise.defaultLoss?.(units) ?? lossForHead(units, headKind(activations));
  notes.push(typeof text === 'string' && text ? `Loss ${text} is not one this rule is about; the replica uses ${LOSSES[fallback].display}.` : `Loss unknown: the replica uses ${LOSSES[fallback].display}.`);
  return fallback;
}

/** The code's decision, else one of the replica's own (`own`), which the report marks and notes. */
function chooseDecision(facts: CheckInput['facts'], premise: Premise, spec: Omit<ModelSpec, 'decision'>, notes: string[]): { decision: DecisionSpec; own?: boolean } {
  const text = facts?.decision;
  const parsed = withWrittenMetric(parseDecision(text), facts?.metric);
  if (parsed && (!premise.decision || premise.decision.accepts(parsed))) return { decision: parsed };
  if (!premise.decision) {
    const natural = naturalDecision(spec);
    notes.push(`Your code's decision is not part of this finding: the replica reads the output with ${describeDecision(natural)}${spec.outputUnits > 1 ? ' (the class of the highest output)' : ''}.`);
    return { decision: natural, own: true };
  }
  const fallback = premise.decision.fallback;
  notes.push(typeof text === 'string' && text ? `Decision ${text} is not the one this rule is about; the replica uses ${describeDecision(fallback)}.` : `Decision not given: the replica uses ${describeDecision(fallback)}.`);
  return { decision: fallback, own: true };
}


/** A metric's decision names the metric as the code writes it. */
function withWrittenMetric(d: DecisionSpec | undefined, written: unknown): DecisionSpec | undefined {
  return d?.kind === 'binaryAccuracy' && typeof written === 'string' && written ? { ...d, written } : d;
}

function naturalDecision(spec: Omit<ModelSpec, 'decision'>): DecisionSpec {
  return rightDecision(spec.outputUnits, readsAsProbability(spec));
}

/**
 * Whether the right decision reads the output as a probability (threshold 0.5) or as logits
 * (threshold 0): a probability when it ends in sigmoid/softmax or when a probability loss trained it
 * to be one (a logits head under 'binaryCrossentropy' learns to put its outputs in [0, 1]).
 */
export function readsAsProbability(spec: Pick<ModelSpec, 'outputActivations' | 'loss'>): boolean {
  return isProbability(spec) || LOSSES[spec.loss.id].expects === 'probabilities';
}

function decisionFix(w: ModelSpec, decision: DecisionSpec, text?: string) {
  return { spec: { ...w, decision }, text: text ?? `${describeDecision(decision)} in place of ${describeDecision(w.decision)}`, sameTraining: true };
}

function withActivations(spec: ModelSpec, outputActivations: string[]): ModelSpec {
  return { ...spec, outputActivations };
}

/** The activation-only quick fix leaves a loss that still cannot train one sigmoid unit. */
function quickFixFallsShort(w: ModelSpec): boolean {
  return LOSSES[w.loss.id].categorical || LOSSES[w.loss.id].expects === 'logits';
}

function singleUnitLoss(id: LossId, takesLogits: boolean): LossId {
  if (!LOSSES[id].categorical) return id;
  return takesLogits ? 'sigmoidCrossEntropy' : 'binaryCrossentropy';
}

function lossForHead(units: number, kind: HeadKind): LossId {
  if (units > 1) return kind === 'logits' ? 'softmaxCrossEntropy' : 'categoricalCrossentropy';
  return kind === 'logits' ? 'sigmoidCrossEntropy' : 'binaryCrossentropy';
}

export function headKind(activations: string[]): HeadKind {
  if (activations.includes('softmax')) return 'softmax';
  if (activations.includes('sigmoid')) return 'sigmoid';
  return activations.length === 0 ? 'logits' : 'other';
}

/** The output is probabilities when its last squashing is sigmoid or softmax. */
export function isProbability(spec: Pick<ModelSpec, 'outputActivations'>): boolean {
  const kind = headKind(spec.outputActivations);
  return kind === 'sigmoid' || kind === 'softmax';
}

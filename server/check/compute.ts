// The check itself, in-process: plan the replica, make the data, train the written and the fixed
// model, summarise. runCheck (run.ts) calls this inside a child process; tests may call it directly.
import { loadBackend } from './backend';
import { makeSplit } from './data';
import { describeDecision } from './decisions';
import { REPLICAS, sigmoidOf } from './format';
import { validateInput } from './input';
import { LOSSES } from './losses';
import { planReplica } from './replica';
import { trainSeries, type TrainSettings } from './train';
import type { CheckInput, CheckOptions, CheckProgressEvent, CheckSuccess, ModelSpec } from './types';
import { ruleView } from './verdict';

// The request's limits and defaults live in input.ts; bench/check.js reads DEFAULT_EPOCHS here.
export { CheckInputError, DEFAULT_EPOCHS, DEFAULT_SEED, MAX_EPOCHS } from './input';

// The replica's data and optimizer; with DEFAULT_EPOCHS they set how long a check takes.
export const TRAIN_SAMPLES = 512;
export const TEST_SAMPLES = 256;
export const BATCH_SIZE = 256;
export const LEARNING_RATE = 0.02;

export async function computeCheck(input: CheckInput, options: CheckOptions = {}, onProgress?: (progress: CheckProgressEvent) => void): Promise<CheckSuccess> {
  const started = Date.now();
  const { epochs, seed } = validateInput(input, options);
  const { tf, name } = await loadBackend();
  const plan = planReplica(input);
  const split = makeSplit(plan.task, plan.written.inputWidth, TRAIN_SAMPLES, TEST_SAMPLES, seed);
  const trainings = plan.sameTraining ? 1 : 2;
  const settings = (model: CheckProgressEvent['model'], before: number): TrainSettings => ({
    epochs,
    seed,
    batchSize: BATCH_SIZE,
    learningRate: LEARNING_RATE,
    onEpoch: onProgress && ((epoch) => onProgress({ model, epoch, epochs, fraction: (before * epochs + epoch) / (trainings * epochs) })),
  });
  let written, fixed;
  if (plan.sameTraining) {
    [written, fixed] = trainSeries(tf, plan.written, split, [plan.written.decision, plan.fixed.decision], settings('both', 0));
  } else {
    [written] = trainSeries(tf, plan.written, split, [plan.written.decision], settings('written', 0));
    [fixed] = trainSeries(tf, plan.fixed, split, [plan.fixed.decision], settings('fixed', 1));
  }
  const data = split.test;
  const view = ruleView({ plan, data, written, fixed });
  return {
    status: 'ok',
    ruleId: plan.ruleId,
    backend: name,
    seed,
    epochs,
    optimizer: `Adam(${LEARNING_RATE})`,
    batchSize: BATCH_SIZE,
    data: { trainSamples: split.train.n, samples: data.n, inputWidth: data.d, classes: data.classes, classShares: data.classShares },
    models: { written: describeModel(plan.written), fixed: describeModel(plan.fixed), ...(plan.code ? { code: plan.code } : {}) },
    fix: plan.fix,
    fixNote: plan.fixNote,
    sameTraining: plan.sameTraining,
    notes: plan.notes,
    series: { written, fixed },
    summary: view.summary,
    verdict: view.verdict,
    elapsedMs: Date.now() - started,
  };
}

/** "input 8 → dense(16, relu) → dense(1) → sigmoid; loss tf.losses.sigmoidCrossEntropy; decision greater(0.5)",
 *  each part the code does not have marked `(the replica's)`. */
export function describeModel(spec: ModelSpec): string {
  const own = (text: string, mark: boolean | undefined) => (mark ? `${text} ${REPLICAS}` : text);
  const layers = [own(`input ${spec.inputWidth}`, spec.inputOwn), ...spec.hidden.map((h) => own(`dense(${h.units}, ${h.activation})`, h.own)), own(`dense(${spec.outputUnits})`, spec.outputOwn), ...spec.outputActivations.map((a) => (a === 'sigmoid' ? sigmoidOf(spec) : a))];
  const loss = LOSSES[spec.loss.id].display + (spec.loss.swapped ? ' (predictions, labels)' : '');
  return `${layers.join(' \u2192 ')}; loss ${loss}; decision ${own(describeDecision(spec.decision), spec.decisionOwn)}`;
}

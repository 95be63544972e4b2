// What each rule must make visible, computed from the two training histories and the data, and a
// one-sentence verdict in plain words built from those numbers. Nothing is a constant: when the
// numbers do not show the expected effect, the sentence says what they do show.
import type { Dataset } from './data';
import { describeDecision, isBinaryAccuracyName } from './decisions';
import { num, pct, range, sigmoidOf } from './format';
import { LOSSES } from './losses';
import { highest as maxOf, last, lowest as minOf } from './series';
import type { DecisionSpec, EpochStats, ReplicaPlan, RuleId, SummaryValue } from './types';

export interface Context {
  plan: ReplicaPlan;
  data: Dataset;
  written: EpochStats[];
  fixed: EpochStats[];
}

export interface RuleView {
  summary: Record<string, SummaryValue>;
  verdict: string;
}

type View = (c: Context) => RuleView;

const VIEWS: Record<RuleId, View> = {
  'sigmoid-before-logits-loss': (c) => squashedTwice(c, 'sigmoid'),
  'softmax-before-logits-loss': (c) => squashedTwice(c, 'softmax'),
  'logits-into-probability-loss': logitsIntoProbabilityLoss,
  'argmax-single-unit': argMaxSingleUnit,
  'argmax-batch-axis': argMaxBatchAxis,
  'softmax-single-unit': softmaxSingleUnit,
  'threshold-logits': (c) => wrongThreshold(c, `Thresholding the logits with ${describeDecision(c.plan.written.decision)}`),
  'categorical-loss-single-unit': categoricalLossSingleUnit,
  'accuracy-metric-on-logits': (c) => wrongThreshold(c, metricReading(c.plan.written.decision)),
  'swapped-loss-arguments': swappedArguments,
  'nll-loss-input': nllInput,
  'zero-threshold-on-probabilities': (c) => wrongThreshold(c, `Thresholding the probabilities with ${describeDecision(c.plan.written.decision)}`, 'the right threshold on probabilities (0.5)'),
};

export function ruleView(c: Context): RuleView {
  const view = VIEWS[c.plan.ruleId](c);
  return { summary: { ...common(c), ...view.summary }, verdict: view.verdict };
}

function common(c: Context): Record<string, SummaryValue> {
  const [w, f] = [last(c.written), last(c.fixed)];
  return {
    writtenFinalLoss: w.loss,
    fixedFinalLoss: f.loss,
    writtenFinalAccuracy: w.trueAccuracy,
    fixedFinalAccuracy: f.trueAccuracy,
    writtenMeasuredAccuracy: w.measuredAccuracy,
    fixedMeasuredAccuracy: f.measuredAccuracy,
  };
}

// sigmoid/softmax before a loss that applies it again: the loss only sees a squeezed range, so it has
// a floor it cannot go below, and the gradient through two squashings is smaller.
function squashedTwice(c: Context, squash: 'sigmoid' | 'softmax'): RuleView {
  const activation = squash === 'sigmoid' ? sigmoidOf(c.plan.written) : squash;
  const lossFloor = minOf(c.written.map((e) => e.loss));
  const probRange = spanOf(c.written, 'lossProbMin', 'lossProbMax');
  const theoreticalFloor = squeezedFloor(c);
  const [gw, gf] = [c.written[0].gradNorm, c.fixed[0].gradNorm];
  const gradientRatio = gw > 0 ? gf / gw : null;
  const [wl, fl] = [last(c.written).loss, last(c.fixed).loss];
  const floorText = theoreticalFloor === null ? '' : ` (it cannot go below ${num(theoreticalFloor)})`;
  const gradText = gradientRatio !== null && gradientRatio > 1.2 ? `, and its gradient at the output layer starts ${num(gradientRatio)}\u00d7 smaller` : '';
  // A loss over classes on one unit: its softmax is 1 whatever comes in, the extra squashing or not.
  const oneClass = c.plan.written.outputUnits === 1 && LOSSES[c.plan.written.loss.id].categorical;
  const verdict = oneClass
    ? `Over one unit ${LOSSES[c.plan.written.loss.id].display} sees a softmax of 1.00 for every sample, with the ${activation} or without it: the loss is ${num(wl)} as written and ${num(fl)} with the fix, and removing the ${activation} alone cannot make this model train (a loss over classes needs two units at least).`
    : fl < wl
      ? `With the fix the loss falls to ${num(fl)}; as written it stalls at ${num(wl)}${floorText}, the probabilities the loss sees never leave ${range(...probRange)}${gradText}.`
      : `In this replica the fix does not lower the loss (${num(fl)} against ${num(wl)} as written), but as written the probabilities the loss sees never leave ${range(...probRange)} because of the extra ${activation}.`;
  const [wa, fa] = [last(c.written).trueAccuracy, last(c.fixed).trueAccuracy];
  const accuracyBlind = Math.abs(wa - fa) <= ACCURACY_BLIND_GAP;
  // sigmoid and softmax are monotonic: a second one keeps the order of the outputs, so the decision
  // (threshold or argMax) picks about the same classes and accuracy looks fine.
  const blindText = accuracyBlind && !oneClass
    ? ` Accuracy cannot reveal this bug (${num(wa)} as written, ${num(fa)} with the fix): the extra ${activation} keeps the ranking of the outputs, so the decision picks nearly the same classes; the lowest loss, the probabilities the loss sees and the gradient at the output layer are the numbers that show it.`
    : '';
  return {
    summary: { accuracyBlind, oneUnitOverClasses: oneClass, lossFloor, theoreticalFloor, lossProbRange: probRange, fixedLossProbRange: spanOf(c.fixed, 'lossProbMin', 'lossProbMax'), startGradNormWritten: gw, startGradNormFixed: gf, gradientRatio },
    verdict: verdict + blindText,
  };
}

/** Accuracies this close cannot tell a twice-squashed model from the fixed one. */
const ACCURACY_BLIND_GAP = 0.05;

/**
 * The lowest loss a twice-squashed output can reach, from the label shares and the width: the
 * second squashing sees values in [0, 1], so sigmoid gives at best sigmoid(1) for a 1 and
 * sigmoid(0) = 0.5 for a 0, and softmax gives at best e / (e + K - 1) for the true class.
 */
function squeezedFloor(c: Context): number | null {
  const { id } = c.plan.written.loss;
  const k = c.plan.written.outputUnits;
  const onesShare = k === 1 ? c.data.classShares[1] : 1 / k;
  if (id === 'sigmoidCrossEntropy') return onesShare * -Math.log(1 / (1 + Math.exp(-1))) + (1 - onesShare) * Math.log(2);
  if (id === 'softmaxCrossEntropy' && k > 1) return Math.log(1 + (k - 1) / Math.E);
  return null;
}

function logitsIntoProbabilityLoss(c: Context): RuleView {
  const nanEpoch = c.written.find((e) => Number.isNaN(e.loss))?.epoch ?? null;
  const clipped = c.written.map((e) => e.clippedShare ?? 0);
  const zero = c.written.map((e) => e.zeroGradShare);
  const [w, f] = [last(c.written), last(c.fixed)];
  const loss = LOSSES[c.plan.written.loss.id].display;
  let verdict: string;
  if (nanEpoch !== null) {
    const when = nanEpoch === 0 ? 'from the first batch' : `from epoch ${nanEpoch}`;
    verdict = `As written the loss is NaN ${when}: ${loss} takes the log of the raw outputs and ${pct(c.written[0].clippedShare)} of them lie outside (0, 1); with the fix the loss falls to ${num(f.loss)} and accuracy reaches ${num(f.trueAccuracy)}.`;
  } else {
    verdict = `As written ${pct(c.written[0].clippedShare)} of the outputs start outside [1e-7, 1\u22121e-7] (${pct(w.clippedShare)} at the end), where ${loss} clips them and their gradient is exactly 0, and the loss ends at ${num(w.loss)}; with the fix it falls to ${num(f.loss)}.`;
  }
  return {
    summary: { nanEpoch, startClippedShare: c.written[0].clippedShare, maxClippedShare: maxOf(clipped), finalZeroGradShare: w.zeroGradShare, maxZeroGradShare: maxOf(zero) },
    verdict,
  };
}

function argMaxSingleUnit(c: Context): RuleView {
  const class0Share = c.data.classShares[0];
  const measured = last(c.written).measuredAccuracy;
  const right = last(c.fixed).measuredAccuracy;
  const equalsClass0Share = c.written.every((e) => e.measuredAccuracy === class0Share);
  const verdict = equalsClass0Share
    ? `argMax over one unit always returns 0, so the accuracy your code computes is ${num(measured)} in every epoch \u2014 exactly the share of class 0 \u2014 while a threshold on the same output gives ${num(right)}.`
    : `argMax over one unit gives accuracy ${num(measured)} against ${num(right)} with a threshold (the share of class 0 is ${num(class0Share)}).`;
  return { summary: { class0Share, argMaxAccuracy: measured, thresholdAccuracy: right, equalsClass0Share }, verdict };
}

function argMaxBatchAxis(c: Context): RuleView {
  const w = last(c.written);
  const right = last(c.fixed).measuredAccuracy;
  const returned = w.decisionValues ?? [];
  const values = returned.length ? ` ([${returned.slice(0, 6).join(', ')}${returned.length > 6 ? ', \u2026' : ''}], sample indices rather than classes)` : '';
  const verdict =
    w.decisionLength < c.data.n
      ? `argMax() runs over the batch axis: for ${c.data.n} samples it returns ${w.decisionLength} values${values}, so your accuracy reads ${num(w.measuredAccuracy)} while argMax(-1) gives ${num(right)}.`
      : `argMax() returned one value per sample here; accuracy ${num(w.measuredAccuracy)} against ${num(right)} with argMax(-1).`;
  return {
    summary: { samples: c.data.n, valuesReturned: w.decisionLength, defaultAxisValues: returned.length ? returned.join(',') : null, defaultAxisAccuracy: w.measuredAccuracy, perSampleAccuracy: right },
    verdict,
  };
}

function softmaxSingleUnit(c: Context): RuleView {
  const outputAlwaysOne = c.written.every((e) => e.outputMin === 1 && e.outputMax === 1);
  const gradientZero = c.written.every((e) => e.gradNorm === 0 && e.zeroGradShare === 1);
  const losses = c.written.map((e) => e.loss);
  const lossFrozen = losses.every((l) => l === losses[0]);
  const [w, f] = [last(c.written), last(c.fixed)];
  // The fix run may train no better (the editor's quick fix keeps a categorical loss on one unit).
  const fixedLosses = c.fixed.map((e) => e.loss);
  const fixed = fixedLosses.every((l) => l === fixedLosses[0])
    ? `with the fix the loss stays at ${num(f.loss)} too (accuracy ${num(f.trueAccuracy)}): that fix alone does not make it train`
    : `with the fix the loss falls to ${num(f.loss)} and accuracy reaches ${num(f.trueAccuracy)}`;
  const verdict =
    outputAlwaysOne && gradientZero
      ? `Softmax over one unit outputs exactly 1.0 for every sample, so the gradient is exactly 0 and the loss ${lossFrozen ? `stays at ${num(w.loss)} in every epoch` : `barely moves (${num(losses[0])} to ${num(w.loss)})`} with accuracy ${num(w.trueAccuracy)}; ${fixed}.`
      : `As written the output ranges ${range(w.outputMin, w.outputMax)} and the loss ends at ${num(w.loss)}; with the fix it ends at ${num(f.loss)}.`;
  return { summary: { outputAlwaysOne, gradientZero, lossFrozen, frozenLoss: lossFrozen ? losses[0] : null }, verdict };
}

function wrongThreshold(c: Context, subject: string, right0 = 'the right threshold (0 on logits, the same as 0.5 after sigmoid)'): RuleView {
  const [w, f] = [last(c.written), last(c.fixed)];
  const [measured, right] = [w.measuredAccuracy, f.measuredAccuracy];
  const gaps = c.written.map((e, i) => c.fixed[i].measuredAccuracy - e.measuredAccuracy);
  const [rw, rf] = [w.measuredClass1Recall, f.measuredClass1Recall];
  let verdict: string;
  if (right > measured) {
    const finds = (r: number | null) => (r === null ? '' : ` and finds ${pct(r)} of class 1`);
    verdict = `${subject} reports accuracy ${num(measured)}${finds(rw)}; ${right0} gives ${num(right)}${finds(rf)} on the same model.`;
  } else if (rw !== null && rf !== null && rf > rw) {
    verdict = `${subject} reports accuracy ${num(measured)} but finds only ${pct(rw)} of class 1; ${right0} finds ${pct(rf)} (accuracy ${num(right)}): the class imbalance hides the missed class-1 samples.`;
  } else {
    verdict = `${subject} reports ${num(measured)} and ${right0} ${num(right)}: in this replica the wrong threshold costs nothing at the end (largest gap ${num(maxOf(gaps))}).`;
  }
  return {
    summary: {
      wrongThresholdAccuracy: measured,
      rightThresholdAccuracy: right,
      wrongThresholdClass1Recall: w.measuredClass1Recall,
      rightThresholdClass1Recall: f.measuredClass1Recall,
      maxAccuracyGap: maxOf(gaps),
    },
    verdict,
  };
}

function categoricalLossSingleUnit(c: Context): RuleView {
  const losses = c.written.map((e) => e.loss);
  const lossSpread = maxOf(losses) - minOf(losses);
  const lossConstant = lossSpread < 1e-6;
  const [w0, w, f] = [c.written[0], last(c.written), last(c.fixed)];
  const loss = LOSSES[c.plan.written.loss.id].display;
  const fixedLoss = LOSSES[c.plan.fixed.loss.id].display;
  const verdict = lossConstant
    ? `On one unit ${loss} is constant (${num(w.loss)} in every epoch), so nothing learns: accuracy ${w0.trueAccuracy === w.trueAccuracy ? `stays at ${num(w.trueAccuracy)}` : `drifts from ${num(w0.trueAccuracy)} to ${num(w.trueAccuracy)}`}; with ${fixedLoss} the loss falls to ${num(f.loss)} and accuracy reaches ${num(f.trueAccuracy)}.`
    : `As written the loss moves by ${num(lossSpread)} and accuracy ends at ${num(w.trueAccuracy)}; with ${fixedLoss} the loss falls to ${num(f.loss)} and accuracy reaches ${num(f.trueAccuracy)}.`;
  return { summary: { lossConstant, lossSpread, maxGradNorm: maxOf(c.written.map((e) => e.gradNorm)), startAccuracy: w0.trueAccuracy }, verdict };
}

function swappedArguments(c: Context): RuleView {
  const [w, f] = [last(c.written), last(c.fixed)];
  const lossMove = w.loss < c.written[0].loss ? `falls to ${num(w.loss)}` : `goes to ${num(w.loss)}`;
  const verdict =
    f.trueAccuracy > w.trueAccuracy
      ? `With the arguments swapped the loss ${lossMove} while the real cross-entropy ${w.trueLoss > c.written[0].trueLoss ? 'rises' : 'goes'} to ${num(w.trueLoss)} and accuracy ends at ${num(w.trueAccuracy)}; in the right order the loss falls to ${num(f.loss)} and accuracy reaches ${num(f.trueAccuracy)}.`
      : `With the arguments swapped the loss ${lossMove} and accuracy ends at ${num(w.trueAccuracy)}; in the right order the loss is ${num(f.loss)} with accuracy ${num(f.trueAccuracy)}.`;
  return { summary: { writtenFinalTrueLoss: w.trueLoss, fixedFinalTrueLoss: f.trueLoss, writtenMinLoss: minOf(c.written.map((e) => e.loss)) }, verdict };
}

// NLLLoss computes -input[target]: a cross-entropy only when the input is log-probabilities. On
// probabilities it is bounded in [-1, 0]; on logits it has no floor. Either way it goes below 0, which
// no cross-entropy can, and the real cross-entropy of the output is the number that tells.
function nllInput(c: Context): RuleView {
  const [w, f] = [last(c.written), last(c.fixed)];
  const writtenMinLoss = minOf(c.written.map((e) => e.loss));
  const negative = writtenMinLoss < 0;
  const seen = spanOf(c.written, 'lossProbMin', 'lossProbMax');
  const head = c.plan.written.outputActivations.length ? `the ${c.plan.written.outputActivations.join(', ')} output` : 'the raw logits';
  const lossText = negative
    ? `As written the loss goes below 0 (down to ${num(writtenMinLoss)}; a cross-entropy never does): NLLLoss on ${head} computes -input[target], and exp() of its input, which it takes for probabilities, spans ${range(...seen)}.`
    : `As written the loss ends at ${num(w.loss)} on ${head}.`;
  const ce = ` The real cross-entropy of the output ends at ${num(w.trueLoss)} as written and ${num(f.trueLoss)} with the fix; accuracy ${num(w.trueAccuracy)} against ${num(f.trueAccuracy)}.`;
  const accuracyBlind = Math.abs(w.trueAccuracy - f.trueAccuracy) <= ACCURACY_BLIND_GAP;
  const blind = accuracyBlind ? ' Accuracy alone hides this: the wrong objective still pushes the right class up; the loss values and the real cross-entropy are the numbers that show it.' : '';
  return {
    summary: { writtenMinLoss, lossBelowZero: negative, lossProbRange: seen, writtenFinalTrueLoss: w.trueLoss, fixedFinalTrueLoss: f.trueLoss, accuracyBlind },
    verdict: lossText + ce + blind,
  };
}

function spanOf(series: EpochStats[], lo: 'lossProbMin', hi: 'lossProbMax'): [number, number] {
  return [minOf(series.map((e) => e[lo] ?? NaN)), maxOf(series.map((e) => e[hi] ?? NaN))];
}

/** What the written metric does with logits, as the verdict opens. */
function metricReading(d: DecisionSpec): string {
  const written = d.kind === 'binaryAccuracy' ? d.written : undefined;
  if (d.kind !== 'binaryAccuracy' || !d.metric) return isBinaryAccuracyName(written) ? `${written} thresholds the logits at 0.5,` : `${written ?? 'This accuracy'} is binaryAccuracy: it thresholds the logits at 0.5,`;
  return `${written ?? d.metric} reads the logits as probabilities (${d.curve ? 'its thresholds span 0 to 1' : 'it cuts them at 0.5'}); measured with binaryAccuracy, which thresholds them at 0.5,`;
}

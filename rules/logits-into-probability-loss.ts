// Raw logits fed to a loss that expects probabilities: it clips them to [eps, 1-eps] (or takes
// their log), so most of the signal is lost or the loss is NaN (PyTorch's BCELoss raises).
import { Rule, ruleMeta, FixSpec, type RuleContext } from './engine/core/rule';
import { accuraciesFixedWithLoss, decisionsLeftBySwitch, metricsLeftBySwitch, isSingleUnitCategorical, isSwapped, lossName, subject, lossFacts, isClassifier, ownLosses, noActivation, noActivationHere } from './engine/core/judge';
import type { LossEvent } from './engine/core/events';
import type { TensorFacts } from './engine/core/facts';
import { fixAndSuggestions, kindOf } from './engine/core/activated-loss';
import { sameSite } from './engine/core/site';

export const logitsIntoProbabilityLoss: Rule = {
  meta: ruleMeta('logits-into-probability-loss', "Raw logits go into a loss that expects probabilities ('binaryCrossentropy', BCELoss, 'binary_crossentropy', logLoss, ...).", 'error', 'safe'),
  create(ctx) {
    return {
      loss(e) {
        if (e.kind.probabilityTarget) targetLogits(ctx, e);
        if (e.kind.expects !== 'probabilities' || isSwapped(e) || isSingleUnitCategorical(e)) return;
        const f = e.pred.get();
        if (f.act === 'log-softmax') return logProbabilities(ctx, e, f);
        if (f.act !== 'logits' || !f.actSite) return;
        if (e.kind.metric) return metricOnLogits(ctx, e, f);
        // Adding the activation changes what the model returns, so it is only ever a suggestion.
        const act = e.kind.family === 'binary' ? 'sigmoid' : 'softmax';
        // Another loss of this output applies an activation of its own (`criterion(torch.sigmoid(
        // self(x)), y)` in validation_step): one added to the model would be applied twice there.
        const ownElsewhere = f.model?.losses.some((l) => !!l.act && !sameSite(l.act, f.actSite) && (!l.head || !f.widthSite || sameSite(l.head, f.widthSite)));
        const added = ownElsewhere ? undefined : e.vocab.addActivation(f, act);
        // The metrics compiled with it threshold the same logits: one root cause, one finding.
        const events = e.via === 'call' ? [] : accuraciesFixedWithLoss(f);
        const metrics = [...new Set(events.map((m) => `'${m.name}'`))];
        const curve = events.some((m) => m.curve);
        const alone = e.vocab.switchLoss(e, 'logits');
        // A metric whose text serves other outputs or models too is left as it is (no joint edit).
        const joint = withMetrics(alone, events.map((m) => (m.shared ? undefined : e.vocab.accuracyOnLogits(m))));
        // A metric the switch leaves as it is (shared, or with no edit: tfjs) is right while this loss
        // clips and reads logits once it takes them: a switch that makes it wrong is only offered.
        // So is a decision on them that no safe rewrite to a cut at 0 follows (`np.round(p)`, `p > 0.3`).
        const left = decisionsLeftBySwitch(f);
        const cutting = metricsLeftBySwitch(f, e.via !== 'call');
        const switched = joint && ((events.length && joint === alone) || left.length || cutting.length) ? { ...joint, safe: false } : joint;
        const they = metrics.length > 1 ? 'they' : 'it';
        // A compiled loss that takes probabilities clips its input to [eps, 1 - eps] (Keras, tfjs): the
        // model learns to put positives above 0.5, so a cut at 0.5 agrees with it, and stops agreeing
        // once the loss takes logits (measured: docs/threshold-logits.md). Curves read every value.
        const them = they === 'they' ? 'them' : 'it';
        const how = joint !== alone ? `switching the loss as offered switches ${them} to read logits too` : `adding the activation fixes both, while switching the loss leaves ${them} to fix`;
        const also = !metrics.length ? '' : curve
          ? ` The ${inWords(metrics)} metric${metrics.length > 1 ? 's' : ''} read${metrics.length > 1 ? '' : 's'} these logits as probabilities too, so ${they === 'they' ? 'they are' : 'it is'} wrong as well: ${how}.`
          : ` The ${inWords(metrics)} metric${metrics.length > 1 ? 's' : ''} threshold${metrics.length > 1 ? '' : 's'} these logits at 0.5 too: right only while this loss clips them into [0, 1], and wrong once it takes logits: ${how}.`;
        const cut = left[0] && (left[0].op === 'round' || left[0].op === 'Math.round' ? 'rounding' : `cut at ${left[0].value ?? 0.5}`);
        const reader = cut ? `${cut} at ${ctx.at(left[0].site, e.site)}` : cutting[0] && (cutting[0].otherCut ? `'${cutting[0].name}' metric's own threshold` : `'${cutting[0].name}' metric at ${ctx.at(cutting[0].site, e.site)}`);
        const leftNote = reader && alone && !f.clipped ? leftReaderNote(reader, cut ? undefined : cutting[0]) : '';
        const addFirst = !!leftNote || (metrics.length > 0 && joint === alone);
        ctx.report({
          site: e.site,
          // Clipped into [0, 1]: in range, but every logit outside it gets no gradient (docs).
          message: f.clippedToUnit
            ? `${lossName(e)} expects probabilities, but ${subject(f)} is raw logits clipped into [0, 1]: ${noActivation(f)} (${ctx.at(f.actSite, e.site)}). A logit outside [0, 1] gets a gradient of zero, so a sample the model gets wrong by a wide margin stops training it. Apply a sigmoid instead of the clip.${also}${leftNote}`
            : `${lossName(e)} expects probabilities, but ${subject(f)} is raw logits: ${noActivation(f)} (${ctx.at(f.actSite, e.site)}).${also}${leftNote}`,
          related: [{ site: f.actSite, message: noActivationHere(f) }],
          // Clipped logits (`torch.clamp(out, 0, 1)`): a loss that applies the sigmoid, or a sigmoid
          // added before the clip, would still see clipped values; the clip is what to remove.
          // (Where the message says adding the activation fixes both, it is offered first.)
          ...(f.clipped ? { suggestions: [] } : addFirst && added && !switched?.safe
            ? fixAndSuggestions(kindOf('add-activation', { ...added, safe: false }), kindOf('switch-loss', switched))
            : fixAndSuggestions(kindOf('switch-loss', switched), kindOf('add-activation', added && { ...added, safe: false }))),
          model: f.model,
          ...lossFacts(e),
        });
      },
    };
  },
};

/** Log-probabilities (log_softmax output, all <= 0) given as probabilities. They are valid logits
 *  (softmax(log_softmax(z)) = softmax(z)), so a categorical loss's logits form takes them as they
 *  are: that switch is the fix. Over one unit a log_softmax is 0 (softmax-single-unit's finding). */
function logProbabilities(ctx: RuleContext, e: LossEvent, f: TensorFacts): void {
  if (!f.actSite || f.width === 1) return;
  const k = e.kind;
  // What each does with values <= 0 (Keras 3 and tfjs sources, docs/logits-into-probability-loss.md).
  const effect = k.metric
    ? k.normalises ? 'it divides them by their sum, which makes the least likely class look the most likely' : k.rejects ? `it raises ${k.rejects} for values below 0` : 'the metric clips them into (0, 1), so the value it reports is wrong'
    : k.order === 'prediction-first'
      ? 'the loss rejects values below 0 (a RuntimeError on the CPU, a device-side assert on CUDA)'
      : k.unnormalised
        ? 'the loss clips every one of them to the same tiny value before its log, so it carries no signal and nothing is learned'
        : k.family === 'categorical'
          ? 'the loss divides them by their sum, which makes the least likely class look the most likely, so training pushes the true class down'
          : 'the loss clips every one of them to the same tiny value (or takes their log, which is NaN), so it carries no signal and nothing is learned';
  const switched = k.family !== 'binary' && !k.metric ? e.vocab.switchLoss(e, 'logits') : undefined;
  ctx.report({
    site: e.site,
    message: `${lossName(e)} expects probabilities, but ${subject(f)} went through log_softmax (${ctx.at(f.actSite, e.site)}): log-probabilities, all <= 0, and ${effect}. ${k.metric ? `Take their exp first${k.logitsForm ? `, or give them as they are to ${k.logitsForm} (they are valid logits)` : ''}.` : k.unnormalised ? 'Use softmax in place of log_softmax (this loss has no form that takes logits).' : 'They are valid logits: use the loss that takes logits, or softmax in place of log_softmax.'}`,
    related: [{ site: f.actSite, message: 'log_softmax applied here' }],
    ...fixAndSuggestions(kindOf('switch-loss', switched)),
    model: f.model,
  });
}

/** Logits (or log-probabilities) as the target of a loss that reads its target as probabilities:
 *  a teacher's raw outputs given to a KL divergence in distillation (PyTorch's, Keras', tfjs'), in a
 *  call or as the labels fit() is given for a compiled one. Only a model's output we know has no
 *  activation, or went through log_softmax. No edit: where the softmax goes, and at which
 *  temperature, is the user's choice. */
function targetLogits(ctx: RuleContext, e: LossEvent): void {
  const t = e.labels.get();
  const read = e.kind.probabilityTarget;
  if (!read || isSwapped(e) || !t.pred || !t.model || !t.actSite || (t.act !== 'logits' && t.act !== 'log-softmax')) return;
  // Probabilities in PyTorch's input place (log-probabilities): the arguments look swapped
  // (nll-loss-input says so). Keras' and tfjs' y_pred is probabilities: right there.
  const input = e.pred.get().act;
  if (e.kind.order === 'prediction-first' && (input === 'softmax' || input === 'sigmoid')) return;
  const what = t.act === 'logits' ? `raw logits: ${noActivation(t)} (${ctx.at(t.actSite, e.site)})` : `log-probabilities, all <= 0: they went through log_softmax (${ctx.at(t.actSite, e.site)})`;
  ctx.report({
    site: e.site,
    message: `${lossName(e)} reads its target as probabilities, but ${e.via === 'call' ? 'the target' : 'the target fit() is given'} is ${what}, and ${read.effect}. ${read.repair}.`,
    related: [{ site: t.actSite, message: t.act === 'logits' ? noActivationHere(t) : 'log_softmax applied here' }],
    suggestions: [],
    model: t.model,
    ...lossFacts(e),
  });
}

/** A metric computed as a probability loss (scikit-learn's `log_loss(y, p)`) on raw outputs: logits
 *  only where a loss that takes logits trains that head (nothing else says a linear output is no
 *  regression value). No edit: no logits form of the metric, and an activation added to the model
 *  would reach that loss too. */
function metricOnLogits(ctx: RuleContext, e: LossEvent, f: TensorFacts): void {
  const own = ownLosses(f.model, f.widthSite, f.actSite);
  const trained = own.find((l) => l.kind?.expects === 'logits');
  if (!f.actSite || !trained || !isClassifier(f.model, f.widthSite, f.actSite)) return;
  const act = trained.kind!.family === 'binary' ? 'a sigmoid' : 'a softmax';
  ctx.report({
    site: e.site,
    message: `${lossName(e)} expects probabilities, but ${subject(f)} is raw logits: ${noActivation(f)} (${ctx.at(f.actSite, e.site)}), as ${trained.kind!.display} trains it. ${metricEffect(e.kind)}. Apply ${act} to them first${e.kind.logitsForm ? `, or give them as they are to ${e.kind.logitsForm}` : ''}.`,
    related: [{ site: f.actSite, message: noActivationHere(f) }],
    suggestions: [],
    model: f.model,
  });
}

/** What a metric or sampler that reads probabilities does with logits. */
function metricEffect(k: LossEvent['kind']): string {
  if (k.normalises) return `It divides them by their sum, which raises ${k.rejects} where their signs differ and gives the wrong probabilities where they do not`;
  return k.rejects ? `It raises ${k.rejects} for values outside [0, 1], which logits take` : 'The metric clips them into (0, 1), so the value it reports is wrong';
}

/** The loss switched to one that takes logits leaves the metrics compiled with it reading logits as
 *  probabilities: each metric's own edit goes into the same fix (one fix, nothing left to report
 *  after it). Where a metric has none (tfjs; no Keras name to write) the switch is returned alone
 *  (and the caller offers it as a suggestion: the metric would read logits after it). */
function withMetrics(switched: FixSpec | undefined, metricFixes: Array<FixSpec | undefined>): FixSpec | undefined {
  if (!switched || metricFixes.length === 0 || !metricFixes.every((m): m is FixSpec => !!m)) return switched;
  const edits = [...switched.edits];
  for (const m of metricFixes) for (const ed of m.edits) if (!edits.some((x) => x.file === ed.file && x.start === ed.start && x.end === ed.end)) edits.push(ed);
  return { ...switched, title: `${switched.title}, and ${metricFixes[0].title.replace(/^Use /, 'use ').replace(/: .*$/, '')}`, safe: switched.safe && metricFixes.every((m) => m.safe), edits };
}

/** `'a'`, `'a' and 'b'`, `'a', 'b' and 'c'`. */
function inWords(items: string[]): string {
  return items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}` : items.join('');
}

/** Metrics whose value is a distance of the outputs from the labels: not a reading of
 *  probabilities, but a number that changes when the outputs become logits. */
const DISTANCE_METRIC = /^(?:mse|mae|msle|mape|mean_squared_error|mean_absolute_error|mean_squared_logarithmic_error|mean_absolute_percentage_error|root_mean_squared_error|(?:Root)?MeanSquaredError|MeanAbsoluteError|MeanSquaredLogarithmicError|MeanAbsolutePercentageError|log_?cosh|LogCoshError)$/i;
/** Metrics that read the outputs as probabilities: KL divergence, the counts cut at 0.5. */
const PROBABILITY_METRIC = /^(?:KLDivergence|kl_divergence|kld|kullback_leibler_divergence|(?:True|False)(?:Positives|Negatives)|Precision|Recall|F1Score|FBetaScore|AUC|BinaryAccuracy|BinaryIoU|\w*At\w*)$/;

/** Why a reader of the outputs the loss switch leaves as it is makes the switch a suggestion: a
 *  cut or a metric of probabilities is wrong on logits; a distance metric (mse) would measure
 *  logits, another number; a metric we do not know would change value, rightly or not. */
function leftReaderNote(reader: string, metric: { name: string; otherCut?: boolean } | undefined): string {
  if (!metric || metric.otherCut || PROBABILITY_METRIC.test(metric.name)) return ` The ${reader} reads these logits as probabilities too, which is right only while this loss clips them: switching the loss would leave it wrong, so adding the activation is the edit that fixes both.`;
  if (DISTANCE_METRIC.test(metric.name)) return ` The ${reader} measures how far these outputs are from the labels: now the distance of values this loss trains as probabilities in [0, 1], once the loss takes logits the distance of logits, which leave [0, 1] as the model grows confident: another number. The switch does not rewrite it, so it is only offered; adding the activation keeps both.`;
  return ` The ${reader} is computed from these outputs too and the switch does not rewrite it: once the loss takes logits it would read logits, not the values this loss trains as probabilities, and its value would change (whether it expects logits or probabilities is that metric's own, which the analysis does not know). So the switch is only offered; adding the activation keeps both as they are.`;
}

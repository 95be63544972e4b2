// What a rule module is: metadata plus handlers for engine events (ESLint's meta + create shape).
// Rules never walk a syntax tree; they read events, the facts behind them, and the event's
// vocabulary for what differs per framework. One module serves every language.
import type { RuleMeta, RuleId } from './types';
import type { ArgMaxEvent, LossEvent, MetricEvent, SoftmaxEvent, ThresholdEvent } from './events';
import type { ModelInfo } from './facts';
import type { Site } from './site';
import type { LossKind } from './losses';

export interface Edit {
  file: string;
  start: number;
  end: number;
  text: string;
}

export interface FixSpec {
  title: string;
  safe: boolean;
  edits: Edit[];
  /** What the fix changes, where a rule has more than one way (the numeric check trains the same). */
  kind?: FixKind;
}

export type FixKind = 'switch-loss' | 'remove-activation' | 'add-activation' | 'log-softmax';

export interface Report {
  site: Site;
  message: string;
  related?: Array<{ site: Site | undefined; message: string }>;
  fix?: FixSpec;
  suggestions?: FixSpec[];
  /** For the numeric check's replica. */
  model?: ModelInfo;
  loss?: string;
  lossKind?: LossKind;
  decision?: string;
  /** Where the decision's metric is written, when the decision is a metric's. */
  metricAt?: Site;
}

export interface RuleContext {
  report(r: Report): void;
  /** Where `site` is, for messages: "line 7", or "model.py:7" when it is in another file than `from`. */
  at(site: Site, from: Site): string;
  /** The model one of whose layers states its activation at `site` (`Dense(1, activation="softmax")`
   *  seen before any model held it): for the numeric check's facts. */
  modelWithLayerAt?(site: Site): ModelInfo | undefined;
}

export interface RuleHandlers {
  loss?(e: LossEvent): void;
  metric?(e: MetricEvent): void;
  argmax?(e: ArgMaxEvent): void;
  threshold?(e: ThresholdEvent): void;
  softmax?(e: SoftmaxEvent): void;
}

export interface Rule {
  meta: RuleMeta;
  create(ctx: RuleContext): RuleHandlers;
}

const DOCS_BASE = 'https://github.com/logit-lint/logit-lint/blob/main/rules/docs/';

/** Builds a rule's metadata with the docs link derived from its id. */
export function ruleMeta(id: RuleId, description: string, defaultSeverity: 'warn' | 'error', fixable: RuleMeta['fixable']): RuleMeta {
  return { id, description, defaultSeverity, fixable, docsUrl: `${DOCS_BASE}${id}.md`, docsPath: `rules/docs/${id}.md` };
}

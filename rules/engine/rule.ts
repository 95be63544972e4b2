// What a rule module is: metadata plus handlers for engine events (ESLint's meta + create shape).
// Rules never walk the syntax tree; they read events and the facts behind them.
import ts = require('typescript');
import type { RuleMeta, RuleId } from './types';
import type { ArgMaxEvent, LossEvent, MetricEvent, SoftmaxEvent, ThresholdEvent } from './events';
import type { ModelInfo } from './values';

export interface FixSpec {
  title: string;
  safe: boolean;
  edits: Array<{ node: ts.Node; text: string } | { file: string; start: number; end: number; text: string }>;
}

export interface Report {
  node: ts.Node;
  message: string;
  related?: Array<{ node: ts.Node | undefined; message: string }>;
  fix?: FixSpec;
  suggestions?: FixSpec[];
  /** For the numeric check's replica. */
  model?: ModelInfo;
  loss?: string;
  decision?: string;
}

export interface RuleContext {
  report(r: Report): void;
  /** Where `node` is, for messages: "line 7", or "model.js:7" when it is in another file than `from`. */
  at(node: ts.Node, from: ts.Node): string;
  /** Source text of a node as written. */
  text(node: ts.Node): string;
  /** How to write `tf.<path>` in the file of `at` (its own tfjs binding), or undefined. */
  tfName(at: ts.Node, path: string): string | undefined;
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

// Public types shared by the engine, the rules, the CLI, the language server and the numeric check.
// Positions follow ESLint: `line` and `column` are 1-based; `start`/`end` are 0-based UTF-16 offsets
// into the file's full text (for .html/.vue/.svelte: the real file, not the extracted script).

export type Severity = 'off' | 'warn' | 'error';
export type RuleId =
  | 'sigmoid-before-logits-loss'
  | 'softmax-before-logits-loss'
  | 'logits-into-probability-loss'
  | 'argmax-single-unit'
  | 'argmax-batch-axis'
  | 'softmax-single-unit'
  | 'threshold-logits'
  | 'categorical-loss-single-unit'
  | 'accuracy-metric-on-logits'
  | 'swapped-loss-arguments'
  | 'nll-loss-input'
  | 'zero-threshold-on-probabilities';

/** A place in a file, with both offsets and 1-based line/column. */
export interface Location {
  file: string;
  start: number;
  end: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** A related site, e.g. "the sigmoid is here". */
export interface RelatedLocation extends Location {
  message: string;
}

export interface TextEdit {
  file: string;
  start: number;
  end: number;
  text: string;
}

export interface Fix {
  /** Imperative, shown as the code action title: "Replace the loss with 'binaryCrossentropy'". */
  title: string;
  /** Safe fixes keep the intended meaning and are applied by --fix / fixAll; others are suggestions. */
  safe: boolean;
  edits: TextEdit[];
  /** What it changes, for rules with more than one way to fix (the numeric check trains the same
   *  change): the loss, or the output activation. */
  kind?: 'switch-loss' | 'remove-activation' | 'add-activation' | 'log-softmax';
}

export interface RuleMeta {
  id: RuleId;
  /** One line, for --list-rules, SARIF shortDescription and the README table. */
  description: string;
  defaultSeverity: Exclude<Severity, 'off'>;
  /** Absolute URL of the rule's docs page. */
  docsUrl: string;
  /** Path of the docs page inside the package: rules/docs/<id>.md */
  docsPath: string;
  /** Whether the rule can offer a safe fix, only suggestions, or nothing. */
  fixable: 'safe' | 'suggestion' | 'none';
}

/**
 * Facts about the model behind a finding, as far as the engine knows them. The numeric check
 * rebuilds its replica from these; unknown fields are undefined.
 */
export interface ModelFacts {
  /** The framework the model is written in (the replica is always trained with tfjs). */
  framework?: 'tfjs' | 'pytorch' | 'keras';
  /** Input width (last axis of inputShape / tf.input shape). */
  inputWidth?: number;
  /** Layers in order as written; unknown layers appear as { kind: 'unknown' }. */
  layers: Array<({ kind: 'dense'; units?: number; activation?: string; conv?: string } | { kind: 'activation'; activation: string } | { kind: 'passthrough'; name: string } | { kind: 'unknown'; name: string }) & { written?: string }>;
  /** Loss as the engine names it, e.g. 'binaryCrossentropy', 'losses.sigmoidCrossEntropy',
   *  'torch.BCEWithLogitsLoss', 'keras.binary_crossentropy'. */
  loss?: string;
  /** What the loss expects and how the user wrote it (any framework): the check trains the tfjs
   *  loss that computes the same thing. */
  lossKind?: { expects: 'logits' | 'probabilities' | 'log-probabilities'; family: 'binary' | 'categorical' | 'sparse'; display: string };
  /** How the output is turned into a decision, when the finding is about one: 'argMax(-1)', 'greater(0.5)', ... */
  decision?: string;
  /** The metric that decision is, as the code writes it (`tf.metrics.binaryAccuracy`, `'accuracy'`):
   *  the check's report names it so. */
  metric?: string;
}

export interface Finding {
  ruleId: RuleId;
  severity: Exclude<Severity, 'off'>;
  message: string;
  /** The primary site. */
  location: Location;
  /** The other sites (the activation, the output layer, the loss). */
  related: RelatedLocation[];
  /** The rule's safe fix, if any. */
  fix?: Fix;
  /** Unsafe alternatives a person must choose. */
  suggestions: Fix[];
  /** What the engine knew; used by the numeric check. */
  facts?: ModelFacts;
}

/** A file that could not be analysed (unreadable, binary, too large, syntax error). */
export interface FileProblem {
  file: string;
  message: string;
  line?: number;
  column?: number;
  /** A syntax error ("Parsing error: ..."): reported like ESLint's fatal messages (severity 2,
   *  exit 1). The rest of the file was still analysed. */
  fatal?: boolean;
  /** The engine failed on this file (a bug of ours, not of the file): the command line exits 2. */
  internal?: boolean;
}

export interface LintOptions {
  /** Per-rule severity overrides; rules not listed use their default. */
  rules?: Partial<Record<string, Severity>>;
  /** Extra module names that re-export tfjs (a company wrapper package). */
  tfModules?: string[];
  /** Largest file analysed, in bytes (default 2 MB). */
  maxFileBytes?: number;
  /** Return findings that inline suppression comments would hide (default false: they are dropped). */
  keepSuppressed?: boolean;
}

export interface LintResult {
  /** Findings per file path (only files with findings or that were linted). */
  findings: Finding[];
  problems: FileProblem[];
  /** Every file that was considered, for formatters that list clean files too. */
  files: string[];
  /** Suppression comments that suppressed nothing (for --report-unused-disable-directives). */
  unusedDirectives: Array<{ file: string; line: number; column: number; rules: string[] }>;
}

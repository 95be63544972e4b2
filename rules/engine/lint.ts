// One lint run: read and pre-filter files, walk those that can bind tfjs, let every rule read the
// events, then turn reports into findings (locations, fixes, suppressions), sorted and deduplicated.
import ts = require('typescript');
import * as path from 'path';
import { Project } from './program';
import { Evaluator } from './evaluator';
import { SourceError, looksBinary, looksGenerated, mentionsTf, relativeImports } from './sources';
import { applyDirectives, parseDirectives } from './directives';
import type { Finding, FileProblem, Fix, LintOptions, LintResult, Location, ModelFacts, TextEdit } from './types';
import type { FixSpec, Report, Rule, RuleContext, RuleHandlers } from './rule';
import type { EngineEvent } from './events';
import type { ModelInfo } from './values';

export interface TextHost {
  readFile(path: string): string | undefined;
}

const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

export function lint(paths: string[], rules: Rule[], options: LintOptions, host: TextHost): LintResult {
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_BYTES;
  const texts = new Map<string, string | undefined>();
  const readErrors = new Map<string, string>();
  const read = (file: string): string | undefined => {
    if (texts.has(file)) return texts.get(file);
    let t: string | undefined;
    try {
      t = host.readFile(file);
    } catch (e) {
      readErrors.set(file, (e as Error).message);
    }
    texts.set(file, t);
    return t;
  };
  const project = new Project({ readFile: read }, maxBytes, options.tfModules);
  const ev = new Evaluator(project);
  ev.maxExpansions = 20000 + 50 * paths.length;
  const problems: FileProblem[] = [];
  const linted = new Set<string>();
  // A file is worth parsing if it names tfjs, or imports (transitively) a file that does: a model
  // built in model.js is compiled, thresholded or passed around in files that never say `tf`.
  const relevance = new Map<string, boolean>();
  const relevant = (file: string): boolean => {
    const known = relevance.get(file);
    if (known !== undefined) return known;
    relevance.set(file, false); // import cycles
    const text = read(file) ?? '';
    const yes = mentionsTf(text, options.tfModules) ||
      relativeImports(text).some((spec) => { const target = project.resolveModule(file, spec); return !!target && relevant(target); });
    relevance.set(file, yes);
    return yes;
  };

  for (const file of paths) {
    const text = read(file);
    if (text === undefined) {
      problems.push({ file, message: readErrors.get(file) ?? 'cannot read: no such file' });
      continue;
    }
    linted.add(file);
    if (text.length > maxBytes) {
      problems.push({ file, message: `file too large (${text.length} bytes, limit ${maxBytes}), skipped` });
      continue;
    }
    if (looksBinary(text)) {
      problems.push({ file, message: 'binary file (not UTF-8 text), skipped' });
      continue;
    }
    // Cheap pre-filter: most files in a repository never mention tfjs and are never parsed.
    if (!relevant(file)) continue;
    const generated = looksGenerated(text);
    if (generated) {
      problems.push({ file, message: `looks like ${generated}, skipped; lint its sources instead` });
      continue;
    }
    const src = project.source(file);
    if (src instanceof SourceError) {
      problems.push({ file, message: src.message, line: src.line, column: src.column });
      continue;
    }
    if (!src) continue;
    try {
      ev.walkedFiles.add(src.sf);
      ev.walk(src.sf, ev.root);
    } catch (e) {
      problems.push({ file, message: `internal error while analysing (${(e as Error).message}); file skipped` });
    }
  }
  // Models are complete only now: fold their layers (this also reports softmax layers).
  for (const m of ev.models) m.output.get();
  // Which models are classifiers: the losses applied to their outputs, wherever that happens.
  for (const e of ev.events) {
    if (e.type !== 'loss') continue;
    for (const t of [e.pred, e.labels]) {
      const m = t.get().model;
      if (m && !m.losses.includes(e.name)) m.losses.push(e.name);
    }
  }

  const findings = runRules(ev.events, rules, options, linted, problems);
  const unusedDirectives: LintResult['unusedDirectives'] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) byFile.set(f.location.file, [...(byFile.get(f.location.file) ?? []), f]);
  const kept: Finding[] = [];
  for (const file of linted) {
    const text = texts.get(file) ?? '';
    const directives = parseDirectives(text);
    const fileFindings = byFile.get(file) ?? [];
    kept.push(...(options.keepSuppressed ? fileFindings : applyDirectives(fileFindings, directives)));
    for (const d of directives) {
      if (!d.used) {
        const col = d.start - text.lastIndexOf('\n', d.start - 1);
        unusedDirectives.push({ file, line: d.line, column: col, rules: d.rules });
      }
    }
  }
  kept.sort((a, b) => a.location.file.localeCompare(b.location.file) || a.location.start - b.location.start || a.ruleId.localeCompare(b.ruleId));
  return { findings: kept, problems, files: paths, unusedDirectives };
}

function runRules(events: EngineEvent[], rules: Rule[], options: LintOptions, linted: Set<string>, problems: FileProblem[]): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const rule of rules) {
    const severity = options.rules?.[rule.meta.id] ?? rule.meta.defaultSeverity;
    if (severity === 'off') continue;
    const ctx: RuleContext = {
      report: (r) => {
        const finding = toFinding(rule, severity, r);
        if (!linted.has(finding.location.file)) return; // evidence found in an imported file only
        const key = `${rule.meta.id}\u0000${finding.location.file}\u0000${finding.location.start}\u0000${finding.location.end}`;
        if (seen.has(key)) return;
        seen.add(key);
        out.push(finding);
      },
      at: (n, from) => {
        const file = n.getSourceFile().fileName;
        const line = location(n).line;
        return file === from.getSourceFile().fileName ? `line ${line}` : `${path.basename(file)}:${line}`;
      },
      text: (n) => n.getText(),
      tfName,
    };
    const handlers: RuleHandlers = rule.create(ctx);
    for (const e of events) {
      const h = handlers[e.type] as ((e: EngineEvent) => void) | undefined;
      if (!h) continue;
      try {
        h(e);
      } catch (err) {
        problems.push({ file: e.node.getSourceFile().fileName, message: `internal error in rule ${rule.meta.id}: ${(err as Error).message}` });
      }
    }
  }
  return out;
}

function toFinding(rule: Rule, severity: 'warn' | 'error', r: Report): Finding {
  const loc = location(r.node);
  const fixOf = (spec: FixSpec): Fix => ({ title: spec.title, safe: spec.safe, edits: spec.edits.map(toEdit) });
  const finding: Finding = {
    ruleId: rule.meta.id,
    severity,
    message: r.message,
    location: loc,
    related: (r.related ?? []).filter((x) => x.node).map((x) => ({ ...location(x.node!), message: x.message })),
    suggestions: (r.suggestions ?? []).map(fixOf),
  };
  if (r.fix) finding.fix = fixOf(r.fix);
  if (r.model) finding.facts = modelFacts(r.model, r.loss, r.decision);
  return finding;
}

function toEdit(e: FixSpec['edits'][number]): TextEdit {
  if ('node' in e) {
    const sf = e.node.getSourceFile();
    return { file: sf.fileName, start: e.node.getStart(sf), end: e.node.getEnd(), text: e.text };
  }
  return e;
}

export function location(node: ts.Node): Location {
  const sf = node.getSourceFile();
  const start = node.getStart(sf);
  const end = node.getEnd();
  const s = sf.getLineAndCharacterOfPosition(start);
  const e = sf.getLineAndCharacterOfPosition(end);
  return { file: sf.fileName, start, end, line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
}

/** How the file of `at` refers to tfjs: `tf.losses.x`, `losses.x` (named import), or undefined. */
export function tfName(at: ts.Node, path: string): string | undefined {
  const sf = at.getSourceFile();
  const head = path.split('.')[0];
  let namespace: string | undefined;
  let named: string | undefined;
  let declaresTf = false;
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && s.moduleSpecifier.text.startsWith('@tensorflow/tfjs')) {
      const c = s.importClause;
      if (c?.name) namespace ??= c.name.text;
      const b = c?.namedBindings;
      if (b && ts.isNamespaceImport(b)) namespace ??= b.name.text;
      if (b && ts.isNamedImports(b)) for (const el of b.elements) if ((el.propertyName ?? el.name).text === head) named = el.name.text;
    } else if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.name.text === 'tf') declaresTf = true;
        const init = d.initializer;
        if (ts.isIdentifier(d.name) && init && ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'require' &&
            init.arguments[0] && ts.isStringLiteral(init.arguments[0]) && init.arguments[0].text.startsWith('@tensorflow/tfjs')) {
          namespace ??= d.name.text;
        }
      }
    }
  }
  if (namespace) return `${namespace}.${path}`;
  if (named) return [named, ...path.split('.').slice(1)].join('.');
  // A browser page using the global `tf`.
  if (!declaresTf && /\btf\./.test(sf.text)) return `tf.${path}`;
  return undefined;
}

/** What the engine knows about a model, in the shape the numeric check consumes. */
export function modelFacts(m: ModelInfo, loss?: string, decision?: string): ModelFacts {
  const facts: ModelFacts = { layers: [], loss, decision };
  if (m.kind === 'sequential') {
    facts.inputWidth = m.layers[0]?.layer?.inputWidth;
    for (const { layer } of m.layers) {
      if (!layer) facts.layers.push({ kind: 'unknown', name: 'unknown' });
      else if (layer.type === 'dense') facts.layers.push({ kind: 'dense', units: layer.units, activation: layer.activation });
      else if (layer.type === 'activation' && layer.activation) facts.layers.push({ kind: 'activation', activation: layer.activation });
      else if (layer.type === 'softmax') facts.layers.push({ kind: 'activation', activation: 'softmax' });
      else if (layer.type === 'passthrough') facts.layers.push({ kind: 'passthrough', name: layer.name });
      else facts.layers.push({ kind: 'unknown', name: layer.name });
    }
  } else {
    facts.inputWidth = m.inputWidth;
    const out = m.output.get();
    // Functional models: the head is what the output facts say; the trunk is unknown.
    facts.layers.push({ kind: 'unknown', name: 'functional trunk' });
    if (out.width !== undefined) {
      facts.layers.push({ kind: 'dense', units: out.width, activation: out.act === 'logits' ? 'linear' : out.act === 'sigmoid' || out.act === 'softmax' ? out.act : undefined });
    }
  }
  return facts;
}

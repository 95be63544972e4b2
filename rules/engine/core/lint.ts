// One lint run: read and pre-filter files, let each language's frontend walk those that can bind a
// framework, let every rule read the events, then turn reports into findings (locations, fixes,
// suppressions), sorted and deduplicated. Nothing here knows a syntax tree.
import * as path from 'path';
import { isNotebook, looksBinary, looksGenerated, rawLimit } from './text-checks';
import { applyDirectives, keepDirectedLines, parseDirectives, parseDirectivesIn, type Directive } from './directives';
import { Locator } from './lines';
import { modelFacts, writtenAs } from './model-facts';
import { inheritTwinTraining, noteLoss, noteMetric, noteReadingMetric } from './facts';
import type { ModelInfo, TensorRef } from './facts';
import type { Finding, FileProblem, Fix, LintOptions, LintResult } from './types';
import type { FixSpec, Report, Rule, RuleContext, RuleHandlers } from './rule';
import type { EngineEvent } from './events';
import { callsSwappedOnlySometimes, lossesSharedByKinds, markSharedThresholds, mixedDecisionSites } from './site-groups';
import type { Frontend, FrontendSession } from './frontend';
import { inRanges, sameSite } from './site';
import { labelsAreLogits } from './judge';
import type { Hidden, Range, Site } from './site';

export interface TextHost {
  readFile(path: string): string | undefined;
  /** A note on a file that is still linted (see SourceHost.note). */
  note?(path: string): string | undefined;
}

const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

export function lint(paths: string[], rules: Rule[], options: LintOptions, host: TextHost, frontends: Frontend[]): LintResult {
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
  const exists = (file: string): boolean => read(file) !== undefined;
  const frontendOf = (file: string): Frontend | undefined => frontends.find((f) => f.handles(file));
  const sessions = new Map<Frontend, FrontendSession>();
  const sessionOf = (f: Frontend): FrontendSession => {
    let s = sessions.get(f);
    if (!s) sessions.set(f, (s = f.session({ readFile: read }, options)));
    return s;
  };
  const problems: FileProblem[] = [];
  const linted = new Set<string>();
  // A file is worth parsing if it names a framework, or imports (transitively) a file that does: a
  // model built in model.js is compiled, thresholded or passed around in files that never say `tf`.
  const relevance = new Map<string, boolean>();
  const relevant = (file: string, fe: Frontend): boolean => {
    const known = relevance.get(file);
    if (known !== undefined) return known;
    relevance.set(file, false); // import cycles
    const text = read(file) ?? '';
    if (fe.mentions(text, options)) return relevance.set(file, true), true;
    const targets = fe.imports(file, text, exists);
    const yes = targets.some((target) => relevant(target, fe));
    relevance.set(file, yes);
    if (!yes) for (const t of targets) importedByUnread.add(t);
    return yes;
  };
  // Files imported by files that are not analysed (they name no framework): a helper the analysis
  // reads for a training script may be called there with other values (probabilities from a JSON).
  const importedByUnread = new Set<string>();

  for (const file of paths) {
    const text = read(file);
    if (text === undefined) {
      problems.push({ file, message: readErrors.get(file) ?? 'cannot read: no such file' });
      continue;
    }
    linted.add(file);
    if (text.length > rawLimit(file, maxBytes)) {
      problems.push({ file, message: `file too large (${text.length} bytes, limit ${rawLimit(file, maxBytes)}), skipped` });
      continue;
    }
    if (looksBinary(text)) {
      problems.push({ file, message: 'binary file (not UTF-8 text), skipped' });
      continue;
    }
    // A note on how the text was read (a legacy encoding) only for a file that is then linted.
    const note = host.note?.(file);
    if (note) problems.push({ file, message: note });
    const fe = frontendOf(file);
    // Cheap pre-filter: most files in a repository never mention a framework and are never parsed.
    if (!fe || !relevant(file, fe)) {
      const why = fe?.unreadable?.(file, text);
      if (why) problems.push(why);
      continue;
    }
    // Python has no minifier: its long lines are data (a notebook's base64 images, in the notebook or
    // in a .py exported from it; serialized protos), and the size limit already bounds the cost.
    const generated = isNotebook(file) || fe.id === 'python' ? undefined : looksGenerated(text);
    if (generated) {
      problems.push({ file, message: `looks like ${generated}, skipped; lint its sources instead` });
      continue;
    }
    const problem = sessionOf(fe).analyse(file);
    if (Array.isArray(problem)) problems.push(...problem);
    else if (problem) problems.push(problem);
  }
  const results = [...sessions.values()].map((s) => s.finish());
  // Models are complete only now: fold their layers. Folding records events too (a softmax
  // layer), so the event lists are read after it.
  for (const r of results) for (const m of r.models) m.output.get();
  const events: EngineEvent[] = results.flatMap((r) => r.events);
  // Which models are classifiers: the losses applied to their outputs, wherever that happens.
  for (const e of events) {
    if (e.type === 'metric' && e.model) noteMetric(e.model, e);
    // A metric the code applies itself (`acc.update_state(y, model(x))`): it reads that model's outputs.
    else if (e.type === 'metric') {
      const m = e.pred.get().model;
      if (m) noteReadingMetric(m, e);
    }
    // (A metric computed as a loss trains nothing: no evidence of what the model is.)
    if (e.type !== 'loss' || e.kind.metric) continue;
    // (A compiled loss's labels are what fit() gives, and the target of a divergence read as
    // probabilities is a teacher's: data or predictions the loss does not train.)
    for (const t of e.via === 'call' && !e.kind.probabilityTarget ? [e.pred, e.labels] : [e.pred]) {
      const f = t.get();
      if (f.model) noteLoss(f.model, e.name, e.kind, f.widthSite, f.actSite, t === e.pred && e.kind.expects === 'probabilities' && f.clippedToUnit, f.over);
    }
  }
  inheritTwinTraining(results.flatMap((r) => r.models));

  const locator = new Locator((file) => texts.get(file) ?? sessionFor(file)?.textOf?.(file));
  const damage = new Map<string, Damage>();
  const damageOf = (file: string): Damage => {
    let d = damage.get(file);
    if (!d) {
      const fe = frontendOf(file);
      const s = fe && sessions.get(fe);
      damage.set(file, (d = { ranges: s?.damaged?.(file) ?? [], hidden: s?.hidden?.(file) }));
    }
    return d;
  };
  const sessionFor = (file: string): FrontendSession | undefined => {
    const fe = frontendOf(file);
    return fe && sessions.get(fe);
  };
  const hooks: Hooks = {
    fileEdits: (spec) => {
      const s = sessionFor(spec.edits[0]?.file ?? '');
      if (!s?.fileEdits) return spec;
      const edits = s.fileEdits(spec.edits);
      return edits && edits.length ? { ...spec, edits } : undefined;
    },
    place: (site) => sessionFor(site.file)?.place?.(site),
    // (A module a notebook cell writes, no file on disk: the cell's code.)
    siteOf: (site) => sessionFor(site.file)?.writtenSite?.(site) ?? site,
    fixesUnsafeIn: (file) => (importedByUnread.has(file) ? 'files that name no framework, which the analysis does not read, import it' : sessionFor(file)?.fixesUnsafeIn?.(file)),
    editUnsafeAt: (file, start, end) => sessionFor(file)?.editUnsafeAt?.(file, start, end),
    siteUnsafe: (site) => sessionFor(site.file)?.siteUnsafe?.(site),
  };
  const judged = markSharedThresholds(events.filter((e) => !(e.type === 'loss' && e.activationBranch)));
  // The decisions made on each model's output, as the rules judge them (a loss switch reads them).
  for (const e of judged) {
    if (e.type !== 'threshold') continue;
    const m = e.input.get().model;
    // (On one of several models' outputs, `build_a() if flag else build_b()`: a decision on each's.)
    for (const x of m ? [m, ...(m.members ?? [])] : []) (x.thresholds ??= []).push(e);
  }
  const models = results.flatMap((r) => r.models);
  hooks.modelWithLayerAt = (site) => models.find((m) => m.layers.some((l) => !!l.layer?.actSite && sameSite(l.layer.actSite, site)));
  const findings = runRules(judged, rules, options, linted, problems, locator, (r, e) => !restsOnDamage(r, e, damageOf), hooks);
  const unusedDirectives: LintResult['unusedDirectives'] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) byFile.get(f.location.file)?.push(f) ?? byFile.set(f.location.file, [f]);
  let kept: Finding[] = [];
  const directivesByFile = new Map<string, Directive[]>();
  const directivesOf = (file: string): Directive[] => {
    let ds = directivesByFile.get(file);
    if (!ds) {
      const text = texts.get(file) ?? '';
      const code = sessionFor(file)?.codeView?.(file);
      directivesByFile.set(file, (ds = code ? parseDirectivesIn(code, text, file) : parseDirectives(text, file)));
    }
    return ds;
  };
  for (const file of linted) {
    const fileFindings = byFile.get(file) ?? [];
    kept.push(...(options.keepSuppressed ? fileFindings : applyDirectives(fileFindings, directivesOf(file))));
  }
  kept = kept.map((f) => keepDirectedLines(f, directivesOf, (file) => texts.get(file) ?? ''));
  for (const file of linted) {
    const text = texts.get(file) ?? '';
    for (const d of directivesOf(file)) {
      if (!d.used) {
        const col = d.start - text.lastIndexOf('\n', d.start - 1);
        unusedDirectives.push({ file, line: d.line, column: col, rules: d.rules });
      }
    }
  }
  kept.sort((a, b) => a.location.file.localeCompare(b.location.file) || a.location.start - b.location.start || a.ruleId.localeCompare(b.ruleId));
  for (const s of sessions.values()) s.end?.();
  return { findings: kept, problems, files: paths, unusedDirectives };
}

type Span = { file: string; start: number; end: number };

/** Every site a report rests on: where it is, its evidence, its edits, and the event's facts (the
 *  activation and width evidence, the models and their layers). */
function sitesOf(r: Report, e: EngineEvent): { sites: Span[]; models: Set<ModelInfo> } {
  const sites: Span[] = [r.site, e.site];
  for (const x of r.related ?? []) if (x.site) sites.push(x.site);
  for (const f of [r.fix, ...(r.suggestions ?? [])]) if (f) sites.push(...f.edits);
  const models = new Set<ModelInfo>();
  if (r.model) models.add(r.model);
  const tensors: TensorRef[] = e.type === 'loss' ? [e.pred, e.labels] : e.type === 'metric' ? [e.pred] : [e.input];
  if (e.type === 'loss') sites.push(e.lossSite, ...(e.args ?? []));
  if ((e.type === 'loss' || e.type === 'metric') && e.model) models.add(e.model);
  for (const t of tensors) {
    const f = t.get();
    if (f.actSite) sites.push(f.actSite);
    if (f.widthSite) sites.push(f.widthSite);
    if (f.model) models.add(f.model);
  }
  for (const m of models) {
    sites.push(m.site);
    for (const l of m.layers) sites.push(l.site);
  }
  return { sites, models };
}

type Damage = { ranges: Range[]; hidden?: Hidden };

/** A finding resting on a site a syntax error damaged would be about the parser's guess; one about
 *  a sequential model whose file goes on as unparsed text may miss a layer added there. */
function restsOnDamage(r: Report, e: EngineEvent, damageOf: (file: string) => Damage): boolean {
  const { sites, models } = sitesOf(r, e);
  if (sites.some((s) => inRanges(damageOf(s.file).ranges, s.start, s.end))) return true;
  return [...models].some((m) => growable(m) && mayGrowUnseen(m, damageOf(m.site.file).hidden));
}

/** Whether hidden code can name the model: it was made outside every function that closed before
 *  the hidden text (at the top level, or in the function the hidden text cuts). */
function mayGrowUnseen(m: ModelInfo, hidden: Hidden | undefined): boolean {
  return !!hidden && !inRanges(hidden.closed, m.site.start, m.site.end);
}

/** A model whose layers can still be added to after it is built (a sequential one, or a union
 *  holding one): code hidden from the parser may have added its real head. */
function growable(m: ModelInfo): boolean {
  return m.kind === 'sequential' || (m.members ?? []).some(growable);
}

/** What the frontends add to findings: fix edits as file edits, and how a site is named in messages. */
interface Hooks {
  fileEdits(f: FixSpec): FixSpec | undefined;
  place(site: Span): string | undefined;
  siteOf(site: Site): Site;
  fixesUnsafeIn(file: string): string | undefined;
  editUnsafeAt(file: string, start: number, end: number): string | undefined;
  siteUnsafe(site: Site): string | undefined;
  modelWithLayerAt?(site: Span): ModelInfo | undefined;
}

function runRules(events: EngineEvent[], rules: Rule[], options: LintOptions, linted: Set<string>, problems: FileProblem[], locator: Locator, keep: (r: Report, e: EngineEvent) => boolean, hooks: Hooks): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  const mixed = mixedDecisionSites(events);
  const sharedLosses = lossesSharedByKinds(events);
  const swapsDisagree = callsSwappedOnlySometimes(events);
  let current: EngineEvent | undefined; // the event being handled: its facts are evidence too
  for (const rule of rules) {
    const severity = options.rules?.[rule.meta.id] ?? rule.meta.defaultSeverity;
    if (severity === 'off') continue;
    const ctx: RuleContext = {
      report: (r) => {
        // Sites in a module only a notebook's cell writes are that cell's (the edits stay the module's: none is made).
        const placed = { ...r, site: hooks.siteOf(r.site), related: r.related?.map((x) => ({ ...x, site: x.site && hooks.siteOf(x.site) })) };
        if (!linted.has(placed.site.file)) return; // evidence found in an imported file only
        if (current && !keep(r, current)) return;
        r = placed;
        const key = `${rule.meta.id}\u0000${r.site.file}\u0000${r.site.start}\u0000${r.site.end}`;
        if (seen.has(key)) return;
        seen.add(key);
        // A rewrite of a decision that other values reach too would break it for them.
        if (current && mixed.has(current)) r = { ...r, fix: undefined, suggestions: [] };
        // One loss written once for outputs of different kinds (a Keras loss string over a logits
        // and a sigmoid output): switching it would break the others (and --fix would go round).
        if (current && sharedLosses.has(current)) r = { ...r, fix: r.fix?.kind === 'switch-loss' ? undefined : r.fix, suggestions: (r.suggestions ?? []).filter((s) => s.kind !== 'switch-loss') };
        // A loss call that some runs see swapped and others not (a layer's call(targets, logits)
        // called both ways round): swapping it would break the right callers (and --fix went round).
        if (current && rule.meta.id === 'swapped-loss-arguments' && swapsDisagree.has(current)) r = { ...r, fix: undefined, suggestions: [] };
        // A loss whose arguments' roles are unclear: neither is rewritten (the swap rule's own
        // findings are about exactly that).
        if (current?.type === 'loss' && rule.meta.id !== 'swapped-loss-arguments' && labelsAreLogits(current)) r = { ...r, fix: undefined, suggestions: [] };
        out.push(toFinding(rule, severity, r, locator, hooks));
      },
      at: (written, writtenFrom) => {
        const [site, from] = [hooks.siteOf(written), hooks.siteOf(writtenFrom)];
        const place = hooks.place(site);
        if (place) return site.file === from.file ? place : `${relativeName(site.file, from.file)}, ${place}`;
        const line = locator.location(site).line;
        return site.file === from.file ? `line ${line}` : `${relativeName(site.file, from.file)}:${line}`;
      },
      modelWithLayerAt: hooks.modelWithLayerAt,
    };
    const handlers: RuleHandlers = rule.create(ctx);
    for (const e of events) {
      current = e;
      const h = handlers[e.type] as ((e: EngineEvent) => void) | undefined;
      if (!h) continue;
      try {
        h(e);
      } catch (err) {
        problems.push({ file: e.site.file, message: `internal error in rule ${rule.meta.id}: ${(err as Error).message}` });
      }
    }
  }
  return out;
}

function toFinding(rule: Rule, severity: 'warn' | 'error', r: Report, locator: Locator, hooks: Hooks): Finding {
  const fileEdits = hooks.fileEdits;
  const fixOf = (spec: FixSpec): Fix => ({ title: spec.title, safe: spec.safe, edits: spec.edits.map((e) => ({ file: e.file, start: e.start, end: e.end, text: e.text })), ...(spec.kind ? { kind: spec.kind } : {}) });
  const finding: Finding = {
    ruleId: rule.meta.id,
    severity,
    message: r.message,
    location: locator.location(r.site),
    related: (r.related ?? []).filter((x) => x.site).map((x) => ({ ...locator.location(x.site!), message: x.message })),
    suggestions: (r.suggestions ?? []).map(fileEdits).filter((s): s is FixSpec => !!s).map(fixOf),
  };
  const fix = r.fix && fileEdits(r.fix);
  const unsafe = fix && (fix.edits.map((e) => hooks.fixesUnsafeIn(e.file)).find(Boolean) ?? r.fix!.edits.map((e) => hooks.editUnsafeAt(e.file, e.start, e.end)).find(Boolean)
    ?? [r.site, ...(r.related ?? []).map((x) => x.site)].map((s) => s && hooks.siteUnsafe(s)).find(Boolean));
  if (fix && unsafe) finding.suggestions.unshift({ ...fixOf(fix), title: `${fix.title} (not applied by --fix: ${unsafe})`, safe: false });
  // An edit that is not safe is offered, not applied: a suggestion, whichever way the rule gave it.
  else if (fix && !fix.safe) finding.suggestions.unshift(fixOf(fix));
  else if (fix) finding.fix = fixOf(fix);
  if (r.model) finding.facts = modelFacts(r.model, r.loss, r.decision, r.lossKind, (file) => locator.textOf(file));
  const metric = r.metricAt && finding.facts && writtenAs(r.metricAt, (file) => locator.textOf(file));
  if (metric) finding.facts!.metric = metric;
  return finding;
}

/** Another file as the message names it: its base name beside `from`, else its path from `from`'s
 *  folder (`../gan_c/models.py`: a project may have several models.py). */
function relativeName(file: string, from: string): string {
  const rel = path.relative(path.dirname(from), file).split(path.sep).join('/');
  return rel && !path.isAbsolute(rel) ? rel : path.basename(file);
}

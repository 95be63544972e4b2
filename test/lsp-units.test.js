// Unit tests of the language server's parts that do not need a running server: the scheduler (with
// a fake worker), settings validation, the docs "why" paragraph, ranges, and code actions built from
// hand-made findings.
const assert = require('node:assert/strict');
const { EventEmitter } = require('node:events');
const { AnalysisScheduler, CancelledError } = require('../out/server/lsp/analysis-scheduler');
const { normalizeSettings } = require('../out/server/lsp/settings');
const { whyParagraph, RuleDocs } = require('../out/server/lsp/rule-docs');
const { attachRanges } = require('../out/server/lsp/attach-ranges');
const { buildReport } = require('../out/server/lsp/diagnostics');
const { codeActions } = require('../out/server/lsp/code-actions');
const { LineMap } = require('../out/server/lsp/ranges');
const { ruleMetas } = require('../out/rules');
const { applyLspEdits } = require('./lsp-test-client');

class FakeWorker extends EventEmitter {
  constructor() {
    super();
    this.jobs = [];
    this.terminated = false;
  }
  postMessage(job) {
    this.jobs.push(job);
  }
  terminate() {
    this.terminated = true;
  }
  reply(job, findings = []) {
    this.emit('message', { id: job.id, ok: true, analysis: { findings, problems: [], fileCount: job.paths?.length ?? 0, durationMs: 1 } });
  }
}

const job = (name) => ({ paths: [`/p/${name}.js`], overlay: {}, versions: {} });
const tick = () => new Promise((r) => setImmediate(r));
const quietEvents = { started() {}, finished() {}, failed() {} };

describe('lsp: analysis scheduler', () => {
  let workers;
  let scheduler;
  beforeEach(() => {
    workers = [];
    scheduler = new AnalysisScheduler(() => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    }, quietEvents, 200);
  });
  afterEach(() => scheduler.dispose());

  it('serves the same generation from the cache without a second run', async () => {
    const first = scheduler.analyze('p', 'g1', () => job('a'));
    workers[0].reply(workers[0].jobs[0]);
    const r1 = await first;
    const r2 = await scheduler.analyze('p', 'g1', () => assert.fail('no new job for a cached generation'));
    assert.equal(r2, r1);
    assert.equal(workers[0].jobs.length, 1);
  });

  it('shares one run between requests for the same generation', async () => {
    const a = scheduler.analyze('p', 'g1', () => job('a'));
    const b = scheduler.analyze('p', 'g1', () => assert.fail('joins the queued run'));
    workers[0].reply(workers[0].jobs[0]);
    assert.equal(await a, await b);
  });

  it('a project\'s first run lints the open files first; the whole project follows in the background, which workspace requests wait for', async () => {
    const first = scheduler.analyze('p', 'g1', () => job('a'));
    const w = workers[0];
    assert.equal(w.jobs[0].openFirst, true);
    w.emit('message', { id: w.jobs[0].id, ok: true, analysis: { findings: [], problems: [], fileCount: 1, durationMs: 1, partial: true } });
    assert.equal((await first).analysis.partial, true);
    await tick();
    assert.equal(w.jobs.length, 2, 'the rest of the project is queued');
    assert.equal(w.jobs[1].openFirst, false);
    const again = await scheduler.analyze('p', 'g1', () => assert.fail('the partial result serves open documents'));
    assert.equal(again.analysis.partial, true);
    const workspace = scheduler.analyze('p', 'g1', () => assert.fail('joins the background run'), undefined, true);
    w.reply(w.jobs[1]);
    assert.equal((await workspace).analysis.partial, undefined);
  });

  it('an open document\'s request runs before queued workspace (background) runs', async () => {
    scheduler.analyze('busy', 'g', () => job('busy'));
    const bg = scheduler.analyze('q', 'g', () => job('background'), undefined, true);
    const doc = scheduler.analyze('r', 'g', () => job('document'));
    const w = workers[0];
    w.reply(w.jobs[0]);
    await tick();
    assert.equal(w.jobs[1].paths[0], '/p/document.js');
    w.reply(w.jobs[1]);
    await doc;
    await tick();
    assert.equal(w.jobs[2].paths[0], '/p/background.js');
    w.reply(w.jobs[2]);
    await bg;
  });

  it('replaces a queued run by a newer generation; its waiters get the newer result', async () => {
    const running = scheduler.analyze('p', 'g1', () => job('v1'));
    const queued = scheduler.analyze('p', 'g2', () => job('v2'));
    const newest = scheduler.analyze('p', 'g3', () => job('v3'));
    const w = workers[0];
    assert.equal(w.jobs.length, 1, 'one run at a time');
    w.reply(w.jobs[0]);
    assert.equal((await running).generation, 'g1');
    await tick();
    assert.deepEqual(w.jobs.map((j) => j.paths[0]), ['/p/v1.js', '/p/v3.js'], 'g2 never ran');
    w.reply(w.jobs[1]);
    assert.equal((await queued).generation, 'g3');
    assert.equal((await newest).generation, 'g3');
  });

  it('a cancelled request rejects at once; the run still completes for others', async () => {
    let cancel;
    const token = { isCancellationRequested: false, onCancellationRequested: (cb) => { cancel = cb; return { dispose() {} }; } };
    const cancelled = scheduler.analyze('p', 'g1', () => job('a'), token);
    const other = scheduler.analyze('p', 'g1', () => job('a'));
    cancel();
    await assert.rejects(cancelled, CancelledError);
    workers[0].reply(workers[0].jobs[0]);
    assert.equal((await other).generation, 'g1');
  });

  it('stops a run that takes too long and uses a fresh worker next', async () => {
    const failures = [];
    scheduler = new AnalysisScheduler(() => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    }, { ...quietEvents, failed: (_p, e) => failures.push(e.message) }, 50);
    await assert.rejects(scheduler.analyze('p', 'g1', () => job('a')), /longer than/);
    assert.equal(workers[0].terminated, true);
    assert.equal(failures.length, 1);
    const next = scheduler.analyze('p', 'g2', () => job('b'));
    assert.equal(workers.length, 2);
    workers[1].reply(workers[1].jobs[0]);
    assert.equal((await next).generation, 'g2');
  });

  it('passes the rule metadata a new worker announces', async () => {
    const seen = [];
    scheduler = new AnalysisScheduler(() => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    }, { ...quietEvents, ready: (metas) => seen.push(metas) });
    scheduler.warmUp();
    workers[0].emit('message', { kind: 'ready', ruleMetas: [{ id: 'threshold-logits' }] });
    assert.deepEqual(seen, [[{ id: 'threshold-logits' }]]);
  });

  it('sends a project\'s paths once per worker while the list stays the same', async () => {
    const paths = ['/p/a.js', '/p/b.js'];
    const run = async (generation, list) => {
      const r = scheduler.analyze('/p', generation, () => ({ paths: list, overlay: {}, versions: {}, configDir: '/p' }));
      const w = workers[workers.length - 1];
      w.reply(w.jobs[w.jobs.length - 1]);
      await r;
      return w.jobs[w.jobs.length - 1].paths;
    };
    assert.deepEqual(await run('g1', paths), paths);
    assert.equal(await run('g2', paths), undefined, 'the worker has them');
    assert.deepEqual(await run('g3', [...paths, '/p/c.js']), [...paths, '/p/c.js'], 'another list');
    const failing = scheduler.analyze('/p', 'g4', () => ({ paths: [...paths], overlay: {}, versions: {}, configDir: '/p' }));
    workers[0].emit('error', new Error('gone'));
    await assert.rejects(failing);
    assert.deepEqual(await run('g5', paths), paths, 'a new worker gets them again');
  });

  it('reports an engine error and a crashed worker as failures', async () => {
    const a = scheduler.analyze('p', 'g1', () => job('a'));
    workers[0].emit('message', { id: workers[0].jobs[0].id, ok: false, error: 'engine exploded' });
    await assert.rejects(a, /engine exploded/);
    const b = scheduler.analyze('p', 'g2', () => job('b'));
    workers[0].emit('error', new Error('out of memory'));
    await assert.rejects(b, /worker crashed: out of memory/);
  });
});

describe('lsp: settings', () => {
  const rules = ['threshold-logits'];
  it('keeps valid values and replaces bad ones by defaults, with a message each', () => {
    const warnings = [];
    const s = normalizeSettings({ enable: 'yes', run: 'onSave', rules: { 'threshold-logits': 'warning', 'no-such-rule': 'off' } }, rules, (m) => warnings.push(m));
    assert.deepEqual(s, { enable: true, run: 'onSave', rules: { 'threshold-logits': 'warn' }, problems: 'workspace' });
    assert.equal(warnings.length, 2);
    assert.match(warnings[0], /logitLint.enable/);
    assert.match(warnings[1], /unknown rule "no-such-rule"/);
  });
  it('survives settings of the wrong shape', () => {
    const warnings = [];
    assert.deepEqual(normalizeSettings([1, 2], rules, (m) => warnings.push(m)), { enable: true, run: 'onType', rules: {}, problems: 'workspace' });
    assert.equal(normalizeSettings({ problems: 'all' }, rules, (m) => warnings.push(m)).problems, 'workspace');
    assert.equal(normalizeSettings({ problems: 'openFiles' }, rules, (m) => warnings.push(m)).problems, 'openFiles');
    assert.deepEqual(normalizeSettings({ rules: 'off' }, rules, (m) => warnings.push(m)).rules, {});
    assert.equal(warnings.length, 3);
    assert.match(warnings[1], /logitLint.problems must be "openFiles" or "workspace"/);
  });
});

describe('lsp: rule docs', () => {
  it('takes the first paragraph under "Why is this bad?"', () => {
    const md = '# r\n\nIntro.\n\n## What it does\n\nStuff.\n\n## Why is this bad?\n\nFirst line\nsecond line.\n\nMore detail.\n\n## Example\n';
    assert.equal(whyParagraph(md), 'First line second line.');
    assert.equal(whyParagraph('# r\n\nno such section\n'), undefined);
  });
  it('reads the real docs page of a rule', () => {
    assert.match(new RuleDocs().why('sigmoid-before-logits-loss'), /applies sigmoid itself/);
  });
});

describe('lsp: ranges and code actions from hand-made findings', () => {
  const file = '/p/x.js';
  const text = 'const a = 1;\n  model.compile({ loss: L });\n';
  const at = (needle) => ({ start: text.indexOf(needle), end: text.indexOf(needle) + needle.length });
  const loc = (needle) => {
    const { start, end } = at(needle);
    return { file, start, end, line: 2, column: start - 13 + 1, endLine: 2, endColumn: end - 13 + 1 };
  };
  const edit = (needle, newText) => ({ file, ...at(needle), text: newText });
  const finding = {
    ruleId: 'sigmoid-before-logits-loss',
    severity: 'error',
    message: 'm',
    location: loc('L'),
    related: [{ ...loc('model'), message: 'here' }],
    fix: { title: 'Fix it', safe: true, edits: [edit('L', "'binaryCrossentropy'")] },
    suggestions: [{ title: 'Other way', safe: false, edits: [edit('compile', 'fit')] }],
  };
  const docs = new RuleDocs();
  docs.setMetas(ruleMetas);
  const analysis = attachRanges({ findings: [finding], problems: [], files: [file], unusedDirectives: [] }, () => text, 1);
  const settings = { enable: true, run: 'onType', rules: {} };
  const report = buildReport('file:///p/x.js', file, 3, {}, analysis.findings, settings, docs);
  const request = (extra) => ({
    uri: 'file:///p/x.js', path: file, text, version: 3, report, diagnostics: report.diagnostics, documentChanges: true, docs, ...extra,
  });

  it('converts offsets to LSP positions (UTF-16, 0-based)', () => {
    assert.deepEqual(new LineMap('ab\n😀x').position(5), { line: 1, character: 2 });
    assert.deepEqual(analysis.findings[0].location.range, { start: { line: 1, character: 24 }, end: { line: 1, character: 25 } });
  });

  it('builds a diagnostic only for the file and honours "off"', () => {
    assert.equal(report.diagnostics.length, 1);
    assert.equal(buildReport('file:///p/y.js', '/p/y.js', 1, {}, analysis.findings, settings, docs).diagnostics.length, 0);
    assert.equal(buildReport('file:///p/x.js', file, 1, {}, analysis.findings, { ...settings, rules: { 'sigmoid-before-logits-loss': 'off' } }, docs).diagnostics.length, 0);
  });

  it('orders fix, suggestion, disable line, disable file, docs; guards edits by version', () => {
    const actions = codeActions(request());
    assert.deepEqual(actions.map((a) => [a.title, a.isPreferred ?? null]), [
      ['Fix it', true],
      ['Other way', false],
      ['Disable sigmoid-before-logits-loss for this line', null],
      ['Disable sigmoid-before-logits-loss for this file', null],
      ['Show documentation for sigmoid-before-logits-loss', null],
    ]);
    assert.equal(actions[0].edit.documentChanges[0].textDocument.version, 3);
    const disabled = applyLspEdits(text, actions[2].edit.documentChanges[0].edits);
    assert.equal(disabled, 'const a = 1;\n  // logit-lint-disable-next-line sigmoid-before-logits-loss\n  model.compile({ loss: L });\n');
  });

  it('offers no fix from a report of another document version (only the text-based actions)', () => {
    const actions = codeActions(request({ report: undefined }));
    assert.deepEqual(actions.map((a) => a.title.split(' ')[0]), ['Disable', 'Disable', 'Show']);
  });

  it('fix-all takes safe fixes only, and only when asked for', () => {
    assert.equal(codeActions(request({ only: ['quickfix'] })).some((a) => a.kind === 'source.fixAll.logit-lint'), false);
    const [all] = codeActions(request({ only: ['source.fixAll.logit-lint'] }));
    assert.equal(applyLspEdits(text, all.edit.documentChanges[0].edits), "const a = 1;\n  model.compile({ loss: 'binaryCrossentropy' });\n");
  });

  it('uses `changes` for clients without versioned document changes', () => {
    const [fix] = codeActions(request({ documentChanges: false }));
    assert.deepEqual(Object.keys(fix.edit.changes), ['file:///p/x.js']);
  });
});

// The language server's incremental analysis (server/lsp/incremental-project.ts): after every edit,
// whatever it re-lints and whatever it keeps, the result must be exactly that of one fresh
// lintProject run over the whole project with the same texts; and an edit must re-lint only the
// component of the edited file.
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { LspTestClient } = require('./lsp-test-client');

const out = path.join(__dirname, '..', 'out');
const { lintProject } = require(path.join(out, 'rules'));
const { attachRanges } = require(path.join(out, 'server', 'lsp', 'attach-ranges'));
const { DiskCache } = require(path.join(out, 'server', 'lsp', 'disk-cache'));
const { DiskChangeLog, changedSince } = require(path.join(out, 'server', 'lsp', 'disk-changes'));
const { IncrementalProject } = require(path.join(out, 'server', 'lsp', 'incremental-project'));
const { AnalysisSession } = require(path.join(out, 'server', 'lsp', 'analysis-worker'));
const { LiveImportGraph } = require(path.join(out, 'server', 'lsp', 'live-import-graph'));
const { ContentStore, findComponents } = require(path.join(out, 'server', 'cli', 'import-graph'));

const FIXTURES = path.join(__dirname, '..', 'fixtures');
const PROJECTS = [...fs.readdirSync(path.join(FIXTURES, 'projects')).map((p) => path.join(FIXTURES, 'projects', p)), path.join(FIXTURES, 'demo')];

function copyTree(from, to) {
  fs.mkdirSync(to, { recursive: true });
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, e.name);
    if (e.isDirectory()) copyTree(src, path.join(to, e.name));
    else fs.copyFileSync(src, path.join(to, e.name));
  }
}

function listFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(full) : /\.(js|ts|html)$/.test(e.name) ? [full] : [];
  });
}

/** Every fixture project in one folder: one analysis, several components. */
function workspace() {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'logit-lint-incremental-')));
  for (const p of PROJECTS) copyTree(p, path.join(root, path.basename(p)));
  return root;
}

/** The files as a fresh run reads them: the buffers over the disk. */
function viewOf(overlay) {
  return {
    readFile(file) {
      if (overlay.has(file)) return overlay.get(file);
      try {
        return fs.readFileSync(file, 'utf8');
      } catch (e) {
        if (e.code === 'ENOENT') return undefined;
        throw e;
      }
    },
  };
}

/** Components as comparable lists, whatever their order. */
const grouping = (components) => components.map((c) => `${c.files.join(',')} | ${c.members.join(',')}`).sort();

/** What a full, fresh run gives: lintProject over all paths, the buffers over the disk. */
function fullRun(paths, overlay, options = {}) {
  const host = viewOf(overlay);
  const result = lintProject([...paths], options, host);
  const r = attachRanges(result, (f) => host.readFile(f), 0);
  return { findings: r.findings, problems: r.problems, files: result.files };
}

/** Components of the files as the CLI finds them. */
function componentCount(files) {
  const host = { readFile: (f) => (fs.existsSync(f) && fs.statSync(f).isFile() ? fs.readFileSync(f, 'utf8') : undefined) };
  return findComponents(files, new ContentStore(host)).length;
}

const summary = (r) => r.findings.map((f) => `${path.basename(path.dirname(f.location.file))}/${path.basename(f.location.file)}:${f.location.range.start.line + 1} ${f.ruleId}`);

describe('lsp: incremental analysis equals a full run', function () {
  this.timeout(60000);
  let root;
  let paths;
  let project;
  let overlay;
  let disk;
  let components;
  const at = (rel) => path.join(root, rel);

  /** One incremental run, compared with a fresh full run; returns its stats. */
  function step(options = {}) {
    const r = project.run(paths, overlay, options.unwatched ? undefined : disk.state());
    const expected = fullRun(paths, overlay);
    assert.deepStrictEqual({ findings: r.findings, problems: r.problems, files: r.files }, expected);
    return { ...r.stats, summary: summary(r) };
  }
  const edit = (rel, from, to) => {
    const text = overlay.get(at(rel)) ?? fs.readFileSync(at(rel), 'utf8');
    assert.ok(text.includes(from), `${rel} contains ${from}`);
    overlay.set(at(rel), text.replace(from, to));
  };
  const onDisk = (rel, change) => {
    change(at(rel));
    disk.record([at(rel)]); // the watched-file event
  };

  before(() => {
    root = workspace();
    paths = listFiles(root).sort();
    components = componentCount(paths);
    project = new IncrementalProject({}, new DiskCache());
    overlay = new Map();
    disk = new DiskChangeLog();
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('first run: every component linted once', () => {
    const s = step();
    assert.strictEqual(s.linted, s.components);
    assert.strictEqual(s.components, components);
    assert.ok(components >= PROJECTS.length, 'at least one component per fixture project');
    assert.ok(s.summary.length > 5, `findings in several projects: ${s.summary}`);
  });

  it('no change: nothing re-linted', () => {
    const s = step();
    assert.strictEqual(s.linted, 0);
    assert.strictEqual(s.regrouped, false);
  });

  it('an edit that keeps the imports re-lints its component only, and its findings follow', () => {
    const before = step().summary;
    edit('p2-churn-cjs/model.js', "loss: 'categoricalCrossentropy'", "loss: 'binaryCrossentropy'");
    const s = step();
    assert.strictEqual(s.linted, 1);
    assert.strictEqual(s.regrouped, false);
    assert.notDeepStrictEqual(s.summary, before, 'the edit changed a finding');
  });

  it('an import between two components joins them; removing it splits them again', () => {
    edit('p1-esm-factory-train/predict.js', "import { createModel, TAGS } from './model.js';", "import { createModel, TAGS } from './model.js';\nimport '../p2-churn-cjs/train.js';");
    let s = step();
    assert.strictEqual(s.regrouped, 1, 'two components replaced by one, the others untouched');
    assert.strictEqual(s.components, components - 1);
    assert.strictEqual(s.linted, 1, 'only the joined component');
    edit('p1-esm-factory-train/predict.js', "import '../p2-churn-cjs/train.js';", '');
    s = step();
    assert.strictEqual(s.regrouped, 2);
    assert.strictEqual(s.components, components);
    assert.strictEqual(s.linted, 2, 'the two halves');
  });

  it('a change on disk is seen after its event: only the file it names is checked, only its component re-linted', () => {
    onDisk('demo/model.js', (f) => fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace(/activation: 'sigmoid'/g, "activation: 'linear'")));
    const s = step();
    assert.strictEqual(s.checkedOnDisk, 1);
    assert.strictEqual(s.changedFiles, 1);
    assert.strictEqual(s.linted, 1);
  });

  it('events the log no longer holds: every file is checked', () => {
    fs.appendFileSync(at('p1-cjs-index-reexport/report.js'), '\n// touched\n');
    for (let i = 0; i < 100; i++) disk.record([at(`elsewhere-${i}.js`)]);
    const s = step();
    assert.ok(s.checkedOnDisk >= paths.length, `${s.checkedOnDisk} files checked`);
    assert.strictEqual(s.changedFiles, 1);
  });

  it('a client that reports no file changes: the disk is checked on every run', () => {
    fs.appendFileSync(at('p2-loss-module-esm/lib/losses.js'), '\n// touched\n');
    const s = step({ unwatched: true });
    assert.ok(s.checkedOnDisk >= paths.length);
    assert.strictEqual(s.linted, 1);
  });

  it('a deleted file: its importers lose it (still listed: a problem; then unlisted)', () => {
    onDisk('p2-churn-cjs/layers.js', (f) => fs.rmSync(f));
    let s = step();
    assert.strictEqual(s.regrouped, 'all', 'where specifiers resolve may have changed anywhere');
    assert.strictEqual(step().linted, 0);
    paths = paths.filter((p) => p !== at('p2-churn-cjs/layers.js'));
    s = step();
    assert.strictEqual(s.regrouped, 'all');
  });

  it('an import of a file that does not exist yet joins when the file appears', () => {
    edit('demo/main.js', "import { trainModel } from './train.js';", "import { trainModel } from './train.js';\nimport { helper } from './helpers';");
    const before = step().components;
    onDisk('demo/helpers.js', (f) => fs.writeFileSync(f, "import * as tf from '@tensorflow/tfjs';\nexport const helper = (t) => tf.sigmoid(t).greater(0.5);\n"));
    paths = [...paths, at('demo/helpers.js')].sort();
    const s = step();
    assert.strictEqual(s.regrouped, 'all');
    assert.strictEqual(s.components, before, 'the new file joined the component of its importer');
  });

  it('closing the buffers puts the disk back in force', () => {
    overlay = new Map();
    const s = step();
    assert.ok(s.changedFiles >= 3, `the edited files: ${s.changedFiles}`);
  });

  it('a syntax error: its problem, in the order of a full run', () => {
    edit('p1-ts-default-export-class/detector.ts', 'export default', 'export default }{');
    const s = step();
    assert.strictEqual(s.linted, 1);
  });
});

describe('lsp: incremental analysis equals a full run, random edits on a generated corpus', function () {
  this.timeout(120000);
  const { generateCorpus } = require('../bench/corpus');
  const { createRandom } = require('../bench/random');
  const STEPS = 25;

  it(`${STEPS} seeded steps: edits, imports added and removed, files deleted and created, buffers closed`, () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'logit-lint-incremental-random-')));
    try {
      generateCorpus({ count: 150, dir: root, seed: 11 });
      const rng = createRandom(5);
      let paths = listFiles(root).sort();
      const overlay = new Map();
      const disk = new DiskChangeLog();
      const project = new IncrementalProject({}, new DiskCache());
      const existing = () => paths.filter((f) => overlay.has(f) || fs.existsSync(f));
      const textOf = (f) => overlay.get(f) ?? fs.readFileSync(f, 'utf8');
      const tfFiles = () => existing().filter((f) => /\btf\b/.test(textOf(f)));
      const spec = (from, to) => {
        const rel = path.relative(path.dirname(from), to).split(path.sep).join('/');
        return rel.startsWith('.') ? rel : `./${rel}`;
      };
      const ops = {
        // A change that matters to the rules (activations and losses), keeping the imports.
        retune: () => {
          const f = rng.pick(tfFiles());
          const t = textOf(f);
          const swaps = [["'sigmoid'", "'linear'"], ["'linear'", "'sigmoid'"], ["'softmax'", "'sigmoid'"], ['binaryCrossentropy', 'categoricalCrossentropy'], ['categoricalCrossentropy', 'binaryCrossentropy']].filter(([a]) => t.includes(a));
          const [a, b] = swaps.length ? rng.pick(swaps) : ['\n', '\n// edited\n'];
          overlay.set(f, t.replace(a, b));
        },
        // Joins two components (most likely), or re-adds an edge that is already there.
        addImport: () => {
          const from = rng.pick(existing());
          const to = rng.pick(rng.chance(0.5) ? tfFiles() : existing());
          if (from !== to) overlay.set(from, `import '${spec(from, to)}';\n${textOf(from)}`);
        },
        removeImport: () => {
          const withAdded = existing().filter((f) => /^import '[^']+';\n/.test(textOf(f)));
          if (withAdded.length) {
            const f = rng.pick(withAdded);
            overlay.set(f, textOf(f).replace(/^import '[^']+';\n/, ''));
          }
        },
        deleteFile: () => {
          const f = rng.pick(existing().filter((p) => !overlay.has(p)));
          fs.rmSync(f);
          disk.record([f]);
          if (rng.chance(0.7)) paths = paths.filter((p) => p !== f); // else: the listing is stale for a run
        },
        createFile: () => {
          const dir = path.dirname(rng.pick(existing()));
          const f = path.join(dir, `added-${disk.epoch}.js`);
          const target = rng.pick(tfFiles());
          fs.writeFileSync(f, `import * as tf from '@tensorflow/tfjs';\nimport { default as m } from '${spec(f, target)}';\nexport const p = (x) => tf.sigmoid(m.predict(x)).greater(0.5);\n`);
          disk.record([f]);
          paths = [...paths, f].sort();
        },
        saveAndClose: () => {
          const open = [...overlay.keys()];
          if (!open.length) return;
          const f = rng.pick(open);
          if (rng.chance(0.5) && fs.existsSync(f)) {
            fs.writeFileSync(f, overlay.get(f));
            disk.record([f]);
          }
          overlay.delete(f);
        },
      };
      const names = Object.keys(ops);
      const seen = new Set();
      let relinted = 0;
      let components = 0;
      for (let i = 0; i < STEPS; i++) {
        const op = rng.pick(names);
        ops[op]();
        seen.add(op);
        const r = project.run(paths, overlay, disk.state());
        assert.deepStrictEqual({ findings: r.findings, problems: r.problems, files: r.files }, fullRun(paths, overlay), `step ${i}: ${op}`);
        assert.deepStrictEqual(grouping(project.components), grouping(findComponents(paths, new ContentStore(viewOf(overlay)))), `step ${i}: ${op}: grouping`);
        relinted += r.stats.linted;
        components += r.stats.components;
      }
      assert.ok(seen.size >= names.length - 1, `operations tried: ${[...seen]}`);
      assert.ok(relinted < components / 5, `re-linted ${relinted} of ${components} components over the steps`);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('lsp: analysis worker session', function () {
  this.timeout(60000);
  let root;
  before(() => {
    root = workspace();
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('sends back the findings of open documents only; keeps paths and results between jobs; other engine options start afresh', () => {
    const session = new AnalysisSession();
    const paths = listFiles(root).sort();
    const model = path.join(root, 'p2-churn-cjs', 'model.js');
    const text = fs.readFileSync(model, 'utf8');
    const all = fullRun(paths, new Map()).findings;
    const job = (id, overlay, extra = {}) => ({ id, overlay, options: {}, configDir: root, disk: { epoch: 0, recent: [] }, ...extra });

    const first = session.analyse(job(1, { [model]: text }, { paths }));
    assert.ok(all.some((f) => f.location.file !== model), 'the project has findings elsewhere');
    assert.deepStrictEqual(first.findings, all.filter((f) => f.location.file === model));
    assert.strictEqual(first.fileCount, paths.length);

    const other = all.find((f) => f.location.file !== model).location.file;
    const second = session.analyse(job(2, { [model]: text, [other]: fs.readFileSync(other, 'utf8') })); // no paths: the same
    assert.deepStrictEqual(second.findings, all.filter((f) => f.location.file === model || f.location.file === other));
    assert.strictEqual(second.stats.linted, 0);

    fs.writeFileSync(path.join(root, 'logit-lint.config.json'), JSON.stringify({ tfModules: ['my-tf'] }));
    const third = session.analyse(job(3, { [model]: text }));
    assert.strictEqual(third.stats.linted, third.stats.components, 'other engine options: everything linted again');
    const fourth = session.analyse(job(4, { [model]: text }));
    assert.strictEqual(fourth.stats.linted, 0);
  });
});

describe('lsp: disk change log', () => {
  it('names the files of the events since an epoch, or says it cannot', () => {
    const log = new DiskChangeLog();
    log.record(['/a.js']);
    log.record(['/b.js', '/a.js']);
    assert.deepStrictEqual([...changedSince(log.state(), 0)], ['/a.js', '/b.js']);
    assert.deepStrictEqual([...changedSince(log.state(), 1)], ['/b.js', '/a.js']);
    assert.deepStrictEqual([...changedSince(log.state(), 2)], []);
    log.record(); // a workspace folder came or went
    assert.strictEqual(changedSince(log.state(), 1), undefined);
    log.record(Array.from({ length: 10000 }, (_, i) => `/f${i}.js`)); // a checkout: too many to name
    assert.strictEqual(changedSince(log.state(), 3), undefined);
    for (let i = 0; i < 100; i++) log.record(['/c.js']);
    assert.strictEqual(changedSince(log.state(), 4), undefined, 'older than the window');
    assert.deepStrictEqual([...changedSince(log.state(), log.epoch - 1)], ['/c.js']);
  });
});

describe('lsp: live import graph', () => {
  it('groups files exactly as findComponents does, on a generated corpus', function () {
    this.timeout(60000);
    const { generateCorpus } = require('../bench/corpus');
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'logit-lint-graph-')));
    try {
      generateCorpus({ count: 300, dir, seed: 3 });
      const files = listFiles(dir).sort();
      const host = { readFile: (f) => (fs.existsSync(f) && fs.statSync(f).isFile() ? fs.readFileSync(f, 'utf8') : undefined) };
      const expected = findComponents(files, new ContentStore(host)).map((c) => [c.files, c.members]);
      const live = new LiveImportGraph(new ContentStore(host)).components(files).map((c) => [c.files, c.members]);
      assert.ok(expected.length > 50);
      assert.deepStrictEqual(live, expected);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('lsp: an edit re-lints one component (protocol)', function () {
  this.timeout(60000);
  let root;
  let client;
  before(async () => {
    root = workspace();
    fs.writeFileSync(path.join(root, 'package.json'), '{"name":"ws","private":true}\n');
    client = new LspTestClient({ root });
    await client.initialize();
  });
  after(async () => {
    await client.shutdown();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('the first answer lints the open file\'s component only, the rest follows; an edit re-lints one component', async () => {
    const file = 'p2-churn-cjs/model.js';
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    await client.open(file, text);
    const n = componentCount(listFiles(root));
    const first = await client.diagnostics(file);
    assert.ok(first.some((d) => d.code === 'categorical-loss-single-unit'));
    // Workspace diagnostics need the whole project: they wait for the background run.
    const workspace = await client.workspaceDiagnostics();
    assert.ok(workspace.some((i) => i.kind === 'full' && i.items.length > 0), 'other files\' findings');
    await client.change(file, text.replace("loss: 'categoricalCrossentropy'", "loss: 'binaryCrossentropy'"));
    const second = await client.diagnostics(file);
    assert.ok(!second.some((d) => d.code === 'categorical-loss-single-unit'));
    const runs = client.logs.filter((l) => l.startsWith('analysed'));
    assert.strictEqual(runs.length, 3, runs.join('\n'));
    assert.match(runs[0], new RegExp(`linted 1 of ${n} components`));
    assert.match(runs[1], new RegExp(`linted ${n - 1} of ${n} components`));
    assert.match(runs[2], new RegExp(`linted 1 of ${n} components`));
  });
});

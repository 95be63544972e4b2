// Drives the Python frontend directly on in-memory files (no core, no rules).
const path = require('path');
const { pythonFrontend, initPython } = require('../out/rules/engine/python/frontend');

const ROOT = path.resolve('/virtual/py');

/** Analyses `files` ({ 'train.py': text, ... }); `lint` names the files analysed (default: all). */
async function analyse(files, lint) {
  await initPython();
  const map = new Map(Object.entries(files).map(([k, v]) => [path.join(ROOT, k), v]));
  const host = { readFile: (f) => map.get(f) };
  const s = pythonFrontend.session(host, {});
  const problems = [];
  for (const f of lint ?? Object.keys(files)) {
    const p = s.analyse(path.join(ROOT, f));
    if (p) problems.push(...[p].flat());
  }
  const { events, models } = s.finish();
  for (const m of models) m.output.get();
  return { events, models, problems, text: (f) => map.get(f) };
}

/** 1-based line of a site (in its own file's text). */
function lineOf(site, files) {
  if (!site) return undefined;
  const text = files[path.relative(ROOT, site.file)];
  return text.slice(0, site.start).split('\n').length;
}

function textOf(site, files) {
  return site && files[path.relative(ROOT, site.file)].slice(site.start, site.end);
}

/** A compact view of an event: type, line, and the facts the rules read. */
function view(e, files) {
  const out = { type: e.type, line: lineOf(e.site, files) };
  const facts = (ref) => {
    const f = ref.get();
    const o = { act: f.act };
    if (f.actSite) o.actLine = lineOf(f.actSite, files);
    if (f.width !== undefined) o.width = f.width;
    if (f.widthSite) o.widthLine = lineOf(f.widthSite, files);
    if (f.rank !== undefined) o.rank = f.rank;
    if (f.pred) o.pred = true;
    if (f.modelOutput) o.modelOutput = true;
    if (f.model) o.model = f.model.kind;
    return o;
  };
  if (e.type === 'loss') Object.assign(out, { name: e.name, expects: e.kind.expects, via: e.via, pred: facts(e.pred), labels: facts(e.labels) });
  if (e.type === 'metric') Object.assign(out, { name: e.name, binary: e.binary, alias: e.alias, zeroCut: textOf(e.zeroCut, files), pred: facts(e.pred) });
  if (e.type === 'argmax') Object.assign(out, { axis: e.axis, form: e.form, noAxis: e.noAxis, input: facts(e.input) });
  if (e.type === 'threshold') Object.assign(out, { op: e.op, input: facts(e.input), thr: textOf(e.thresholdSite, files) });
  if (e.type === 'softmax') Object.assign(out, { kind: e.kind, input: facts(e.input) });
  return out;
}

async function events(files, lint) {
  const r = await analyse(files, lint);
  return r.events.map((e) => view(e, files));
}

/** The findings of the whole engine (frontend + rules) on in-memory files: ['line:rule-id', ...] per file. */
async function findings(files, lint) {
  await initPython();
  const { lintProject } = require('../out/rules');
  const map = new Map(Object.entries(files).map(([k, v]) => [path.join(ROOT, k), v]));
  const r = lintProject((lint ?? Object.keys(files)).map((f) => path.join(ROOT, f)), {}, { readFile: (f) => map.get(f) });
  return r.findings.map((f) => `${path.relative(ROOT, f.location.file)}:${f.location.line}:${f.ruleId}`);
}

module.exports = { analyse, events, findings, view, lineOf, textOf, ROOT };

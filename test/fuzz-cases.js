// The fuzzer shared by the CI fuzz test and scripts/fuzz-campaign.js: seeded mutations of the
// fixtures (most keep the syntax and change the meaning: names, strings, members, numbers, lines;
// the rest delete, duplicate, swap or replace tokens, insert random bytes, truncate), and a check
// that runs one input through the engine, every CLI formatter and every fix, and says what went
// wrong, if anything. Inputs live in memory only; nothing is executed.
const fs = require('fs');
const path = require('path');
const { createRandom } = require('../bench/random');

const ROOT = path.join(__dirname, '..');
const out = path.join(ROOT, 'out');
const { lintProject, applyEdits, ruleMetas } = require(path.join(out, 'rules'));
const { buildReport, formatters } = require(path.join(out, 'server', 'formatters'));
const { applySafeFixes } = require(path.join(out, 'server', 'cli', 'fix'));
const { ComponentLinter } = require(path.join(out, 'server', 'cli', 'lint-runner'));

/** Where in-memory inputs pretend to live (never on disk). */
const VIRTUAL = '/logit-lint-fuzz';
const REGRESSIONS = path.join(ROOT, 'fixtures', 'regressions');

function listFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)])).sort();
}

/**
 * The seeds: every single-file fixture, and each multi-file project (one of its files is mutated,
 * the others stay as written). `expect:` markers are renamed so that no mutated input, saved as a
 * regression fixture, ever carries an expectation nobody verified.
 */
function loadSeeds() {
  const neutral = (text) => text.replace(/expect:/g, 'was-expected:');
  const singles = listFiles(path.join(ROOT, 'fixtures', 'rules')).map((f) => ({
    files: { [`${VIRTUAL}/${path.basename(f)}`]: neutral(fs.readFileSync(f, 'utf8')) },
  }));
  const projectDirs = listFiles(path.join(ROOT, 'fixtures', 'projects')).map((f) => path.relative(path.join(ROOT, 'fixtures', 'projects'), f).split(path.sep)[0]);
  const projects = [...new Set(projectDirs)].map((name) => {
    const dir = path.join(ROOT, 'fixtures', 'projects', name);
    return { files: Object.fromEntries(listFiles(dir).map((f) => [`${VIRTUAL}/${name}/${path.relative(dir, f)}`, neutral(fs.readFileSync(f, 'utf8'))])) };
  });
  return { singles, projects };
}

/** Multi-file projects are few but exercise imports and the CLI's split: picked 30% of the time. */
function pickSeed(rng, seeds) {
  return rng.chance(0.3) ? rng.pick(seeds.projects) : rng.pick(seeds.singles);
}

// Tokens: identifiers, numbers, strings and template pieces, comments, punctuation, whitespace.
const TOKEN = /[A-Za-z_$][\w$]*|\d[\w.]*|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`|\/\/[^\n]*|\/\*[\s\S]*?\*\/|\s+|[^\w\s]/g;

/** Tokens worth inserting: the syntax and the tfjs names the engine cares about. */
const INTERESTING = [
  '(', ')', '{', '}', '[', ']', '=>', ';', ',', '.', '...', '?.', '!', '`', '${', '</script>', '<script>', '<template>', '/*', '*/', '//',
  'tf', 'tf.', 'model', 'predict', '.predict(', 'argMax', '.argMax(-1)', 'sigmoid', 'softmax', "'sigmoid'", "'softmax'", "'linear'",
  'units: 1', 'units: 0', 'units: -1', 'units: 1e309', 'activation:', 'loss:', "'binaryCrossentropy'", "'categoricalCrossentropy'",
  'tf.losses.sigmoidCrossEntropy', 'tf.losses.softmaxCrossEntropy', 'tf.layers.dense({units: 1})', 'compile', 'fit', 'round()', 'greater(0.5)',
  '> 0.5', 'dataSync()', 'arraySync()', 'this', 'new', 'class', 'function', 'async', 'await', 'return', 'export', 'import', 'require(',
  'module.exports', "from './model.js'", 'logit-lint-disable-line', 'logit-lint-disable', '\u2028', '\r', '\ufeff', '\ufffd', '\ud800', 'NaN', '0x', '1n',
];

/** Values that keep the code valid but change what it means to the engine. */
const STRINGS = ["'sigmoid'", "'softmax'", "'linear'", "'relu'", "'binaryCrossentropy'", "'categoricalCrossentropy'", "'sparseCategoricalCrossentropy'",
  "'meanSquaredError'", "'accuracy'", "'@tensorflow/tfjs'", "'./model.js'", "'./model'", "'../index.js'", "''"];
const MEMBERS = ['sigmoid', 'softmax', 'argMax', 'predict', 'compile', 'fit', 'add', 'dense', 'layers', 'losses', 'metrics', 'round', 'greater',
  'dataSync', 'arraySync', 'data', 'then', 'apply', 'sequential', 'model', 'input', 'tidy', 'minimize', 'variableGrads', 'logLoss', 'squeeze'];

/** A mutation that usually keeps the syntax valid, so the analysis (not only the parser) runs. */
function mutateMeaning(rng, text, tokens, at) {
  const pickIndex = (test) => {
    const start = at();
    for (let k = 0; k < tokens.length; k++) {
      const i = (start + k) % tokens.length;
      if (test(tokens[i], i)) return i;
    }
    return -1;
  };
  switch (rng.int(0, 4)) {
    case 0: { // an identifier becomes another identifier of the same file
      const ids = tokens.filter((t) => /^[A-Za-z_$][\w$]*$/.test(t));
      const i = pickIndex((t) => /^[A-Za-z_$][\w$]*$/.test(t));
      if (i >= 0 && ids.length) tokens[i] = rng.pick(ids);
      return tokens.join('');
    }
    case 1: { // a string literal becomes an activation, a loss or a module name
      const i = pickIndex((t) => /^['"]/.test(t));
      if (i >= 0) tokens[i] = rng.pick(STRINGS);
      return tokens.join('');
    }
    case 2: { // a member name becomes a tfjs API name
      const i = pickIndex((t, k) => k > 0 && tokens[k - 1] === '.' && /^[A-Za-z_$]/.test(t));
      if (i >= 0) tokens[i] = rng.pick(MEMBERS);
      return tokens.join('');
    }
    case 3: { // a line is deleted or duplicated
      const lines = text.split('\n');
      const i = rng.int(0, lines.length - 1);
      if (rng.chance(0.5)) lines.splice(i, 1);
      else lines.splice(i, 0, lines[i]);
      return lines.join('\n');
    }
    default: { // a number changes
      const i = pickIndex((t) => /^\d/.test(t));
      if (i >= 0) tokens[i] = rng.pick(['0', '1', '2', '-1', '1e309', '0.5', '99999999999999999999', '1.5', '3']);
      return tokens.join('');
    }
  }
}

/** One mutation of `text`: most keep the syntax, the rest break it on purpose. */
function mutateOnce(rng, text) {
  const tokens = text.match(TOKEN) ?? [];
  const at = () => rng.int(0, Math.max(0, tokens.length - 1));
  if (rng.chance(0.6)) return mutateMeaning(rng, text, tokens, at);
  switch (rng.int(0, 7)) {
    case 0: { // delete a few tokens
      tokens.splice(at(), rng.int(1, 4));
      return tokens.join('');
    }
    case 1: { // duplicate a run of tokens
      const i = at();
      tokens.splice(i, 0, ...tokens.slice(i, i + rng.int(1, 12)));
      return tokens.join('');
    }
    case 2: { // swap two tokens
      const i = at();
      const j = at();
      [tokens[i], tokens[j]] = [tokens[j], tokens[i]];
      return tokens.join('');
    }
    case 3: { // insert an interesting token
      tokens.splice(at(), 0, rng.pick(INTERESTING));
      return tokens.join('');
    }
    case 4: { // replace a token with an interesting one
      tokens[at()] = rng.pick(INTERESTING);
      return tokens.join('');
    }
    case 5: { // random characters: ASCII, control, non-BMP, lone surrogates, NUL
      const pos = rng.int(0, text.length);
      let junk = '';
      for (let k = rng.int(1, 8); k > 0; k--) {
        const kind = rng.int(0, 4);
        junk += kind === 0 ? String.fromCharCode(rng.int(0, 31)) : kind === 1 ? String.fromCharCode(rng.int(32, 126))
          : kind === 2 ? String.fromCodePoint(rng.int(0x80, 0x10ffff)) : kind === 3 ? String.fromCharCode(rng.int(0xd800, 0xdfff)) : '\u0000';
      }
      return text.slice(0, pos) + junk + text.slice(pos);
    }
    case 6: // truncate
      return text.slice(0, rng.int(0, text.length));
    default: { // move a line elsewhere
      const lines = text.split('\n');
      const [line] = lines.splice(rng.int(0, lines.length - 1), 1);
      lines.splice(rng.int(0, lines.length), 0, line);
      return lines.join('\n');
    }
  }
}

/** Case `index` of a run seeded with `seed`: the same input on every machine. */
function makeCase(seeds, seed, index) {
  const rng = createRandom((seed * 1_000_003 + index) >>> 0);
  const base = pickSeed(rng, seeds);
  const names = Object.keys(base.files);
  const target = rng.pick(names);
  let text = base.files[target];
  for (let k = rng.int(1, 4); k > 0; k--) text = mutateOnce(rng, text);
  return { files: { ...base.files, [target]: text }, target, label: `seed ${seed} case ${index} (${path.basename(target)})` };
}

/** ESLint's (and editors') line breaks, to check reported lines and columns independently. */
function lineColumn(text, offset) {
  let line = 1;
  let lineStart = 0;
  const re = /\r\n|[\r\n\u2028\u2029]/g;
  for (let m = re.exec(text); m && m.index < offset; m = re.exec(text)) {
    if (m.index + m[0].length > offset) break; // inside a CRLF pair
    line++;
    lineStart = m.index + m[0].length;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Problems with a location (line, column, offsets) of a finding or related site, as messages. */
function locationProblems(what, loc, texts) {
  const text = texts[loc.file];
  if (text === undefined) return [`${what} is in an unknown file ${loc.file}`];
  if (!(loc.start >= 0 && loc.start <= loc.end && loc.end <= text.length)) return [`${what} offsets ${loc.start}-${loc.end} outside the text (${text.length})`];
  const s = lineColumn(text, loc.start);
  const e = lineColumn(text, loc.end);
  if (s.line !== loc.line || s.column !== loc.column || e.line !== loc.endLine || e.column !== loc.endColumn) {
    return [`${what} at ${loc.line}:${loc.column}-${loc.endLine}:${loc.endColumn}, but its offsets say ${s.line}:${s.column}-${e.line}:${e.column}`];
  }
  return [];
}

function editProblems(what, fix, texts) {
  const out = [];
  for (const e of fix.edits) {
    const text = texts[e.file];
    if (text === undefined) out.push(`${what} edits an unknown file ${e.file}`);
    else if (!(e.start >= 0 && e.start <= e.end && e.end <= text.length)) out.push(`${what} edit ${e.start}-${e.end} outside the text (${text.length})`);
  }
  return out;
}

const hostOf = (texts) => ({ readFile: (f) => texts[f] });
/** Fixes tried one by one per input (each costs a lint); all safe ones are also tried together. */
const MAX_FIXES_TRIED = 2;

/** Lints the input; engine exceptions and "internal error" problems are failures. */
function lintChecked(texts, failures, what) {
  let result;
  try {
    result = lintProject(Object.keys(texts), {}, hostOf(texts));
  } catch (e) {
    failures.push(`${what}: lintProject threw ${e && e.stack ? e.stack.split('\n').slice(0, 3).join(' | ') : e}`);
    return undefined;
  }
  for (const p of result.problems) if (/internal error/.test(p.message)) failures.push(`${what}: ${p.file}: ${p.message}`);
  return result;
}

const comparable = (r) => JSON.stringify([r.findings, r.problems, r.unusedDirectives]);

/**
 * Runs one input through everything. Returns { failures: string[], cpuMs } where cpuMs is the
 * process CPU time of the whole check (robust to a busy machine, unlike wall time). With `thorough`
 * it also lints a second time (same result: no state leaks between runs) and, for several files,
 * the way the CLI splits them into components (same result as one run).
 */
function checkCase(texts, { thorough = false } = {}) {
  const failures = [];
  const started = process.cpuUsage();
  const result = lintChecked(texts, failures, 'lint');
  if (result && thorough) {
    const again = lintChecked(texts, failures, 'second lint');
    if (again && comparable(again) !== comparable(result)) failures.push('a second lint of the same text gave another result');
    if (Object.keys(texts).length > 1) {
      try {
        const split = new ComponentLinter(Object.keys(texts), {}, { jobs: 1, maxReadBytes: 2 * 1024 * 1024 }).lintSync(hostOf(texts));
        if (comparable(split) !== comparable(result)) failures.push('linting by import-graph components differs from one run');
      } catch (e) {
        failures.push(`the component linter threw ${e && e.message}`);
      }
    }
  }
  if (result) {
    for (const f of result.findings) {
      failures.push(...locationProblems(`${f.ruleId} finding`, f.location, texts));
      for (const r of f.related) failures.push(...locationProblems(`${f.ruleId} related site`, r, texts));
      for (const fix of [f.fix, ...f.suggestions].filter(Boolean)) failures.push(...editProblems(`${f.ruleId} fix "${fix.title}"`, fix, texts));
    }
    for (const name of Object.keys(formatters)) {
      try {
        const report = buildReport({
          findings: result.findings, files: result.files, problems: result.problems, unusedDirectives: result.unusedDirectives,
          texts: new Map(Object.entries(texts)), cwd: VIRTUAL, root: VIRTUAL, rules: ruleMetas, version: '0.0.0-fuzz',
        });
        const text = formatters[name](report, { color: true });
        if (typeof text !== 'string') failures.push(`format ${name} returned ${typeof text}`);
        else if (name === 'json' || name === 'sarif') JSON.parse(text);
      } catch (e) {
        failures.push(`format ${name} threw ${e && e.message}`);
      }
    }
    // Each fix and suggestion alone, then all safe fixes the way --fix picks them: the fixed text
    // must lint again without an exception.
    const fixes = result.findings.flatMap((f) => [f.fix, ...f.suggestions].filter(Boolean));
    for (const fix of fixes.slice(0, MAX_FIXES_TRIED)) {
      const fixed = { ...texts };
      try {
        for (const file of new Set(fix.edits.map((e) => e.file))) fixed[file] = applyEdits(texts[file], fix.edits.filter((e) => e.file === file));
      } catch (e) {
        failures.push(`applyEdits threw for "${fix.title}": ${e && e.message}`);
        continue;
      }
      lintChecked(fixed, failures, `after the fix "${fix.title}"`);
    }
    try {
      const safe = applySafeFixes(result.findings, (f) => texts[f]);
      if (safe.texts.size) lintChecked({ ...texts, ...Object.fromEntries(safe.texts) }, failures, 'after --fix');
    } catch (e) {
      failures.push(`applySafeFixes threw ${e && e.message}`);
    }
  }
  const cpu = process.cpuUsage(started);
  return { failures, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/**
 * Regression inputs saved by scripts/fuzz-campaign.js: a folder per input (its files, and
 * FAILURE.txt saying what went wrong), or `<id>.json` for text that UTF-8 cannot hold exactly.
 */
function loadRegressions() {
  if (!fs.existsSync(REGRESSIONS)) return [];
  return fs.readdirSync(REGRESSIONS, { withFileTypes: true }).flatMap((e) => {
    const at = path.join(REGRESSIONS, e.name);
    if (e.isDirectory()) {
      const files = listFiles(at).filter((f) => path.basename(f) !== 'FAILURE.txt');
      return [{ file: at, files: Object.fromEntries(files.map((f) => [`${VIRTUAL}/${e.name}/${path.relative(at, f)}`, fs.readFileSync(f, 'utf8')])) }];
    }
    if (!e.name.endsWith('.json')) return [];
    const saved = JSON.parse(fs.readFileSync(at, 'utf8'));
    return [{ file: at, files: Object.fromEntries(Object.entries(saved.files).map(([k, v]) => [`${VIRTUAL}/${e.name}/${k}`, v])) }];
  });
}

module.exports = { loadSeeds, makeCase, mutateOnce, checkCase, loadRegressions, lineColumn, REGRESSIONS, VIRTUAL };

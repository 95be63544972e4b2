#!/usr/bin/env node
// Generates a benchmark corpus shaped like a real monorepo: packages of ordinary application code
// (utilities, routes, services, components, tests) importing each other, with tfjs files (copies of
// the fixtures, single files and whole multi-file projects) scattered in at about 7% of files.
// Deterministic for a given (files, seed). Usage: node bench/corpus.js <files> <dir> [--seed N]
'use strict';
const fs = require('fs');
const path = require('path');
const { createRandom } = require('./random');
const { KINDS, IMPORTABLE, functionName } = require('./code-templates');

const FIXTURES = path.join(__dirname, '..', 'fixtures');
const TF_FILE_RATE = 0.05;
const TF_PROJECT_RATE = 0.01;

function listFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(full));
    else out.push(full);
  }
  return out.sort();
}

/** The tfjs material: single fixture files, and multi-file projects (kept together: they import each other). */
function tfMaterial() {
  const rulesDir = path.join(FIXTURES, 'rules');
  const singles = listFiles(rulesDir).map((f) => ({ name: path.relative(rulesDir, f).replace(/[\\/]/g, '-'), text: fs.readFileSync(f, 'utf8') }));
  const projectDirs = [...fs.readdirSync(path.join(FIXTURES, 'projects')).map((p) => path.join(FIXTURES, 'projects', p)), path.join(FIXTURES, 'demo')];
  const projects = projectDirs.map((d) => ({ name: path.basename(d), files: listFiles(d).map((f) => ({ rel: path.relative(d, f), text: fs.readFileSync(f, 'utf8') })) }));
  return { singles, projects };
}

function pickKind(rng) {
  const total = KINDS.reduce((s, k) => s + k.weight, 0);
  let r = rng.next() * total;
  for (const k of KINDS) if ((r -= k.weight) < 0) return k;
  return KINDS[0];
}

/**
 * Writes `count` files under `dir` (created; must be empty or absent). Returns the absolute paths.
 * `seed` changes the content, not the shape of the mix.
 */
function generateCorpus({ count, dir, seed = 1 }) {
  const rng = createRandom(seed);
  const tf = tfMaterial();
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), '{ "name": "bench-monorepo", "private": true }\n');
  const written = [];
  const write = (rel, text) => {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    written.push(file);
  };
  for (let pkg = 0; written.length < count; pkg++) {
    const pkgDir = `packages/pkg${String(pkg).padStart(4, '0')}`;
    const size = Math.min(rng.int(3, 15), count - written.length);
    const modules = []; // importable files of this package: { rel, names }
    const taken = new Set();
    for (let i = 0; i < size && written.length < count; i++) {
      if (rng.chance(TF_PROJECT_RATE)) {
        const project = rng.pick(tf.projects);
        if (project.files.length <= count - written.length) {
          for (const f of project.files) write(`${pkgDir}/${project.name}/${f.rel}`, f.text);
          continue;
        }
      }
      if (rng.chance(TF_FILE_RATE)) {
        const single = rng.pick(tf.singles);
        write(`${pkgDir}/src/ml/${single.name}`, single.text);
        continue;
      }
      const kind = pickKind(rng);
      const ext = rng.pick(kind.exts);
      const sub = rng.chance(0.3) ? 'lib/' : '';
      const rel = `${pkgDir}/src/${sub}${kind.name}${i}${ext}`;
      const imports = [];
      for (let k = rng.int(0, 2); k > 0 && modules.length; k--) {
        const target = rng.pick(modules);
        if (imports.some((im) => im.target === target)) continue;
        let spec = path.posix.relative(path.posix.dirname(rel), target.rel);
        if (!spec.startsWith('.')) spec = `./${spec}`;
        // Half the imports leave the extension out, as bundler-resolved code does.
        if (rng.chance(0.5)) spec = spec.replace(/\.(m?js|ts|jsx|tsx|cjs)$/, '');
        imports.push({ target, spec, names: target.names.slice(0, rng.int(1, target.names.length)) });
      }
      const exports = IMPORTABLE.has(kind.name) ? [functionName(rng, taken), ...(rng.chance(0.5) ? [functionName(rng, taken)] : [])] : [];
      write(rel, kind.gen(rng, { imports, exports }));
      if (exports.length) modules.push({ rel, names: exports });
    }
  }
  return written;
}

/** One numbered piece of a large model file: a model factory, its training, and app code around it. */
function modelBlock(rng, i) {
  const head = rng.pick(["'sigmoid'", "'linear'", "'softmax'"]);
  const loss = rng.pick(["'binaryCrossentropy'", 'tf.losses.sigmoidCrossEntropy', "'categoricalCrossentropy'", "'meanSquaredError'"]);
  const units = rng.pick([1, 1, 3, 10]);
  return [
    `export function buildModel${i}(inputWidth) {`,
    '  const model = tf.sequential();',
    `  model.add(tf.layers.dense({ inputShape: [inputWidth], units: ${rng.int(8, 64)}, activation: 'relu' }));`,
    `  model.add(tf.layers.dropout({ rate: 0.${rng.int(1, 5)} }));`,
    `  model.add(tf.layers.dense({ units: ${units}, activation: ${head} }));`,
    `  model.compile({ optimizer: tf.train.adam(0.00${rng.int(1, 9)}), loss: ${loss}, metrics: ['accuracy'] });`,
    '  return model;',
    '}',
    '',
    `export async function train${i}(rows, labels, onEpoch) {`,
    `  const model = buildModel${i}(rows[0].length);`,
    '  const xs = tf.tensor2d(rows);',
    `  const ys = tf.tensor2d(labels.map((l) => [l]));`,
    `  await model.fit(xs, ys, { epochs: ${rng.int(5, 50)}, batchSize: 32, callbacks: { onEpochEnd: (e, logs) => onEpoch(e, logs.loss) } });`,
    '  xs.dispose();',
    '  ys.dispose();',
    '  return model;',
    '}',
    '',
    `export function describe${i}(model, sample) {`,
    '  const out = model.predict(tf.tensor2d([sample]));',
    `  const value = out.dataSync()[0];`,
    `  return { label: value > 0.5 ? 'yes' : 'no', score: Math.round(value * 100) / 100, when: new Date().toISOString() };`,
    '}',
    '',
  ];
}

/** A single large tfjs module of about `lines` lines (for the language-server benchmark). */
function largeModelFile(lines, seed = 1) {
  const rng = createRandom(seed);
  const out = ["import * as tf from '@tensorflow/tfjs';", ''];
  for (let i = 0; out.length < lines; i++) out.push(...modelBlock(rng, i));
  return out.join('\n');
}

if (require.main === module) {
  const [countArg, dirArg] = process.argv.slice(2);
  const seedAt = process.argv.indexOf('--seed');
  if (!countArg || !dirArg) {
    console.error('usage: node bench/corpus.js <files> <dir> [--seed N]');
    process.exit(2);
  }
  const dir = path.resolve(dirArg);
  if (fs.existsSync(dir) && fs.readdirSync(dir).length) {
    console.error(`${dir} is not empty`);
    process.exit(2);
  }
  const files = generateCorpus({ count: Number(countArg), dir, seed: seedAt > 0 ? Number(process.argv[seedAt + 1]) : 1 });
  console.log(`${files.length} files in ${dir}`);
}

module.exports = { generateCorpus, largeModelFile };

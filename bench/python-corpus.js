// The real-code corpus of the Python benchmark: the public PyTorch/Keras repositories of the red team
// (bench/PYTHON-REDTEAM.md), copied from local mirrors (bare git directories made by the search
// tool's `fetch`) into a temporary folder. Their code is never committed: only their names and the
// commits measured are. Only .py files are copied (the CLI reads nothing else of a Python project),
// read blob by blob so that a mirror that lacks large files (snapshots drop files of 4 MiB and more)
// still gives the rest.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

/** owner/name of every repository of the red team, in the order of bench/PYTHON-REDTEAM.md. */
const REPOS = [
  'pytorch/examples',
  'yunjey/pytorch-tutorial',
  'MorvanZhou/PyTorch-Tutorial',
  'MorvanZhou/tutorials',
  'hunkim/PyTorchZeroToAll',
  'L1aoXingyu/pytorch-beginner',
  'kuangliu/pytorch-cifar',
  'vinhkhuc/PyTorch-Mini-Tutorials',
  'jcjohnson/pytorch-examples',
  'keon/3-min-pytorch',
  'eriklindernoren/PyTorch-GAN',
  'utkuozbulak/pytorch-cnn-visualizations',
  'Lightning-AI/tutorials',
  'SebastianCallh/nimbo-pytorch-setup',
  'murumura/DCGAN-pytorch',
  'nazariinyzhnyk/nlp-pytorch',
  'rabbou/BreastCancer-DAE',
  'harshitneverdebugs/ML-frameworks',
  'aymericdamien/TensorFlow-Examples',
  'dragen1860/TensorFlow-2.x-Tutorials',
  'LeBron-Jian/DeepLearningNote',
  'Vansmrnv/Tea-Quality-Prediction',
  'simon2k/tensorflow_sandbox',
  'AlexNdungu/Tensotflow',
  'apoorv98/deep_learning_with_python',
];

/** Where `fetch` puts mirrors; LOGIT_LINT_MIRRORS overrides (a CI machine has none). */
const MIRRORS = process.env.LOGIT_LINT_MIRRORS || '/work/.mirror';

/** The bare git directory of `repo` under `root`, or undefined. */
function gitDirOf(repo, root = MIRRORS) {
  const base = path.join(root, repo.replace('/', '+'), 'repo');
  for (const dir of [path.join(base, '.git'), base]) {
    if (fs.existsSync(path.join(dir, 'HEAD')) && fs.existsSync(path.join(dir, 'objects'))) return dir;
  }
  return undefined;
}

const git = (gitDir, args, input) =>
  execFileSync('git', [`--git-dir=${gitDir}`, ...args], { input, maxBuffer: 1 << 28, stdio: ['pipe', 'pipe', 'ignore'] });

/**
 * Writes the .py files of `repo`'s HEAD under `dest`; returns { commit, files, bytes } or undefined
 * when the mirror is absent. Blobs missing from the snapshot are skipped.
 */
function copyRepo(repo, dest, root = MIRRORS) {
  const gitDir = gitDirOf(repo, root);
  if (!gitDir) return undefined;
  const commit = git(gitDir, ['rev-parse', 'HEAD']).toString().trim();
  const entries = git(gitDir, ['ls-tree', '-r', '-z', 'HEAD'])
    .toString()
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const [meta, file] = line.split('\t');
      const [, type, object] = meta.split(' ');
      return { type, object, file };
    })
    .filter((e) => e.type === 'blob' && e.file.endsWith('.py'));
  if (entries.length === 0) return { commit, files: 0, bytes: 0 };
  // One `cat-file --batch` for the whole repository: "<sha> blob <size>\n<bytes>\n" per object,
  // "<sha> missing\n" for an object the snapshot lacks.
  const out = git(gitDir, ['cat-file', '--batch'], entries.map((e) => e.object).join('\n') + '\n');
  let at = 0;
  let files = 0;
  let bytes = 0;
  for (const e of entries) {
    const eol = out.indexOf(10, at);
    const header = out.subarray(at, eol).toString();
    at = eol + 1;
    const m = /^\S+ blob (\d+)$/.exec(header);
    if (!m) continue; // missing
    const size = Number(m[1]);
    const target = path.join(dest, e.file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, out.subarray(at, at + size));
    at += size + 1;
    files++;
    bytes += size;
  }
  return { commit, files, bytes };
}

/**
 * Copies every mirrored repository of REPOS into `dir/<owner>+<name>/`. Returns the repositories
 * copied and the missing ones (an empty `copied` means: no corpus on this machine).
 */
function copyCorpus(dir, { repos = REPOS, root = MIRRORS } = {}) {
  const copied = [];
  const missing = [];
  for (const repo of repos) {
    const dest = path.join(dir, repo.replace('/', '+'));
    const r = copyRepo(repo, dest, root);
    if (r && r.files > 0) copied.push({ repo, ...r });
    else missing.push(repo);
  }
  return { copied, missing };
}

module.exports = { REPOS, MIRRORS, gitDirOf, copyRepo, copyCorpus };

// `node bench/python-corpus.js <dir>`: copy the corpus there (for reading it, or for the red team).
if (require.main === module) {
  const dir = path.resolve(process.argv[2] || 'python-corpus');
  const { copied, missing } = copyCorpus(dir);
  for (const c of copied) console.log(`${c.repo} ${c.commit.slice(0, 10)} ${c.files} .py files, ${(c.bytes / 1024).toFixed(0)} KB`);
  if (missing.length) console.log(`not mirrored here (${MIRRORS}): ${missing.join(', ')}`);
}

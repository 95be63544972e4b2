#!/usr/bin/env node
// The balance of `--shard k/n`: how the CLI splits a corpus (its own discovery, import graph and
// shard assignment, from out/), and the share of the largest shard in the total size of the code;
// 1/n is a perfect split, and no split can beat the largest component's share.
//   node bench/shards.js [files] [n] [--seed N]   generates a corpus (default 10000 files, n = 4)
// bench/run.js reports the same figure for its largest corpus.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { generateCorpus } = require('./corpus');

const OUT = path.join(__dirname, '..', 'out', 'server', 'cli');

/** { share, ideal, largestComponent, components, loads } for n shards of the corpus in `dir`. */
function shardBalance(dir, n) {
  const { discoverFiles, FileHost, DEFAULT_MAX_FILE_BYTES } = require(path.join(OUT, 'files'));
  const { ContentStore, findComponents } = require(path.join(OUT, 'import-graph'));
  const { assignShards, componentWeight } = require(path.join(OUT, 'shard'));
  const files = discoverFiles([dir], dir).files;
  const store = new ContentStore(new FileHost(DEFAULT_MAX_FILE_BYTES));
  const comps = findComponents(files, store);
  const weight = (c) => componentWeight(c, store);
  const loads = new Array(n).fill(0);
  // The engine's own estimate of the work (import-graph.ts: a component that can bind tfjs is
  // parsed, the others only scanned), to see how evenly a size-balanced split divides the work.
  const costs = new Array(n).fill(0);
  for (const [c, shard] of assignShards(comps, n, weight)) {
    loads[shard] += weight(c).size;
    costs[shard] += c.cost;
  }
  const total = loads.reduce((a, b) => a + b, 0);
  return {
    share: Math.max(...loads) / total,
    costShare: Math.max(...costs) / costs.reduce((a, b) => a + b, 0),
    ideal: 1 / n,
    largestComponent: Math.max(...comps.map((c) => weight(c).size)) / total,
    components: comps.length,
    loads,
  };
}

/** The bench table's wording of a balance. */
function describeBalance(b) {
  const pct = (x) => `${(x * 100).toFixed(1)}%`;
  return `${pct(b.share)} of the code, ${pct(b.costShare)} of the estimated work (ideal ${pct(b.ideal)}; ${b.components} components, the largest ${pct(b.largestComponent)} of the code)`;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const seedAt = args.indexOf('--seed');
  const seed = seedAt >= 0 ? Number(args.splice(seedAt, 2)[1]) : 1;
  const [files = 10000, n = 4] = args.map(Number);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logit-lint-shards-'));
  try {
    generateCorpus({ count: files, dir, seed });
    const b = shardBalance(dir, n);
    console.log(`${files} files (seed ${seed}), --shard k/${n}: largest shard ${describeBalance(b)}`);
    console.log(`characters per shard: ${b.loads.join(', ')}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = { shardBalance, describeBalance };

// The floors of CLI runs, for bench/run.js: start node and load the engine (TypeScript with it), or,
// with the argument "cli", only the CLI's own modules (what a fully cached run loads).
'use strict';
require(process.argv[2] === 'cli' ? '../out/server/cli/cli' : '../out/rules');

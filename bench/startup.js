// The floor of every CLI run, for bench/run.js: start node and load the engine (TypeScript with it).
'use strict';
require('../out/rules');

// A Python file with a syntax error, as the CLI reports it: the finding in the intact statements above
// the damage, and the syntax error as an ESLint-style parsing error (fatal, exit 1). A name the broken
// statement only reads (it calls `net`) keeps its value for the rest of the file.
const assert = require('assert');
const path = require('path');
const { runCli } = require('./cli-helpers');

const FILE = path.join(__dirname, '..', 'fixtures', 'python', 'bad-input', 'syntax_error_after_finding.py');

describe('python: a file with a syntax error in the CLI', () => {
  it('reports the intact finding and a fatal parsing error, and exits 1', () => {
    const r = runCli(['--format', 'json', FILE]);
    assert.strictEqual(r.code, 1, r.stderr);
    const [result] = JSON.parse(r.stdout);
    const messages = result.messages.map((m) => [m.line, m.ruleId, !!m.fatal]);
    assert.deepStrictEqual(messages, [[25, 'sigmoid-before-logits-loss', false], [29, null, true]]);
    assert.strictEqual(result.fatalErrorCount, 1);
    assert.match(result.messages[1].message, /^Parsing error: unexpected 'if x\.sum\(\) > 0' at line 29, column 5$/);
  });
});

// The end-to-end test as a mocha spec, for CI's pass/fail counts (.ci/run runs it with --no-config
// after test/e2e/setup.sh; it is not part of `npm test`, which must not need code-server).
// The work is done by run.js, which prints its steps and "E2E PASS" / "E2E FAIL: ..." last.
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const path = require('node:path');

describe('VS Code end-to-end (code-server + chromium)', function () {
  this.timeout(10 * 60 * 1000);

  it('the packaged .vsix shows the squiggle, the numeric check\'s webview from the code lens, the Problems row and the hover, and its quick fix clears the problem; the same for a PyTorch file', async () => {
    const child = spawn(process.execPath, [path.join(__dirname, 'run.js')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; process.stdout.write(d); });
    child.stderr.on('data', (d) => { out += d; process.stderr.write(d); });
    const code = await new Promise((resolve) => child.on('exit', resolve));
    const verdict = out.trim().split('\n').reverse().find((l) => l.startsWith('E2E ')) ?? '(no verdict printed)';
    assert.equal(code, 0, verdict);
    assert.equal(verdict, 'E2E PASS');
  });
});

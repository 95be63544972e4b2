// The VS Code client restarts a crashed language server at most MAX_RESTARTS times in WINDOW_MS,
// then leaves it stopped and says why; a restart by the user starts counting again.
const assert = require('assert');
const path = require('path');
const { RestartPolicy, MAX_RESTARTS, WINDOW_MS } = require(path.join(__dirname, '..', 'out', 'client', 'restartPolicy'));

describe('client restart policy', () => {
  it('restarts a few times, then stops and says so', () => {
    let now = 1000;
    const policy = new RestartPolicy(() => now);
    for (let i = 0; i < MAX_RESTARTS; i++) {
      assert.deepStrictEqual(policy.closed(), { restart: true });
      now += 1000;
    }
    const stop = policy.closed();
    assert.strictEqual(stop.restart, false);
    assert.match(stop.message, new RegExp(`stopped ${MAX_RESTARTS + 1} times in the last 3 minutes`));
    assert.match(stop.message, /Restart Server/);
  });

  it('crashes spread over more than the window keep being restarted', () => {
    let now = 0;
    const policy = new RestartPolicy(() => now);
    for (let i = 0; i < 3 * MAX_RESTARTS; i++) {
      assert.strictEqual(policy.closed().restart, true, `crash ${i + 1}`);
      now += WINDOW_MS / (MAX_RESTARTS - 1);
    }
  });

  it('the Restart Server command starts counting afresh', () => {
    const policy = new RestartPolicy(() => 5);
    for (let i = 0; i <= MAX_RESTARTS; i++) policy.closed();
    assert.strictEqual(policy.closed().restart, false);
    policy.reset();
    assert.strictEqual(policy.closed().restart, true);
  });
});

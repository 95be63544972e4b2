// The unified diff --fix-dry-run prints: checked by letting `git apply` (outside any repository it
// behaves like patch -p1) turn the old text into the new one.
const assert = require('assert');
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { unifiedDiff } = require('../out/server/formatters/diff');
const { makeProject, removeProject } = require('./cli-helpers');

function roundTrip(before, after) {
  const dir = makeProject({ 'f.js': before });
  try {
    const patch = unifiedDiff(before, after, 'a/f.js', 'b/f.js');
    fs.writeFileSync(path.join(dir, 'fix.patch'), patch);
    execFileSync('git', ['apply', '--unsafe-paths', 'fix.patch'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    assert.strictEqual(fs.readFileSync(path.join(dir, 'f.js'), 'utf8'), after, `patch:\n${patch}`);
    return patch;
  } finally {
    removeProject(dir);
  }
}

const lines = (n, f = (i) => `line ${i}`) => Array.from({ length: n }, (_, i) => f(i + 1)).join('\n') + '\n';

describe('format: unified diff', () => {
  it('is empty when nothing changed', () => {
    assert.strictEqual(unifiedDiff('a\n', 'a\n', 'a/x', 'b/x'), '');
  });

  it('shows a one-line change with three lines of context and correct ranges', () => {
    const before = lines(10);
    const after = before.replace('line 5\n', 'LINE FIVE\n');
    const patch = roundTrip(before, after);
    assert.strictEqual(patch, '--- a/f.js\n+++ b/f.js\n@@ -2,7 +2,7 @@\n line 2\n line 3\n line 4\n-line 5\n+LINE FIVE\n line 6\n line 7\n line 8\n');
  });

  it('splits distant changes into hunks and merges close ones', () => {
    const before = lines(40);
    const after = before.replace('line 3\n', 'x\n').replace('line 7\n', 'y\n').replace('line 30\n', 'z\n');
    const patch = roundTrip(before, after);
    assert.strictEqual(patch.split('\n').filter((l) => l.startsWith('@@')).length, 2);
  });

  it('handles insertions, deletions, a missing final newline, CRLF and empty files', () => {
    roundTrip(lines(5), 'new first\n' + lines(5));
    roundTrip(lines(5), lines(4));
    roundTrip('a\nb', 'a\nc');
    roundTrip('a\nb', 'a\nb\n');
    roundTrip('a\nb\n', 'a\nb');
    roundTrip('a\r\nb\r\nc\r\n', 'a\r\nB\r\nc\r\n');
    roundTrip('', 'x\n');
    roundTrip(lines(20), lines(20, (i) => (i % 2 ? `line ${i}` : `changed ${i}`)));
  });

  it('marks a last line without a newline', () => {
    assert.ok(unifiedDiff('a\nb', 'a\nc', 'a/x', 'b/x').includes('-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n'));
  });
});

// Offsets to lines: every line break ECMAScript knows (\n, \r\n, a lone \r, U+2028, U+2029), and the
// fast path for texts with \n alone.
const assert = require('assert');
const path = require('path');
const { lineStartsOf, newlineStarts } = require(path.join(__dirname, '..', 'out', 'rules', 'engine', 'core', 'lines'));

/** The reference: one character at a time. */
function reference(text) {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\r') {
      if (text[i + 1] === '\n') i++;
      starts.push(i + 1);
    } else if (text[i] === '\n' || text[i] === '\u2028' || text[i] === '\u2029') starts.push(i + 1);
  }
  return starts;
}

describe('core lines: line starts', () => {
  it('every kind of line break, mixed, at the ends, and none', () => {
    for (const t of ['', 'a', '\n', 'a\nb', 'a\r\nb\rc\u2028d\u2029e\n', '\r\n\r\n', 'x\n\n\ny\n', '\u2028', 'a\r']) {
      assert.deepStrictEqual(lineStartsOf(t), reference(t), JSON.stringify(t));
    }
  });

  it('texts with \\n alone (the fast path) and random texts agree with the reference', () => {
    let seed = 3;
    const pick = (s) => s[(seed = (seed * 1103515245 + 12345) % 2147483648) % s.length];
    for (let n = 0; n < 100; n++) {
      const nl = Array.from({ length: 300 }, () => pick('ab \n\n')).join('');
      assert.deepStrictEqual(lineStartsOf(nl), reference(nl));
      assert.deepStrictEqual(newlineStarts(nl), reference(nl));
      const mixed = Array.from({ length: 300 }, () => pick('ab\n\r\u2028\u2029')).join('');
      assert.deepStrictEqual(lineStartsOf(mixed), reference(mixed), JSON.stringify(mixed));
    }
  });
});

// Reads the entries of a zip file (a .vsix) with Node's zlib: enough for the packaging tests to look
// inside what vsce wrote without an unzip binary or a zip library.
const fs = require('fs');
const zlib = require('zlib');

/** { name: Buffer } of every entry (stored or deflated). */
function readZip(file) {
  const buf = fs.readFileSync(file);
  // End of central directory: the last PK\5\6 record (a zip comment may follow it).
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const out = {};
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLen);
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(dataAt, dataAt + size);
    out[name] = method === 0 ? data : zlib.inflateRawSync(data);
    at += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

module.exports = { readZip };

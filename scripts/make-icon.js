#!/usr/bin/env node
// Draws images/icon.png (128x128, the Marketplace / Open VSX icon): a sigmoid curve on a dark
// rounded square, the 0.5 threshold as a faint line and the curve's midpoint (logit 0) in orange.
// Plain Node (zlib writes the PNG), so the icon can be redrawn anywhere: node scripts/make-icon.js
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const SIZE = 128;
const SS = 4; // samples per pixel side (anti-aliasing)
const BG = [22, 33, 62];
const CURVE = [255, 255, 255];
const ACCENT = [255, 153, 51];
const GUIDE = [90, 110, 150];

/** The curve as a polyline in pixel coordinates: sigmoid over x in [-6, 6]. */
const curve = [];
for (let i = 0; i <= 200; i++) {
  const x = -6 + (12 * i) / 200;
  curve.push([18 + (92 * i) / 200, 104 - 80 / (1 + Math.exp(-x))]);
}

function distToSegment(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Inside a square with corners rounded by r? */
function inRoundedSquare(x, y, r) {
  const cx = Math.min(Math.max(x, r), SIZE - r);
  const cy = Math.min(Math.max(y, r), SIZE - r);
  return Math.hypot(x - cx, y - cy) <= r;
}

/** Colour (with alpha) of one sample point; later layers paint over earlier ones. */
function sample(x, y) {
  if (!inRoundedSquare(x, y, 22)) return [0, 0, 0, 0];
  let c = BG;
  if (Math.abs(y - 64) <= 1 && Math.floor(x / 6) % 2 === 0 && x > 12 && x < 116) c = GUIDE;
  let d = Infinity;
  for (let i = 1; i < curve.length; i++) d = Math.min(d, distToSegment(x, y, curve[i - 1], curve[i]));
  if (d <= 4.5) c = CURVE;
  if (Math.hypot(x - 64, y - 64) <= 9) c = ACCENT;
  return [...c, 255];
}

function render() {
  const rows = [];
  for (let y = 0; y < SIZE; y++) {
    const row = Buffer.alloc(1 + SIZE * 4); // filter byte 0, then RGBA
    for (let x = 0; x < SIZE; x++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const s = sample(x + (sx + 0.5) / SS, y + (sy + 0.5) / SS);
          // premultiplied sums, so transparent corners do not darken the edge
          for (let k = 0; k < 3; k++) acc[k] += s[k] * s[3];
          acc[3] += s[3];
        }
      }
      const a = acc[3] / (SS * SS);
      for (let k = 0; k < 3; k++) row[1 + x * 4 + k] = acc[3] ? Math.round(acc[k] / acc[3]) : 0;
      row[1 + x * 4 + 3] = Math.round(a);
    }
    rows.push(row);
  }
  return Buffer.concat(rows);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function png() {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(SIZE, 0);
  ihdr.writeUInt32BE(SIZE, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(render(), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = path.join(__dirname, '..', 'images', 'icon.png');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, png());
console.log(`wrote ${path.relative(process.cwd(), out)}`);

#!/usr/bin/env node
// A tiny static server for playground/dist/ (the page needs http: browsers refuse Web Workers from
// file://). Sends the build's .br / .gz copies when the browser accepts them, as a static host would.
//   node playground/serve.js [--port N]     prints the URL; default port 8377 (0 = any free port)
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const ROOT = path.join(__dirname, 'dist');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.map': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml' };

function handle(req, res, sent) {
  const url = new URL(req.url, 'http://localhost');
  const rel = decodeURIComponent(url.pathname).replace(/\/$/, '/index.html');
  const file = path.join(ROOT, path.normalize(rel));
  if (!file.startsWith(ROOT + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  const accepted = String(req.headers['accept-encoding'] ?? '');
  const encoding = ['br', 'gzip'].find((e) => accepted.includes(e) && fs.existsSync(`${file}.${e === 'gzip' ? 'gz' : e}`));
  const body = fs.readFileSync(encoding ? `${file}.${encoding === 'gzip' ? 'gz' : encoding}` : file);
  res.writeHead(200, {
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'content-length': body.length,
    'cache-control': 'no-cache',
    vary: 'accept-encoding',
    ...(encoding ? { 'content-encoding': encoding } : {}),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
  sent.push({ path: url.pathname, bytes: body.length, encoding: encoding ?? 'identity' });
}

/** Starts the server; resolves to { url, close, sent } (sent: every body served, as sent, for the test's sizes). */
function serve(port = 0, host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const sent = [];
    const server = http.createServer((req, res) => handle(req, res, sent));
    server.on('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve({ url: `http://${host}:${address.port}/`, sent, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

if (require.main === module) {
  if (!fs.existsSync(path.join(ROOT, 'index.html'))) {
    console.error('playground/dist/ is empty: run npm run build:playground first');
    process.exit(1);
  }
  const i = process.argv.indexOf('--port');
  serve(i > 0 ? Number(process.argv[i + 1]) : 8377).then(({ url }) => console.log(`logit-lint playground: ${url}`), (e) => {
    console.error(e.message);
    process.exit(1);
  });
}

module.exports = { serve };

// Ordinary application code for the benchmark corpora: the files of a real repository that never
// touch tfjs (utilities, Express routes, TypeScript services, React and Vue components, tests).
// Each generator returns the text of one file; `imports` are sibling modules it uses, `exports`
// the names it must export (other files import them). Nothing here is ever executed.
'use strict';

const VERBS = ['format', 'parse', 'load', 'save', 'build', 'merge', 'filter', 'sort', 'validate', 'normalize', 'render', 'fetch', 'update', 'compute', 'group', 'resolve'];
const NOUNS = ['Invoice', 'Order', 'User', 'Session', 'Cart', 'Report', 'Address', 'Payment', 'Token', 'Route', 'Event', 'Product', 'Metric', 'Schedule', 'Account', 'Message'];
const FIELDS = ['id', 'name', 'total', 'createdAt', 'status', 'items', 'email', 'price', 'count', 'tags', 'owner', 'region'];

const camel = (s) => s[0].toLowerCase() + s.slice(1);

/** A fresh function name not in `taken`. */
function functionName(rng, taken) {
  for (;;) {
    const n = `${rng.pick(VERBS)}${rng.pick(NOUNS)}${taken.size > 40 ? taken.size : ''}`;
    if (!taken.has(n)) {
      taken.add(n);
      return n;
    }
  }
}

/** A few statements of everyday logic over `arg`, returning something. */
function body(rng, arg, calls, indent = '  ') {
  const f1 = rng.pick(FIELDS);
  const f2 = rng.pick(FIELDS);
  const pool = [
    [`const list = Array.isArray(${arg}) ? ${arg} : [${arg}];`, `const picked = list.filter((x) => x && x.${f1} !== undefined);`, `return picked.map((x) => ({ ...x, ${f2}: String(x.${f2} ?? '').trim() }));`],
    [`let sum = 0;`, `for (const row of ${arg}.${f1} || []) {`, `  if (row.${f2} > 0) sum += row.${f2};`, `  else if (row.${f2} === 0) continue;`, `}`, `return Math.round(sum * 100) / 100;`],
    [`if (!${arg}) throw new Error('missing ${arg}');`, `const key = \`\${${arg}.${f1}}:\${${arg}.${f2}}\`;`, `cache.set(key, (cache.get(key) || 0) + 1);`, `return key;`],
    [`const out = {};`, `for (const [k, v] of Object.entries(${arg} || {})) {`, `  out[k.toLowerCase()] = typeof v === 'string' ? v.slice(0, 64) : v;`, `}`, `return out;`],
    [`const started = Date.now();`, `const result = JSON.parse(JSON.stringify(${arg}));`, `logger.debug('${f1} took %d ms', Date.now() - started);`, `return result;`],
    [`switch (${arg}.${f1}) {`, `  case 'open': return 1;`, `  case 'closed': return 0;`, `  default: return -1;`, `}`],
    [`const groups = new Map();`, `for (const item of ${arg}) {`, `  const k = item.${f1};`, `  if (!groups.has(k)) groups.set(k, []);`, `  groups.get(k).push(item);`, `}`, `return [...groups.entries()].sort((a, b) => b[1].length - a[1].length);`],
  ];
  const lines = [];
  if (calls.length && rng.chance(0.6)) lines.push(`const prepared = ${rng.pick(calls)}(${arg});`, `void prepared;`);
  lines.push(...rng.pick(pool));
  return lines.map((l) => indent + l).join('\n');
}

function esmModule(rng, { imports, exports }) {
  const taken = new Set(exports);
  const calls = imports.flatMap((i) => i.names);
  const out = imports.map((i) => `import { ${i.names.join(', ')} } from '${i.spec}';`);
  out.push(`\nconst cache = new Map();\nconst logger = { debug: () => {} };\n`);
  const names = [...exports];
  for (let k = rng.int(1, 4); k > 0; k--) names.push(functionName(rng, taken));
  for (const n of names) {
    const exported = exports.includes(n) || rng.chance(0.3) ? 'export ' : '';
    out.push(`/** ${n.replace(/([A-Z])/g, ' $1').toLowerCase().trim()}. */`, `${exported}function ${n}(input) {`, body(rng, 'input', calls), '}', '');
  }
  return out.join('\n');
}

function cjsModule(rng, { imports, exports }) {
  const taken = new Set(exports);
  const calls = imports.flatMap((i) => i.names);
  const out = [`'use strict';`, `const express = require('express');`];
  for (const i of imports) out.push(`const { ${i.names.join(', ')} } = require('${i.spec}');`);
  out.push('', 'const router = express.Router();', 'const cache = new Map();', 'const logger = console;', '');
  const names = [...exports];
  for (let k = rng.int(1, 3); k > 0; k--) names.push(functionName(rng, taken));
  for (const n of names) out.push(`function ${n}(req) {`, body(rng, 'req', calls), '}', '');
  for (const n of names.slice(0, 3)) {
    out.push(`router.${rng.pick(['get', 'post', 'put'])}('/${camel(n)}/:id', async (req, res, next) => {`, '  try {', `    res.json(await ${n}(req.params));`, '  } catch (err) {', '    next(err);', '  }', '});', '');
  }
  out.push(`module.exports = { router, ${exports.join(', ')} };`, '');
  return out.join('\n');
}

function tsService(rng, { imports, exports }) {
  const taken = new Set(exports);
  const calls = imports.flatMap((i) => i.names);
  const noun = rng.pick(NOUNS);
  const out = imports.map((i) => `import { ${i.names.join(', ')} } from '${i.spec}';`);
  out.push('', `export interface ${noun}Record {`, ...FIELDS.slice(0, rng.int(3, 8)).map((f) => `  ${f}${rng.chance(0.3) ? '?' : ''}: ${rng.pick(['string', 'number', 'boolean', 'string[]'])};`), '}', '');
  out.push('const cache = new Map<string, number>();', 'const logger = { debug: (..._args: unknown[]) => undefined };', '');
  for (const n of exports) out.push(`export function ${n}(input: any): any {`, body(rng, 'input', calls), '}', '');
  out.push(`export class ${noun}Service {`, `  private readonly items = new Map<string, ${noun}Record>();`, `  constructor(private readonly baseUrl: string, private retries = 3) {}`, '');
  for (let k = rng.int(2, 5); k > 0; k--) {
    const m = camel(functionName(rng, taken));
    out.push(`  async ${m}(id: string): Promise<${noun}Record | undefined> {`, `    for (let attempt = 0; attempt < this.retries; attempt++) {`, `      const res = await fetch(\`\${this.baseUrl}/${camel(noun)}s/\${id}\`);`, `      if (res.ok) return (await res.json()) as ${noun}Record;`, `    }`, `    return this.items.get(id);`, '  }', '');
  }
  out.push('}', '');
  return out.join('\n');
}

function reactComponent(rng, { imports, exports }) {
  const calls = imports.flatMap((i) => i.names);
  const comp = `${rng.pick(NOUNS)}${rng.pick(['List', 'Panel', 'Card', 'Form', 'Table'])}`;
  const out = [`import React, { useEffect, useState } from 'react';`, ...imports.map((i) => `import { ${i.names.join(', ')} } from '${i.spec}';`), '', 'const cache = new Map();', 'const logger = console;', ''];
  for (const n of exports) out.push(`export function ${n}(props) {`, body(rng, 'props', calls), '}', '');
  out.push(
    `export default function ${comp}({ items = [], onSelect }) {`,
    '  const [query, setQuery] = useState(\'\');',
    '  const [loading, setLoading] = useState(false);',
    '  useEffect(() => {',
    '    setLoading(true);',
    '    const t = setTimeout(() => setLoading(false), 200);',
    '    return () => clearTimeout(t);',
    '  }, [query]);',
    `  const visible = items.filter((it) => String(it.${rng.pick(FIELDS)}).includes(query));`,
    '  return (',
    `    <div className="${camel(comp)}">`,
    '      <input value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Search" />',
    '      {loading ? <span className="spinner" /> : null}',
    '      <ul>',
    '        {visible.map((it) => (',
    '          <li key={it.id} onClick={() => onSelect && onSelect(it)}>{it.name}</li>',
    '        ))}',
    '      </ul>',
    '    </div>',
    '  );',
    '}',
    '',
  );
  return out.join('\n');
}

function vueComponent(rng, { imports }) {
  const calls = imports.flatMap((i) => i.names);
  const field = rng.pick(FIELDS);
  return [
    '<template>',
    '  <section class="panel">',
    `    <h2>{{ title }}</h2>`,
    `    <p v-for="row in rows" :key="row.id">{{ row.${field} }}</p>`,
    '    <button @click="refresh">Refresh</button>',
    '  </section>',
    '</template>',
    '',
    '<script>',
    ...imports.map((i) => `import { ${i.names.join(', ')} } from '${i.spec}';`),
    'const cache = new Map();',
    'const logger = console;',
    'export default {',
    "  props: { title: { type: String, default: 'Untitled' } },",
    '  data() {',
    '    return { rows: [] };',
    '  },',
    '  methods: {',
    '    refresh(input) {',
    body(rng, 'input', calls, '      '),
    '    },',
    '  },',
    '};',
    '</script>',
    '',
    '<style scoped>',
    '.panel { padding: 1rem; }',
    '</style>',
    '',
  ].join('\n');
}

function testFile(rng, { imports }) {
  const out = [`const assert = require('node:assert');`, ...imports.map((i) => `const { ${i.names.join(', ')} } = require('${i.spec}');`), ''];
  out.push(`describe('${rng.pick(NOUNS)}', () => {`);
  for (const name of imports.flatMap((i) => i.names).slice(0, 6)) {
    out.push(`  it('${name} handles empty input', () => {`, `    assert.doesNotThrow(() => ${name}({}));`, '  });', '');
  }
  out.push(`  it('keeps ${rng.pick(FIELDS)} stable', () => {`, `    assert.deepStrictEqual([3, 1, 2].sort(), [1, 2, 3]);`, '  });', '});', '');
  return out.join('\n');
}

/** A search module that says "tf" (term frequency): passes the cheap text check, binds no tfjs. */
function tfIdfModule(rng, { exports }) {
  const out = ['// Ranking for the help-centre search box: tf-idf over article titles.', ''];
  for (const n of exports) out.push(`export function ${n}(docs) {`, '  return docs.map((d) => d.length);', '}', '');
  out.push(
    'export function score(doc, query, df, n) {',
    '  let total = 0;',
    '  for (const term of query) {',
    '    const tf = doc.filter((w) => w === term).length / doc.length;',
    '    const idf = Math.log(n / (1 + (df.get(term) || 0)));',
    '    total += tf * idf;',
    '  }',
    `  return total * ${rng.int(1, 9)};`,
    '}',
    '',
  );
  return out.join('\n');
}

/** A long generated table (translations, fixtures): a big file of plain data. */
function dataTable(rng, { exports }) {
  const rows = [];
  for (let k = rng.int(400, 1500); k > 0; k--) rows.push(`  { id: ${k}, ${rng.pick(FIELDS)}: '${rng.pick(NOUNS)} ${k}', weight: ${rng.int(0, 999) / 10} },`);
  return [`export const ${exports[0] || 'TABLE'} = [`, ...rows, '];', ''].join('\n');
}

/** Kinds of files, with extension and weight (how common they are). */
const KINDS = [
  { name: 'esm', gen: esmModule, exts: ['.js', '.mjs'], weight: 30 },
  { name: 'cjs', gen: cjsModule, exts: ['.js', '.cjs'], weight: 15 },
  { name: 'ts', gen: tsService, exts: ['.ts'], weight: 25 },
  { name: 'react', gen: reactComponent, exts: ['.jsx', '.tsx'], weight: 14 },
  { name: 'vue', gen: vueComponent, exts: ['.vue'], weight: 5 },
  { name: 'test', gen: testFile, exts: ['.test.js'], weight: 8 },
  { name: 'tfidf', gen: tfIdfModule, exts: ['.js'], weight: 1 },
  { name: 'data', gen: dataTable, exts: ['.js'], weight: 2 },
];

/** Whether files of this kind can be imported by name (they export functions). */
const IMPORTABLE = new Set(['esm', 'ts', 'react', 'tfidf', 'cjs']);

module.exports = { KINDS, IMPORTABLE, functionName };

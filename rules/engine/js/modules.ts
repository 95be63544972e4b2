// Values across files: ES imports, require(), and what a module exports (named, default,
// re-exported, CommonJS), evaluated in the exporting file without context.
import ts = require('typescript');
import { EMPTY_ENV, UNKNOWN, Value } from './values';
import type { Interp } from './interp';

export class Modules {
  private readonly exportGuard = new Set<string>();

  constructor(private readonly ev: Interp) {}


  importValue(decl: ts.ImportClause | ts.ImportSpecifier | ts.NamespaceImport): Value {
    let imp: ts.Node = decl;
    while (!ts.isImportDeclaration(imp)) imp = imp.parent;
    const spec = (imp as ts.ImportDeclaration).moduleSpecifier;
    if (!ts.isStringLiteral(spec)) return UNKNOWN;
    const name = ts.isImportSpecifier(decl) ? (decl.propertyName ?? decl.name).text : undefined;
    if (this.ev.project.isTfModule(spec.text)) return { k: 'tf', path: name && name !== 'default' ? name : '' };
    const file = this.ev.project.resolveModule(decl.getSourceFile().fileName, spec.text);
    if (!file) return UNKNOWN;
    if (ts.isNamespaceImport(decl)) return { k: 'module', file };
    return this.exportValue(file, name ?? 'default');
  }

  /** `require(spec)`: tfjs, or what the module assigned to `module.exports` (a function, an
   *  object), or its exports as a namespace. */
  requireValue(fromFile: string, spec: string): Value {
    if (this.ev.project.isTfModule(spec)) return { k: 'tf', path: '' };
    const file = this.ev.project.resolveModule(fromFile, spec);
    if (!file) return UNKNOWN;
    const whole = this.ev.project.exportsOf(file).moduleExports;
    return whole ? this.ev.eval(whole, this.ev.root) : { k: 'module', file };
  }

  exportValue(file: string, name: string): Value {
    const key = `${file}\u0000${name}`;
    if (this.exportGuard.has(key)) return UNKNOWN;
    this.exportGuard.add(key);
    try {
      const ex = this.ev.project.exportsOf(file);
      const t = ex.names.get(name);
      if (t) {
        switch (t.k) {
          case 'tf': return { k: 'tf', path: t.path };
          case 'namespace': return { k: 'module', file: t.file };
          case 'reexport': return this.exportValue(t.file, t.name);
          case 'node':
            if (ts.isVariableDeclaration(t.node) || ts.isFunctionDeclaration(t.node) || ts.isClassDeclaration(t.node)) return this.ev.declValue(t.node, this.ev.root);
            if (ts.isMethodDeclaration(t.node)) return { k: 'fn', decl: t.node, env: EMPTY_ENV };
            return this.ev.eval(t.node, this.ev.root);
        }
      }
      if (name !== 'default') {
        // CommonJS: `module.exports = { a }` exposes a as a named import too.
        const d = ex.names.get('default');
        if (d && d.k === 'node') {
          const v = this.ev.eval(d.node, this.ev.root);
          if (v.k === 'obj' || v.k === 'module') return this.ev.member(v, name, this.ev.root);
        }
        for (const star of ex.stars) {
          const v = this.exportValue(star, name);
          if (v.k !== 'unknown') return v;
        }
      }
      return UNKNOWN;
    } finally {
      this.exportGuard.delete(key);
    }
  }
}

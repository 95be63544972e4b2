// A set of files analysed together: lazy parsing, relative module resolution, and each module's
// exports (ES modules and CommonJS), so values flow across files.
import ts = require('typescript');
import { parseSourceCached, ParsedSource, SourceError } from './sources';
import { resolveRelative } from './text-scan';

export const TF_MODULES = ['@tensorflow/tfjs', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-core'];

/** What a module export points at: an expression/declaration in a file, or another module's export. */
export type ExportTarget =
  | { k: 'node'; node: ts.Node }
  | { k: 'reexport'; file: string; name: string }
  | { k: 'namespace'; file: string }
  | { k: 'tf'; path: string };

export interface ModuleExports {
  names: Map<string, ExportTarget>;
  /** `export * from` targets, searched for names not found directly. */
  stars: string[];
  /** CommonJS `module.exports = X`: what `require()` of this file returns. */
  moduleExports?: ts.Expression;
}

export interface ProjectHost {
  readFile(file: string): string | undefined;
}

export class Project {
  private readonly parsed = new Map<string, ParsedSource | SourceError | null>();
  private readonly exportsCache = new Map<string, ModuleExports>();
  readonly tfModules: Set<string>;

  constructor(private readonly host: ProjectHost, readonly maxFileBytes: number, tfModules: string[] = []) {
    this.tfModules = new Set([...TF_MODULES, ...tfModules]);
  }

  /** Parsed file, or a SourceError / null (missing). Never throws. */
  source(file: string): ParsedSource | SourceError | null {
    if (this.parsed.has(file)) return this.parsed.get(file)!;
    let result: ParsedSource | SourceError | null;
    try {
      const text = this.host.readFile(file);
      if (text === undefined) result = null;
      else if (text.length > this.maxFileBytes) result = new SourceError(`file too large (${text.length} bytes > ${this.maxFileBytes}), skipped`);
      else result = parseSourceCached(file, text);
    } catch (e) {
      result = e instanceof SourceError ? e : new SourceError(`cannot read: ${(e as Error).message}`);
    }
    this.parsed.set(file, result);
    return result;
  }

  exists(file: string): boolean {
    try {
      return this.host.readFile(file) !== undefined;
    } catch {
      return false;
    }
  }

  parsedOrUndefined(file: string): ParsedSource | undefined {
    const s = this.source(file);
    return s && !(s instanceof SourceError) ? s : undefined;
  }

  isTfModule(spec: string): boolean {
    return this.tfModules.has(spec) || this.tfModules.has(cdnPackage(spec) ?? '');
  }

  /** Resolves a relative specifier to a file that exists (in the project or on the host). */
  resolveModule(fromFile: string, spec: string): string | undefined {
    return resolveRelative(fromFile, spec, (file) => this.exists(file));
  }

  exportsOf(file: string): ModuleExports {
    let e = this.exportsCache.get(file);
    if (e) return e;
    e = { names: new Map(), stars: [] };
    this.exportsCache.set(file, e);
    const src = this.parsedOrUndefined(file);
    if (src) collectExports(this, src.sf, e);
    return e;
  }
}

function collectExports(project: Project, sf: ts.SourceFile, out: ModuleExports): void {
  const file = sf.fileName;
  const hasExport = (n: ts.Node) => ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const hasDefault = (n: ts.Node) => ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
  const moduleTarget = (spec: ts.Expression | undefined): { file?: string; tf: boolean } => {
    if (!spec || !ts.isStringLiteral(spec)) return { tf: false };
    if (project.isTfModule(spec.text)) return { tf: true };
    return { file: project.resolveModule(file, spec.text), tf: false };
  };
  for (const s of sf.statements) {
    if (ts.isVariableStatement(s) && hasExport(s)) {
      for (const d of s.declarationList.declarations) if (ts.isIdentifier(d.name)) out.names.set(d.name.text, { k: 'node', node: d });
    } else if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) && hasExport(s)) {
      if (hasDefault(s)) out.names.set('default', { k: 'node', node: s });
      else if (s.name) out.names.set(s.name.text, { k: 'node', node: s });
    } else if (ts.isExportAssignment(s)) {
      out.names.set('default', { k: 'node', node: s.expression });
    } else if (ts.isExportDeclaration(s)) {
      const target = moduleTarget(s.moduleSpecifier);
      const clause = s.exportClause;
      if (!clause) {
        if (target.file) out.stars.push(target.file);
      } else if (ts.isNamespaceExport(clause)) {
        if (target.tf) out.names.set(clause.name.text, { k: 'tf', path: '' });
        else if (target.file) out.names.set(clause.name.text, { k: 'namespace', file: target.file });
      } else {
        for (const el of clause.elements) {
          const local = (el.propertyName ?? el.name).text;
          if (s.moduleSpecifier) {
            if (target.tf) out.names.set(el.name.text, { k: 'tf', path: local === 'default' ? '' : local });
            else if (target.file) out.names.set(el.name.text, { k: 'reexport', file: target.file, name: local });
          } else {
            out.names.set(el.name.text, { k: 'node', node: el.propertyName ?? el.name });
          }
        }
      }
    } else if (ts.isExpressionStatement(s) && ts.isBinaryExpression(s.expression) && s.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      collectCommonJs(s.expression, out);
    }
  }
}

/** `module.exports = X`, `module.exports.a = X`, `exports.a = X`. */
function collectCommonJs(assign: ts.BinaryExpression, out: ModuleExports): void {
  const lhs = assign.left;
  const isModuleExports = (e: ts.Expression) => ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'module' && e.name.text === 'exports';
  if (isModuleExports(lhs)) {
    out.names.set('default', { k: 'node', node: assign.right });
    out.moduleExports = assign.right;
    let rhs = assign.right;
    while (ts.isParenthesizedExpression(rhs)) rhs = rhs.expression;
    if (ts.isObjectLiteralExpression(rhs)) {
      for (const p of rhs.properties) {
        if (ts.isShorthandPropertyAssignment(p)) out.names.set(p.name.text, { k: 'node', node: p.name });
        else if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) out.names.set(p.name.text, { k: 'node', node: p.initializer });
        else if (ts.isMethodDeclaration(p) && ts.isIdentifier(p.name)) out.names.set(p.name.text, { k: 'node', node: p });
      }
    }
  } else if (ts.isPropertyAccessExpression(lhs) && (isModuleExports(lhs.expression) || (ts.isIdentifier(lhs.expression) && lhs.expression.text === 'exports'))) {
    out.names.set(lhs.name.text, { k: 'node', node: assign.right });
  }
}

/** The package an ES module URL of a CDN serves (`https://cdn.jsdelivr.net/npm/@tensorflow/tfjs@4.22.0/+esm`,
 *  `https://esm.sh/@tensorflow/tfjs@4`, unpkg, skypack): its name, or undefined. */
export function cdnPackage(spec: string): string | undefined {
  return /^https?:\/\/[^/]+\/(?:npm\/)?(@tensorflow\/tfjs(?:-[a-z-]+)?)(?=$|[@/?])/.exec(spec)?.[1];
}

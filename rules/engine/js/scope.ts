// Lexical name resolution over the syntax tree, without a type checker: an identifier is resolved to
// the node that declares it (variable declaration, parameter, binding element, function, class,
// import). Per-scope tables are built on first use and cached.
import ts = require('typescript');

/** The node that declares a name: VariableDeclaration, ParameterDeclaration, BindingElement,
 *  FunctionDeclaration, ClassDeclaration, ImportClause, ImportSpecifier, NamespaceImport, ... */
export type Decl = ts.Node;

const tables = new WeakMap<ts.Node, Map<string, Decl>>();

// Sets of kinds: these tests run for every ancestor of every identifier resolved.
const FUNCTION_SCOPES = new Set([ts.SyntaxKind.FunctionDeclaration, ts.SyntaxKind.FunctionExpression, ts.SyntaxKind.ArrowFunction,
  ts.SyntaxKind.MethodDeclaration, ts.SyntaxKind.Constructor, ts.SyntaxKind.GetAccessor, ts.SyntaxKind.SetAccessor]);
const BLOCK_SCOPES = new Set([ts.SyntaxKind.Block, ts.SyntaxKind.CaseBlock, ts.SyntaxKind.ForStatement, ts.SyntaxKind.ForOfStatement,
  ts.SyntaxKind.ForInStatement, ts.SyntaxKind.CatchClause, ts.SyntaxKind.ClassExpression, ts.SyntaxKind.ModuleBlock]);

function isFunctionScope(n: ts.Node): n is ts.FunctionLikeDeclaration {
  return FUNCTION_SCOPES.has(n.kind);
}

export function declareBindingNames(name: ts.BindingName, decl: (id: ts.Identifier) => void): void {
  if (ts.isIdentifier(name)) { decl(name); return; }
  for (const el of name.elements) {
    if (ts.isOmittedExpression(el)) continue;
    declareBindingNames(el.name, decl);
  }
}

/** What a name declared in conflicting ways binds: no declaration, so its value is unknown (never
 *  undefined, which would make it a global such as the `tf` of a <script> page). */
export const CONFLICT: Decl = ts.factory.createOmittedExpression();

/** The other `var` declarations of a name, keyed by the one the name resolves to: each of their
 *  initializers is a write, joined with the others. */
const redeclarations = new WeakMap<Decl, ts.VariableDeclaration[]>();

export function otherVarDeclarations(decl: Decl): readonly ts.VariableDeclaration[] {
  return redeclarations.get(decl) ?? [];
}

function isVar(d: Decl): d is ts.VariableDeclaration {
  return ts.isVariableDeclaration(d) && ts.isVariableDeclarationList(d.parent) && !(d.parent.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const));
}

/** Whether redeclaring a function in `scope` is a syntax error: lexical declarations of a module's
 *  top level or of a block in a module (strict code). */
function strictLexical(scope: ts.Node): boolean {
  if (isFunctionScope(scope)) return false;
  const sf = scope.getSourceFile();
  return (sf as unknown as { externalModuleIndicator?: unknown }).externalModuleIndicator !== undefined;
}

/** Declares `id` in `table`, as JavaScript binds a name declared more than once: the last function
 *  declaration with a body wins (sloppy scripts, function bodies; TypeScript overload signatures
 *  have no body); repeated `var`s are one binding whose initializers all write it; anything else
 *  (a duplicate let/const/class, a module's duplicate function, a var and a function) is unknown. */
function add(table: Map<string, Decl>, id: ts.Identifier, decl: Decl, scope?: ts.Node): void {
  const prev = table.get(id.text);
  if (prev === undefined) { table.set(id.text, decl); return; }
  if (prev === CONFLICT || prev === decl) return;
  if (ts.isFunctionDeclaration(prev) && ts.isFunctionDeclaration(decl)) {
    if (!decl.body) return;
    if (!prev.body) { table.set(id.text, decl); return; }
    table.set(id.text, scope && strictLexical(scope) ? CONFLICT : decl);
    return;
  }
  if (isVar(prev) && isVar(decl) && id.parent === decl) {
    redeclarations.set(prev, [...otherVarDeclarations(prev), decl]);
    return;
  }
  table.set(id.text, CONFLICT);
}

function declareVarList(list: ts.VariableDeclarationList, table: Map<string, Decl>): void {
  for (const d of list.declarations) {
    declareBindingNames(d.name, (id) => add(table, id, id.parent === d ? d : id.parent));
  }
}

/** `var` declarations and nested function declarations hoisted to a function or module scope. */
function collectHoisted(node: ts.Node, table: Map<string, Decl>): void {
  const stack: ts.Node[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (n !== node && (isFunctionScope(n) || ts.isClassLike(n))) continue;
    if (ts.isVariableDeclarationList(n) && !(n.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const))) declareVarList(n, table);
    n.forEachChild((c) => { stack.push(c); });
  }
}

/** Lexical (let/const/class/function/import) declarations directly in a block-like node. */
function collectLexical(statements: readonly ts.Node[], table: Map<string, Decl>, scope?: ts.Node): void {
  for (const s of statements) {
    if (ts.isVariableStatement(s)) {
      if (s.declarationList.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)) declareVarList(s.declarationList, table);
    } else if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isEnumDeclaration(s)) && s.name) {
      add(table, s.name, s, scope);
    } else if (ts.isImportDeclaration(s) && s.importClause) {
      const c = s.importClause;
      if (c.name) add(table, c.name, c);
      const b = c.namedBindings;
      if (b && ts.isNamespaceImport(b)) add(table, b.name, b);
      if (b && ts.isNamedImports(b)) for (const el of b.elements) add(table, el.name, el);
    } else if (ts.isImportEqualsDeclaration(s)) {
      add(table, s.name, s);
    }
  }
}

function tableOf(scope: ts.Node): Map<string, Decl> {
  let t = tables.get(scope);
  if (t) return t;
  t = new Map();
  if (ts.isSourceFile(scope)) {
    collectLexical(scope.statements, t, scope);
    collectHoisted(scope, t);
  } else if (isFunctionScope(scope)) {
    for (const p of scope.parameters) declareBindingNames(p.name, (id) => add(t!, id, id.parent === p ? p : id.parent));
    if ((ts.isFunctionExpression(scope)) && scope.name) add(t, scope.name, scope);
    const body = scope.body;
    if (body && ts.isBlock(body)) {
      collectLexical(body.statements, t, scope);
      collectHoisted(body, t);
    }
  } else if (ts.isBlock(scope) || ts.isModuleBlock(scope)) {
    collectLexical(scope.statements, t, scope);
  } else if (ts.isCaseBlock(scope)) {
    for (const c of scope.clauses) collectLexical(c.statements, t, scope);
  } else if (ts.isForStatement(scope) || ts.isForOfStatement(scope) || ts.isForInStatement(scope)) {
    const init = scope.initializer;
    if (init && ts.isVariableDeclarationList(init)) declareVarList(init, t);
  } else if (ts.isCatchClause(scope)) {
    const d = scope.variableDeclaration;
    if (d) declareBindingNames(d.name, (id) => add(t!, id, id.parent === d ? d : id.parent));
  } else if (ts.isClassExpression(scope) && scope.name) {
    add(t, scope.name, scope);
  }
  tables.set(scope, t);
  return t;
}

/** Resolves an identifier used as a value to its declaration; undefined for globals. */
export function resolveIdentifier(id: ts.Identifier): Decl | undefined {
  let n: ts.Node | undefined = id.parent;
  while (n) {
    const kind = n.kind;
    // A function's body block shares the function's table (parameters + body declarations).
    const isBodyOfFunction = kind === ts.SyntaxKind.Block && n.parent && isFunctionScope(n.parent) && n.parent.body === n;
    if (!isBodyOfFunction && (kind === ts.SyntaxKind.SourceFile || FUNCTION_SCOPES.has(kind) || BLOCK_SCOPES.has(kind))) {
      // Parameters' default values cannot see the body's declarations; close enough to ignore.
      const d = tableOf(n).get(id.text);
      if (d) return d;
    }
    n = n.parent;
  }
  return undefined;
}

/** The function-like node whose body contains `n` (not crossing into `n` itself). */
export function enclosingFunction(n: ts.Node): ts.FunctionLikeDeclaration | undefined {
  for (let p = n.parent; p; p = p.parent) if (isFunctionScope(p)) return p;
  return undefined;
}

/** What `this` means at `n`: the enclosing class, or, for methods of object literals (Vue's options
 *  API, plain module objects), the outermost object literal; undefined in plain functions. */
export function thisOwner(n: ts.Node): ts.ClassLikeDeclaration | ts.ObjectLiteralExpression | undefined {
  for (let p = n.parent; p; p = p.parent) {
    if (ts.isClassLike(p)) return p;
    if (!isFunctionScope(p) || ts.isArrowFunction(p)) continue;
    const holder = ts.isPropertyAssignment(p.parent) ? p.parent.parent : p.parent;
    if (ts.isObjectLiteralExpression(holder) && (ts.isMethodDeclaration(p) || ts.isAccessor(p) || ts.isFunctionExpression(p))) return outermostObject(holder);
    if (ts.isFunctionDeclaration(p) || ts.isFunctionExpression(p)) return undefined; // its own `this`
  }
  return undefined;
}

function outermostObject(o: ts.ObjectLiteralExpression): ts.ObjectLiteralExpression {
  while (ts.isPropertyAssignment(o.parent) && ts.isObjectLiteralExpression(o.parent.parent)) o = o.parent.parent;
  return o;
}

/** Functions whose `this` is not their owner's (plain function declarations/expressions). */
export function hasOwnThis(n: ts.Node): boolean {
  if (ts.isFunctionDeclaration(n) || ts.isClassLike(n)) return true;
  if (ts.isFunctionExpression(n)) return !(ts.isPropertyAssignment(n.parent) && ts.isObjectLiteralExpression(n.parent.parent));
  return false;
}

export { isFunctionScope };

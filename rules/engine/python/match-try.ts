// `match` and `try` statements: each case or handler is one of several paths (branches.ts).
import type { SyntaxNode as Node } from './syntax-tree';
import { UNKNOWN, type PyValue } from './values';
import { join } from './joins';
import type { Interp, Frame } from './evaluator';
import { type Flow, type Path, branchesFrame, joinPaths, testsWidth } from './branches';
import { branch, execBlock } from './statements';
import { isLossInstance } from './losses';
import { attribute } from './dispatch';
import { captureNames, caseCaptures } from './match-captures';

/** `match subject: case ...:` runs one case we cannot pick: each body is a branch (as if/elif), and
 *  without a wildcard `case _:` none may run. */
export function execMatch(it: Interp, s: Node, f: Frame): Flow {
  const subjectNode = s.childForFieldName('subject');
  // (`match a, b:` matches the tuple of both; `match *xs, b:` one of a length we do not follow.)
  const nodes = s.childrenForFieldName('subject');
  const subjects = nodes.map((n) => it.eval(n, f));
  const subject: PyValue = nodes.some((n) => n.type === 'list_splat') ? UNKNOWN : subjects.length > 1 ? { k: 'seq', kind: 'tuple', items: subjects } : subjects[0] ?? UNKNOWN;
  // `match p.shape:` with `case (_, 1):` ... : each case is for a width we cannot tell.
  const guarded = !!subjectNode && testsWidth(subjectNode);
  if (guarded) it.widthGuards++;
  try {
    return execCases(it, s, f, subject);
  } finally {
    if (guarded) it.widthGuards--;
  }
}

function execCases(it: Interp, s: Node, f: Frame, subject: PyValue): Flow {
  forgetCaptures(s, f);
  f = branchesFrame(f);
  const paths: Path[] = [];
  let wildcard = false;
  for (const c of s.childForFieldName('body')?.namedChildren ?? []) {
    if (c?.type !== 'case_clause') continue;
    const patterns = c.namedChildren.filter((p) => p?.type === 'case_pattern');
    const guarded = c.namedChildren.some((g) => g?.type === 'if_clause');
    const body = c.childForFieldName('consequence');
    if (patterns.length === 1 && patterns[0]!.text === '_' && !guarded) wildcard = true;
    // What the case binds, seen by its guard and body (and after the match, on its path); one sure
    // to match (`case (z, p):` of a pair) leaves no case after it.
    const captured = caseCaptures(it, f, subject, patterns.filter((p): p is Node => !!p));
    const picked = guarded ? undefined : casePicked(it, f, subject, patterns) ?? (captured?.sure || undefined);
    if (picked === false) continue;
    const bound = captured?.bound;
    for (const [name, v] of bound ?? []) f.env.vars.set(name, v);
    // Every case before was known not to match: this one runs alone.
    if ((picked || wildcard) && paths.length === 0) return body ? execBlock(it, body, f) : 'next';
    paths.push(branch(it, body, f));
    for (const name of bound?.keys() ?? []) f.env.vars.set(name, UNKNOWN);
    if (picked) wildcard = true;
    if (wildcard) break;
  }
  if (!wildcard) paths.push({ env: f.env.copy(), flow: 'next', attrs: f.attrsBefore });
  return joinPaths(f, paths);
}

/** Whether a case's patterns match a subject we know: a constant against literals (a default
 *  argument), a loss built here against loss classes (`case nn.BCELoss():`); undefined: not known. */
function casePicked(it: Interp, f: Frame, subject: PyValue, patterns: (Node | null)[]): boolean | undefined {
  if (!patterns.length) return undefined;
  if (subject.k === 'const') {
    const literals = patterns.map((p) => (p?.namedChildren.length === 1 ? it.eval(p.namedChildren[0], f) : UNKNOWN));
    return literals.every((l) => l.k === 'const') ? literals.some((l) => l.k === 'const' && l.v === subject.v) : undefined;
  }
  // `case nn.BCELoss():` with no sub-patterns: an isinstance test.
  const classes = patterns.map((p) => {
    const cp = p?.namedChildren.length === 1 && p.namedChildren[0]?.type === 'class_pattern' ? p.namedChildren[0] : undefined;
    return cp && cp.namedChildren.length === 1 && cp.namedChildren[0]?.type === 'dotted_name' ? dottedValue(it, cp.namedChildren[0], f) : UNKNOWN;
  });
  return isLossInstance(subject, classes);
}

/** A class pattern's `nn.BCELoss`, read as the attribute chain it names. */
function dottedValue(it: Interp, d: Node, f: Frame): PyValue {
  const [first, ...rest] = d.namedChildren;
  let v = it.eval(first, f);
  for (const id of rest) v = id ? attribute(it, v, id.text, d, f) : UNKNOWN;
  return v;
}

/** The names a case pattern binds (`case out:`, `case [p, _]:`, `case {"prob": p}:`, `case ... as p:`,
 *  `case Point(x=px)`): unknown unless a case binds them to parts of the subject we know
 *  (match-captures.ts), and kept when no case matches. Not a class pattern's class, a dotted value pattern
 *  (`Color.RED`) or a keyword pattern's key. */
function forgetCaptures(s: Node, f: Frame): void {
  for (const p of s.descendantsOfType('case_pattern')) for (const name of captureNames(p)) f.env.vars.set(name, UNKNOWN);
}

/** `try` / `except` / `else` / `finally`: the body is the usual path, each handler another. */
export function execTry(it: Interp, s: Node, f: Frame): Flow {
  const body = s.childForFieldName('body');
  const before = new Map(f.env.vars);
  // The body is the usual path (`try: import torch`); handlers are alternatives to it.
  let flow = body ? execBlock(it, body, f) : 'next';
  // A handler that goes on after the try (`except Exception: pass`) may follow a body stopped
  // anywhere: a name it had before and rebound may hold either value. (One it bound anew is
  // bound when the code after reads it: the body got that far.)
  const swallows = s.namedChildren.some((c) => (c?.type === 'except_clause' || c?.type === 'except_group_clause') && !/^except\s*\(?\s*(?:ImportError|ModuleNotFoundError)\b/.test(c.text) && !/^\s*(?:raise|return|continue|break)\b/m.test(c.namedChildren.find((n) => n?.type === 'block')?.text ?? ''));
  if (swallows) for (const [k, v] of before) if (f.env.vars.get(k) !== v) f.env.vars.set(k, join(v, f.env.vars.get(k)));
  for (const c of s.namedChildren) {
    if (!c) continue;
    if (c.type === 'except_clause' || c.type === 'except_group_clause') {
      const block = c.namedChildren.find((n) => n?.type === 'block') ?? null;
      const p = branch(it, block, f);
      // `except ImportError: torch = None`: the fallback of an environment without the package;
      // the code we lint is the code that has it.
      if (/^except\s*\(?\s*(?:ImportError|ModuleNotFoundError)\b/.test(c.text)) continue;
      if (p.flow === 'next') {
        for (const [k, v] of p.env.vars) {
          const before = f.env.vars.get(k);
          if (before !== v) f.env.vars.set(k, before ? join(before, v) : UNKNOWN);
        }
        flow = 'next';
      }
    } else if (c.type === 'else_clause' && flow === 'next') {
      const b = c.childForFieldName('body');
      if (b) flow = execBlock(it, b, f);
    } else if (c.type === 'finally_clause') {
      const b = c.namedChildren.find((n) => n?.type === 'block');
      if (b && execBlock(it, b, f) === 'return') flow = 'return';
    }
  }
  return flow;
}

/** `match [a, b]:` with its cases, which tree-sitter reads as an annotated assignment to
 *  `match[a, b]` (`case[...]: x = ...` its annotation): not followed, what it binds unknown. */
export function misreadMatch(s: Node): boolean {
  if (s.type !== 'expression_statement') return false;
  const a = s.namedChildren[0];
  return a?.type === 'assignment' && !!a.childForFieldName('type') && a.childForFieldName('left')?.type === 'subscript' && a.childForFieldName('left')?.childForFieldName('value')?.text === 'match';
}

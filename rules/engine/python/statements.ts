// Statements: straight-line code runs in order (the last assignment binds), branches run on copies
// of the scope and join (a name bound differently on two paths is unknown; one bound on some paths
// only, with nothing before, has the value they bind: the others would raise NameError),
// loops over a known list of modules are unrolled, other loops run their body once.
// A statement with a syntax error inside is skipped, and every name it mentions becomes unknown.
import type { SyntaxNode as Node } from './syntax-tree';
import { PyValue, UNKNOWN, NONE, eachOf, ClassDef, FunctionDef, iterItems, storable, type Env } from './values';
import { join } from './joins';
import { itemsToJudge, unrolled } from './unroll';
import type { Interp, Frame, CallSite } from './evaluator';
import { bindParams } from './params';
import { callersOwn } from './annotated';
import { defineFunction, keptByDecorators, markProperty, KEPT_BY_DECORATOR } from './definitions';
import type { PyModule } from './program';
import { syntaxOf } from './parser';
import { assign, replaceLayers } from './assign';
import { iteratedRow } from './ops';
import { boundPerPass, changesPerPass, markPerPass } from './per-pass';
import { predictionsIn, seqItemsDeleted } from './container-methods';
import { defineClass, runClassGeneric } from './objects';
import { execWith } from './with-blocks';
import { type Flow, type Path, builtSelf, replaceAll, branchesFrame, readsWidth, readsActivation, joinPaths, chosenClause, truthOf } from './branches';
import { execImport } from './imports';
import { brokenDef, forgetNames, isBroken } from './forget-names';
import { commentedMagic, namespaceRewritten, scriptRun } from './namespaces';
import { isJupytext } from './text-scan';
import { displayedByCell } from './cell-display';
import { execMatch, execTry, misreadMatch } from './match-try';
import { keptInContainer, modelExported, readAsProbabilities } from './probability-reads';
import { decidedTruth, runWithoutDefaults } from './none-branches';
import { branchesNameClasses, partialCut } from './argmax-uses';
import { decoratedNoGrad, freezesParameters, underNoGrad } from './no-grad';
import { arithmetic } from './arithmetic';
import { mergePass, nextPass, passEnd, passStart } from './loop-carried';
import { noteReadByPosition } from './shared-sites';
import { stillCarried } from './escapes';

export function execModule(it: Interp, mod: PyModule): void {
  const f = it.program.moduleFrame(mod);
  execBlock(it, syntaxOf(mod.parsed), f);
  // Functions and classes nobody called in the workspace still run once with unknown arguments:
  // a training step or a Lightning hook is called by a framework, not by the code we see. After
  // every file (Interp.finish): a module imported by another is mostly called from it.
  it.afterFiles(() => {
    for (const fn of mod.functions) if (!fn.ran && !fn.owner) runFunction(it, fn, undefined, undefined, f);
    for (const cls of mod.classes) runClassGeneric(it, cls, f);
  });
}

export function execBlock(it: Interp, block: Node, f: Frame): Flow {
  // After `if p.shape[-1] == 1: return ...`, the rest of the block is for the other widths.
  let guardedRest = 0;
  let actGuardedRest = 0;
  try {
    for (const s of block.namedChildren) {
      if (!s) continue;
      if (s.type === 'comment') {
        // A Databricks notebook's `%run ./helpers` cell runs that notebook in this namespace; so
        // does a jupytext script's `# %run train.py` (its magics are commented), as in the notebook.
        if (s.text.startsWith('# MAGIC %run')) namespaceRewritten(f);
        else if (/^#[ \t]*%run\b/.test(s.text) && isJupytext(f.module.parsed.text)) scriptRun(it, f);
        // (Their other line magics too: `# %time p = model(x)` binds p there.)
        else if (/^#[ \t]*(?:MAGIC[ \t]+)?%\w/.test(s.text) && (s.text.startsWith('# MAGIC') || isJupytext(f.module.parsed.text))) commentedMagic(it, s, f);
        continue;
      }
      if (it.exhausted()) return 'next';
      it.steps++;
      // Only a tree with a syntax error has statements with error nodes.
      const err = f.module.parsed.error;
      if ((err && (s.hasError || s.type === 'ERROR' || s.startIndex === err.index || (err.rest && s.endIndex > err.index))) || misreadMatch(s)) {
        forgetNames(s, f.env);
        continue;
      }
      if (execStatement(it, s, f) === 'return') return 'return';
      if (s.type === 'if_statement' && guardReturns(s, readsWidth)) {
        it.widthGuards++;
        guardedRest++;
      }
      // After `if isinstance(model[-1], nn.Sigmoid): return F.binary_cross_entropy(...)`: the rest
      // is for the other activation.
      if (s.type === 'if_statement' && guardReturns(s, readsActivation)) {
        it.activationGuards++;
        actGuardedRest++;
      }
    }
    return 'next';
  } finally {
    it.widthGuards -= guardedRest;
    it.activationGuards -= actGuardedRest;
  }
}

/** `if <guard>: ... return` with no else: what follows runs only when the guard fails. */
function guardReturns(s: Node, guard: (s: Node) => boolean): boolean {
  if (s.childrenForFieldName('alternative').length || !guard(s)) return false;
  const last = s.childForFieldName('consequence')?.namedChildren.at(-1);
  return last?.type === 'return_statement' || last?.type === 'raise_statement';
}

function execStatement(it: Interp, s: Node, f: Frame): Flow {
  switch (s.type) {
    case 'expression_statement': {
      // A notebook cell's last expression is displayed (`model(x[:5]).detach()`): read as it is.
      const shown = !f.fn && displayedByCell(it, f.module, s);
      for (const c of s.namedChildren) if (c) execExpression(it, c, f, shown);
      return 'next';
    }
    case 'return_statement': {
      const v = s.namedChildren[0] ? it.eval(s.namedChildren[0], f) : NONE;
      f.returns?.push(v);
      return 'return';
    }
    case 'raise_statement':
      for (const c of s.namedChildren) it.eval(c, f);
      return 'return';
    case 'if_statement':
      return execIf(it, s, f);
    case 'match_statement':
      return execMatch(it, s, f);
    case 'for_statement':
    case 'while_statement':
      return execLoop(it, s, f);
    case 'try_statement':
      return execTry(it, s, f);
    case 'with_statement':
      return execWith(it, s, f);
    case 'function_definition':
      defineFunction(it, s, f);
      return 'next';
    case 'class_definition': {
      const cls = defineClass(it, s, f);
      const name = s.childForFieldName('name');
      // In a function that declares the name `global` (`def configure(): global CFG; class CFG: ...`):
      // the module's name is rebound, as by an assignment.
      if (name && f.fn) assign(it, name, cls, f);
      else f.env.vars.set(name?.text ?? '', cls);
      return 'next';
    }
    case 'decorated_definition': {
      const def = s.childForFieldName('definition');
      if (def) execStatement(it, def, f);
      const name = def?.childForFieldName('name')?.text;
      const decorators = s.namedChildren.filter((d) => d?.type === 'decorator').map((d) => d!.text.replace(/\s/g, ''));
      const known = decorators.every((d) => KEPT_BY_DECORATOR.test(d));
      if (name && !known && !keptByDecorators(it, s, f, name)) f.env.vars.set(name, UNKNOWN);
      if (name && decorators.includes('@property')) markProperty(f.env.vars.get(name));
      return 'next';
    }
    case 'import_statement':
    case 'import_from_statement':
    case 'future_import_statement':
      execImport(it, s, f);
      return 'next';
    case 'delete_statement':
      // `del model[-1]`, `del model.sigmoid`: the layers of what it deletes from are no longer known.
      for (const t of s.descendantsOfType(['subscript', 'attribute'])) {
        const obj = t && it.eval(t.childForFieldName(t.type === 'subscript' ? 'value' : 'object'), f);
        // (Items of the statement's own targets only: `del a[b[0]]` deletes from a, not from b.)
        const target = t?.parent === s || (t?.parent?.type === 'expression_list' && t.parent.parent === s);
        const index = t?.type === 'subscript' && target ? t.childrenForFieldName('subscript') : [];
        if (obj?.k === 'seq' && index.length === 1) seqItemsDeleted(obj, it.eval(index[0], f), index[0], f.cond);
        if (obj) replaceLayers(obj);
      }
      forgetNames(s, f.env);
      return 'next';
    case 'global_statement':
    case 'nonlocal_statement':
    case 'continue_statement':
      // (What follows runs too, as if it did not: the names here go to the next pass as well.)
      f.continues?.push(f.env.copy());
      return 'next';
    case 'pass_statement':
    case 'break_statement':
      return 'next';
    default:
      for (const c of s.namedChildren) if (c && c.type !== 'block') it.eval(c, f);
      return 'next';
  }
}

function execExpression(it: Interp, e: Node, f: Frame, shown = false): void {
  if (e.type === 'assignment') {
    const right = e.childForFieldName('right');
    if (!right) return; // an annotation alone: `x: int`
    const value = right.type === 'assignment' ? chainValue(it, right, f) : it.eval(right, f);
    const left = e.childForFieldName('left');
    if (left) assign(it, left, value, f);
    if (shown) readAsProbabilities(it, value); // a cell's last assignment, displayed ('last_expr_or_assign')
  } else if (e.type === 'augmented_assignment') {
    const right = it.eval(e.childForFieldName('right'), f);
    keptInContainer(it, right); // `models += (model,)`
    // `pred *= (out > 0.5)`: the values on one side of the cut kept, the others zeroed.
    const target = e.childForFieldName('left');
    if (/^[*&]=$/.test(e.childForFieldName('operator')?.text ?? '') && target?.type === 'identifier') partialCut(right, f.env.lookup(target.text) ?? UNKNOWN);
    // `outs += [model(x)]`: kept in the list as `append` keeps it, read later as it is.
    if (right.k === 'seq') readAsProbabilities(it, right);
    const left = e.childForFieldName('left');
    // `layers += [nn.Linear(16, 1), nn.Sigmoid()]`: the list grows in place, as with extend().
    const list = left?.type === 'identifier' && e.childForFieldName('operator')?.text === '+=' ? f.env.lookup(left.text) : undefined;
    if (list?.k === 'seq' && list.kind === 'list' && right.k === 'seq' && !right.open && !f.cond) {
      const added = right.items.map((v) => storable(list, v));
      if (list.open) (list.tail ??= []).push(...added);
      else list.items.push(...added);
    } else if (list?.k === 'seq' && list.kind === 'list') {
      // Grown in a loop or a branch: open, as with extend() there (`preds += out.tolist()`: its
      // rows, dispatch.ts); what is added after is its end.
      const items = list.open ? list.each && [list.each] : list.items;
      list.open = true;
      list.head = undefined;
      list.tail = [];
      list.each = predictionsIn(items, [right], true);
    } else if (left) assign(it, left, accumulated(it, left, e.childForFieldName('operator')?.text ?? '', right, f), f);
  } else if (shown) readAsProbabilities(it, it.eval(e, f));
  else it.eval(e, f);
}

/** `acc += model(x)`, `probs /= n_tta`: the arithmetic on what the name held (arithmetic.ts); else
 *  a value we do not know, in which the tensor added is kept and read as it is. */
function accumulated(it: Interp, left: Node, op: string, right: PyValue, f: Frame): PyValue {
  const before = left.type === 'identifier' ? f.env.lookup(left.text) : undefined;
  const known = before && (before.k === 'tensor' || right.k === 'tensor') ? arithmetic(op.slice(0, -1), before, right) : undefined;
  if (known) return known;
  readAsProbabilities(it, right);
  return UNKNOWN;
}

/** `a = b = value`: every target gets the innermost value. */
function chainValue(it: Interp, node: Node, f: Frame): PyValue {
  const right = node.childForFieldName('right');
  const value = right?.type === 'assignment' ? chainValue(it, right, f) : it.eval(right, f);
  const left = node.childForFieldName('left');
  if (left) assign(it, left, value, f);
  return value;
}

/** Runs `block` on a copy of the scope, as one of several possible paths. The attributes of the
 *  instance being built (`self.head = ...` in __init__) are a scope too: each path starts from those
 *  before the branches, and its own are kept for the join. */
export function branch(it: Interp, block: Node | null, f: Frame): Path {
  const env = f.env.copy();
  const obj = builtSelf(f);
  const start = obj && f.attrsBefore;
  if (obj && start) replaceAll(obj.attrs, start);
  const flow = block ? execBlock(it, block, { ...f, env, cond: true, scope: {}, ownAttrs: obj }) : 'next';
  return { env, flow, attrs: obj ? new Map(obj.attrs) : undefined };
}

function execIf(it: Interp, s: Node, f: Frame): Flow {
  const cond = s.childForFieldName('condition');
  const text = cond?.text.replace(/\s/g, '') ?? '';
  // The script's entry point runs; TYPE_CHECKING blocks never do.
  if (/^__name__==["']__main__["']$/.test(text)) return execBlock(it, s.childForFieldName('consequence')!, f);
  if (text === 'TYPE_CHECKING' || text === 'typing.TYPE_CHECKING') return 'next';
  const c = it.eval(cond, f);
  if (cond) branchesNameClasses(c, s);
  // `if 0:` / `if 1:` too (code switched off by hand; a notebook's `%time` line, ipython.ts).
  // `if labels:` with the parameter left at None: false for this call (none-branches.ts).
  const known = decidedTruth(cond, c, f) ?? truthOf(c);
  // (On a condition that changes every pass, `if i == 0: t = 0.0`: the numbers a branch binds too.)
  if (known !== undefined && changesPerPass(c)) return boundPerPass(f.env, () => execKnown(it, s, f, known));
  return execKnown(it, s, f, known);
}

function execKnown(it: Interp, s: Node, f: Frame, known: boolean | undefined): Flow {
  if (known === true) return execBlock(it, s.childForFieldName('consequence')!, f);
  // Known false with a plain `else`: the else runs, surely (`Net("multilabel")` in __init__).
  const alternatives = s.childrenForFieldName('alternative');
  if (known === false && alternatives.length === 1 && alternatives[0]?.type === 'else_clause') {
    const body = alternatives[0].childForFieldName('body');
    return body ? execBlock(it, body, f) : 'next';
  }
  // `if task == 'regression': ... elif task == 'binary': ...` with a known task: the one that holds.
  if (known === false && alternatives[0]?.type === 'elif_clause') {
    const chosen = chosenClause(it, alternatives, f);
    if (chosen !== undefined) return chosen ? execBlock(it, chosen, f) : 'next';
  }
  // `if p.shape[1] > 1: argmax ... else: round ...`: each branch is for a width we cannot tell;
  // `if isinstance(model[-1], nn.Sigmoid): ...`: for an activation.
  const guarded = readsWidth(s);
  const actGuarded = readsActivation(s);
  if (guarded) it.widthGuards++;
  if (actGuarded) it.activationGuards++;
  try {
    return execBranches(it, s, f, known);
  } finally {
    if (guarded) it.widthGuards--;
    if (actGuarded) it.activationGuards--;
  }
}

function execBranches(it: Interp, s: Node, f: Frame, known: boolean | undefined): Flow {
  f = branchesFrame(f);
  const paths: Path[] = [];
  if (known === undefined) paths.push(branch(it, s.childForFieldName('consequence'), f));
  let hasElse = false;
  for (const alt of s.childrenForFieldName('alternative')) {
    if (!alt) continue;
    if (alt.type === 'else_clause') {
      hasElse = true;
      paths.push(branch(it, alt.childForFieldName('body'), f));
    } else {
      it.eval(alt.childForFieldName('condition'), f);
      paths.push(branch(it, alt.childForFieldName('consequence'), f));
    }
  }
  if (!hasElse) paths.push({ env: f.env.copy(), flow: 'next', attrs: f.attrsBefore });
  return joinPaths(f, paths);
}

function execLoop(it: Interp, s: Node, f: Frame): Flow {
  const body = s.childForFieldName('body');
  const left = s.childForFieldName('left');
  const iter = s.type === 'for_statement' ? it.eval(s.childForFieldName('right'), f) : (it.eval(s.childForFieldName('condition'), f), UNKNOWN);
  const items = iterItems(iter);
  noteReadByPosition(iter);
  if (s.type === 'for_statement') freezesParameters(it, s, f);
  if (s.type === 'for_statement' && items && body && unrolled(itemsToJudge(iter, items)!, body, left)) {
    // A known list of modules/values: every iteration, in order (x = layer(x) chains them; each
    // tensor of `for name, t in outputs.items()` read as it is).
    for (const item of items) {
      if (left) assign(it, left, item, f);
      if (execBlock(it, body, { ...f, continues: undefined }) === 'return') return 'return';
    }
  } else {
    const env = f.env.copy();
    const inner = { ...f, env, cond: true, scope: {}, continues: [] as Env[] };
    if (body) markPerPass(body, env);
    // `for score in model.predict(x)`: each row of the output; `for layer in model.layers`: a part of it.
    const item = eachOf(iter) ?? (iter.k === 'tensor' ? iteratedRow(iter) : stillCarried(iter) ?? UNKNOWN);
    if (left) assign(it, left, item, inner);
    const start = passStart(it, body, f.env);
    if (body) execBlock(it, body, inner);
    // Zero or more iterations: a name the loop rebinds may hold either value; one it binds first
    // is its value (using it after a loop that never ran would fail).
    const end = passEnd(f, start, env, inner.continues);
    mergePass(f, end);
    // A prediction carried to the next pass: that pass, with it (and the loop's next item).
    const target = left ? { names: new Set(left.descendantsOfType('identifier').map((n) => n!.text)), rebind: (e: Env) => assign(it, left, item, { ...f, env: e, cond: true, scope: {} }) } : undefined;
    if (body) nextPass(it, body, f, start, end, target);
    // A list grown in a loop, then ended by known items (`self.fc.append(Dense(1))`): those run
    // last, in order, after any number of the others (`for layer in self.fc: x = layer(x)`).
    const tail = (iter.k === 'seq' && iter.open) || (iter.k === 'modulelist' && !iter.items) ? iter.tail : undefined;
    if (tail?.length && body && unrolled(tail, body, left)) {
      for (const item of tail) {
        if (left) assign(it, left, item, f);
        if (execBlock(it, body, { ...f, continues: undefined }) === 'return') return 'return';
      }
    }
  }
  const alt = s.childForFieldName('alternative');
  const elseBody = alt?.childForFieldName('body');
  return elseBody ? execBlock(it, elseBody, f) : 'next';
}

export interface RunOptions {
  self?: PyValue;
  cls?: ClassDef;
}

function readByUnseenCaller(it: Interp, v: PyValue): void {
  readAsProbabilities(it, v);
  modelExported(it, v);
}

/**
 * Runs a function body: with the call's arguments bound (call-site expansion), or with every
 * parameter unknown (`c` undefined: a generic run). Returns the join of its return values.
 */
export function runFunction(it: Interp, fn: FunctionDef, self: PyValue | undefined, c: CallSite | undefined, caller: Frame): PyValue {
  const decided = new Set<string>();
  const result = bindParams(it, fn, self, c, caller, (frame) => {
    frame.noneParams = decided;
    const body = fn.node.childForFieldName('body');
    const mod = it.program.modules.get(fn.file);
    if (mod && isBroken(mod.parsed, fn.node)) return brokenDef(mod.env, fn.node); // it says nothing reliable
    if (fn.node.type === 'lambda') {
      const v = it.eval(body, frame);
      // Run for no caller we see (handed to SHAP or LIME as the predict function): read there, as below.
      if (!c) readByUnseenCaller(it, v);
      return v;
    }
    // `@torch.no_grad()` / `@torch.inference_mode()`: the body runs as under `with torch.no_grad():`.
    const flow = underNoGrad(it, decoratedNoGrad(fn.node), () => (body ? execBlock(it, body, frame) : 'next'));
    const returns = frame.returns ?? [];
    if (flow === 'next') returns.push(NONE);
    let r: PyValue | undefined;
    for (const v of returns) r = r ? join(r, v) : v;
    // Run for no caller we see: what it returns goes to code we do not know (a model's forward is its
    // output, which the analysis follows), unless its caller gave it (`def f(m: Net): return m`).
    if (!c && !MODEL_OUTPUT_METHODS.has(fn.name)) for (const v of returns) if (!callersOwn(v)) readByUnseenCaller(it, v);
    return r ?? NONE;
  });
  // A branch decided by a parameter left at None (`if labels is not None:`): the calls that give it
  // take the other side; that path runs too, for what it reports (none-branches.ts).
  // Only a model's own methods (forward(x, labels=None): for every helper with a None default it
  // costs more than it finds), and not from such a run itself (`t = None` there decides it again).
  if (decided.size && c && !c.otherPath && self?.k === 'instance' && self.obj.model) runWithoutDefaults(it, fn, self, c, caller, decided);
  return result;
}
const MODEL_OUTPUT_METHODS = new Set(['forward', 'call', '__call__']);

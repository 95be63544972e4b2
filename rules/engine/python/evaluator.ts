// The Python abstract interpreter's expressions: from a tree-sitter expression node, in a frame
// (scope + file + enclosing function), to an abstract value. Statements are in statements.ts,
// classes and instances in objects.ts, framework APIs in torch.ts / keras.ts / numpy.ts.
// Work is bounded: expression depth, call depth, a step budget per session; past a bound: unknown.
import { rawEnd } from './notebook';
import type { SyntaxNode as Node } from './syntax-tree';
import type { Site } from '../core/site';
import type { EngineEvent } from '../core/events';
import type { ModelInfo, TensorRef } from '../core/facts';
import type { Vocabulary } from '../core/vocab';
import { torchVocab } from './vocab-torch';
import { kerasVocab } from './vocab-keras';
import { Env, PyValue, FunctionDef, ClassDef, PyObject, UNKNOWN, NONE, num, str, stringValue, GENERIC_ARG, detached } from './values';
import { computedPerPass } from './per-pass';
import type { Program, PyModule } from './program';
import { attribute, callValue } from './dispatch';
import { datasetOfOne } from './keras';
import { handedOver } from './handed-over';
import { subscript } from './subscript';
import { frozenModels, gradModeStatement } from './no-grad';
import { operators } from './operators';
import { comprehension } from './comprehension';
import { dictLiteral, sequenceLiteral, starBound } from './literals';
import { conditional } from './conditional-expr';
import { definedDefaults, resetExpansions } from './params';
import { argumentsRewritten, writtenInPlace } from './in-place';
import { metricCall, indexesBack, indexesOneItem } from './argmax-uses';
import { judgeReads, keptInContainer, readsOfCall, SHAPE_ARG_METHODS, readInside, unmodeledCall, negationOf } from './probability-reads';
import { noteReadByPosition, resetSharedSites } from './shared-sites';
import { teacherTargets } from './training';
import { resetUnreadCode } from './probability-uses';
import { resetClassEscapes } from './class-escapes';
import { argumentsHandedOn, evalArgs, yielded, type Args } from './call-args';
import { findMember } from './objects';
import { sysModuleGot } from './namespaces';
import { lightningPredict } from './trainers';
import { runFunction } from './statements';
import { carriedIntoCall } from './escapes';

export { arg, argValue, receiverFirst, type Args } from './call-args';


/** Where code runs: its scope, its file, the function whose body it is (parameters), its returns. */
export interface Frame {
  env: Env;
  module: PyModule;
  fn?: FunctionDef;
  /** Parameter names of `fn` (a loss whose first argument is one is called by the framework). */
  params?: Set<string>;
  returns?: PyValue[];
  /** Call depth (expansions) of this frame. */
  depth: number;
  /** Inside a branch or a loop body: a mutation here may not happen (appends make lists open). */
  cond?: boolean;
  /** The innermost branch or loop body this frame runs in (a new object for each). */
  scope?: object;
  /** Branches of this frame: the attributes of the instance being built before them. */
  attrsBefore?: ReadonlyMap<string, PyValue>;
  /** A loop body: the names as they are at each `continue` run in it (loop-carried.ts passEnd). */
  continues?: Env[];
  /** A branch whose attributes of this instance are its own (joined after the branches). */
  ownAttrs?: PyObject;
  /** Executing this class's body: defs are its methods. */
  cls?: ClassDef;
  /** Inside a run of code nobody called (or called from one): it may never run. */
  generic?: boolean;
  /** Parameters left at None that decided a branch of this run (none-branches.ts). */
  noneParams?: Set<string>;
  /** Parameters defaulting to None that this call gives (none-branches.ts givenParameter). */
  givenParams?: Set<string>;
  /** The call that runs this function, as its memo knows it (params.ts): equal for equal calls. */
  callKey?: string;
  /** The call that runs this function, and the argument each parameter was given by, as written and
   *  as evaluated (call-args.ts writtenBy). */
  call?: CallSite;
  argNodes?: Map<string, { node: Node; value: PyValue }>;
}

/** A call being run: its node and site, its evaluated arguments (call-args.ts), its frame. */
export interface CallSite {
  node: Node;
  site: Site;
  args: Args;
  frame: Frame;
  /** The path of a parameter left at None (none-branches.ts): no expansion of its own. */
  otherPath?: boolean;
  /** Run for what this call returns: a None-default parameter it gives is not None. */
  decideGiven?: boolean;
}

const MAX_EXPR_DEPTH = 120;
export const MAX_CALL_DEPTH = 6;

export class Interp {
  readonly events: EngineEvent[] = [];
  /** Events taken back before the rules see them (a compile() that a later one replaced unused). */
  readonly withdrawn = new Set<EngineEvent>();
  readonly models: ModelInfo[] = [];
  /** Calls of loss classes whose own forward is running (loss-classes.ts): events are reported there. */
  readonly lossCalls: Array<{ call: CallSite; cls: string }> = [];
  /** Statements executed in this session; past `maxSteps` nothing more is expanded. */
  steps = 0;
  maxSteps = 400_000;
  private exprDepth = 0;
  private readonly ids = new WeakMap<object, number>();
  private nextId = 1;

  constructor(readonly program: Program) {
    resetExpansions();
    resetSharedSites();
    resetUnreadCode(program.modules);
    resetClassEscapes(program.modules);
  }

  /** Inside branches chosen by a tensor's width (`if p.shape[1] > 1:`): argmax and softmax there
   *  may never meet a one-unit output, so they are not recorded. */
  widthGuards = 0;
  /** Inside `with torch.no_grad():` (statements.ts): what calls make there is cut from the gradient. */
  noGrad = 0;
  /** `torch.set_grad_enabled(False)` ran as a statement (no-grad.ts gradModeStatement). */
  gradOff = false;
  /** Inside branches chosen by the output's activation (branches.ts readsActivation): a threshold
   *  there is for the activation tested, not recorded; a loss is recorded as such (not judged). */
  activationGuards = 0;

  /** Loss events so far (objects.ts: whether building a module applied a loss). */
  lossEvents = 0;

  emit(e: EngineEvent): void {
    if (this.widthGuards > 0 && (e.type === 'argmax' || e.type === 'softmax')) return;
    if (this.widthGuards > 0 && (e.type === 'threshold' || e.type === 'loss')) e = { ...e, widthBranch: true };
    if (this.activationGuards > 0 && e.type === 'threshold') return;
    if (this.activationGuards > 0 && e.type === 'loss') e = { ...e, activationBranch: true };
    if (e.type === 'loss') this.lossEvents++;
    this.events.push(e);
  }

  private readonly deferred: Array<() => void> = [];
  /** Lambdas evaluated, by their node: each evaluation makes a function (finish runs those never called). */
  private readonly lambdas = new Map<Node, FunctionDef[]>();
  /** Tensors read as probabilities outside the rules' events (edits.ts): compared with a number
   *  (`probs > THRESH`), in arithmetic, or given to a consumer of probabilities (readsProbabilities). */
  readonly probabilityReads: TensorRef[] = [];
  /** Of those, the values cut somewhere but at 0 (`p > t`, `p.gt(thr)`): a decision on probabilities. */
  readonly cutReads: TensorRef[] = [];
  /** Functions (code offsets, per file) some of whose runs the budget or a recursion refused
   *  (params.ts), and why: no edit there is safe. */
  readonly cutShort = new Map<string, Array<[number, number, string]>>();
  /** Methods (code offsets, per file) a subclass made nowhere in view inherits (objects.ts): it may
   *  run them on outputs of its own, so no edit there is safe. */
  readonly inheritedBy = new Map<string, Array<{ start: number; end: number; by: string; fn: string }>>();
  /** Tensors given to what takes probabilities by its nature (`np.log(p)`, `log_loss(y, p)`,
   *  `np.random.choice(n, p=p)`): raw logits read there are wrong whatever the loss (vocab-common.ts). */
  readonly consumedAsProbabilities: TensorRef[] = [];
  /** Tensors whose values leave the code we follow as they are (`float(p)`, a file, a list, an
   *  exported model's output): whatever the model was trained to output, its readers take. */
  readonly leftAsTheyAre: TensorRef[] = [];
  /** Tensors given to a call we do not know whose result is dropped (`squash(o)`): it may write
   *  them in place. */
  readonly handedAndDropped: TensorRef[] = [];

  /** Work that reads facts only complete after the whole program (run by finish()). */
  defer(fn: () => void): void {
    this.deferred.push(fn);
  }

  /** The optimisers made (their calls; shared-sites.ts noteOptimised) and the models each takes: a
   *  model none takes is not trained here. */
  readonly optimisers = new Map<Node, Set<ModelInfo>>();
  /** Of those, the ones that also take parameters of something we do not know (an installed model,
   *  an unresolved import's, one held by a container beside a known model). */
  readonly optimisesUnknown = new Set<Node>();

  /** `x.squeeze(-1)` results and what they squeezed. */
  readonly lastAxisSqueezes = new Map<TensorRef, TensorRef>();
  /** Files that run code we do not see in their namespace (`%run`, `exec`). */
  readonly scriptsRunIn = new Set<string>();
  private readonly generic: Array<() => void> = [];
  /** Runs of code nobody called (statements.ts execModule), once every file has run. */
  afterFiles(fn: () => void): void {
    this.generic.push(fn);
  }

  /** After every file: the runs of code nobody called (they may load more modules, whose own runs
   *  join the queue), deferred reads, then every model's output (a fold may record events). */
  finish(): void {
    for (let i = 0; i < this.generic.length; i++) this.generic[i]();
    // A lambda nobody called (`is_real = lambda x: netD(x) > 0.5` kept for later cells or importers)
    // runs once too, as an uncalled def does: what it does with a model's output counts.
    for (const fns of this.lambdas.values()) {
      const mod = this.program.modules.get(fns[0].file);
      if (mod && !fns.some((fn) => fn.ran)) runFunction(this, fns[fns.length - 1], undefined, undefined, this.program.moduleFrame(mod));
    }
    for (let i = 0; i < this.deferred.length; i++) this.deferred[i]();
    if (this.withdrawn.size) {
      const kept = this.events.filter((e) => !this.withdrawn.has(e));
      this.events.splice(0, this.events.length, ...kept);
    }
    for (const m of this.models) m.output.get();
    // `F.cross_entropy(scores.squeeze(-1), target)` of a one-unit output: it scores items.
    for (const e of this.events) {
      const from = e.type === 'loss' && e.kind.family !== 'binary' ? this.lastAxisSqueezes.get(e.pred) : undefined;
      const f = from?.get();
      if (f?.model && f.width === 1) f.model.scoresItems = true;
    }
    teacherTargets(this);
    judgeReads(this);
  }

  /** The vocabulary of code in this frame's file: Keras when it binds Keras/TensorFlow. */
  vocabOf(f: Frame): Vocabulary {
    return f.module.keras ? kerasVocab : torchVocab;
  }

  site(node: Node, file: string): Site {
    const map = this.program.offsets.get(file);
    // In a notebook: offsets in the .ipynb text; the node's own span (`code`) is kept for the
    // vocabularies' edits, which notebook-edits.ts turns into JSON edits.
    if (map) return { file, start: map[node.startIndex], end: Math.max(map[node.startIndex], rawEnd(map, node.endIndex)), node, code: [node.startIndex, node.endIndex] } as Site;
    return { file, start: node.startIndex, end: node.endIndex, node };
  }

  exhausted(): boolean {
    return this.steps > this.maxSteps;
  }

  /** A stable identity for memo keys. */
  idOf(o: object): number {
    let id = this.ids.get(o);
    if (!id) this.ids.set(o, (id = this.nextId++));
    return id;
  }

  eval(node: Node | null | undefined, f: Frame): PyValue {
    if (!node) return UNKNOWN;
    if (this.exprDepth >= MAX_EXPR_DEPTH) return UNKNOWN;
    this.exprDepth++;
    try {
      return this.evalInner(node, f);
    } finally {
      this.exprDepth--;
    }
  }

  private evalInner(node: Node, f: Frame): PyValue {
    switch (node.type) {
      case 'identifier':
        return f.env.lookup(node.text) ?? this.program.builtin(node.text, f.module.env);
      case 'integer': {
        const n = Number(node.text.replace(/_/g, '').replace(/[lLjJ]$/, ''));
        return Number.isFinite(n) ? { k: 'const', v: n } : UNKNOWN;
      }
      case 'float': {
        const n = Number(node.text.replace(/_/g, ''));
        return Number.isFinite(n) ? { k: 'const', v: n } : UNKNOWN;
      }
      case 'true':
      case 'false':
        return { k: 'const', v: node.type === 'true' };
      case 'none':
        return NONE;
      case 'string':
        return node.namedChildren.some((c) => c?.type === 'interpolation') ? readInside(this, node, f) : stringValue(node);
      case 'yield':
        return yielded(this, node, f);
      case 'concatenated_string': {
        let s = '';
        for (const part of node.namedChildren) {
          const v = part && str(stringValue(part));
          if (v === undefined) return UNKNOWN;
          s += v;
        }
        return { k: 'const', v: s, site: this.site(node, f.module.file) };
      }
      case 'parenthesized_expression':
        return this.eval(node.namedChildren.find((c) => c && c.type !== 'comment'), f);
      case 'unary_operator': {
        const v = this.eval(node.childForFieldName('argument'), f);
        const op = node.child(0)?.type;
        const n = num(v);
        if (n !== undefined && op === '-') return computedPerPass({ k: 'const', v: -n, site: this.site(node, f.module.file) }, v);
        if (n !== undefined && op === '+') return v;
        return v.k === 'tensor' && op === '-' ? negationOf(v.ref) : UNKNOWN;
      }
      case 'list':
      case 'tuple':
      case 'expression_list':
      case 'pattern_list':
        return sequenceLiteral(this, node, f);
      case 'dictionary':
        return dictLiteral(this, node, f);
      case 'attribute': {
        const obj = this.eval(node.childForFieldName('object'), f);
        const name = node.childForFieldName('attribute')?.text ?? '';
        return attribute(this, obj, name, node, f);
      }
      case 'subscript': {
        const obj = this.eval(node.childForFieldName('value'), f);
        const idxNodes = node.childrenForFieldName('subscript').filter((n): n is Node => !!n);
        const idxValues = idxNodes.map((n) => this.eval(n, f));
        const idx = idxValues.length === 1 ? idxValues[0] : UNKNOWN;
        for (const v of idxValues) indexesBack(obj, v);
        indexesOneItem(obj, idx);
        noteReadByPosition(obj);
        // (`ts[i]` with `i` stepped every pass: another item each pass.)
        return computedPerPass(subscript(this, obj, idx, idxNodes, node, f), idx);
      }
      case 'call':
        return this.evalCall(node, f);
      case 'conditional_expression':
        return conditional(this, node, f);
      case 'comparison_operator':
      case 'binary_operator':
      case 'boolean_operator':
      case 'not_operator':
        return operators(this, node, f);
      case 'lambda': {
        // A function value like a def's (loss=lambda y, p: ...); it runs only when called.
        const fn = definedDefaults(this, { node, name: '<lambda>', file: f.module.file, closure: f.env, ran: false }, f);
        const made = this.lambdas.get(node);
        if (made) made.push(fn);
        else this.lambdas.set(node, [fn]);
        return { k: 'function', fn };
      }
      case 'await':
      case 'list_splat':
      case 'dictionary_splat':
      case 'keyword_argument':
        if (starBound(node)) return this.eval(node.namedChildren[0], f); // `[*net.modules()]` (literals.ts)
        for (const c of node.namedChildren) {
          const v = this.eval(c, f);
          if (node.type === 'list_splat') noteReadByPosition(v);
        }
        return UNKNOWN;
      case 'list_comprehension':
      case 'set_comprehension':
      case 'dictionary_comprehension':
      case 'generator_expression':
        return comprehension(this, node, f);
      case 'named_expression': {
        // `(out := net(x))`: the name is bound in the enclosing scope, here and now.
        const v = this.eval(node.childForFieldName('value'), f);
        const name = node.childForFieldName('name');
        if (name) f.env.vars.set(name.text, v);
        return v;
      }
      default:
        // F-strings, slices, sets, ...: evaluate what is inside (it may call a loss), the value
        // itself is unknown (a model kept in a set is used through it).
        for (const c of node.namedChildren) if (c && c.type !== 'comment') {
          const v = this.eval(c, f);
          if (node.type === 'set') keptInContainer(this, v);
        }
        return UNKNOWN;
    }
  }

  evalCall(node: Node, f: Frame): PyValue {
    const calleeNode = node.childForFieldName('function');
    const callee = this.eval(calleeNode, f);
    const argList = node.childForFieldName('arguments');
    const args = evalArgs(this, argList, f);
    metricCall(calleeNode, args);
    readsOfCall(this, calleeNode, callee, args);
    argumentsHandedOn(this, args, callee, node);
    // A Keras step applying the model's own compiled loss and metrics: judged (and fixed) with compile.
    const compiled = !!calleeNode && /^self\.(?:compiled_loss|compiled_metrics\.update_state|compute_metrics)$/.test(calleeNode.text);
    const method = calleeNode?.type === 'attribute' ? calleeNode.childForFieldName('attribute')?.text : calleeNode?.text;
    if (callee.k === 'unknown' && !compiled) {
      unmodeledCall(this, callee, args, false, method);
      if (callee !== GENERIC_ARG && node.parent?.type === 'expression_statement') for (const v of args.pos) if (v.k === 'tensor') this.handedAndDropped.push(v.ref);
      if (callee !== GENERIC_ARG && !(method && SHAPE_ARG_METHODS.has(method))) handedOver(this, args, f);
    }
    gradModeStatement(this, callee, node);
    const call = { node, site: this.site(node, f.module.file), args, frame: f };
    // Lightning's `trainer.predict(model, loader)`: a list of what the module's predict_step returns.
    // A model's weights, layers or config handed on (escapes.ts); a copy or a part of them carries them.
    const carried = carriedIntoCall(this, callee, call);
    let r = carried ?? ((callee.k === 'unknown' && method === 'predict' && lightningPredict(this, call)) || (callee.k === 'unknown' && sysModuleGot(this, calleeNode, call)) || (callee.k === 'unknown' && datasetOfOne(calleeNode, method, args)) || callValue(this, callee, call));
    if (callee.k === 'function') argumentsRewritten(callee.fn, !!callee.self, call, f);
    else if (callee.k === 'instance') {
      const own = findMember(callee.obj.cls, '__call__');
      if (own?.k === 'function') argumentsRewritten(own.fn, true, call, f);
    }
    // A model run under no_grad, or a tensor detached: cut from the gradient. (Only these results
    // are new values: a decision's result is known by its identity, argmax-uses.ts.)
    const runsModel = callee.k === 'model' || callee.k === 'instance' || callee.k === 'layer';
    const frozen = (callee.k === 'model' && frozenModels.has(callee.model)) || (callee.k === 'instance' && !!callee.obj.model && frozenModels.has(callee.obj.model));
    if (((this.noGrad > 0 || frozen) && runsModel) || (r.k === 'tensor' && calleeNode?.type === 'attribute' && calleeNode.childForFieldName('attribute')?.text === 'detach')) r = detached(r);
    writtenInPlace(f, callee, calleeNode, argList, args, r);
    return r;
  }

  /** Calls `callee` with values already evaluated (a decorator applied to what it decorates; the
   *  model and loss a trainer from an installed package calls, trainers.ts). */
  callWith(callee: PyValue, pos: PyValue[], node: Node, f: Frame, kw: Map<string, PyValue> = new Map()): PyValue {
    const args: Args = { pos, posNodes: [], kw, kwNodes: new Map(), splat: false };
    return callValue(this, callee, { node, site: this.site(node, f.module.file), args, frame: f });
  }
}

// Methods that no linted code calls on an instance made with known constructor arguments
// (`export const t = new Trainer(logits())`, its `t.decide(x)` in an app we do not see) run once,
// after every file, with `this` bound to that instance: `this.model` is then the model it was given
// (classes.ts constructorArgument), as the Python frontend runs a method nobody called for each
// instance the program made (python/objects.ts runClassGeneric). Each instance runs on its own, so
// two trainers given different models are judged each with its own; a method called on the instance
// keeps its callers' arguments only. What such a run alone finds rests on a call we do not see: its
// fixes are offered, not applied.
import ts = require('typescript');
import type { EngineEvent } from '../core/events';
import type { Site } from '../core/site';
import type { Interp } from './interp';
import { CallKeys } from './call-keys';
import { propName } from './syntax';
import { EMPTY_ENV, ModelInfo, UNKNOWN, Value } from './values';
import { settleModels } from './tfcalls';

type Instance = Extract<Value, { k: 'instance' }>;
type Method = ts.MethodDeclaration | ts.GetAccessorDeclaration | ts.ArrowFunction | ts.FunctionExpression;

/** More instances of one class than this: none runs (as Python, past a few no instance stands for
 *  them all; here the context-free walk already ran the methods with `this` unknown). */
const MAX_INSTANCES_PER_CLASS = 4;

export class InstanceRuns {
  private readonly made = new Map<ts.ClassLikeDeclaration, Map<string, { instance: Instance; at: ts.NewExpression }>>();
  private readonly calledOn = new WeakMap<Instance, Set<ts.Node>>();
  private readonly keys = new CallKeys();
  private running = false;
  /** The events these runs produced, those produced before at the same site, and why a fix resting
   *  on one is not applied. */
  private readonly runEvents: Array<{ event: EngineEvent; earlier: EngineEvent[]; why: string }> = [];

  /** `new C(args)` made `instance` (with its known arguments). */
  noteMade(decl: ts.ClassLikeDeclaration, instance: Value, at: ts.NewExpression): void {
    // (Not those these runs make, `clone() { return new Trainer(this.model); }`: they would run again.)
    if (instance.k !== 'instance' || !instance.args || this.running) return;
    const byArgs = this.made.get(decl) ?? this.made.set(decl, new Map()).get(decl)!;
    // The same `new` with the same arguments (a factory expanded twice) makes instances alike.
    const key = this.keys.of(at, EMPTY_ENV, undefined, [...instance.args]);
    if (!byArgs.has(key)) byArgs.set(key, { instance, at });
  }

  /** A function is applied with `this` = `self`. */
  noteCall(self: Value | undefined, decl: ts.Node): void {
    if (self?.k !== 'instance' || !self.args) return;
    (this.calledOn.get(self) ?? this.calledOn.set(self, new Set()).get(self)!).add(decl);
  }

  /** Runs the methods nobody called on each instance (once; after every file was walked). */
  run(ev: Interp, events: readonly EngineEvent[], models: readonly ModelInfo[]): void {
    if (this.made.size === 0) return;
    settleModels(models);
    this.running = true;
    const before = events.length;
    const runs: Array<{ from: number; why: string }> = [];
    for (const [decl, byArgs] of this.made) {
      if (byArgs.size > MAX_INSTANCES_PER_CLASS) continue;
      const methods = methodsOf(decl);
      for (const { instance, at } of byArgs.values()) {
        for (const m of methods) {
          if (this.calledOn.get(instance)?.has(m.fn)) continue;
          const why = `it was found by running ${decl.name?.text ?? 'the class'}.${m.name}, which no linted code calls, with the instance made at line ${lineOf(at)} (code we do not see may call it on other instances, or not at all)`;
          runs.push({ from: events.length, why });
          ev.apply({ k: 'fn', decl: m.fn, env: EMPTY_ENV, self: instance }, m.fn.parameters.map(() => UNKNOWN), ev.root);
        }
      }
    }
    this.running = false;
    if (events.length === before) return;
    const earlier = new Map<string, EngineEvent[]>();
    for (const e of events.slice(0, before)) earlier.get(keyOf(e.site))?.push(e) ?? earlier.set(keyOf(e.site), [e]);
    for (let r = 0; r < runs.length; r++) {
      const end = r + 1 < runs.length ? runs[r + 1].from : events.length;
      for (let i = runs[r].from; i < end; i++) this.runEvents.push({ event: events[i], earlier: earlier.get(keyOf(events[i].site)) ?? [], why: runs[r].why });
    }
  }

  /** Why no fix resting on [start, end) of `file` is applied: it lies in a site where one of these
   *  runs saw a model no other code there did (read when the rules run: models are complete then). */
  unsafeAt(file: string, start: number, end: number): string | undefined {
    for (const { event, earlier, why } of this.runEvents) {
      const site = event.site;
      if (site.file !== file || start < site.start || site.end < end) continue;
      const m = modelOf(event);
      if (m && !earlier.some((e) => modelOf(e) === m)) return why;
    }
    return undefined;
  }
}

/** The model whose values an event reads (its prediction), when known. */
function modelOf(e: EngineEvent): ModelInfo | undefined {
  return (e.type === 'loss' || e.type === 'metric' ? e.pred : e.input).get().model ?? (e.type === 'loss' || e.type === 'metric' ? e.model : undefined);
}

function keyOf(s: Site): string {
  return `${s.file}\u0000${s.start}\u0000${s.end}`;
}

function lineOf(n: ts.Node): number {
  const sf = n.getSourceFile();
  return sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
}

/** A class's own instance methods with bodies (getters, and arrow or function fields too), those
 *  other members call as `this.name` last: by then a run of the others has called them with their
 *  arguments. (Not setters, whose value we would make up, nor methods with a rest parameter, whose
 *  count of arguments we would.) */
function methodsOf(decl: ts.ClassLikeDeclaration): Array<{ fn: Method; name: string }> {
  const out: Array<{ fn: Method; name: string }> = [];
  for (const m of decl.members) {
    if (ts.canHaveModifiers(m) && ts.getModifiers(m)?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword)) continue;
    const name = m.name && propName(m.name);
    if (!name) continue;
    let fn: Method | undefined;
    if ((ts.isMethodDeclaration(m) || ts.isGetAccessorDeclaration(m)) && m.body) fn = m;
    else if (ts.isPropertyDeclaration(m) && m.initializer && (ts.isArrowFunction(m.initializer) || ts.isFunctionExpression(m.initializer))) fn = m.initializer;
    if (fn && !fn.asteriskToken && !fn.parameters.some((p) => p.dotDotDotToken)) out.push({ fn, name });
  }
  // A name defined twice: the last definition is the one that runs (classes.ts findMethod).
  const last = out.filter((m, i) => !out.slice(i + 1).some((o) => o.name === m.name));
  const called = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isPropertyAccessExpression(n) && n.expression.kind === ts.SyntaxKind.ThisKeyword) called.add(n.name.text);
    n.forEachChild(visit);
  };
  for (const m of last) m.fn.body?.forEachChild(visit);
  return [...last.filter((m) => !called.has(m.name)), ...last.filter((m) => called.has(m.name))];
}

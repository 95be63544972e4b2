// Keys of call expansions: a function called again with arguments that behave the same (literals by
// content, objects by identity) is expanded once.
import type { Env, Value } from './values';

export class CallKeys {
  private readonly ids = new WeakMap<object, number>();
  private nextId = 0;

  /** The key of calling `decl` (with closure `env` and `this` = `self`) on `args`. */
  of(decl: object, env: Env, self: Value | undefined, args: Value[]): string {
    return [this.idOf(decl), this.idOf(env), self ? this.keyOf(self) : '-', ...args.map((a) => this.keyOf(a))].join('|');
  }

  private idOf(o: object): number {
    let id = this.ids.get(o);
    if (id === undefined) this.ids.set(o, (id = ++this.nextId));
    return id;
  }

  /** Values that behave the same get the same key: literals by content, objects by identity. */
  private keyOf(v: Value): string {
    switch (v.k) {
      case 'unknown': return 'u';
      case 'nullish': return 'z';
      case 'num': return `n${v.v}`;
      case 'str': return `s${JSON.stringify(v.v)}`;
      case 'tf': return `t${v.path}`;
      case 'model': return `m${this.idOf(v.model)}`;
      case 'layer': return `l${this.idOf(v.layer)}`;
      case 'tensor': case 'data': return `${v.k[0]}${this.idOf(v.t)}`;
      case 'fn': return `f${this.idOf(v.decl)}.${this.idOf(v.env)}`;
      case 'instance': return `i${this.idOf(v.decl)}${v.args ? `.${this.idOf(v)}` : ''}`;
      case 'class': return `c${this.idOf(v.decl)}`;
      case 'module': return `M${v.file}`;
      default: return `o${this.idOf(v)}`;
    }
  }
}

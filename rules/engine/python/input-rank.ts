// What a model's forward / call shows of its input's rank. Without it the engine presumes that a
// model of per-sample layers maps [batch, features] to [batch, units] (core/judge outputRank), so an
// axis-1 softmax or argmax over a one-unit output is "over one unit". A forward that unpacks
// `B, K, D = cands.shape` or reads `x.size(2)` runs on [batch, items, features] (candidate scorers,
// attention pooling over steps): its axis 1 is the items, and that presumption must not stand.
import type { SyntaxNode as Node } from './syntax-tree';
import { paramOf } from './params';

export interface RankEvidence {
  rank?: number;
  minRank?: number;
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The rank of parameter `name` as `fn`'s body shows it before rebinding it; {} when it shows none. */
export function inputRankIn(fn: Node, name: string): RankEvidence {
  const body = fn.childForFieldName('body');
  if (!body || !/^[A-Za-z_]\w*$/.test(name)) return {};
  let text = body.text;
  // The forms below all read an attribute of this name, or call bmm: most forwards have none.
  if (!text.includes(`${name}.`) && !text.includes('bmm')) return {};
  const n = esc(name);
  // Only what is read of the parameter itself: evidence after a rebinding (`x = x.view(b, -1)`,
  // `x, _ = self.rnn(x)`) is about another tensor. A keyword argument `f(x=...)` counts as a
  // rebinding too: that only loses evidence.
  const rebound = new RegExp(`(?:^|[\\s,(])${n}\\s*(?:,[^\\n=]*)?[-+*/@]?=(?!=)`, 'm').exec(text);
  if (rebound) text = text.slice(0, rebound.index);
  const out: RankEvidence = {};
  const atLeast = (r: number) => {
    if (r > (out.minRank ?? 0)) out.minRank = r;
  };
  // `B, K, D = x.shape` / `x.size()`: exactly that many axes (a starred name: at least the others).
  const unpack = new RegExp(`^[ \\t(]*([\\w*]+(?:[ \\t]*,[ \\t]*[\\w*]+)+)[ \\t]*,?[ \\t]*\\)?[ \\t]*=[ \\t]*${n}[ \\t]*\\.[ \\t]*(?:shape\\b(?![ \\t]*\\[)|size[ \\t]*\\([ \\t]*\\))`, 'gm');
  for (const m of text.matchAll(unpack)) {
    const names = m[1].split(',').map((s) => s.trim());
    const starred = names.filter((s) => s.startsWith('*')).length;
    if (starred === 0) {
      if (out.rank !== undefined && out.rank !== names.length) return {}; // two answers: none
      out.rank = names.length;
    } else atLeast(names.length - starred);
  }
  // `x.shape[2]`, `x.size(-3)`, `x.size(dim=2)`: at least that many axes.
  for (const m of text.matchAll(new RegExp(`\\b${n}[ \\t]*\\.[ \\t]*(?:shape[ \\t]*\\[|size[ \\t]*\\([ \\t]*(?:dim[ \\t]*=[ \\t]*)?)[ \\t]*(-?\\d+)[ \\t]*[\\])]`, 'g'))) {
    const i = Number(m[1]);
    atLeast(i >= 0 ? i + 1 : -i);
  }
  // `x.transpose(1, 2)`, `x.permute(0, 2, 1)`, `torch.bmm(x, w)`: axes up to the largest named.
  for (const m of text.matchAll(new RegExp(`\\b${n}[ \\t]*\\.[ \\t]*(?:transpose|permute)[ \\t]*\\(([-\\d, \\t]+)\\)`, 'g'))) {
    const axes = m[1].split(',').map((s) => Number(s.trim())).filter((v) => Number.isInteger(v));
    for (const a of axes) atLeast(a >= 0 ? a + 1 : -a);
  }
  if (new RegExp(`\\btorch[ \\t]*\\.[ \\t]*bmm[ \\t]*\\([ \\t]*${n}\\b|\\b${n}[ \\t]*\\.[ \\t]*bmm[ \\t]*\\(`).test(text)) atLeast(3);
  if (out.rank !== undefined) {
    if (out.minRank !== undefined && out.minRank > out.rank) return {};
    return { rank: out.rank };
  }
  return out.minRank !== undefined && out.minRank > 2 ? { minRank: out.minRank } : {};
}

/** The name of the first parameter after `self` of method `fn` (`forward(self, x: Tensor)` -> x). */
export function firstParam(fn: Node): string | undefined {
  const p = fn.childForFieldName('parameters')?.namedChildren[1];
  const q = p ? paramOf(p) : undefined;
  return q?.kind === 'plain' ? q.name : undefined;
}

// A loss or metric object made inside a dict or list literal (`LOSSES = {"bce": nn.BCELoss()}`):
// whoever reads the container by a key or index we cannot follow (`LOSSES[name]`, a loop over its
// values, `**LOSSES`, the container handed to a function or another file) may apply that object to
// another model's output. Rewriting it for the one use we see could break those: not a safe edit.
import type { SyntaxNode as Node } from './syntax-tree';
import type { Site } from '../core/site';
import { textOf } from './parser';
import { nodeOf } from './edits';
import { programTexts } from './probability-uses';

const ITEM_PARENTS = new Set(['list', 'tuple', 'set', 'pair', 'dictionary']);

/** Whether the object made at `site` is an item of a container literal read in ways other than
 *  by a written key or index (`LOSSES["bce"]`, `CRITS[0]`) in its own file. A literal written
 *  straight into a call (`compile(loss=[...], metrics={...})`) is that call's own. */
export function heldInContainer(site: Site | undefined): boolean {
  const node = nodeOf(site);
  if (!site || !node) return false;
  // A number given to the object (`BinaryAccuracy(threshold=0.0)`): the object's call.
  let start: Node = node;
  // `F.binary_cross_entropy` named as a call's function: that call.
  if (node.parent?.type === 'call' && node.parent.childForFieldName('function') === node) start = node.parent;
  else if (node.type !== 'call') {
    while (start.parent && (start.parent.type === 'keyword_argument' || start.parent.type === 'argument_list')) start = start.parent;
    start = start !== node && start.parent?.type === 'call' ? start.parent : node;
  }
  // The outermost container around it: literals, and calls that build one (`dict(bce=...)`); a
  // lambda in one (`{"bce": lambda p, y: F.binary_cross_entropy(p, y)}`) is an item too.
  let container: Node | undefined;
  for (let p = start.parent; p; p = p.parent) {
    if (ITEM_PARENTS.has(p.type)) {
      if (p.type !== 'pair') container = p;
    } else if (p.type === 'keyword_argument' || p.type === 'argument_list') {
      if (!buildsContainer(p.type === 'keyword_argument' ? p.parent?.parent : p.parent)) break;
    } else if (p.type === 'call' && buildsContainer(p)) container = p;
    else if (p.type !== 'lambda') break;
  }
  const left = container ? holderName(container) : filledIn(start);
  if (!container && !left) return false;
  if (container && (container.parent?.type === 'keyword_argument' || container.parent?.type === 'argument_list')) return false;
  if (!left || (left.type !== 'identifier' && left.type !== 'attribute')) return true;
  const name = left.type === 'identifier' ? left.text : left.childForFieldName('attribute')?.text ?? '';
  const text = textOf(site.file);
  if (!name || !text) return true;
  // Every other mention must be `NAME["key"]` or `NAME[0]` (an attribute's too: `self.losses["bce"]`).
  const mention = new RegExp(`(?<![\\w])${name}\\b(?!\\s*\\[\\s*(?:"[^"\\n]*"|'[^'\\n]*'|-?\\d+)\\s*\\])`, 'g');
  // The place that fills it (`LOSSES = {...}`, `LOSSES["bce"] = ...`, `CRITS.append(...)`) aside.
  const own = [...text.matchAll(mention)].filter((m) => m.index !== left.startIndex + (left.text.length - name.length));
  if (own.length) return true;
  // Another file of the program naming it (`from losses import LOSSES`).
  let files = 0;
  for (const t of programTexts()) if (new RegExp(`(?<![\\w])${name}\\b`).test(t)) files++;
  return files > 1;
}

const CONTAINER_CALLS = /^(?:dict|list|tuple|set|(?:collections\.)?(?:OrderedDict|defaultdict)|(?:torch\.)?nn\.Module(?:Dict|List))$/;

function buildsContainer(call: Node | null | undefined): boolean {
  return call?.type === 'call' && CONTAINER_CALLS.test(call.childForFieldName('function')?.text ?? '');
}

/** The name a container literal is assigned to. */
function holderName(container: Node): Node | undefined {
  const holder = container.parent;
  return holder?.type === 'assignment' ? holder.childForFieldName('left') ?? undefined : undefined;
}

/** A container filled item by item with the object: `LOSSES["bce"] = nn.BCELoss()`,
 *  `CRITS.append(nn.BCELoss())`; the container's name, else undefined. */
function filledIn(obj: Node): Node | undefined {
  const p = obj.parent;
  if (p?.type === 'assignment' && p.childForFieldName('right') === obj) {
    const left = p.childForFieldName('left');
    return left?.type === 'subscript' ? left.childForFieldName('value') ?? undefined : undefined;
  }
  const call = p?.type === 'argument_list' ? p.parent : undefined;
  const fn = call?.childForFieldName('function');
  if (fn?.type === 'attribute' && /^(?:append|insert|extend|add|setdefault|update)$/.test(fn.childForFieldName('attribute')?.text ?? '')) return fn.childForFieldName('object') ?? undefined;
  return undefined;
}


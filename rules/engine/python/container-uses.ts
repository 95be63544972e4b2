// A loss or metric object made inside a dict or list literal (`LOSSES = {"bce": nn.BCELoss()}`):
// whoever reads the container by a key or index we cannot follow (`LOSSES[name]`, a loop over its
// values, `**LOSSES`, the container handed to a function or another file) may apply that object to
// another model's output. Rewriting it for the one use we see could break those: not a safe edit.
import type { SyntaxNode as Node } from './syntax-tree';
import type { Site } from '../core/site';
import { textOf } from './parser';
import { nodeOf, programTexts } from './edits';

const ITEM_PARENTS = new Set(['list', 'tuple', 'set', 'pair', 'dictionary']);

/** Whether the object made at `site` is an item of a container literal read in ways other than
 *  by a written key or index (`LOSSES["bce"]`, `CRITS[0]`) in its own file. A literal written
 *  straight into a call (`compile(loss=[...], metrics={...})`) is that call's own. */
export function heldInContainer(site: Site | undefined): boolean {
  const node = nodeOf(site);
  if (!site || !node) return false;
  // A number given to the object (`BinaryAccuracy(threshold=0.0)`): the object's call.
  let start: Node = node;
  if (node.type !== 'call') {
    while (start.parent && (start.parent.type === 'keyword_argument' || start.parent.type === 'argument_list')) start = start.parent;
    start = start !== node && start.parent?.type === 'call' ? start.parent : node;
  }
  // The outermost container around it: literals, and calls that build one (`dict(bce=...)`).
  let container: Node | undefined;
  for (let p = start.parent; p; p = p.parent) {
    if (ITEM_PARENTS.has(p.type)) {
      if (p.type !== 'pair') container = p;
    } else if (p.type === 'keyword_argument' || p.type === 'argument_list') {
      if (!buildsContainer(p.type === 'keyword_argument' ? p.parent?.parent : p.parent)) break;
    } else if (p.type === 'call' && buildsContainer(p)) container = p;
    else break;
  }
  if (!container) return false;
  const holder = container.parent;
  if (holder?.type === 'keyword_argument' || holder?.type === 'argument_list') return false;
  const left = holder?.type === 'assignment' ? holder.childForFieldName('left') : undefined;
  if (!left || (left.type !== 'identifier' && left.type !== 'attribute')) return true;
  const name = left.type === 'identifier' ? left.text : left.childForFieldName('attribute')?.text ?? '';
  const text = textOf(site.file);
  if (!name || !text) return true;
  // Every other mention must be `NAME["key"]` or `NAME[0]` (an attribute's too: `self.losses["bce"]`).
  const mention = new RegExp(`(?<![\\w])${name}\\b(?!\\s*\\[\\s*(?:"[^"\\n]*"|'[^'\\n]*'|-?\\d+)\\s*\\])`, 'g');
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


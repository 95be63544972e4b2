// Hugging Face tokenizers, for how many samples they make (PreTrainedTokenizerBase, tokenization_utils_base.py):
// `tok(text)` of one string is one example, of a list a batch of as many (with `is_split_into_words`
// a list of strings is one text's words, a list of lists the batch); `encode` and `encode_plus`
// always make one. With
// `return_tensors` the tensors have a batch axis (of 1 for one example), so a model's output on
// them is a batch of that many rows: of one, its argmax without an axis is that text's class.
// Anything else of them (a batch of several, of a count we do not know, lists) stays unknown.
import type { PyValue } from './values';
import type { Interp, CallSite } from './evaluator';
import type { ModelInfo } from '../core/facts';
import { UNKNOWN_FACTS } from '../core/facts';
import { single, str, tensor } from './values';
import { arg } from './evaluator';
import { libraryObject } from './library-objects';

const TOKENIZER = /^transformers\.(?:[\w.]*\.)?\w*Tokenizer(?:Fast)?(?:\.from_pretrained)?$/;

/** A tokenizer made by transformers (undefined: `name` makes none). */
export function tokenizerCall(name: string): PyValue | undefined {
  return TOKENIZER.test(name) ? libraryObject(['__call__', 'encode', 'encode_plus', 'batch_encode_plus'], encoded) : undefined;
}

/** Records of one example's tensors made here (BatchEncoding), read by key or attribute. */
const encodings = new WeakSet<PyValue>();

function encoded(_it: Interp, method: string, c: CallSite): PyValue | undefined {
  const tensors = c.args.kw.get('return_tensors');
  if (c.args.splat || !tensors || str(tensors) === undefined) return undefined;
  // Overflowing windows (`return_overflowing_tokens=True` with a stride): one row per window.
  const overflow = c.args.kw.get('return_overflowing_tokens');
  if (overflow && !(overflow.k === 'const' && overflow.v === false)) return undefined;
  const oneText = (v: PyValue | undefined) => v?.k === 'const' && typeof v.v === 'string';
  const text = arg(c, 0, method === 'batch_encode_plus' ? 'batch_text_or_text_pairs' : 'text')?.value;
  const words = c.args.kw.get('is_split_into_words');
  const one =
    method === 'encode' || method === 'encode_plus' ||
    (method === '__call__' && !words && oneText(text)) ||
    // (A list of one item is a batch of one: one text, one pair, or, split into words, one text's words.)
    (text?.k === 'seq' && !text.open && !text.tail?.length && !text.head?.length && text.items.length === 1);
  if (!one) return undefined;
  const ids = single(tensor({ ...UNKNOWN_FACTS, role: 'data' }));
  if (method === 'encode') return ids;
  const record: PyValue = { k: 'dict', entries: new Map([['input_ids', ids], ['attention_mask', single(tensor({ ...UNKNOWN_FACTS, role: 'data' }))]]), attrs: true };
  encodings.add(record);
  return record;
}

/** `enc.to(device)`: BatchEncoding.to moves its tensors and returns itself. */
export function movedEncoding(d: PyValue, method: string): PyValue | undefined {
  return encodings.has(d) && (method === 'to' || method === 'cuda' || method === 'cpu') ? d : undefined;
}

/** What a transformers model (`isHf`) runs on: its first argument, `input_ids=` or
 *  `pixel_values=`, or the `input_ids` of a record splatted (`model(**enc)`). */
export function modelInput(isHf: (m: ModelInfo) => boolean, m: ModelInfo, c: CallSite): PyValue | undefined {
  const first = c.args.pos[0];
  if (first || !isHf(m)) return first;
  const given = c.args.kw.get('input_ids') ?? c.args.kw.get('pixel_values');
  if (given) return given;
  const spread = c.args.spread?.find((v) => encodings.has(v));
  return spread?.k === 'dict' ? spread.entries.get('input_ids') : undefined;
}

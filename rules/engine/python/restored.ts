// Models restored by a framework's class method on one's own class: Lightning's
// `Net.load_from_checkpoint(path, lr=1e-3)` builds Net with the hyperparameters saved in the
// checkpoint (keywords given replace them); Hugging Face's `Net.from_pretrained(name, num_labels=1)`
// builds Net(config), its keywords going to the config. Either way an instance of Net, whose
// arguments are unknown but for the keywords Lightning passes on.
import type { PyValue, ClassDef } from './values';
import type { Interp, CallSite } from './evaluator';
import { instantiate } from './objects';

export const RESTORING = new Set(['load_from_checkpoint', 'from_pretrained']);
/** load_from_checkpoint's own keywords, not the model's. */
const LOADER_KEYWORDS = new Set(['checkpoint_path', 'map_location', 'hparams_file', 'strict', 'weights_only']);

export function restoredInstance(it: Interp, cls: ClassDef, name: string, c: CallSite): PyValue {
  const keep = (k: string) => name === 'load_from_checkpoint' && !LOADER_KEYWORDS.has(k);
  const kw = new Map([...c.args.kw].filter(([k]) => keep(k)));
  const kwNodes = new Map([...c.args.kwNodes].filter(([k]) => keep(k)));
  return instantiate(it, cls, { ...c, args: { pos: [], posNodes: [], kw, kwNodes, splat: true } }, c.frame);
}

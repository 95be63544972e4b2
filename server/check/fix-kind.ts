// Which change a finding's preferred fix makes, so that the check trains the replica with the same
// change the editor's first quick fix applies (the finding's `fix`, else its first suggestion).
//
// The engine says what its loss fixes change (`fix.kind`: switch-loss, remove-activation, ...); the
// rest is read from the fix's title. A switched-to PyTorch or Keras loss is trained as the tfjs loss
// that computes the same function (framework-losses.ts).
import { parseLoss } from './losses';
import { tfjsLossFor } from './framework-losses';
import type { CheckInput, FixChoice, FixKind, ModelFacts } from './types';

export type { FixChoice, FixKind };

interface FixLike {
  title: string;
  safe: boolean;
  kind?: string;
}

interface FindingLike {
  fix?: FixLike;
  suggestions?: readonly FixLike[];
  facts?: ModelFacts;
}

/** The fix the editor offers first for a finding, and what it changes; undefined when it has none. */
export function fixChoiceOf(finding: FindingLike): FixChoice | undefined {
  const preferred = finding.fix ?? finding.suggestions?.[0];
  if (!preferred) return undefined;
  const others = [finding.fix, ...(finding.suggestions ?? [])].filter((f): f is FixLike => !!f && f !== preferred).map((f) => f.title);
  return { ...kindOf(preferred, finding.facts), title: preferred.title, safe: preferred.safe, source: finding.fix ? 'fix' : 'suggestion', others };
}

/** The engine's kind when it gave one; a switched-to loss the check cannot name from the title is
 *  the tfjs loss of the same family that expects what the title says. */
function kindOf(fix: FixLike, facts: ModelFacts | undefined): ReturnType<typeof kindOfTitle> {
  const fromTitle = kindOfTitle(fix.title);
  if (fix.kind === 'remove-activation' || fix.kind === 'log-softmax') return { kind: fix.kind };
  if (fix.kind !== 'switch-loss' || fromTitle.kind === 'switch-loss') return fromTitle;
  // "Use the loss X, which expects logits", or Keras' "Use BinaryCrossentropy(from_logits=True): ...".
  const flag = /from_logits=(True|False)/.exec(fix.title)?.[1];
  const expects = (/which expects (logits|probabilities)/.exec(fix.title)?.[1] ?? (flag === 'True' ? 'logits' : flag === 'False' ? 'probabilities' : undefined)) as 'logits' | 'probabilities' | undefined;
  const family = facts?.lossKind?.family;
  const loss = expects && family ? tfjsLossFor(expects, family) : undefined;
  return loss ? { kind: 'switch-loss', loss } : fromTitle;
}

/** The change a fix title describes (the titles rules/ writes; see rules/engine/loss-fixes.ts). */
export function kindOfTitle(title: string): { kind: FixKind; loss?: FixChoice['loss']; activation?: string } {
  const lossSwitch = /^Use (?:the loss )?(\S+?),? which expects (?:logits|probabilities)/.exec(title) ?? /^Use ('\w+') \(with a sigmoid output\)/.exec(title);
  const loss = lossSwitch ? parseLoss(lossSwitch[1].replace(/,$/, '')) : undefined;
  if (loss) return { kind: 'switch-loss', loss };
  const added = /^Add activation '(\w+)'/.exec(title);
  if (added) return { kind: 'add-activation', activation: added[1] };
  if (/^Use (?:activation '|an activation layer with '|)sigmoid'? for a single unit|activation layer with 'sigmoid'|^Use (?:activation=['"]sigmoid['"]|nn\.Sigmoid\(\)) for a single unit/.test(title)) return { kind: 'change-activation', activation: 'sigmoid' };
  if (/^Swap the labels and predictions/.test(title)) return { kind: 'swap-arguments' };
  if (/^(Threshold|Take argMax|Compare the logit|Apply sigmoid before)/.test(title)) return { kind: 'change-decision' };
  return { kind: 'other' };
}

/** What the check gets from a finding: its rule, its facts and the fix the editor prefers. */
export function checkInputOf(finding: FindingLike & { ruleId: string }): CheckInput {
  const fix = fixChoiceOf(finding);
  return { ruleId: finding.ruleId as CheckInput['ruleId'], facts: finding.facts, ...(fix ? { fix } : {}) };
}

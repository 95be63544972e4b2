// Which change a finding's preferred fix makes, so that the check trains the replica with the same
// change the editor's first quick fix applies (the finding's `fix`, else its first suggestion).
//
// The engine does not say yet, so the kind is read from the fix's title here, in this one function.
// When Finding's fixes carry a `kind` (see FixChoice), fixChoiceOf should read that instead.
import { parseLoss } from './losses';
import type { FixChoice, FixKind } from './types';

export type { FixChoice, FixKind };

interface FixLike {
  title: string;
  safe: boolean;
}

interface FindingLike {
  fix?: FixLike;
  suggestions?: readonly FixLike[];
}

/** The fix the editor offers first for a finding, and what it changes; undefined when it has none. */
export function fixChoiceOf(finding: FindingLike): FixChoice | undefined {
  const preferred = finding.fix ?? finding.suggestions?.[0];
  if (!preferred) return undefined;
  const others = [finding.fix, ...(finding.suggestions ?? [])].filter((f): f is FixLike => !!f && f !== preferred).map((f) => f.title);
  return { ...kindOfTitle(preferred.title), title: preferred.title, safe: preferred.safe, source: finding.fix ? 'fix' : 'suggestion', others };
}

/** The change a fix title describes (the titles rules/ writes; see rules/engine/loss-fixes.ts). */
export function kindOfTitle(title: string): { kind: FixKind; loss?: FixChoice['loss']; activation?: string } {
  const lossSwitch = /^Use (?:the loss )?(\S+?),? which expects (?:logits|probabilities)/.exec(title) ?? /^Use ('\w+') \(with a sigmoid output\)/.exec(title);
  const loss = lossSwitch ? parseLoss(lossSwitch[1].replace(/,$/, '')) : undefined;
  if (loss) return { kind: 'switch-loss', loss };
  const added = /^Add activation '(\w+)'/.exec(title);
  if (added) return { kind: 'add-activation', activation: added[1] };
  if (/^Use (?:activation '|an activation layer with '|)sigmoid'? for a single unit|activation layer with 'sigmoid'/.test(title)) return { kind: 'change-activation', activation: 'sigmoid' };
  if (/^Swap the labels and predictions/.test(title)) return { kind: 'swap-arguments' };
  if (/^(Threshold|Take argMax|Compare the logit|Apply sigmoid before)/.test(title)) return { kind: 'change-decision' };
  return { kind: 'other' };
}

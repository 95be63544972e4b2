// The problems list: every finding of the project (all files), with its message, rule and docs link,
// the related sites (click to go there), its fix and suggestions, and "Show numeric difference" when
// the engine proved the model facts the check needs. Plain DOM; text always goes in as text.
import type { FileProblem, Finding, Fix, RuleMeta } from '../../rules/index';

export interface ProblemActions {
  select(finding: Finding): void;
  reveal(file: string, start: number, end: number): void;
  fix(finding: Finding, fix: Fix): void;
  check(finding: Finding): void;
}

/** A finding's identity across re-lints: the rule and where it starts (line, not offset, survives edits above). */
export function findingKey(f: Pick<Finding, 'ruleId'> & { location: { file: string; line: number } }): string {
  return `${f.ruleId}@${f.location.file}:${f.location.line}`;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> & { className?: string } = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function siteLink(label: string, file: string, start: number, end: number, actions: ProblemActions): HTMLAnchorElement {
  const link = el('a', { href: '#', className: 'site', textContent: label });
  link.addEventListener('click', (event) => {
    event.preventDefault();
    event.stopPropagation();
    actions.reveal(file, start, end);
  });
  return link;
}

function button(text: string, className: string, onClick: () => void): HTMLButtonElement {
  const b = el('button', { type: 'button', className, textContent: text });
  b.addEventListener('click', (event) => {
    event.stopPropagation();
    onClick();
  });
  return b;
}

/** Findings with file names relative to the playground root (the engine's paths are absolute). */
export function renderProblems(list: HTMLElement, findings: Finding[], problems: FileProblem[], rules: Map<string, RuleMeta>, selected: string | undefined, actions: ProblemActions): void {
  const items: HTMLElement[] = [];
  for (const p of problems) {
    items.push(el('li', { className: 'problem file-problem' }, el('span', { className: 'severity error', textContent: 'error' }), ' ', `${p.file}${p.line ? `:${p.line}:${p.column ?? 1}` : ''}: ${p.message}`));
  }
  for (const f of findings) {
    const { file, line, column, start, end } = f.location;
    const key = findingKey(f);
    const li = el('li', { className: `problem ${f.severity}${key === selected ? ' selected' : ''}`, tabIndex: 0 });
    li.dataset.rule = f.ruleId;
    li.dataset.key = key;
    li.addEventListener('click', () => actions.select(f));
    li.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && event.target === li) actions.select(f);
    });
    const docs = rules.get(f.ruleId)?.docsUrl;
    li.append(
      el('div', { className: 'head' },
        el('span', { className: `severity ${f.severity}`, textContent: f.severity === 'warn' ? 'warning' : 'error' }), ' ',
        siteLink(`${file}:${line}:${column}`, file, start, end, actions), ' ',
        el('span', { className: 'message', textContent: f.message }), ' ',
        docs ? el('a', { className: 'rule', href: docs, target: '_blank', rel: 'noopener', textContent: f.ruleId }) : el('span', { className: 'rule', textContent: f.ruleId })),
    );
    if (f.related.length) {
      li.append(el('ul', { className: 'related' }, ...f.related.map((r) => el('li', {}, siteLink(`${r.file}:${r.line}:${r.column}`, r.file, r.start, r.end, actions), ` ${r.message}`))));
    }
    const buttons = [
      ...(f.fix ? [button(`Fix: ${f.fix.title}`, 'fix', () => actions.fix(f, f.fix!))] : []),
      ...f.suggestions.map((s) => button(`Suggestion: ${s.title}`, 'suggestion', () => actions.fix(f, s))),
      ...(f.facts ? [button('Show numeric difference', 'numeric', () => actions.check(f))] : []),
    ];
    if (buttons.length) li.append(el('div', { className: 'actions' }, ...buttons));
    items.push(li);
  }
  if (!items.length) items.push(el('li', { className: 'none', textContent: 'No problems: the activation, the loss and the decision agree (as far as the code shows).' }));
  list.replaceChildren(...items);
}

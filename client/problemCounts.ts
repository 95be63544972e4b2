// The status item's text: the logit-lint problems the Problems panel shows. No VS Code API here
// (vscode.languages.getDiagnostics() is passed in), so tests can call it.

/** "logit-lint: 2 problems in 1 file", from the diagnostics the Problems panel shows (open files and, with workspace diagnostics, the rest). */
export function problemCounts(all: ReadonlyArray<readonly [unknown, readonly { source?: string }[]]>): string {
  let problems = 0;
  let files = 0;
  for (const [, diagnostics] of all) {
    const ours = diagnostics.filter((d) => d.source === 'logit-lint').length;
    problems += ours;
    if (ours) files++;
  }
  if (problems === 0) return 'logit-lint: no problems';
  return `logit-lint: ${problems} problem${problems === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}`;
}

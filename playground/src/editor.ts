// The editor: CodeMirror 6 with one EditorState per file of the example (tabs switch the view between
// them), the engine's findings as lint diagnostics (squiggles, gutter marks, hover with the fixes), and
// edits from fixes applied to any file, undoable in the active one.
import { javascript } from '@codemirror/lang-javascript';
import { python } from '@codemirror/lang-python';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorSelection, EditorState, type Extension } from '@codemirror/state';
import { basicSetup, EditorView } from 'codemirror';
import type { TextEdit } from '../../rules/index';
import { applyEdits } from '../../rules/text';
import type { SourceFile } from './protocol';

function language(name: string): Extension {
  if (/\.py$/i.test(name)) return python();
  return javascript({ typescript: /\.[mc]?tsx?$/i.test(name), jsx: /x$/i.test(name) });
}

export class ProjectEditor {
  readonly view: EditorView;
  private states = new Map<string, EditorState>();
  private order: string[] = [];
  private current = '';

  /** `onChange` runs after any file's text changed, by typing or by a fix. */
  constructor(parent: HTMLElement, private readonly onChange: () => void) {
    this.view = new EditorView({ parent });
  }

  get active(): string {
    return this.current;
  }

  get names(): readonly string[] {
    return this.order;
  }

  load(files: SourceFile[], active: string): void {
    this.states = new Map(files.map((f) => [f.name, this.createState(f.name, f.text)]));
    this.order = files.map((f) => f.name);
    this.current = '';
    this.show(this.states.has(active) ? active : this.order[0]);
    this.onChange();
  }

  files(): SourceFile[] {
    this.states.set(this.current, this.view.state);
    return this.order.map((name) => ({ name, text: this.states.get(name)!.doc.toString() }));
  }

  show(name: string): void {
    if (name === this.current || !this.states.has(name)) return;
    if (this.current) this.states.set(this.current, this.view.state);
    this.current = name;
    this.view.setState(this.states.get(name)!);
  }

  /** Squiggles for the active file. */
  setDiagnostics(diagnostics: Diagnostic[]): void {
    const length = this.view.state.doc.length;
    const clamped = diagnostics.map((d) => ({ ...d, from: Math.min(d.from, length), to: Math.min(Math.max(d.to, d.from), length) }));
    this.view.dispatch(setDiagnostics(this.view.state, clamped));
  }

  /** Applies a fix's edits (offsets into the texts last linted; file = a tab's name) with the engine's applyEdits. */
  applyEdits(edits: TextEdit[]): void {
    const byFile = new Map<string, TextEdit[]>();
    for (const e of edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
    let changedElsewhere = false;
    for (const [name, fileEdits] of byFile) {
      if (!this.states.has(name)) continue;
      const state = name === this.current ? this.view.state : this.states.get(name)!;
      const before = state.doc.toString();
      const change = smallestChange(before, applyEdits(before, fileEdits));
      if (!change) continue;
      if (name === this.current) this.view.dispatch({ changes: change, userEvent: 'input.fix' });
      else {
        this.states.set(name, state.update({ changes: change }).state);
        changedElsewhere = true;
      }
    }
    // The active file's change reached onChange through the update listener; the others did not.
    if (changedElsewhere) this.onChange();
  }

  /** Shows `name` and selects [from, to), scrolled into view. */
  reveal(name: string, from: number, to: number): void {
    this.show(name);
    const length = this.view.state.doc.length;
    const range = EditorSelection.range(Math.min(from, length), Math.min(to, length));
    this.view.dispatch({ selection: range, effects: EditorView.scrollIntoView(range, { y: 'center' }) });
  }

  private createState(name: string, text: string): EditorState {
    return EditorState.create({
      doc: text,
      extensions: [
        basicSetup,
        language(name),
        lintGutter(),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) this.onChange();
        }),
      ],
    });
  }
}

/** The one change turning `before` into `after`: the differing middle, so the cursor and undo stay sensible. */
function smallestChange(before: string, after: string): { from: number; to: number; insert: string } | undefined {
  if (before === after) return undefined;
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return { from: start, to: before.length - end, insert: after.slice(start, after.length - end) };
}

// The Python frontend (PyTorch, Keras/tf.keras, NumPy decisions): tree-sitter's Python grammar and
// the abstract interpreter of this folder. initPython() must have resolved before a session
// analyses a file (parsing is synchronous after it); until then files are reported, not analysed.
import type { Frontend, FrontendSession } from '../core/frontend';
import type { FileProblem } from '../core/types';
import { Program } from './program';
import { Interp } from './evaluator';
import { isPython, mentionsPython, pythonImports } from './text-scan';
import { pruneParses, releaseRunNodes, syntaxOf, type ParsedPython } from './parser';
import { afterActivationSwitch } from './branches';
import { resetSharedSites } from './shared-sites';
import { notebookCode, cellPositions, withWrittenCells, brokenJsonAt } from './notebook';
import { notebookEdits, touchesBlanked } from './notebook-edits';
import { isNotebook } from '../core/text-checks';
import { readPinsWith } from './pins';

const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

export const pythonFrontend: Frontend = {
  id: 'python',
  lineComment: '#',
  handles: isPython,
  mentions: (text) => mentionsPython(text),
  unreadable(file, text) {
    if (!isNotebook(file)) return undefined;
    const code = notebookCode(text);
    return typeof code === 'string' ? unreadableNotebook(file, code, text) : undefined;
  },
  imports: pythonImports,
  session(host, options): FrontendSession {
    pruneParses();
    readPinsWith(host, options.maxFileBytes ?? DEFAULT_MAX_BYTES);
    const program = new Program(host, options.maxFileBytes ?? DEFAULT_MAX_BYTES);
    const it = new Interp(program);
    program.interp = it;
    let files = 0;
    let finished = false;
    const positions = new Map<string, ReturnType<typeof cellPositions>>();
    return {
      analyse(file) {
        files++;
        // The step budget grows with the program, so a big repository is not cut short early.
        it.maxSteps = 400_000 + 20_000 * files;
        const parsed = program.parse(file);
        if (typeof parsed === 'string') return unreadableNotebook(file, parsed, isNotebook(file) ? host.readFile(file) : undefined);
        if (!parsed) return undefined;
        try {
          program.load(file);
        } catch (e) {
          return { file, message: `internal error while analysing (${(e as Error).message}); file skipped`, internal: true };
        }
        // The tree is analysed anyway (statements with errors are skipped); the error is reported.
        const err = parsed.error;
        if (!err) return undefined;
        const map = program.offsets.get(file);
        // A syntax error is reported like ESLint's parsing errors (fatal, exit 1), with the findings
        // from the statements it did not damage.
        if (!map) return { file, message: `Parsing error: ${err.message.replace(/^syntax error: /, "")} at ${err.where}${err.suffix}`, line: err.line, column: err.column, fatal: true };
        // A notebook: the position in the .ipynb file; the message names the cell.
        const raw = host.readFile(file) ?? '';
        const cellAt = cellPositions(raw);
        const all = [err, ...(err.others ?? [])].map((e) => {
          const at = map[e!.index] ?? 0;
          const line = raw.slice(0, at).split('\n').length;
          const column = at - raw.lastIndexOf('\n', at - 1);
          const cell = cellAt?.(at);
          const where = cell ? `cell ${cell.cell}, line ${cell.line}, column ${cell.column}` : `line ${line}, column ${column}`;
          return { file, message: `Parsing error: ${e!.message.replace(/^syntax error: /, "")} at ${where}${e!.suffix}`, line, column, fatal: true };
        });
        return all.length === 1 ? all[0] : all;
      },
      fileEdits(edits) {
        // A module only a `%%writefile` cell writes is no file to edit (written.ts).
        if (edits.some((e) => program.writtenOnly.has(e.file))) return undefined;
        // A jupytext script's IPython line is not the code the analysis read there: no edit on one.
        if (edits.some((e) => touchesBlanked(program.blanked.get(e.file) ?? [], e.start, e.end))) return undefined;
        // Edits in a notebook are on its code cells joined; edits of .py files already are file edits.
        if (!edits.some((e) => program.offsets.has(e.file))) return edits;
        // A fix in a notebook and another file at once is not offered (no vocabulary writes one).
        const file = edits[0].file;
        if (edits.some((e) => e.file !== file)) return undefined;
        const raw = host.readFile(file);
        const code = raw === undefined ? undefined : notebookCode(raw);
        return code && typeof code !== 'string' ? notebookEdits(raw!, code, edits) : undefined;
      },
      textOf(file) {
        return program.writtenOnly.has(file) ? program.writtenText(file) : undefined;
      },
      writtenSite: (site) => program.writtenSite(site),
      codeView(file) {
        if (!program.offsets.has(file)) return undefined;
        const raw = host.readFile(file);
        const code = raw === undefined ? undefined : notebookCode(raw);
        return code && typeof code !== 'string' ? withWrittenCells(code, program.writtenStarts(file)) : undefined;
      },
      fixesUnsafeIn(file) {
        // Python would not run a file with a syntax error: what the analysis read there is tree-sitter's
        // recovery, and an edit to it is for the user to make.
        const parsed = program.parse(file);
        if (parsed && typeof parsed !== 'string' && parsed.error) return 'the file has a syntax error (Python would not run it), and the analysis read what tree-sitter recovered of it';
        if (!program.offsets.has(file)) return undefined;
        const raw = host.readFile(file);
        const code = raw === undefined ? undefined : notebookCode(raw);
        return code && typeof code !== 'string' && code.outOfOrder ? 'the notebook\'s cells last ran out of order (see their execution counts), and the analysis reads them top to bottom' : undefined;
      },
      editUnsafeAt(file, start, end) {
        const spans = it.cutShort.get(file);
        const span = spans?.find(([a, b]) => start >= a && end <= b);
        if (span) return span[2];
        const inherited = it.inheritedBy.get(file)?.find((s) => start >= s.start && end <= s.end);
        if (inherited) return `it is in ${inherited.fn}, which ${inherited.by} inherits too, and ${inherited.by} is made nowhere in the code linted (a registry, a command line or another program may make it)`;
        const parsed = program.parse(file);
        if (parsed && typeof parsed !== 'string' && afterActivationSwitch(syntaxOf(parsed), start, end)) return 'a branch before it chooses the activation (another call or setting takes the other path)';
        return undefined;
      },
      siteUnsafe(site) {
        // A Colab form field (`ACT = "sigmoid"  #@param [...]`): the saved value is one choice of the
        // notebook's user; a fix resting on it is right for that value only.
        const text = (site.node as { text?: string } | undefined)?.text;
        const parsed = text && program.parse(site.file);
        if (!text || !parsed || typeof parsed === 'string') return undefined;
        const field = formFieldsOf(parsed).find((n) => new RegExp(`(?<![\\w.])${n}\\b`).test(text));
        return field && `it rests on ${field}, a form field the notebook's user sets (#@param)`;
      },
      place(site) {
        if (!program.offsets.has(site.file)) return undefined;
        let at = positions.get(site.file);
        if (!at) positions.set(site.file, (at = cellPositions(host.readFile(site.file) ?? '')));
        const p = at?.(site.start);
        return p && `cell ${p.cell}, line ${p.line}`;
      },
      finish() {
        if (!finished) {
          finished = true;
          try {
            it.finish();
          } catch {
            // A fold that fails says nothing: its events are simply missing.
          }
        }
        return { events: it.events, models: it.models };
      },
      end() {
        // The places noted as shared hold closures over the whole interpretation.
        resetSharedSites();
        releaseRunNodes();
      },
    };
  },
};

export { initPython, setPythonWasmDir } from './parser';

/** The names a file's Colab form fields bind that may choose what a model outputs: a string or a
 *  flag (`ACT = "sigmoid"  #@param ["sigmoid", "linear"]`, `USE_LOGITS = True  #@param`), or a count
 *  of classes; not a learning rate or a number of epochs. */
const fieldsOf = new WeakMap<ParsedPython, string[]>();
/** formFields of a parse, once (a site is checked per finding: thousands in a generated file). */
function formFieldsOf(parsed: ParsedPython): string[] {
  let fields = fieldsOf.get(parsed);
  if (!fields) fieldsOf.set(parsed, (fields = formFields(parsed.text)));
  return fields;
}

function formFields(text: string): string[] {
  if (!text.includes('@param')) return [];
  return [...text.matchAll(/^[ \t]*([A-Za-z_]\w*)[ \t]*(?::[^=\n]*)?=([^\n#]*)#[ \t]*@param\b/gm)]
    .filter((m) => /^\s*(?:[rbuf]*["']|True\b|False\b)/i.test(m[2]) || /class|unit|label|output|logit|sigmoid|softmax|activation/i.test(m[1]))
    .map((m) => m[1]);
}

/** Why a notebook is not read: a note (an LFS pointer, another language), or, for broken JSON, a
 *  parsing error where the JSON stops (the file is broken, not only skipped: reported like one). */
function unreadableNotebook(file: string, why: string, raw: string | undefined): FileProblem {
  const at = raw === undefined ? undefined : brokenJsonAt(raw);
  if (!at) return { file, message: why };
  return { file, message: `Parsing error: ${why.replace(/ in JSON at position \d+/, '').replace(/, skipped$/, '')} at line ${at.line}, column ${at.column}`, ...at, fatal: true };
}

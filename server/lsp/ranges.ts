// Engine offsets (0-based UTF-16 offsets into a file's text) -> LSP ranges (0-based line, UTF-16
// character), which is exactly the unit LSP uses by default.
import type { Position, Range } from 'vscode-languageserver';
import { computeLineStarts, lineOf } from '../../rules/engine/core/directives';
import type { Location } from '../../rules';

export class LineMap {
  private readonly starts: number[];
  constructor(private readonly text: string) {
    this.starts = computeLineStarts(text);
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = lineOf(this.starts, clamped) - 1;
    return { line, character: clamped - this.starts[line] };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }
}

/** Range from a location's 1-based line/column, for when the file's text is not at hand. */
export function rangeFromLineColumn(loc: Location): Range {
  const line = Math.max(0, loc.line - 1);
  const endLine = Math.max(line, (loc.endLine ?? loc.line) - 1);
  return {
    start: { line, character: Math.max(0, loc.column - 1) },
    end: { line: endLine, character: Math.max(0, (loc.endColumn ?? loc.column) - 1) },
  };
}

export function rangeContains(range: Range, pos: Position): boolean {
  const afterStart = pos.line > range.start.line || (pos.line === range.start.line && pos.character >= range.start.character);
  const beforeEnd = pos.line < range.end.line || (pos.line === range.end.line && pos.character <= range.end.character);
  return afterStart && beforeEnd;
}

export function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character
    && a.end.line === b.end.line && a.end.character === b.end.character;
}

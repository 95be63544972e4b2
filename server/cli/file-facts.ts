// What the run knows of each file, shared by the import graph and --cache's file records (a module
// of its own, so that neither imports the other).

/** A file's content as read once for the whole run: its text, or the error the host threw. */
export type Content = { text: string } | { error: string } | { missing: true };

/** What the graph, the cost estimate and the cache keys need of a file; no text. */
export type Facts =
  | { kind: 'text'; chars: number; tf: boolean; specs: string[]; hash?: string }
  | { kind: 'error'; error: string }
  | { kind: 'missing' };

// Push mode, for clients without textDocument/diagnostic (older editors): the open documents'
// diagnostics are sent with textDocument/publishDiagnostics after opens, edits and saves.
// No debounce: a fixed delay would be added to every edit's latency, and typing faster than the
// analysis builds no backlog anyway (the scheduler replaces a queued run by the newer one). One
// push round at a time; changes during a round ask for one more round after it.
import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocReport } from './diagnostics';

/** Runs `round` soon; a request while a round runs asks for one more round after it (never two at once). */
export class Rounds {
  private running = false;
  private again = false;

  constructor(private readonly round: () => Promise<void>) {}

  schedule(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    // setImmediate: the notifications already read (several opens, a burst of changes) make one round.
    setImmediate(async () => {
      try {
        do {
          this.again = false;
          await this.round();
        } while (this.again);
      } finally {
        this.running = false;
      }
    });
  }
}

export class PushDiagnostics {
  private readonly rounds = new Rounds(() => this.pushAll());

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly reportFor: (uri: string) => Promise<DocReport | undefined>,
  ) {}

  schedule(): void {
    this.rounds.schedule();
  }

  private async pushAll(): Promise<void> {
    for (const doc of this.documents.all()) {
      try {
        const report = await this.reportFor(doc.uri);
        if (report && this.documents.get(doc.uri)?.version !== report.version) continue; // a newer push is coming
        await this.connection.sendDiagnostics({ uri: doc.uri, version: report?.version, diagnostics: report?.diagnostics ?? [] });
      } catch (e) {
        this.connection.console.error(`diagnostics for ${doc.uri} failed: ${(e as Error).message}`);
      }
    }
  }
}

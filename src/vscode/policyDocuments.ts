import * as vscode from 'vscode';
import { IncrementalAnalyzer, type TextEdit } from '../core/analyze';
import type { ActorLexicon } from '../core/lexicon';
import type { Analysis } from '../core/types';
import { Disposable } from './disposable';
import { isPolicyText } from './language';

/** Provides the actor lexicon for a document; it changes when an actors file does. */
export interface LexiconSource {
  lexiconFor(uri: vscode.Uri): ActorLexicon;
  /** Fires with the workspace folder whose lexicon changed (undefined: every document). */
  readonly onDidChange: vscode.Event<vscode.WorkspaceFolder | undefined>;
}

export type AnalysisChangeReason = 'edit' | 'lexicon';

export interface AnalysisChange {
  readonly document: vscode.TextDocument;
  readonly reason: AnalysisChangeReason;
}

/** What the last edits cost, since the document was last drawn. */
export interface AnalysisCost {
  readonly analysisMs: number;
  readonly reanalysedParagraphs: number;
}

interface Entry {
  readonly analyzer: IncrementalAnalyzer;
  readonly lexicon: ActorLexicon;
  /** The document version the analyzer has seen. */
  version: number;
  pendingMs: number;
  pendingParagraphs: number;
}

/**
 * One {@link IncrementalAnalyzer} per open policy text, created when first asked for and fed
 * every edit as it happens, so a keystroke costs one paragraph of analysis, not the document.
 * Drawing is debounced elsewhere; keeping the analysis in step with each edit here is what lets
 * the engine map VS Code's contentChanges directly.
 */
export class PolicyDocumentStore extends Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly changed = this.register(new vscode.EventEmitter<AnalysisChange>());
  readonly onDidChangeAnalysis = this.changed.event;

  constructor(private readonly lexicons: LexiconSource) {
    super();
    this.register(vscode.workspace.onDidChangeTextDocument((event) => this.applyEdits(event)));
    this.register(vscode.workspace.onDidCloseTextDocument((document) => this.entries.delete(document.uri.toString())));
    this.register(lexicons.onDidChange((folder) => this.dropAnalyses(folder)));
  }

  /** The analysis of a policy text, up to date with its current version; undefined for other documents. */
  analysisOf(document: vscode.TextDocument): Analysis | undefined {
    return this.entryOf(document)?.analyzer.analysis();
  }

  lexiconOf(document: vscode.TextDocument): ActorLexicon {
    return this.entryOf(document)?.lexicon ?? this.lexicons.lexiconFor(document.uri);
  }

  /** Analysis time spent since the last call, for the timing the extension API reports. */
  takeCost(document: vscode.TextDocument): AnalysisCost {
    const entry = this.entries.get(document.uri.toString());
    if (!entry) return { analysisMs: 0, reanalysedParagraphs: 0 };
    const cost = { analysisMs: entry.pendingMs, reanalysedParagraphs: entry.pendingParagraphs };
    entry.pendingMs = 0;
    entry.pendingParagraphs = 0;
    return cost;
  }

  private entryOf(document: vscode.TextDocument): Entry | undefined {
    if (!isPolicyText(document)) return undefined;
    const key = document.uri.toString();
    let entry = this.entries.get(key);
    if (!entry) {
      const started = performance.now();
      const lexicon = this.lexicons.lexiconFor(document.uri);
      const analyzer = new IncrementalAnalyzer(document.getText(), lexicon);
      entry = {
        analyzer,
        lexicon,
        version: document.version,
        pendingMs: performance.now() - started,
        pendingParagraphs: analyzer.stats.reanalysed,
      };
      this.entries.set(key, entry);
    } else if (entry.version !== document.version) {
      // An edit we were not told about (should not happen): let the engine find it by diffing.
      this.update(entry, document, undefined);
    }
    return entry;
  }

  private applyEdits(event: vscode.TextDocumentChangeEvent): void {
    if (event.contentChanges.length === 0) return;
    const entry = this.entries.get(event.document.uri.toString());
    // Not analysed yet: it will be, from its full text, when first shown.
    if (!entry) return;
    const edits: TextEdit[] | undefined =
      entry.version === event.document.version - 1
        ? event.contentChanges.map((change) => ({
            start: change.rangeOffset,
            end: change.rangeOffset + change.rangeLength,
            text: change.text,
          }))
        : undefined;
    this.update(entry, event.document, edits);
    this.changed.fire({ document: event.document, reason: 'edit' });
  }

  private update(entry: Entry, document: vscode.TextDocument, edits: readonly TextEdit[] | undefined): void {
    const started = performance.now();
    entry.analyzer.update(document.getText(), edits);
    entry.pendingMs += performance.now() - started;
    entry.pendingParagraphs += entry.analyzer.stats.reanalysed;
    entry.version = document.version;
  }

  private dropAnalyses(folder: vscode.WorkspaceFolder | undefined): void {
    for (const document of vscode.workspace.textDocuments) {
      const key = document.uri.toString();
      if (!this.entries.has(key)) continue;
      if (folder && vscode.workspace.getWorkspaceFolder(document.uri)?.uri.toString() !== folder.uri.toString()) continue;
      // Rebuilt with the new lexicon when next asked for.
      this.entries.delete(key);
      this.changed.fire({ document, reason: 'lexicon' });
    }
  }
}

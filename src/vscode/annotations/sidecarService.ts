import * as vscode from 'vscode';
import type { AnnotationEntry, DetectedClaim } from '../../core/annotationStore';
import type { Annotation } from '../../core/sidecar/schema';
import { checkTags } from '../../core/taxonomy';
import type { Claim, ClaimType, Span } from '../../core/types';
import type { ClaimAnnotationSource } from '../claimTypes';
import { Disposable } from '../disposable';
import { isPolicyText } from '../language';
import type { Notifier } from '../notifier';
import type { PolicyDocumentStore } from '../policyDocuments';
import { typeOfTags } from '../tagging/tagRules';
import type { AuthorResolver } from './author';
import { DocumentAnnotations, type DocumentAnnotationsEvent, type DocumentAnnotationsHost, type LoadTiming, type SaveTiming, type SidecarState } from './documentAnnotations';

/** The edits of a burst of typing settle the claims the store checks re-anchored annotations against. */
const CLAIMS_SYNC_DELAY_MS = 300;

export interface AnnotationsChange {
  readonly uri: vscode.Uri;
  readonly event: DocumentAnnotationsEvent;
}

/** A document's annotations as the extension API reports them, for integration tests. */
export interface SidecarStateReport {
  readonly state: SidecarState;
  readonly sidecarPath: string;
  readonly annotations: number;
  readonly orphans: number;
  readonly dirty: boolean;
  readonly readOnlyReason: string | undefined;
  readonly brokenMessage: string | undefined;
  /** Problems of the file as loaded (unknown tags, facet rules), one line each. */
  readonly problems: readonly string[];
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  readonly lastLoad: LoadTiming | undefined;
  readonly lastSave: SaveTiming | undefined;
}

/**
 * The annotations of every open policy text (one {@link DocumentAnnotations} each, created when
 * the document opens and flushed and disposed when it closes), and the one place the rest of the
 * extension asks about tags: it is the `ClaimTypeOverride` that makes decorations, hovers, the
 * outline and the status bar show tagged types.
 *
 * Problems with tags (unknown to the taxonomy, two types…) are shown as diagnostics on the
 * text, where the claim is; a broken sidecar gets one on the sidecar file.
 */
export class SidecarService extends Disposable implements ClaimAnnotationSource {
  private readonly docs = new Map<string, DocumentAnnotations>();
  /** Flushes of closed documents still writing, for {@link flushAll}. */
  private readonly closing = new Set<Promise<void>>();
  private readonly claimTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly changes = this.register(new vscode.EventEmitter<AnnotationsChange>());
  /** Every change to any document's annotations or sidecar state. */
  readonly onDidChangeAnnotations = this.changes.event;
  private readonly tagsChanged = this.register(new vscode.EventEmitter<vscode.Uri | undefined>());
  /** Tags changed (not merely moved by typing): views redraw the document at once. */
  readonly onDidChange = this.tagsChanged.event;
  private readonly tagDiagnostics = this.register(vscode.languages.createDiagnosticCollection('policy-lens-tags'));
  private readonly sidecarDiagnostics = this.register(vscode.languages.createDiagnosticCollection('policy-lens-sidecar'));
  private readonly host: DocumentAnnotationsHost;
  private lastChangedUri: vscode.Uri | undefined;

  constructor(
    private readonly documents: PolicyDocumentStore,
    author: AuthorResolver,
    notifier: Notifier,
  ) {
    super();
    this.host = {
      notifier,
      claimsOf: (document) => documents.analysisOf(document)?.claims,
      authorFor: (uri) => author.authorFor(uri),
      whenAuthorResolved: (uri) => author.whenResolved(uri),
      changed: (annotations, event) => this.onChange(annotations, event),
    };
    this.register({
      dispose: () => {
        this.claimTimers.forEach((timer) => clearTimeout(timer));
        for (const doc of this.docs.values()) {
          // Last chance to write: the extension host may stop before this settles, so saves are
          // never left waiting long (see SAVE_DELAY_MS).
          void doc.flush().finally(() => doc.dispose());
        }
        this.docs.clear();
      },
    });
    this.register(vscode.workspace.onDidOpenTextDocument((document) => this.open(document)));
    this.register(vscode.workspace.onDidCloseTextDocument((document) => this.close(document)));
    this.register(vscode.workspace.onDidChangeTextDocument((event) => this.docs.get(event.document.uri.toString())?.applyEdits(event)));
    this.register(vscode.workspace.onDidSaveTextDocument((document) => this.docs.get(document.uri.toString())?.textSaved()));
    this.register(documents.onDidChangeAnalysis(({ document }) => this.scheduleClaimsSync(document)));
    // Switching to another window is when people run git: have everything on disk by then.
    this.register(vscode.window.onDidChangeWindowState((state) => !state.focused && void this.flushAll()));
    for (const document of vscode.workspace.textDocuments) this.open(document);
  }

  // -------------------------------------------------------------------------------------------
  // Documents

  /** The annotations of an open policy text; undefined for other documents. */
  annotationsOf(document: vscode.TextDocument | vscode.Uri): DocumentAnnotations | undefined {
    const uri = document instanceof vscode.Uri ? document : document.uri;
    return this.docs.get(uri.toString());
  }

  /** Every open policy text's annotations. */
  all(): readonly DocumentAnnotations[] {
    return [...this.docs.values()];
  }

  /** The document whose tags changed last: what Undo acts on when no policy text has focus. */
  get lastChanged(): vscode.Uri | undefined {
    return this.lastChangedUri;
  }

  /** Writes every pending change; settles when all are on disk (or refused). */
  async flushAll(): Promise<void> {
    await Promise.all([...[...this.docs.values()].map((doc) => doc.flush()), ...this.closing]);
  }

  /** Settles when every open document has loaded and has nothing queued. */
  async whenIdle(): Promise<void> {
    await Promise.all([...[...this.docs.values()].map((doc) => doc.whenIdle()), ...this.closing]);
  }

  report(uri: vscode.Uri): SidecarStateReport | undefined {
    const doc = this.docs.get(uri.toString());
    if (!doc) return undefined;
    const store = doc.store;
    return {
      state: doc.state,
      sidecarPath: doc.sidecarPath,
      annotations: store?.size ?? 0,
      orphans: store?.orphans().length ?? 0,
      dirty: store?.dirty ?? false,
      readOnlyReason: doc.readOnlyReason(),
      brokenMessage: doc.broken?.message,
      problems: doc.problems.map((problem) => problem.message),
      canUndo: store?.canUndo ?? false,
      canRedo: store?.canRedo ?? false,
      lastLoad: doc.lastLoad,
      lastSave: doc.lastSave,
    };
  }

  private open(document: vscode.TextDocument): void {
    // Sidecars sit beside files; an untitled or virtual document has nowhere to keep them.
    if (!isPolicyText(document) || document.uri.scheme !== 'file') return;
    const key = document.uri.toString();
    if (this.docs.has(key)) return;
    this.docs.set(key, new DocumentAnnotations(document, this.host));
  }

  private close(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    const doc = this.docs.get(key);
    if (!doc) return;
    this.docs.delete(key);
    clearTimeout(this.claimTimers.get(key));
    this.claimTimers.delete(key);
    this.tagDiagnostics.delete(document.uri);
    this.sidecarDiagnostics.delete(vscode.Uri.file(doc.sidecarPath));
    const flushed = doc.flush().finally(() => {
      doc.dispose();
      this.closing.delete(flushed);
      this.changes.fire({ uri: document.uri, event: 'saved' });
    });
    this.closing.add(flushed);
    this.tagsChanged.fire(document.uri);
  }

  /**
   * Drops every document's annotations and loads them again from disk, as a window reload
   * would (after writing what is pending). The extension API uses it to check that tags survive.
   */
  async reloadAll(): Promise<void> {
    await this.flushAll();
    const documents = [...this.docs.values()].map((doc) => doc.textDocument);
    for (const doc of this.docs.values()) doc.dispose();
    this.docs.clear();
    for (const document of documents) if (!document.isClosed) this.open(document);
    this.tagsChanged.fire(undefined);
    await this.whenIdle();
  }

  private scheduleClaimsSync(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    if (!this.docs.has(key)) return;
    clearTimeout(this.claimTimers.get(key));
    this.claimTimers.set(
      key,
      setTimeout(() => {
        this.claimTimers.delete(key);
        this.docs.get(key)?.syncClaims();
      }, CLAIMS_SYNC_DELAY_MS),
    );
  }

  private onChange(doc: DocumentAnnotations, event: DocumentAnnotationsEvent): void {
    if (this.docs.get(doc.uri.toString()) !== doc) return;
    if (event === 'annotations' || event === 'history') this.lastChangedUri = doc.uri;
    // Anchors moved by typing are redrawn by the debounced redraw that follows every edit;
    // forcing one per keystroke would undo that debounce.
    if (event !== 'anchors' && event !== 'review' && event !== 'saved') {
      this.tagsChanged.fire(doc.uri);
      this.updateDiagnostics(doc);
    }
    this.changes.fire({ uri: doc.uri, event });
  }

  // -------------------------------------------------------------------------------------------
  // Problems

  private updateDiagnostics(doc: DocumentAnnotations): void {
    const sidecarUri = vscode.Uri.file(doc.sidecarPath);
    const broken = doc.broken;
    if (broken) {
      const line = Math.max(0, (broken.line ?? 1) - 1);
      const character = Math.max(0, (broken.column ?? 1) - 1);
      const diagnostic = new vscode.Diagnostic(new vscode.Range(line, character, line, character + 1), broken.message, vscode.DiagnosticSeverity.Error);
      diagnostic.source = 'Policy Lens';
      diagnostic.code = broken.kind;
      this.sidecarDiagnostics.set(sidecarUri, [diagnostic]);
    } else {
      this.sidecarDiagnostics.delete(sidecarUri);
    }
    const store = doc.store;
    if (!store) {
      this.tagDiagnostics.delete(doc.uri);
      return;
    }
    const document = doc.textDocument;
    const diagnostics: vscode.Diagnostic[] = [];
    for (const entry of store.all()) {
      const problems = checkTags(entry.annotation.tags);
      if (problems.length === 0) continue;
      const { start, end } = entry.annotation.target;
      // An orphan keeps offsets into an older text: point at the top rather than at wrong words.
      const range = entry.orphan ? new vscode.Range(0, 0, 0, 0) : new vscode.Range(document.positionAt(start), document.positionAt(end));
      for (const problem of problems) {
        const message =
          problem.kind === 'unknown-tag'
            ? `Tag "${problem.tag}" is not in the taxonomy; it is kept as it is.`
            : problem.kind === 'missing-type'
              ? 'This claim has tags but no Type: a tagged claim needs exactly one.'
              : `More than one ${problem.facet} tag (${problem.tags.join(', ')}): keep one.`;
        const diagnostic = new vscode.Diagnostic(range, entry.orphan ? `Orphaned annotation ${entry.annotation.id}: ${message}` : message, vscode.DiagnosticSeverity.Warning);
        diagnostic.source = 'Policy Lens';
        diagnostic.code = problem.kind;
        diagnostics.push(diagnostic);
      }
    }
    this.tagDiagnostics.set(doc.uri, diagnostics);
  }

  // -------------------------------------------------------------------------------------------
  // ClaimAnnotationSource: what decorations, hovers and the outline show

  typeOf(document: vscode.TextDocument, claim: Claim): ClaimType | undefined {
    const annotation = this.docs.get(document.uri.toString())?.store?.annotationForRange(claim.start, claim.end);
    return annotation && typeOfTags(annotation.tags);
  }

  annotationFor(document: vscode.TextDocument, span: Span): AnnotationEntry | undefined {
    const store = this.docs.get(document.uri.toString())?.store;
    const annotation = store?.annotationForRange(span.start, span.end);
    return annotation && store?.get(annotation.id);
  }

  annotationAt(document: vscode.TextDocument, offset: number): AnnotationEntry | undefined {
    const store = this.docs.get(document.uri.toString())?.store;
    const annotation = store?.annotationAt(offset);
    return annotation && store?.get(annotation.id);
  }

  anchoredIn(document: vscode.TextDocument): readonly Annotation[] {
    return this.docs.get(document.uri.toString())?.store?.anchored() ?? [];
  }

  /** The detected claims of a document, as the store knows them (for commands). */
  claimsOf(document: vscode.TextDocument): readonly DetectedClaim[] {
    return this.documents.analysisOf(document)?.claims ?? [];
  }
}

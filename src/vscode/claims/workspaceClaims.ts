import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { ClaimIndex, indexedAnnotationsFromStore, indexedClaims, type ClaimFilter, type ClaimGrouping, type IndexedClaim, type IndexedDocument } from '../../core/claimIndex';
import type { Analysis } from '../../core/types';
import { indexWorkspace, type IndexFailure, type WorkspaceIndexerOptions } from '../../node/workspaceIndexer';
import type { SidecarService } from '../annotations/sidecarService';
import { CLAIMS_VIEW_ID } from '../commandIds';
import type { ConfigurationService } from '../config';
import { Disposable } from '../disposable';
import { isPolicyText } from '../language';
import type { PolicyTextLanguageAssigner } from '../languageAssignment';
import type { PolicyDocumentStore } from '../policyDocuments';
import { EXCLUDED_FOLDERS_GLOB, LIVE_SCHEMES, policyTextPatterns, SIDECAR_GLOB, SIDECAR_SUFFIX } from '../policyFiles';
import type { WorkspaceLexicons } from '../workspaceLexicon';

/** Typing: the panel follows the text once the analyst pauses. */
const LIVE_EDIT_DELAY_MS = 400;
/** Tag changes show in the panel at once (batched with any others of the same moment). */
const LIVE_TAG_DELAY_MS = 20;
/** File events come in bursts (a checkout, a copy): index the files once they settle. */
const FILE_EVENT_DELAY_MS = 250;
/** Longest stretch of analysis before the indexer lets other work run (keystrokes, hovers). */
const INDEX_TIME_SLICE_MS = 10;
/** More changed files than this at once is indexed as a whole workspace (see indexPending). */
const BULK_CHANGE_FILES = 100;
/** Past this many files the status bar shows the count too: indexing then takes a while. */
const WINDOW_PROGRESS_MIN_FILES = 200;

/** What an indexing run did, for the extension API and the performance test. */
export interface IndexReport {
  /** Policy texts found on disk (all of them for a full run, the changed ones otherwise). */
  readonly files: number;
  readonly indexed: number;
  readonly failures: readonly IndexFailure[];
  readonly ms: number;
  /** Batches delivered to the panel (each one a progress step). */
  readonly batches: number;
  readonly cancelled: boolean;
  readonly full: boolean;
}

export interface IndexProgress {
  readonly done: number;
  readonly total: number;
}

interface Run {
  readonly cancel: vscode.CancellationTokenSource;
  readonly done: Promise<IndexReport>;
}

/**
 * Every policy text of the workspace in a {@link ClaimIndex}: files on disk found by the
 * language's patterns (`*.policy.txt`, seed names, `policyLens.filePatterns`, remembered files)
 * and indexed in the background, with progress; open documents from their live analysis and
 * annotations. File watchers keep the rest up to date: texts and sidecars changed, created or
 * deleted on disk (a git pull) are indexed again.
 */
export class WorkspaceClaims extends Disposable {
  readonly index: ClaimIndex;
  /** Open documents the index takes from the editor, with their pending update. */
  private readonly live = new Map<string, { document: vscode.TextDocument; timer: ReturnType<typeof setTimeout> | undefined }>();
  /** Claims of each live document's last analysis: re-used while only its tags change. */
  private readonly liveClaims = new WeakMap<Analysis, IndexedClaim[]>();
  /** Every document in the index. */
  private readonly indexed = new Set<string>();
  /** Files on disk that are policy texts (what the last full run found, and files created since). */
  private known = new Set<string>();
  private readonly pending = new Set<string>();
  private pendingTimer: ReturnType<typeof setTimeout> | undefined;
  private fullTimer: ReturnType<typeof setTimeout> | undefined;
  private run: Run | undefined;
  private incrementalCancel: vscode.CancellationTokenSource | undefined;
  /** Policy texts the watcher reported while a full run was searching the workspace. */
  private reportedDuringSearch: Set<string> | undefined;
  private incremental: Promise<void> = Promise.resolve();
  private started = false;
  private lastFull: IndexReport | undefined;
  private watchers: vscode.Disposable[] = [];
  private readonly progress = this.register(new vscode.EventEmitter<IndexProgress | undefined>());
  /** Fires while indexing (done of total) and with undefined when it ends. */
  readonly onDidChangeProgress = this.progress.event;
  private progressValue: IndexProgress | undefined;

  constructor(
    private readonly documents: PolicyDocumentStore,
    private readonly sidecars: SidecarService,
    private readonly config: ConfigurationService,
    private readonly assigner: PolicyTextLanguageAssigner,
    private readonly lexicons: WorkspaceLexicons,
    initial: { readonly grouping: ClaimGrouping; readonly filter: ClaimFilter },
  ) {
    super();
    this.index = new ClaimIndex(initial);
    this.register({
      dispose: () => {
        this.run?.cancel.cancel();
        this.incrementalCancel?.cancel();
        clearTimeout(this.pendingTimer);
        clearTimeout(this.fullTimer);
        for (const entry of this.live.values()) clearTimeout(entry.timer);
        this.watchers.forEach((watcher) => watcher.dispose());
      },
    });
    this.register(vscode.workspace.onDidOpenTextDocument((document) => this.syncLive(document)));
    this.register(vscode.workspace.onDidCloseTextDocument((document) => this.untrack(document)));
    this.register(
      vscode.window.tabGroups.onDidChangeTabs(() => {
        const tabbed = tabbedUris();
        for (const document of vscode.workspace.textDocuments) this.syncLive(document, tabbed);
      }),
    );
    this.register(
      vscode.workspace.onDidChangeTextDocument(({ document }) => {
        // Dirty means live even without a tab (an extension's edit): the disk is out of date.
        if (document.isDirty !== this.live.has(document.uri.toString())) this.syncLive(document);
      }),
    );
    this.register(documents.onDidChangeAnalysis(({ document }) => this.scheduleLive(document, LIVE_EDIT_DELAY_MS)));
    this.register(
      sidecars.onDidChangeAnnotations(({ uri, event }) => {
        const entry = this.live.get(uri.toString());
        // A save changes nothing the panel shows of an open document.
        if (entry) {
          if (event !== 'saved') this.scheduleLive(entry.document, event === 'anchors' ? LIVE_EDIT_DELAY_MS : LIVE_TAG_DELAY_MS);
        } else if (event === 'saved') {
          // A closed document's last save has landed: the file on disk is now the truth.
          this.queueFile(uri);
        }
      }),
    );
    this.register(lexicons.onDidChange(() => this.scheduleFullIndex()));
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.restartWatching()));
    this.register(config.onDidChange((event) => event.affectsConfiguration('policyLens.filePatterns') && this.restartWatching()));
    for (const document of vscode.workspace.textDocuments) this.syncLive(document);
  }

  /** Starts the first full index (in the background) unless it has started. */
  start(): void {
    if (this.started || this.isDisposed) return;
    this.started = true;
    this.watch();
    void this.reindex();
  }

  get indexing(): IndexProgress | undefined {
    return this.progressValue;
  }

  /** Settles when the first full index and every file change seen so far are done. */
  async whenIndexed(): Promise<IndexReport> {
    this.start();
    for (;;) {
      const run = this.run;
      const incremental = this.incremental;
      const report = run ? await run.done : this.lastFull;
      await incremental;
      if (this.pendingTimer !== undefined || this.fullTimer !== undefined) {
        await delay(FILE_EVENT_DELAY_MS);
        continue;
      }
      if (run === this.run && incremental === this.incremental) {
        this.flushLive();
        // No complete run yet (the first one failed or was cancelled by a restart): say so.
        return report ?? { files: 0, indexed: 0, failures: [], ms: 0, batches: 0, cancelled: true, full: true };
      }
    }
  }

  /** Indexes every policy text again, from disk (open documents from the editor). */
  reindex(): Promise<IndexReport> {
    this.started = true;
    this.run?.cancel.cancel();
    clearTimeout(this.fullTimer);
    this.fullTimer = undefined;
    const cancel = new vscode.CancellationTokenSource();
    const done = this.fullIndex(cancel.token)
      .catch((error: unknown): IndexReport => {
        // The panel keeps what it has; the next file event or "Re-index" tries again.
        console.warn(`[policy-lens] could not index the workspace: ${error instanceof Error ? error.message : String(error)}`);
        return { files: 0, indexed: 0, failures: [], ms: 0, batches: 0, cancelled: true, full: true };
      })
      .finally(() => cancel.dispose());
    const run: Run = { cancel, done };
    this.run = run;
    void done.then((report) => {
      if (this.run === run) {
        this.run = undefined;
        if (!report.cancelled) this.lastFull = report;
      }
    });
    return done;
  }

  /** Brings an open document's entry up to date now (before revealing its claim, for one). */
  flushDocument(uri: vscode.Uri): void {
    const entry = this.live.get(uri.toString());
    if (!entry) return;
    clearTimeout(entry.timer);
    entry.timer = undefined;
    this.updateLive(entry.document);
  }

  /** Actors mentioned in claims across the workspace, most mentioned first (for the filter). */
  actorNames(): string[] {
    const counts = new Map<string, number>();
    for (const uri of this.indexed) {
      for (const claim of this.index.getDocument(uri)?.claims ?? []) {
        for (const actor of claim.actors) counts.set(actor, (counts.get(actor) ?? 0) + 1);
      }
    }
    return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([name]) => name);
  }

  // -------------------------------------------------------------------------------------------
  // Open documents

  /**
   * The panel takes a document from the editor while the analyst works on it: shown in a tab, or
   * with unsaved changes. Documents an extension opened without showing them (to read them, or
   * to tag a claim of a closed text from the panel) are indexed from disk like closed ones.
   */
  private isLive(document: vscode.TextDocument, tabbed: ReadonlySet<string>): boolean {
    if (!isPolicyText(document) || !LIVE_SCHEMES.has(document.uri.scheme) || document.isClosed) return false;
    return document.isDirty || tabbed.has(document.uri.toString());
  }

  private syncLive(document: vscode.TextDocument, tabbed: ReadonlySet<string> = tabbedUris()): void {
    if (this.isLive(document, tabbed)) this.track(document);
    else if (this.live.has(document.uri.toString())) this.untrack(document);
  }

  private track(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    if (this.live.has(key)) return;
    this.live.set(key, { document, timer: undefined });
    this.scheduleLive(document, 0);
  }

  private untrack(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    const entry = this.live.get(key);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.live.delete(key);
    // From disk now, and again once its last save has landed ('saved', above).
    this.queueFile(document.uri);
  }

  private scheduleLive(document: vscode.TextDocument, delayMs: number): void {
    const entry = this.live.get(document.uri.toString());
    if (!entry) return;
    if (entry.timer !== undefined && delayMs >= LIVE_EDIT_DELAY_MS) return;
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      this.updateLive(entry.document);
    }, delayMs);
  }

  private flushLive(): void {
    for (const [key, entry] of this.live) {
      if (entry.timer === undefined && this.indexed.has(key)) continue;
      clearTimeout(entry.timer);
      entry.timer = undefined;
      this.updateLive(entry.document);
    }
  }

  private updateLive(document: vscode.TextDocument): void {
    if (this.isDisposed || document.isClosed) return;
    const analysis = this.documents.analysisOf(document);
    if (!analysis) return;
    let claims = this.liveClaims.get(analysis);
    if (!claims) {
      claims = indexedClaims(analysis.claims, analysis.actors);
      this.liveClaims.set(analysis, claims);
    }
    const annotations = this.sidecars.annotationsOf(document);
    const store = annotations?.store;
    this.setDocuments([
      {
        uri: document.uri.toString(),
        relativePath: relativePathOf(document.uri),
        claims,
        annotations: store ? indexedAnnotationsFromStore(store.all()) : [],
        ...(annotations?.broken ? { sidecarProblem: annotations.broken.message } : {}),
      },
    ]);
  }

  private setDocuments(docs: readonly IndexedDocument[]): void {
    if (docs.length === 0) return;
    for (const doc of docs) this.indexed.add(doc.uri);
    this.index.setDocuments(docs);
  }

  private remove(uri: string): void {
    if (this.live.has(uri) || !this.indexed.delete(uri)) return;
    this.index.removeDocument(uri);
  }

  // -------------------------------------------------------------------------------------------
  // Files on disk

  private async discover(token: vscode.CancellationToken): Promise<vscode.Uri[]> {
    const searches: Thenable<vscode.Uri[]>[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      for (const pattern of policyTextPatterns(folder, this.config.filePatternsFor(folder.uri))) {
        searches.push(vscode.workspace.findFiles(pattern, EXCLUDED_FOLDERS_GLOB, undefined, token));
      }
    }
    const found = new Map<string, vscode.Uri>();
    for (const uris of await Promise.all(searches)) for (const uri of uris) found.set(uri.toString(), uri);
    for (const uri of this.assigner.rememberedUris()) {
      if (found.has(uri.toString()) || uri.scheme !== 'file') continue;
      try {
        if ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.File) found.set(uri.toString(), uri);
      } catch {
        // Remembered, then deleted or moved: nothing to index.
      }
    }
    return [...found.values()].sort((a, b) => (a.fsPath < b.fsPath ? -1 : a.fsPath > b.fsPath ? 1 : 0));
  }

  private async fullIndex(token: vscode.CancellationToken): Promise<IndexReport> {
    const started = performance.now();
    // What is queued now is on disk now: the search below finds it.
    this.pending.clear();
    clearTimeout(this.pendingTimer);
    this.pendingTimer = undefined;
    await this.lexicons.whenLoaded();
    this.reportedDuringSearch = new Set();
    const uris = await this.discover(token);
    const reported = this.reportedDuringSearch;
    this.reportedDuringSearch = undefined;
    const cancelled = (): IndexReport => ({ files: uris.length, indexed: 0, failures: [], ms: performance.now() - started, batches: 0, cancelled: true, full: true });
    if (token.isCancellationRequested || this.isDisposed) return cancelled();
    // Files created while the search ran may be missing from its results; their events are queued.
    this.known = new Set([...uris.map((uri) => uri.toString()), ...reported]);
    for (const uri of [...this.indexed]) if (!this.known.has(uri)) this.remove(uri);
    const paths = uris.filter((uri) => uri.scheme === 'file' && !this.live.has(uri.toString())).map((uri) => uri.fsPath);
    const report = await this.indexPaths(paths, token, true);
    this.flushLive();
    return { ...report, files: uris.length, ms: performance.now() - started };
  }

  /** Indexes files with progress in the Claims view (and the status bar for many). */
  private async indexPaths(paths: readonly string[], token: vscode.CancellationToken, full: boolean): Promise<IndexReport> {
    const started = performance.now();
    let batches = 0;
    let indexed = 0;
    const total = paths.length;
    const work = async (report: (done: number) => void): Promise<Awaited<ReturnType<typeof indexWorkspace>>> => {
      const options: WorkspaceIndexerOptions = {
        lexiconFor: (path) => this.lexicons.lexiconFor(vscode.Uri.file(path)),
        // The extension host runs every extension: give the thread back often.
        timeSliceMs: INDEX_TIME_SLICE_MS,
        uriOf: (path) => vscode.Uri.file(path).toString(),
        token,
        onBatch: (docs) => {
          batches++;
          // An open document is the editor's; the file on disk may be older.
          const fresh = docs.filter((doc) => !this.live.has(doc.uri)).map((doc) => ({ ...doc, relativePath: relativePathOf(vscode.Uri.parse(doc.uri)) }));
          indexed += fresh.length;
          this.setDocuments(fresh);
        },
        onProgress: (done) => report(done),
      };
      return indexWorkspace(paths, options);
    };
    if (total === 0) return { files: 0, indexed: 0, failures: [], ms: 0, batches: 0, cancelled: false, full };
    this.setProgress({ done: 0, total });
    try {
      const result = await vscode.window.withProgress({ location: { viewId: CLAIMS_VIEW_ID } }, async () => {
        if (total < WINDOW_PROGRESS_MIN_FILES) {
          return work((done) => this.setProgress({ done, total }));
        }
        return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Policy Lens' }, async (progress) => {
          let reported = 0;
          return work((done) => {
            this.setProgress({ done, total });
            progress.report({ message: `indexing ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} policy texts`, increment: ((done - reported) / total) * 100 });
            reported = done;
          });
        });
      });
      // A file deleted between its watcher event and now is no failure: it leaves the panel.
      const failures = result.failures.filter((failure) => fs.existsSync(failure.path));
      if (failures.length > 0) console.warn(`[policy-lens] could not index ${failures.length} file(s):\n${failures.map((failure) => `  ${failure.message}`).join('\n')}`);
      return { files: total, indexed, failures: result.failures, ms: performance.now() - started, batches, cancelled: result.cancelled, full };
    } finally {
      this.setProgress(undefined);
    }
  }

  private setProgress(progress: IndexProgress | undefined): void {
    this.progressValue = progress;
    this.progress.fire(progress);
  }

  private watch(): void {
    const textChanged = (uri: vscode.Uri) => {
      this.known.add(uri.toString());
      this.reportedDuringSearch?.add(uri.toString());
      this.queueFile(uri);
    };
    const textDeleted = (uri: vscode.Uri) => {
      this.known.delete(uri.toString());
      this.pending.delete(uri.toString());
      this.remove(uri.toString());
    };
    const add = (watcher: vscode.FileSystemWatcher, onChange: (uri: vscode.Uri) => void, onDelete: (uri: vscode.Uri) => void) => {
      this.watchers.push(watcher, watcher.onDidCreate(onChange), watcher.onDidChange(onChange), watcher.onDidDelete(onDelete));
    };
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      for (const pattern of policyTextPatterns(folder, this.config.filePatternsFor(folder.uri))) {
        add(vscode.workspace.createFileSystemWatcher(pattern), textChanged, textDeleted);
      }
    }
    const sidecarChanged = (uri: vscode.Uri) => {
      const text = uri.with({ path: uri.path.slice(0, -SIDECAR_SUFFIX.length) });
      if (this.known.has(text.toString()) || this.assigner.isRemembered(text)) this.queueFile(text);
    };
    add(vscode.workspace.createFileSystemWatcher(SIDECAR_GLOB), sidecarChanged, sidecarChanged);
  }

  private restartWatching(): void {
    if (!this.started) return;
    this.watchers.splice(0).forEach((watcher) => watcher.dispose());
    this.watch();
    this.scheduleFullIndex();
  }

  private scheduleFullIndex(): void {
    if (!this.started) return;
    clearTimeout(this.fullTimer);
    this.fullTimer = setTimeout(() => {
      this.fullTimer = undefined;
      void this.reindex();
    }, FILE_EVENT_DELAY_MS);
  }

  /** A file changed on disk (or a document closed): index it again once events settle. */
  private queueFile(uri: vscode.Uri): void {
    if (!this.started || uri.scheme !== 'file' || this.live.has(uri.toString())) return;
    this.pending.add(uri.toString());
    clearTimeout(this.pendingTimer);
    this.pendingTimer = setTimeout(() => {
      this.pendingTimer = undefined;
      this.incremental = this.incremental
        .then(() => this.indexPending())
        .catch((error: unknown) => console.warn(`[policy-lens] could not index changed files: ${error instanceof Error ? error.message : String(error)}`));
    }, FILE_EVENT_DELAY_MS);
  }

  private async indexPending(): Promise<void> {
    // A full run indexes everything it found; what changed while it ran is still pending after.
    if (this.run) await this.run.done.catch(() => undefined);
    const uris = [...this.pending].map((key) => vscode.Uri.parse(key));
    this.pending.clear();
    if (uris.length > BULK_CHANGE_FILES) {
      // A checkout or a copy of a whole folder: search the workspace again rather than trust
      // thousands of events (file watchers may coalesce or drop some of a burst).
      await this.reindex();
      return;
    }
    const indexable = uris.filter((uri) => !this.live.has(uri.toString()) && (this.known.has(uri.toString()) || this.assigner.isRemembered(uri)));
    for (const uri of uris) if (!indexable.includes(uri)) this.remove(uri.toString());
    if (indexable.length === 0 || this.isDisposed) return;
    const cancel = new vscode.CancellationTokenSource();
    this.incrementalCancel = cancel;
    try {
      const report = await this.indexPaths(indexable.map((uri) => uri.fsPath), cancel.token, false);
      // A file that cannot be read any more (deleted between the event and now) leaves the panel.
      for (const failure of report.failures) this.remove(vscode.Uri.file(failure.path).toString());
    } finally {
      this.incrementalCancel = undefined;
      cancel.dispose();
    }
  }
}

/** Documents shown in editor tabs (the modified side of a diff too). */
function tabbedUris(): Set<string> {
  const uris = new Set<string>();
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      const input = tab.input;
      if (input instanceof vscode.TabInputText) uris.add(input.uri.toString());
      else if (input instanceof vscode.TabInputTextDiff) uris.add(input.modified.toString());
    }
  }
  return uris;
}

function relativePathOf(uri: vscode.Uri): string {
  if (uri.scheme === 'untitled') return uri.path;
  return vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

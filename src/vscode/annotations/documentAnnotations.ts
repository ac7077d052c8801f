import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { AnnotationStore, type AnnotationStoreChangeKind, type DetectedClaim } from '../../core/annotationStore';
import { createSidecar } from '../../core/sidecar/anchoring';
import type { SidecarProblem } from '../../core/sidecar/serialize';
import { loadSidecar, saveSidecar, setAsideBrokenSidecar, SIDECAR_SCHEMA_URI, type SidecarLoadResult, type SidecarRaw } from '../../node/sidecarFile';
import { writeFileAtomic } from '../../node/atomicWrite';
import { decodeText } from '../../node/textFile';
import type { Notifier } from '../notifier';
import { describeMerge, describeOrphansAfterLoad, describeReanchor, mergeChangedSomething } from './messages';
import { serializeSidecar } from '../../core/sidecar/serialize';

/**
 * Tag changes are saved this long after the last one: well inside the half second after which an
 * analyst who switches to a terminal and runs `git diff` would miss them, and long enough that
 * tagging a run of claims by keyboard writes the file once.
 */
export const SAVE_DELAY_MS = 250;
/** A save, a checkout or an editor writes a file in several steps: read it once they settle. */
const RELOAD_DELAY_MS = 100;
/** Attempts at saving when the file keeps changing under us (merge, then save again). */
const MAX_SAVE_ATTEMPTS = 3;

export type SidecarState = 'loading' | 'ready' | 'broken';

/** Why the sidecar on disk cannot be used. Tagging the text is read-only until it is fixed or set aside. */
export interface BrokenSidecar {
  readonly message: string;
  readonly kind: string;
  /** 1-based, when the file is not JSON. */
  readonly line?: number;
  readonly column?: number;
}

export interface LoadTiming {
  /** Reading the file (I/O, in the thread pool). */
  readonly readMs: number;
  /** Parsing and validating it (JSON, schema, tag checks). */
  readonly parseMs: number;
  /** Building the store: re-anchoring every annotation on the current text. */
  readonly storeMs: number;
  readonly annotations: number;
}

export interface SaveTiming {
  readonly status: 'saved' | 'unchanged' | 'conflict' | 'broken';
  /** From asking for the sidecar to the file renamed into place. */
  readonly ms: number;
  /** Of which the atomic write (temporary file, flush to disk, rename). */
  readonly writeMs: number;
  readonly annotations: number;
}

/** What a document's annotations tell the service, which tells the rest of the extension. */
export type DocumentAnnotationsEvent = AnnotationStoreChangeKind | 'loaded' | 'broken' | 'saved';

/** What each document needs from the service. */
export interface DocumentAnnotationsHost {
  readonly notifier: Notifier;
  /** The detected claims of the document's current text (its analysis). */
  claimsOf(document: vscode.TextDocument): readonly DetectedClaim[] | undefined;
  authorFor(uri: vscode.Uri): string | undefined;
  whenAuthorResolved(uri: vscode.Uri): Promise<void>;
  changed(annotations: DocumentAnnotations, event: DocumentAnnotationsEvent): void;
}

/** Store events after which the sidecar should be written soon. */
const SAVE_SOON: ReadonlySet<DocumentAnnotationsEvent> = new Set(['annotations', 'history', 'reanchored']);
/** Store events that are the analyst's own unsaved work (announced if a merge touches it). */
const ANALYST_CHANGES: ReadonlySet<DocumentAnnotationsEvent> = new Set(['annotations', 'history']);

/**
 * The annotations of one open policy text: its {@link AnnotationStore} kept on the editor's
 * text, and the sidecar file beside it, loaded when the document opens, saved (atomically,
 * never over a file someone else changed) soon after each tag change, when the text is saved
 * and when it closes, and reloaded when it changes on disk. A sidecar that cannot be read is
 * never written: the document is read-only for tagging until the analyst fixes the file or sets
 * it aside.
 *
 * Anchors moved by typing are saved with the text (on save or close), not on every pause: the
 * sidecar then describes the file on disk, which is what a colleague pulling it will have.
 */
export class DocumentAnnotations implements vscode.Disposable {
  readonly uri: vscode.Uri;
  readonly textPath: string;
  readonly sidecarPath: string;
  readonly fileName: string;

  private storeValue: AnnotationStore | undefined;
  private storeSubscription: { dispose(): void } | undefined;
  /** The sidecar's text as last loaded or written by us; undefined when there is no file. */
  private raw: SidecarRaw | undefined;
  private brokenValue: BrokenSidecar | undefined;
  private problemsValue: readonly SidecarProblem[] = [];
  /** Anything happened to the annotations since loading: only then is a save on close due. */
  private touched = false;
  /** The analyst changed tags since the last save. */
  private unsavedTagChanges = false;
  /** Write even if the store is clean (the file was set aside: put our annotations back). */
  private forceSave = false;
  private claimsSeen: readonly DetectedClaim[] | undefined;
  /** Loads, reloads and saves run one at a time, in order. */
  private queue: Promise<void>;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private reloadTimer: ReturnType<typeof setTimeout> | undefined;
  private warmTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly watchers: vscode.Disposable[] = [];
  private disposed = false;
  private lastLoadTiming: LoadTiming | undefined;
  private lastSaveTiming: SaveTiming | undefined;

  constructor(
    private readonly document: vscode.TextDocument,
    private readonly host: DocumentAnnotationsHost,
  ) {
    this.uri = document.uri;
    this.textPath = document.uri.fsPath;
    this.fileName = path.basename(this.textPath);
    this.sidecarPath = `${this.textPath}.annotations.json`;
    this.queue = this.load().catch((error: unknown) => {
      // Nothing is written for a document whose annotations could not be loaded.
      this.brokenValue = { message: `${path.basename(this.sidecarPath)}: could not be loaded: ${error instanceof Error ? error.message : String(error)}.`, kind: 'unreadable' };
      this.host.changed(this, 'broken');
      void this.host.notifier.error(this.brokenValue.message);
    });
    this.watch();
  }

  // -------------------------------------------------------------------------------------------
  // State

  get state(): SidecarState {
    return this.brokenValue ? 'broken' : this.storeValue ? 'ready' : 'loading';
  }

  /** Undefined while loading, and when the sidecar was broken from the start. */
  get store(): AnnotationStore | undefined {
    return this.storeValue;
  }

  get broken(): BrokenSidecar | undefined {
    return this.brokenValue;
  }

  /** Unknown tags and facet-rule problems found in the file as loaded. */
  get problems(): readonly SidecarProblem[] {
    return this.problemsValue;
  }

  get lastLoad(): LoadTiming | undefined {
    return this.lastLoadTiming;
  }

  get lastSave(): SaveTiming | undefined {
    return this.lastSaveTiming;
  }

  get textDocument(): vscode.TextDocument {
    return this.document;
  }

  /** Why tags cannot be changed now, or undefined when they can. */
  readOnlyReason(): string | undefined {
    if (this.brokenValue) return `${this.brokenValue.message} Tags of ${this.fileName} cannot be changed until the file is fixed or set aside.`;
    if (!this.storeValue) return `the annotations of ${this.fileName} are still loading.`;
    return undefined;
  }

  /** Settles when everything queued so far (load, reloads, saves) is done. */
  async whenIdle(): Promise<void> {
    for (;;) {
      const queued = this.queue;
      await queued;
      if (queued === this.queue && this.saveTimer === undefined && this.reloadTimer === undefined) return;
      if (this.saveTimer !== undefined || this.reloadTimer !== undefined) await delay(RELOAD_DELAY_MS);
    }
  }

  // -------------------------------------------------------------------------------------------
  // The text

  /** Moves the annotations with an edit in the editor, as it happens. */
  applyEdits(event: vscode.TextDocumentChangeEvent): void {
    const store = this.storeValue;
    if (!store || event.contentChanges.length === 0) return;
    const text = event.document.getText();
    if (event.reason === undefined && !event.document.isDirty && this.isFileOnDisk(text)) {
      // VS Code reloaded the file after it changed on disk (a git pull, another tool). Its line
      // diff would orphan every annotation in a rewritten region: find each one again by its
      // quote instead.
      this.reanchorOnDiskText(text);
      return;
    }
    store.applyTextEdits(
      event.contentChanges.map((change) => ({ start: change.rangeOffset, end: change.rangeOffset + change.rangeLength, text: change.text })),
      text,
    );
  }

  /** Gives the store the claims of the current analysis (cheap when they did not change). */
  syncClaims(): void {
    const store = this.storeValue;
    const claims = this.host.claimsOf(this.document);
    if (!store || !claims || claims === this.claimsSeen) return;
    this.claimsSeen = claims;
    store.setClaims(claims);
  }

  /** The text document was saved: write the anchors it moved, so the sidecar describes the file. */
  textSaved(): void {
    if (this.storeValue?.dirty && this.touched) this.scheduleSave(0);
  }

  // -------------------------------------------------------------------------------------------
  // Saving

  scheduleSave(delayMs = SAVE_DELAY_MS): void {
    if (this.disposed) return;
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.enqueue(() => this.save());
    }, delayMs);
  }

  /** Saves now if anything is unsaved; settles when written (or refused). */
  async flush(): Promise<void> {
    if (this.saveTimer !== undefined) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
    }
    if (this.storeValue && ((this.storeValue.dirty && this.touched) || this.forceSave)) this.enqueue(() => this.save());
    await this.whenIdle();
  }

  private async save(): Promise<void> {
    const store = this.storeValue;
    for (let attempt = 0; attempt < MAX_SAVE_ATTEMPTS; attempt++) {
      if (!store || this.brokenValue || (!store.dirty && !this.forceSave)) return;
      const revision = store.revision;
      const current = store.toSidecar();
      const sidecar = current.$schema === undefined ? { ...current, $schema: SIDECAR_SCHEMA_URI } : current;
      const started = performance.now();
      let writeMs = 0;
      const result = await saveSidecar(this.textPath, sidecar, this.raw, {
        write: async (file, content) => {
          const writing = performance.now();
          await writeFileAtomic(file, content);
          writeMs = performance.now() - writing;
        },
      });
      this.lastSaveTiming = { status: result.status, ms: performance.now() - started, writeMs, annotations: sidecar.annotations.length };
      switch (result.status) {
        case 'saved':
        case 'unchanged':
          this.raw = result.raw;
          this.forceSave = false;
          this.unsavedTagChanges = false;
          store.markSaved(sidecar, revision);
          this.host.changed(this, 'saved');
          return;
        case 'conflict':
          // Someone else wrote (or deleted) the file since we read it: take in their work,
          // then try again against the file as it is now.
          this.mergeWithDisk(result.disk);
          break;
        case 'broken':
          this.setBroken(result.disk);
          return;
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Loading and reloading

  private async load(): Promise<void> {
    await this.host.whenAuthorResolved(this.uri);
    // The document's analysis (its detected claims) is the editor's cost, not the sidecar's:
    // have it first, so the timings below are the sidecar's alone.
    this.host.claimsOf(this.document);
    if (this.disposed) return;
    let readMs = 0;
    const started = performance.now();
    const loaded = await loadSidecar(this.textPath, {
      fs: {
        readFile: async (file) => {
          const reading = performance.now();
          const bytes = await fsp.readFile(file);
          readMs = performance.now() - reading;
          return bytes;
        },
      },
    });
    if (this.disposed) return;
    const parsed = performance.now();
    if (loaded.state === 'broken') {
      this.setBroken(loaded);
      this.lastLoadTiming = { readMs, parseMs: parsed - started - readMs, storeMs: 0, annotations: 0 };
      return;
    }
    this.createStore(loaded);
    this.lastLoadTiming = { readMs, parseMs: parsed - started - readMs, storeMs: performance.now() - parsed, annotations: this.storeValue?.size ?? 0 };
    this.host.changed(this, 'loaded');
    // Serialise once while the analyst reads: the JSON of each annotation is then cached, and the
    // first save after a tag re-serialises one annotation instead of thousands.
    this.warmTimer = setTimeout(() => {
      if (!this.disposed && this.storeValue) serializeSidecar(this.storeValue.toSidecar());
    }, 50);
    const orphans = this.storeValue && describeOrphansAfterLoad(this.fileName, this.storeValue.loadReport);
    if (orphans) void this.host.notifier.info(orphans);
  }

  private createStore(loaded: Extract<SidecarLoadResult, { state: 'ok' | 'missing' }>): void {
    const claims = this.host.claimsOf(this.document);
    this.claimsSeen = claims;
    const store = new AnnotationStore({
      fileName: this.fileName,
      text: this.document.getText(),
      ...(loaded.state === 'ok' ? { sidecar: loaded.sidecar } : {}),
      ...(claims ? { claims } : {}),
      now: () => new Date().toISOString(),
      nonce: () => randomUUID(),
      author: () => this.host.authorFor(this.uri),
    });
    this.storeSubscription?.dispose();
    this.storeValue = store;
    this.raw = loaded.state === 'ok' ? loaded.raw : undefined;
    this.problemsValue = loaded.state === 'ok' ? loaded.problems : [];
    this.storeSubscription = store.onDidChange(({ kind }) => this.onStoreChange(kind));
  }

  private onStoreChange(kind: AnnotationStoreChangeKind): void {
    if (kind !== 'review') this.touched = true;
    if (ANALYST_CHANGES.has(kind)) this.unsavedTagChanges = true;
    if (SAVE_SOON.has(kind)) this.scheduleSave();
    this.host.changed(this, kind);
  }

  /** The sidecar changed on disk (our own writes included; those are recognised and skipped). */
  private async reloadSidecar(): Promise<void> {
    // Most events are our own writes: compare before parsing (a large sidecar costs tens of ms).
    if (this.storeValue && !this.brokenValue && this.raw !== undefined) {
      const text = await fsp.readFile(this.sidecarPath, 'utf8').catch(() => undefined);
      if (text === this.raw) return;
    }
    const loaded = await loadSidecar(this.textPath);
    if (this.disposed) return;
    if (loaded.state === 'broken') {
      this.setBroken(loaded);
      return;
    }
    if (this.brokenValue) {
      // Fixed (or removed) by hand: tagging is possible again.
      this.brokenValue = undefined;
      if (this.storeValue) this.mergeWithDisk(loaded);
      else this.createStore(loaded);
      this.host.changed(this, 'loaded');
      return;
    }
    if (!this.storeValue) return;
    if (loaded.state === 'ok' ? loaded.raw === this.raw : this.raw === undefined) return;
    this.mergeWithDisk(loaded);
  }

  private mergeWithDisk(disk: Extract<SidecarLoadResult, { state: 'ok' | 'missing' }>): void {
    const store = this.storeValue;
    if (!store) return;
    const announce = this.unsavedTagChanges;
    // A deleted file merges as an empty one: what nobody changed here goes, our changes stay.
    const theirs = disk.state === 'ok' ? disk.sidecar : createSidecar(this.fileName, store.currentText);
    const summary = store.mergeFromDisk(theirs);
    this.raw = disk.state === 'ok' ? disk.raw : undefined;
    this.problemsValue = disk.state === 'ok' ? disk.problems : [];
    this.touched ||= summary.needsSave;
    if (announce && mergeChangedSomething(summary)) void this.host.notifier.info(describeMerge(path.basename(this.sidecarPath), summary));
    if (summary.needsSave) this.scheduleSave();
    this.host.changed(this, 'merged');
  }

  private setBroken(disk: Extract<SidecarLoadResult, { state: 'broken' }>): void {
    const again = this.brokenValue?.message === disk.message;
    this.brokenValue = {
      message: disk.message,
      kind: disk.kind,
      ...(disk.line === undefined ? {} : { line: disk.line }),
      ...(disk.column === undefined ? {} : { column: disk.column }),
    };
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    this.host.changed(this, 'broken');
    if (!again) void this.announceBroken();
  }

  private async announceBroken(): Promise<void> {
    const broken = this.brokenValue;
    if (!broken) return;
    const open = 'Open File';
    const setAside = 'Set Aside and Start Afresh';
    const choice = await this.host.notifier.error(`${broken.message} Tagging ${this.fileName} is read-only until the file is fixed or set aside.`, open, setAside);
    if (choice === open) await this.openSidecar();
    else if (choice === setAside) await this.setAside();
  }

  /** Opens the sidecar, at its first error when the position is known. */
  async openSidecar(): Promise<void> {
    const line = Math.max(0, (this.brokenValue?.line ?? 1) - 1);
    const character = Math.max(0, (this.brokenValue?.column ?? 1) - 1);
    const position = new vscode.Position(line, character);
    await vscode.window.showTextDocument(vscode.Uri.file(this.sidecarPath), { selection: new vscode.Range(position, position) });
  }

  /**
   * Renames a broken sidecar to a backup beside it (every byte kept) and carries on without it:
   * with the annotations held in memory when there are any (the file broke while open), else
   * with none. Resolves to the backup's path.
   */
  async setAside(): Promise<string | undefined> {
    let backup: string | undefined;
    await this.enqueue(async () => {
      if (!this.brokenValue) return;
      try {
        backup = await setAsideBrokenSidecar(this.textPath, new Date());
      } catch (error) {
        void this.host.notifier.error(`could not set ${path.basename(this.sidecarPath)} aside: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      this.brokenValue = undefined;
      this.raw = undefined;
      if (this.storeValue) {
        this.forceSave = this.storeValue.size > 0;
        this.touched = true;
      } else {
        this.createStore({ state: 'missing', path: this.sidecarPath });
      }
      this.host.changed(this, 'loaded');
      void this.host.notifier.info(`${path.basename(this.sidecarPath)} was set aside as ${path.basename(backup)}; ${this.fileName} starts afresh.`);
    });
    if (this.forceSave) await this.flush();
    return backup;
  }

  /**
   * Whether `text` is the file on disk. Asked only for a change that leaves the document clean:
   * a reload from disk, or the first keystroke after opening or saving (the dirty flag reaches
   * the extension host after the change), so one small read per save at most.
   */
  private isFileOnDisk(text: string): boolean {
    try {
      const file = decodeText(this.textPath, fs.readFileSync(this.textPath));
      return file.ok && file.text === text;
    } catch {
      return false;
    }
  }

  private reanchorOnDiskText(text: string): void {
    const store = this.storeValue;
    if (!store) return;
    const claims = this.host.claimsOf(this.document);
    this.claimsSeen = claims;
    const summary = store.reanchorTo(text, claims);
    const message = describeReanchor(this.fileName, summary);
    if (message) void this.host.notifier.info(message);
  }

  // -------------------------------------------------------------------------------------------

  /**
   * Watches the sidecar wherever it is: a workspace-wide glob would miss texts opened from
   * outside the workspace. (The text itself needs no watcher: VS Code reloads it, see applyEdits.)
   */
  private watch(): void {
    if (this.uri.scheme !== 'file') return;
    const folder = vscode.Uri.file(path.dirname(this.textPath));
    const sidecar = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, path.basename(this.sidecarPath)));
    const reload = () => this.scheduleReload();
    this.watchers.push(sidecar, sidecar.onDidCreate(reload), sidecar.onDidChange(reload), sidecar.onDidDelete(reload));
  }

  private scheduleReload(): void {
    if (this.disposed) return;
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => {
      this.reloadTimer = undefined;
      this.enqueue(() => this.reloadSidecar());
    }, RELOAD_DELAY_MS);
  }

  private enqueue(run: () => Promise<void>): Promise<void> {
    const next = this.queue.then(async () => {
      if (this.disposed) return;
      try {
        await run();
      } catch (error) {
        // A failed write (disk full, permissions) keeps the annotations in memory and dirty.
        void this.host.notifier.error(`could not read or save the annotations of ${this.fileName}: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
    this.queue = next;
    return next;
  }

  /** Stops watching and saving. Callers flush first when the annotations should be written. */
  dispose(): void {
    clearTimeout(this.warmTimer);
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.saveTimer);
    clearTimeout(this.reloadTimer);
    this.watchers.splice(0).forEach((watcher) => watcher.dispose());
    this.storeSubscription?.dispose();
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

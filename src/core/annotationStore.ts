import {
  createAnnotation,
  documentInfo,
  makeTarget,
  reanchor,
  shiftAnchors,
  type OrphanReason,
  type TextChange,
} from './sidecar/anchoring';
import { CONTEXT_LENGTH, SIDECAR_VERSION, type Annotation, type DocumentInfo, type Sidecar, type TaxonomyRef } from './sidecar/schema';
import { addTag, facetOf, isKnownTag, removeTag, sortTags, TAXONOMY } from './taxonomy';
import type { ClaimType, Likelihood, Span } from './types';

/**
 * The annotations of one text, in memory: what the analyst sees and changes, kept on the text as
 * it is edited, and turned back into a sidecar to save. Pure: time, randomness and the author
 * come in through {@link AnnotationStoreOptions}, so every behaviour is reproducible in a test.
 *
 * Every annotation is either anchored (its target is a range of the current text) or orphaned
 * (its text could not be found; it keeps its last target, quote and context, so that re-anchoring
 * can try again and the analyst can attach it to a new selection). Nothing is ever dropped
 * except by the analyst.
 */

/** A claim the engine detected; `Claim` from the analysis fits. */
export interface DetectedClaim extends Span {
  readonly type: ClaimType;
  readonly likelihood?: Likelihood;
}

/** An annotation by id, or a claim by its exact range in the current text. */
export type ClaimRef = string | Span;

/**
 * - `deleted-in-editor`: its whole text was deleted or replaced in the editor; an undo or a paste
 *   that brings the quote back re-attaches it;
 * - the others come from `reanchor` (text changed on disk or from a merged sidecar).
 */
export type OrphanCause = OrphanReason | 'deleted-in-editor';

export interface OrphanInfo {
  readonly reason: OrphanCause;
  readonly message: string;
  /** Where its text probably is now, if anywhere. */
  readonly near?: Span;
}

/**
 * Why an anchored annotation should be looked at again after its text was edited in the editor.
 * Flags last for the session: sidecar format 1 has no field for them.
 *
 * - `not-a-sentence`: a detected claim whose range no longer matches a sentence the engine finds
 *   (it was split, joined or cut short);
 * - `text-edited`: a manual selection whose text changed; nothing independent says whether it
 *   still says what was tagged.
 */
export type RecheckReason = 'not-a-sentence' | 'text-edited';

/** One annotation and its state. `orphan` unset means anchored on the current text. */
export interface AnnotationEntry {
  readonly annotation: Annotation;
  readonly orphan?: OrphanInfo;
  readonly recheck?: RecheckReason;
}

export interface AnnotationStoreOptions {
  /** Name of the text file, for `document.fileName` and new ids. */
  readonly fileName: string;
  /** The text as it is now. */
  readonly text: string;
  /** The sidecar as loaded; none for a text not annotated yet. Re-anchored on `text` at once. */
  readonly sidecar?: Sidecar;
  /** Detected claims of `text`: tagging one makes a `detected` annotation. See `setClaims`. */
  readonly claims?: readonly DetectedClaim[];
  /** The current time, ISO 8601; read once per change. */
  readonly now: () => string;
  /** Random text for new ids (e.g. `crypto.randomUUID`). */
  readonly nonce: () => string;
  /** Who is changing annotations; written to `author`. */
  readonly author?: () => string | undefined;
  /** How many steps `undo()` can go back. */
  readonly undoLimit?: number;
}

export type AnnotationStoreChangeKind =
  /** The analyst changed annotations (tag, note, add, remove, attach). */
  | 'annotations'
  /** Undo or redo. */
  | 'history'
  /** Edits in the editor moved, orphaned or flagged annotations. */
  | 'anchors'
  /** The text was replaced (changed on disk) and everything re-anchored. */
  | 'reanchored'
  /** A sidecar from disk was merged in. */
  | 'merged'
  /** Recheck flags changed (new claims, or the analyst confirmed). */
  | 'review';

export interface AnnotationStoreChange {
  readonly kind: AnnotationStoreChangeKind;
  /** Annotations that changed; for `anchors`, only those orphaned, recovered or flagged (the rest merely moved). */
  readonly ids: readonly string[];
}

export interface Disposable {
  dispose(): void;
}

export interface ReanchorSummary {
  /** Ids now at other offsets. */
  readonly moved: readonly string[];
  /** Ids that were anchored and could not be placed. */
  readonly orphaned: readonly string[];
  /** Ids that were orphans and were found again. */
  readonly recovered: readonly string[];
}

export type MergeConflictKind =
  /** Changed here and on disk since the last load or save. */
  | 'both-modified'
  /** Changed here, deleted on disk: kept. */
  | 'modified-deleted'
  /** Deleted here, changed on disk: restored from disk. */
  | 'deleted-modified';

export interface MergeConflict {
  readonly id: string;
  readonly kind: MergeConflictKind;
  readonly resolution: 'ours' | 'theirs';
}

export interface MergeSummary {
  /** New on disk, added here. */
  readonly added: readonly string[];
  /** Changed on disk only, taken. */
  readonly updated: readonly string[];
  /** Deleted on disk and unchanged here, removed. */
  readonly removed: readonly string[];
  readonly conflicts: readonly MergeConflict[];
  /** Taken from disk but not found in the current text: orphans. */
  readonly orphaned: readonly string[];
  /** The store now holds something the file on disk does not: save it. */
  readonly needsSave: boolean;
}

type AnnotationPatch = Partial<Pick<Annotation, 'tags' | 'note' | 'target' | 'origin'>>;

interface Entry {
  annotation: Annotation;
  orphan: OrphanInfo | undefined;
  review: RecheckReason | 'pending' | undefined;
}

/** An annotation as it was before or after an undoable change, and which text its target refers to. */
interface Snapshot {
  readonly annotation: Annotation;
  readonly orphan: OrphanInfo | undefined;
  readonly textVersion: number;
}

interface Change {
  readonly id: string;
  readonly before: Snapshot | undefined;
  after: Snapshot | undefined;
}

interface Step {
  readonly label: string;
  readonly changes: Map<string, Change>;
}

const DEFAULT_UNDO_LIMIT = 200;

/** See the file comment. One instance per open text; not shared between texts. */
export class AnnotationStore {
  private readonly fileName: string;
  private readonly now: () => string;
  private readonly nonce: () => string;
  private readonly author: () => string | undefined;
  private readonly undoLimit: number;

  private text: string;
  /** Bumped whenever the text changes: snapshots taken on another text must be re-anchored. */
  private textVersion = 0;
  private documentCache: { version: number; info: DocumentInfo } | undefined;
  private schemaRef: string | undefined;
  private taxonomy: TaxonomyRef;

  private readonly entries = new Map<string, Entry>();
  /** The ids of `entries`, as a set for `createAnnotation`'s `takenIds`. */
  private readonly ids = new Set<string>();
  /** The annotations as last loaded, saved or merged: the common ancestor for `mergeFromDisk`. */
  private base = new Map<string, Annotation>();
  /** Ids with a `review` flag, so edits and new claims need not look at every annotation. */
  private readonly flagged = new Set<string>();
  private claimsByRange = new Map<string, DetectedClaim>();

  // Built on demand. The order is dropped whenever an annotation is added, removed or moved; the
  // ranges are kept up to date through additions and removals (tagging a thousand claims in one
  // batch must not rebuild them a thousand times) and dropped when anything moves.
  private sortedCache: { entries: Entry[]; maxEnd: number[] } | undefined;
  private rangeCache: Map<string, Entry[]> | undefined;

  private undoStack: Step[] = [];
  private redoStack: Step[] = [];
  private currentStep: Step | undefined;
  private stepTime: string | undefined;

  private revisionCounter = 0;
  private savedRevision = 0;
  private readonly listeners = new Set<(change: AnnotationStoreChange) => void>();

  /** What re-anchoring the loaded sidecar on the text found: tell the analyst about orphans. */
  readonly loadReport: ReanchorSummary;

  constructor(options: AnnotationStoreOptions) {
    this.fileName = options.fileName;
    this.now = options.now;
    this.nonce = options.nonce;
    this.author = options.author ?? (() => undefined);
    this.undoLimit = options.undoLimit ?? DEFAULT_UNDO_LIMIT;
    this.text = options.text;
    this.schemaRef = options.sidecar?.$schema;
    this.taxonomy = options.sidecar?.taxonomy ?? { id: TAXONOMY.id, version: TAXONOMY.version };
    if (options.claims) this.claimsByRange = indexClaims(options.claims);

    const loaded = options.sidecar?.annotations ?? [];
    const moved: string[] = [];
    const orphaned: string[] = [];
    const results = reanchor(loaded, this.text);
    loaded.forEach((annotation, index) => {
      const result = results[index];
      this.base.set(annotation.id, annotation);
      if (result.status === 'anchored') {
        if (result.start !== annotation.target.start) moved.push(annotation.id);
        this.putEntry({ annotation: { ...annotation, target: result.target }, orphan: undefined, review: undefined });
      } else {
        orphaned.push(annotation.id);
        this.putEntry({ annotation, orphan: orphanInfo(result), review: undefined });
      }
    });
    this.loadReport = { moved, orphaned, recovered: [] };
    // Offsets that moved, or a text that is not the one the sidecar describes, should be saved.
    const described = options.sidecar?.document;
    const stale = described !== undefined && (described.sha256 !== this.documentInfo().sha256 || described.fileName !== this.fileName);
    if (moved.length > 0 || orphaned.length > 0 || stale) this.revisionCounter++;
  }

  // -------------------------------------------------------------------------------------------
  // Reading

  /** Unsaved changes: anything `toSidecar()` would write differently from the last save or load. */
  get dirty(): boolean {
    return this.revisionCounter !== this.savedRevision;
  }

  /** Increases with every change; pass the value read before `toSidecar()` to `markSaved`. */
  get revision(): number {
    return this.revisionCounter;
  }

  get currentText(): string {
    return this.text;
  }

  get size(): number {
    return this.entries.size;
  }

  get(id: string): AnnotationEntry | undefined {
    const entry = this.entries.get(id);
    return entry && view(entry);
  }

  /** Every annotation, anchored first in text order, then orphans. */
  all(): AnnotationEntry[] {
    const orphans = [...this.entries.values()].filter((entry) => entry.orphan !== undefined).sort(compareEntries);
    return [...this.sorted().entries, ...orphans].map(view);
  }

  /** Anchored annotations in text order (by start, then end, then id): what gets decorated. */
  anchored(): Annotation[] {
    return this.sorted().entries.map((entry) => entry.annotation);
  }

  orphans(): AnnotationEntry[] {
    return [...this.entries.values()].filter((entry) => entry.orphan !== undefined).sort(compareEntries).map(view);
  }

  /** Anchored annotations whose text was edited and that the analyst should look at. */
  needsRecheck(): AnnotationEntry[] {
    return [...this.flagged]
      .map((id) => this.entries.get(id))
      .filter((entry): entry is Entry => entry !== undefined && entry.review !== undefined && entry.review !== 'pending')
      .sort(compareEntries)
      .map(view);
  }

  /**
   * The innermost anchored annotation at `offset`: one with `start <= offset < end`, or ending
   * exactly there (the cursor just after a claim's full stop). Shorter wins, then one that
   * contains the offset strictly.
   */
  annotationAt(offset: number): Annotation | undefined {
    const { entries, maxEnd } = this.sorted();
    // Last entry starting at or before offset.
    let low = 0;
    let high = entries.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (entries[mid].annotation.target.start <= offset) low = mid + 1;
      else high = mid;
    }
    let best: Entry | undefined;
    let bestScore = Infinity;
    for (let index = low - 1; index >= 0 && maxEnd[index] >= offset; index--) {
      const { start, end } = entries[index].annotation.target;
      if (end < offset) continue;
      // Strict containment beats touching the end; among equals, the shorter span.
      const score = (end - start) * 2 + (end === offset ? 1 : 0);
      if (score < bestScore) {
        best = entries[index];
        bestScore = score;
      }
    }
    return best?.annotation;
  }

  /** The anchored annotation on exactly this range; a claim is identified by its range. */
  annotationForRange(start: number, end: number): Annotation | undefined {
    return this.ranges().get(rangeKey(start, end))?.[0].annotation;
  }

  /** The detected claim on exactly this range. */
  claimForRange(start: number, end: number): DetectedClaim | undefined {
    return this.claimsByRange.get(rangeKey(start, end));
  }

  // -------------------------------------------------------------------------------------------
  // Events

  onDidChange(listener: (change: AnnotationStoreChange) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private emit(kind: AnnotationStoreChangeKind, ids: readonly string[]): void {
    const change: AnnotationStoreChange = { kind, ids };
    // A copy: a listener may dispose itself.
    for (const listener of [...this.listeners]) listener(change);
  }

  // -------------------------------------------------------------------------------------------
  // The analyst's changes (undoable)

  /**
   * Adds a tag, creating the annotation for a claim range that has none. Replaces another value
   * of a single-valued facet (`type`, `outlook`, `evidence`, `likelihood`).
   * @throws RangeError for a tag the taxonomy does not know, or a range that is not in the text.
   */
  tag(ref: ClaimRef, tag: string): Annotation {
    if (!isKnownTag(tag)) throw new RangeError(`Unknown tag "${tag}": tags come from the taxonomy ${TAXONOMY.id}.`);
    return this.inStep('Tag Claim', () => {
      const entry = this.entryFor(ref, true);
      return this.update(entry, { tags: addTag(entry.annotation.tags, tag) });
    });
  }

  /**
   * Removes a tag. A detected claim left with no tags and no note is no longer annotated (its
   * annotation is removed, and the claim shows as untagged again); a manual claim stays, since
   * the selection itself is the analyst's work. Returns the annotation, or undefined if removed.
   */
  untag(ref: ClaimRef, tag: string): Annotation | undefined {
    return this.inStep('Remove Tag', () => {
      const entry = this.entryFor(ref, false);
      if (!entry) return undefined;
      return this.updateOrDrop(entry, { tags: removeTag(entry.annotation.tags, tag) });
    });
  }

  /**
   * Replaces the tags. They are added in order with the facet rules, so of two values of a
   * single-valued facet the later wins. Unknown tags are refused unless the annotation already
   * has them (from the file): those are kept as they are.
   */
  setTags(ref: ClaimRef, tags: readonly string[]): Annotation | undefined {
    return this.inStep('Set Tags', () => {
      const existing = this.entryFor(ref, false);
      const kept = new Set(existing?.annotation.tags ?? []);
      for (const tag of tags) {
        if (!isKnownTag(tag) && !kept.has(tag)) throw new RangeError(`Unknown tag "${tag}": tags come from the taxonomy ${TAXONOMY.id}.`);
      }
      const next = tags.reduce<string[]>((acc, tag) => (isKnownTag(tag) ? addTag(acc, tag) : sortTags([...acc, tag])), []);
      if (!existing && next.length === 0) return undefined;
      const entry = existing ?? this.entryFor(ref, true);
      return this.updateOrDrop(entry, { tags: next });
    });
  }

  /** Sets or (with undefined or '') removes the note; a note alone makes a claim annotated. */
  setNote(ref: ClaimRef, note: string | undefined): Annotation | undefined {
    const value = note === '' ? undefined : note;
    return this.inStep('Edit Note', () => {
      const existing = this.entryFor(ref, false);
      if (!existing && value === undefined) return undefined;
      const entry = existing ?? this.entryFor(ref, true);
      return this.updateOrDrop(entry, { note: value });
    });
  }

  /**
   * Tags a detected claim with the type the engine suggests, and with its likelihood when the
   * analyst has not set one (a likelihood they chose is theirs to change). Undefined when the
   * range is not a detected claim.
   */
  acceptSuggestion(ref: ClaimRef): Annotation | undefined {
    return this.inStep('Accept Suggested Type', () => {
      const span = this.spanOf(ref);
      const claim = span && this.claimsByRange.get(rangeKey(span.start, span.end));
      if (!claim) return undefined;
      const entry = this.entryFor(ref, true);
      let tags = addTag(entry.annotation.tags, `type:${claim.type}`);
      if (claim.likelihood !== undefined && !tags.some((tag) => facetOf(tag) === 'likelihood')) tags = addTag(tags, `likelihood:${claim.likelihood}`);
      return this.update(entry, { tags });
    });
  }

  /**
   * Marks a selection as a claim. Its origin is `detected` if the range is exactly a detected
   * claim, `manual` otherwise. An annotation already on that range gets the tags and note added.
   */
  addManualClaim(start: number, end: number, init: { readonly tags?: readonly string[]; readonly note?: string } = {}): Annotation {
    for (const tag of init.tags ?? []) {
      if (!isKnownTag(tag)) throw new RangeError(`Unknown tag "${tag}": tags come from the taxonomy ${TAXONOMY.id}.`);
    }
    return this.inStep('Add Claim', () => {
      const entry = this.entryFor({ start, end }, true);
      const tags = (init.tags ?? []).reduce<readonly string[]>((acc, tag) => addTag(acc, tag), entry.annotation.tags);
      return this.update(entry, { tags, ...(init.note === undefined || init.note === '' ? {} : { note: init.note }) });
    });
  }

  removeAnnotation(id: string): boolean {
    return this.inStep('Remove Annotation', () => {
      if (!this.entries.has(id)) return false;
      this.drop(id);
      return true;
    });
  }

  /**
   * Attaches an annotation (typically an orphan) to a range of the current text, keeping its
   * tags and note. Its origin follows the new range. Counts as the analyst's change (`modified`).
   * @throws RangeError for an unknown id, a range outside the text, or a range another
   *   annotation already has.
   */
  attachOrphan(id: string, start: number, end: number): Annotation {
    return this.inStep('Attach Annotation', () => {
      const entry = this.entries.get(id);
      if (!entry) throw new RangeError(`No annotation ${id}.`);
      this.checkRange(start, end);
      const occupant = this.ranges().get(rangeKey(start, end))?.find((other) => other !== entry);
      if (occupant) {
        throw new RangeError(`That range already has annotation ${occupant.annotation.id}; remove it or change its tags instead.`);
      }
      return this.update(entry, { target: makeTarget(this.text, start, end), origin: this.claimsByRange.has(rangeKey(start, end)) ? 'detected' : 'manual' });
    });
  }

  /** Groups changes into one undo step. */
  batch<T>(label: string, run: () => T): T {
    return this.inStep(label, run);
  }

  /** Clears a recheck flag: the analyst looked and the tags still hold. Not undoable. */
  confirm(id: string): void {
    const entry = this.entries.get(id);
    if (!entry || entry.review === undefined) return;
    this.setReview(id, entry, undefined);
    this.emit('review', [id]);
  }

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  /** Label of the step `undo()` would revert, e.g. "Tag Claim". */
  get undoLabel(): string | undefined {
    return this.undoStack[this.undoStack.length - 1]?.label;
  }

  get redoLabel(): string | undefined {
    return this.redoStack[this.redoStack.length - 1]?.label;
  }

  /**
   * Reverts the last step of tag changes (not text edits: the editor undoes those, and the
   * anchors follow). An annotation put back after the text changed is re-anchored by its quote.
   * Returns the ids it changed, or undefined if there was nothing to undo.
   */
  undo(): string[] | undefined {
    const step = this.undoStack.pop();
    if (!step) return undefined;
    const changes = [...step.changes.values()].reverse();
    for (const change of changes) this.restore(change.id, change.before, change.after);
    this.redoStack.push(step);
    return this.afterHistory(changes);
  }

  redo(): string[] | undefined {
    const step = this.redoStack.pop();
    if (!step) return undefined;
    const changes = [...step.changes.values()];
    for (const change of changes) this.restore(change.id, change.after, change.before);
    this.undoStack.push(step);
    return this.afterHistory(changes);
  }

  private afterHistory(changes: readonly Change[]): string[] {
    this.invalidate();
    this.revisionCounter++;
    const ids = changes.map((change) => change.id);
    this.emit('history', ids);
    return ids;
  }

  // -------------------------------------------------------------------------------------------
  // The text changes

  /**
   * New detected claims, from the analysis of the current text. Tagging uses them to tell
   * detected claims from manual selections, and they settle the annotations whose text an edit
   * changed: a detected claim whose range is still exactly a sentence is fine; otherwise it is
   * flagged `not-a-sentence` (and unflagged if a later analysis finds the sentence again).
   */
  setClaims(claims: readonly DetectedClaim[]): void {
    this.claimsByRange = indexClaims(claims);
    const changed: string[] = [];
    for (const id of this.flagged) {
      const entry = this.entries.get(id);
      if (!entry || entry.orphan || (entry.review !== 'pending' && entry.review !== 'not-a-sentence')) continue;
      const { start, end } = entry.annotation.target;
      const review = this.claimsByRange.has(rangeKey(start, end)) ? undefined : 'not-a-sentence';
      if (review !== entry.review) {
        this.setReview(id, entry, review);
        changed.push(id);
      }
    }
    if (changed.length > 0) this.emit('review', changed);
  }

  /**
   * Moves the annotations through edits made in the editor (VS Code's `contentChanges`, applied
   * in order) that turned the text into `newText`:
   * - an annotation whose whole text was deleted becomes an orphan (`deleted-in-editor`), with
   *   its old quote, so an undo or paste that brings the quote back re-attaches it;
   * - one whose own text was edited follows the edit (its target is taken from the new text: the
   *   old offsets and quote would point at text that no longer exists) and is re-checked: a
   *   detected claim against the sentences of the new analysis (`claims` here, or the next
   *   `setClaims`), a manual one is flagged `text-edited`;
   * - the rest just move.
   * Edits that do not add up to `newText` are not trusted: everything is re-anchored instead.
   */
  applyTextEdits(edits: readonly TextChange[], newText: string, claims?: readonly DetectedClaim[]): void {
    if (!editsProduce(edits, this.text.length, newText.length)) {
      this.reanchorTo(newText, claims);
      return;
    }
    if (edits.length === 0) {
      if (newText !== this.text) this.reanchorTo(newText, claims);
      else if (claims) this.setClaims(claims);
      return;
    }
    const oldText = this.text;
    const anchored = this.sorted().entries;
    const shifted = shiftAnchors(anchored.map((entry) => entry.annotation.target), edits);
    // Nothing before the first edit moves; only context that reaches it can change.
    let firstTouched = Infinity;
    for (const edit of edits) firstTouched = Math.min(firstTouched, edit.start);

    const notable: string[] = [];
    let positionsChanged = false;
    let targetsChanged = false;
    anchored.forEach((entry, index) => {
      const { start, end, state } = shifted[index];
      const { target } = entry.annotation;
      const id = entry.annotation.id;
      if (state === 'unchanged') {
        if (target.end + CONTEXT_LENGTH >= firstTouched) {
          this.retarget(entry, start, end, newText);
          targetsChanged ||= !sameTarget(entry.annotation, { ...entry.annotation, target });
        }
        return;
      }
      positionsChanged = true;
      if (state === 'lost' || end <= start) {
        entry.orphan = { reason: 'deleted-in-editor', message: 'Its text was deleted in the editor.', near: { start, end: start } };
        this.setReview(id, entry, undefined);
        notable.push(id);
        return;
      }
      this.retarget(entry, start, end, newText);
      if (state === 'edited' && newText.slice(start, end) !== oldText.slice(target.start, target.end)) {
        this.setReview(id, entry, entry.annotation.origin === 'detected' ? 'pending' : 'text-edited');
        notable.push(id);
      }
    });

    this.text = newText;
    this.textVersion++;
    notable.push(...this.recoverOrphans(edits));
    if (positionsChanged || notable.length > 0) this.invalidate();
    // Typing where no annotation is leaves the sidecar as it is: no save for every keystroke.
    if (positionsChanged || targetsChanged || notable.length > 0) this.revisionCounter++;
    if (claims) this.setClaims(claims);
    if (positionsChanged || targetsChanged || notable.length > 0) this.emit('anchors', notable);
  }

  /**
   * The text was replaced from outside the editor (git pull, another tool): finds every
   * annotation again by its quote and context, orphans included (the new text may have them
   * back). Those that cannot be placed become orphans, kept with their last target.
   */
  reanchorTo(newText: string, claims?: readonly DetectedClaim[]): ReanchorSummary {
    const entries = [...this.entries.values()];
    const results = reanchor(entries.map((entry) => entry.annotation), newText);
    const moved: string[] = [];
    const orphaned: string[] = [];
    const recovered: string[] = [];
    entries.forEach((entry, index) => {
      const result = results[index];
      const id = entry.annotation.id;
      if (result.status === 'anchored') {
        if (entry.orphan) recovered.push(id);
        else if (result.start !== entry.annotation.target.start) moved.push(id);
        entry.annotation = { ...entry.annotation, target: result.target };
        entry.orphan = undefined;
      } else {
        if (!entry.orphan) orphaned.push(id);
        entry.orphan = orphanInfo(result);
        this.setReview(id, entry, undefined);
      }
    });
    this.text = newText;
    this.textVersion++;
    this.invalidate();
    this.revisionCounter++;
    if (claims) this.claimsByRange = indexClaims(claims);
    this.emit('reanchored', [...moved, ...orphaned, ...recovered]);
    return { moved, orphaned, recovered };
  }

  /** Orphans whose quote an edit just inserted (an undo, a paste) are re-attached. */
  private recoverOrphans(edits: readonly TextChange[]): string[] {
    const candidates = [...this.entries.values()].filter(
      (entry) => entry.orphan !== undefined && edits.some((edit) => edit.text.length >= entry.annotation.target.exact.length && edit.text.includes(entry.annotation.target.exact)),
    );
    if (candidates.length === 0) return [];
    const results = reanchor(candidates.map((entry) => entry.annotation), this.text);
    const recovered: string[] = [];
    candidates.forEach((entry, index) => {
      const result = results[index];
      if (result.status !== 'anchored') return;
      entry.annotation = { ...entry.annotation, target: result.target };
      entry.orphan = undefined;
      recovered.push(entry.annotation.id);
    });
    return recovered;
  }

  // -------------------------------------------------------------------------------------------
  // Files

  /**
   * The sidecar to save: every annotation, orphans with their last target, described against the
   * current text. Needs no clock: each change was stamped when it was made.
   */
  toSidecar(): Sidecar {
    const annotations = [...this.entries.values()].map((entry) => entry.annotation);
    return {
      ...(this.schemaRef === undefined ? {} : { $schema: this.schemaRef }),
      version: SIDECAR_VERSION,
      document: this.documentInfo(),
      taxonomy: this.taxonomy,
      annotations,
    };
  }

  /**
   * Records that `saved` (from `toSidecar()`, taken at `revision`) is now the file on disk: it
   * becomes the base of the next merge, and the store is clean unless it changed meanwhile.
   */
  markSaved(saved: Sidecar, revision: number): void {
    this.base = new Map(saved.annotations.map((annotation) => [annotation.id, annotation]));
    if (saved.$schema !== undefined) this.schemaRef = saved.$schema;
    this.savedRevision = revision;
  }

  /**
   * Merges a sidecar that changed on disk (a git pull, another window) into this one, by id,
   * against the base: the annotations as last loaded, saved or merged. So an id in the base but
   * not here is one deleted here since, and one here but not in the base is new here.
   * - changed on one side only: that side's version;
   * - changed on both: ours if its `modified` is later, else theirs; reported as a conflict;
   * - deleted on one side: deleted if the other side did not change it; otherwise the changed
   *   version is kept (work is never lost to a deletion) and reported;
   * - new on one side: kept.
   * "Changed" compares the analyst's content (tags, note, origin, author, times), not targets,
   * which edits and re-anchoring move. Annotations taken from disk are re-anchored on the current
   * text. The disk version becomes the new base; undo history is cleared if anything changed
   * here, since its steps were recorded against annotations that are no longer there.
   */
  mergeFromDisk(disk: Sidecar): MergeSummary {
    const theirs = new Map(disk.annotations.map((annotation) => [annotation.id, annotation]));
    const ids = new Set([...this.base.keys(), ...this.entries.keys(), ...theirs.keys()]);
    const added: string[] = [];
    const updated: string[] = [];
    const removed: string[] = [];
    const conflicts: MergeConflict[] = [];
    const take: Annotation[] = [];

    for (const id of ids) {
      const base = this.base.get(id);
      const ours = this.entries.get(id)?.annotation;
      const their = theirs.get(id);
      if (ours && their) {
        // The same tags and note reached both sides (two analysts agreeing): nothing to settle.
        if (sameContent(ours, their) || sameSubstance(ours, their)) continue;
        if (base && sameContent(ours, base)) {
          updated.push(id);
          take.push(their);
        } else if (base && sameContent(their, base)) {
          // Only ours changed: keep.
        } else {
          const oursLater = Date.parse(ours.modified) > Date.parse(their.modified);
          conflicts.push({ id, kind: 'both-modified', resolution: oursLater ? 'ours' : 'theirs' });
          if (!oursLater) take.push(their);
        }
      } else if (ours) {
        if (!base) continue; // new here
        if (sameContent(ours, base)) {
          removed.push(id);
          this.removeEntry(id);
        } else {
          conflicts.push({ id, kind: 'modified-deleted', resolution: 'ours' });
        }
      } else if (their) {
        if (!base) {
          added.push(id);
          take.push(their);
        } else if (!sameContent(their, base)) {
          conflicts.push({ id, kind: 'deleted-modified', resolution: 'theirs' });
          take.push(their);
        }
        // else: deleted here, unchanged there: stays deleted.
      }
    }

    const orphaned: string[] = [];
    const results = reanchor(take, this.text);
    take.forEach((annotation, index) => {
      const result = results[index];
      if (result.status === 'anchored') {
        this.putEntry({ annotation: { ...annotation, target: result.target }, orphan: undefined, review: undefined });
      } else {
        orphaned.push(annotation.id);
        this.putEntry({ annotation, orphan: orphanInfo(result), review: undefined });
      }
    });

    const changedHere = take.length > 0 || removed.length > 0;
    if (changedHere) {
      this.invalidate();
      this.undoStack = [];
      this.redoStack = [];
    }
    if (disk.$schema !== undefined && this.schemaRef === undefined) this.schemaRef = disk.$schema;
    this.taxonomy = disk.taxonomy;
    this.base = theirs;
    const needsSave = this.differsFrom(disk);
    this.revisionCounter++;
    // The file on disk is what we merged with: clean unless we hold more.
    if (!needsSave) this.savedRevision = this.revisionCounter;
    if (changedHere || conflicts.length > 0) this.emit('merged', [...added, ...updated, ...removed, ...conflicts.map((conflict) => conflict.id)]);
    return { added, updated, removed, conflicts, orphaned, needsSave };
  }

  private differsFrom(disk: Sidecar): boolean {
    if (disk.annotations.length !== this.entries.size) return true;
    if (disk.document.sha256 !== this.documentInfo().sha256 || disk.document.fileName !== this.fileName) return true;
    for (const their of disk.annotations) {
      const ours = this.entries.get(their.id)?.annotation;
      if (!ours || !sameContent(ours, their) || !sameTarget(ours, their)) return true;
    }
    return false;
  }

  private documentInfo(): DocumentInfo {
    if (this.documentCache?.version !== this.textVersion) {
      this.documentCache = { version: this.textVersion, info: documentInfo(this.fileName, this.text) };
    }
    return this.documentCache.info;
  }

  // -------------------------------------------------------------------------------------------
  // Steps and snapshots

  private inStep<T>(label: string, run: () => T): T {
    if (this.currentStep) return run();
    const step: Step = { label, changes: new Map() };
    this.currentStep = step;
    try {
      return run();
    } finally {
      this.currentStep = undefined;
      this.stepTime = undefined;
      this.finishStep(step);
    }
  }

  private finishStep(step: Step): void {
    // Changes that came back to where they started (tag then untag in one batch) are no changes.
    for (const [id, change] of step.changes) {
      if (sameSnapshot(change.before, change.after)) step.changes.delete(id);
    }
    if (step.changes.size === 0) return;
    this.undoStack.push(step);
    if (this.undoStack.length > this.undoLimit) this.undoStack.splice(0, this.undoStack.length - this.undoLimit);
    this.redoStack = [];
    // Caches were kept up to date by putEntry, removeEntry and update.
    this.revisionCounter++;
    this.emit('annotations', [...step.changes.keys()]);
  }

  private time(): string {
    this.stepTime ??= this.now();
    return this.stepTime;
  }

  private snapshot(entry: Entry | undefined): Snapshot | undefined {
    return entry && { annotation: entry.annotation, orphan: entry.orphan, textVersion: this.textVersion };
  }

  private record(id: string, before: Snapshot | undefined): void {
    const step = this.currentStep;
    if (!step) throw new Error('AnnotationStore: change outside a step');
    const after = this.snapshot(this.entries.get(id));
    const existing = step.changes.get(id);
    if (existing) existing.after = after;
    else step.changes.set(id, { id, before, after });
  }

  /**
   * Puts `snapshot` back for `id` (undefined: removes it). If the annotation is there and the
   * step did not move it, only its content is restored: its target has followed the text since.
   * Otherwise it is placed by its snapshot's target, re-anchored if the text changed since.
   */
  private restore(id: string, snapshot: Snapshot | undefined, other: Snapshot | undefined): void {
    const current = this.entries.get(id);
    if (!snapshot) {
      this.removeEntry(id);
      return;
    }
    const moved = !other || !sameTarget(snapshot.annotation, other.annotation) || (snapshot.orphan === undefined) !== (other.orphan === undefined);
    if (current && !moved) {
      current.annotation = { ...snapshot.annotation, target: current.annotation.target };
      return;
    }
    if (snapshot.orphan || snapshot.textVersion === this.textVersion) {
      this.putEntry({ annotation: snapshot.annotation, orphan: snapshot.orphan, review: undefined });
      return;
    }
    const [result] = reanchor([snapshot.annotation], this.text);
    this.putEntry(
      result.status === 'anchored'
        ? { annotation: { ...snapshot.annotation, target: result.target }, orphan: undefined, review: undefined }
        : { annotation: snapshot.annotation, orphan: orphanInfo(result), review: undefined },
    );
  }

  // -------------------------------------------------------------------------------------------
  // Entries

  private spanOf(ref: ClaimRef): Span | undefined {
    if (typeof ref !== 'string') return ref;
    const entry = this.entries.get(ref);
    return entry && !entry.orphan ? entry.annotation.target : undefined;
  }

  /** The entry for a reference; with `create`, a new one for a range that has none. */
  private entryFor(ref: ClaimRef, create: true): Entry;
  private entryFor(ref: ClaimRef, create: false): Entry | undefined;
  private entryFor(ref: ClaimRef, create: boolean): Entry | undefined {
    if (typeof ref === 'string') {
      const entry = this.entries.get(ref);
      if (!entry && create) throw new RangeError(`No annotation ${ref}.`);
      return entry;
    }
    const existing = this.ranges().get(rangeKey(ref.start, ref.end))?.[0];
    if (existing || !create) return existing;
    this.checkRange(ref.start, ref.end);
    const time = this.time();
    const author = this.author();
    const annotation = createAnnotation({
      fileName: this.fileName,
      text: this.text,
      start: ref.start,
      end: ref.end,
      tags: [],
      origin: this.claimsByRange.has(rangeKey(ref.start, ref.end)) ? 'detected' : 'manual',
      time,
      nonce: this.nonce(),
      ...(author === undefined ? {} : { author }),
      takenIds: this.ids,
    });
    const entry: Entry = { annotation, orphan: undefined, review: undefined };
    this.putEntry(entry);
    this.record(annotation.id, undefined);
    return entry;
  }

  private checkRange(start: number, end: number): void {
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > this.text.length || start >= end) {
      throw new RangeError(`[${start}, ${end}) is not a non-empty range of the text (length ${this.text.length}).`);
    }
  }

  /**
   * Changes an annotation as the analyst's act: new `modified` and `author`, recheck flag
   * cleared (they have looked at it). A new target (attach) also makes it anchored. A patch that
   * changes nothing changes nothing, not even `modified`.
   */
  private update(entry: Entry, patch: AnnotationPatch): Annotation {
    const current = entry.annotation;
    const tags = sortTags(patch.tags ?? current.tags);
    const note = 'note' in patch ? patch.note : current.note;
    const target = patch.target ?? current.target;
    const origin = patch.origin ?? current.origin;
    const same =
      sameTags(tags, current.tags) && note === current.note && origin === current.origin && (patch.target === undefined || (sameTarget(current, { ...current, target }) && !entry.orphan));
    if (same) return current;

    const before = this.snapshot(entry);
    const author = this.author() ?? current.author;
    entry.annotation = {
      id: current.id,
      target,
      tags,
      ...(note === undefined ? {} : { note }),
      ...(author === undefined ? {} : { author }),
      created: current.created,
      modified: this.time(),
      origin,
    };
    if (patch.target) {
      entry.orphan = undefined;
      this.invalidate();
    }
    this.setReview(current.id, entry, undefined);
    this.record(current.id, before);
    return entry.annotation;
  }

  private updateOrDrop(entry: Entry, patch: AnnotationPatch): Annotation | undefined {
    const tags = patch.tags ?? entry.annotation.tags;
    const note = 'note' in patch ? patch.note : entry.annotation.note;
    if (entry.annotation.origin === 'detected' && tags.length === 0 && note === undefined) {
      this.drop(entry.annotation.id);
      return undefined;
    }
    return this.update(entry, patch);
  }

  private drop(id: string): void {
    const before = this.snapshot(this.entries.get(id));
    this.removeEntry(id);
    this.record(id, before);
  }

  private putEntry(entry: Entry): void {
    const id = entry.annotation.id;
    const previous = this.entries.get(id);
    this.entries.set(id, entry);
    this.ids.add(id);
    this.sortedCache = undefined;
    if (previous) {
      this.flagged.delete(id);
      this.rangeCache = undefined;
    } else if (this.rangeCache && !entry.orphan) {
      const key = rangeKey(entry.annotation.target.start, entry.annotation.target.end);
      this.rangeCache.set(key, [...(this.rangeCache.get(key) ?? []), entry].sort(compareEntries));
    }
    if (entry.review !== undefined) this.flagged.add(id);
  }

  private removeEntry(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    this.ids.delete(id);
    this.flagged.delete(id);
    this.sortedCache = undefined;
    if (this.rangeCache && !entry.orphan) {
      const key = rangeKey(entry.annotation.target.start, entry.annotation.target.end);
      const rest = (this.rangeCache.get(key) ?? []).filter((other) => other !== entry);
      if (rest.length > 0) this.rangeCache.set(key, rest);
      else this.rangeCache.delete(key);
    }
  }

  private retarget(entry: Entry, start: number, end: number, text: string): void {
    entry.annotation = { ...entry.annotation, target: makeTarget(text, start, end) };
  }

  private setReview(id: string, entry: Entry, review: Entry['review']): void {
    entry.review = review;
    if (review === undefined) this.flagged.delete(id);
    else this.flagged.add(id);
  }

  private invalidate(): void {
    this.sortedCache = undefined;
    this.rangeCache = undefined;
  }

  private sorted(): { entries: Entry[]; maxEnd: number[] } {
    if (!this.sortedCache) {
      const entries = [...this.entries.values()].filter((entry) => !entry.orphan).sort(compareEntries);
      const maxEnd: number[] = new Array<number>(entries.length);
      let max = -1;
      entries.forEach((entry, index) => {
        max = Math.max(max, entry.annotation.target.end);
        maxEnd[index] = max;
      });
      this.sortedCache = { entries, maxEnd };
    }
    return this.sortedCache;
  }

  /** Anchored entries by exact range. Two annotations can share a range (after a merge); the first by id represents it. */
  private ranges(): Map<string, Entry[]> {
    if (!this.rangeCache) {
      const ranges = new Map<string, Entry[]>();
      for (const entry of this.entries.values()) {
        if (entry.orphan) continue;
        const key = rangeKey(entry.annotation.target.start, entry.annotation.target.end);
        const shared = ranges.get(key);
        if (shared) shared.push(entry);
        else ranges.set(key, [entry]);
      }
      for (const shared of ranges.values()) if (shared.length > 1) shared.sort(compareEntries);
      this.rangeCache = ranges;
    }
    return this.rangeCache;
  }
}

// ---------------------------------------------------------------------------------------------

function view(entry: Entry): AnnotationEntry {
  return {
    annotation: entry.annotation,
    ...(entry.orphan ? { orphan: entry.orphan } : {}),
    ...(entry.review !== undefined && entry.review !== 'pending' ? { recheck: entry.review } : {}),
  };
}

function rangeKey(start: number, end: number): string {
  return `${start}:${end}`;
}

function indexClaims(claims: readonly DetectedClaim[]): Map<string, DetectedClaim> {
  const map = new Map<string, DetectedClaim>();
  for (const claim of claims) map.set(rangeKey(claim.start, claim.end), claim);
  return map;
}

function orphanInfo(result: { readonly reason: OrphanReason; readonly message: string; readonly near?: Span }): OrphanInfo {
  return { reason: result.reason, message: result.message, ...(result.near ? { near: result.near } : {}) };
}

function compareEntries(a: Entry, b: Entry): number {
  const x = a.annotation;
  const y = b.annotation;
  return x.target.start - y.target.start || x.target.end - y.target.end || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
}

/** Same analyst content; targets are left out, since re-anchoring and edits change them without the analyst. */
function sameContent(a: Annotation, b: Annotation): boolean {
  return (
    a.modified === b.modified &&
    a.created === b.created &&
    a.note === b.note &&
    a.author === b.author &&
    a.origin === b.origin &&
    sameTags(a.tags, b.tags)
  );
}

/** Same tags, note and origin, whoever made them and when. */
function sameSubstance(a: Annotation, b: Annotation): boolean {
  return a.note === b.note && a.origin === b.origin && sameTags(a.tags, b.tags);
}

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const x = sortTags(a);
  const y = sortTags(b);
  return x.every((tag, index) => tag === y[index]);
}

function sameTarget(a: Annotation, b: Annotation): boolean {
  const x = a.target;
  const y = b.target;
  return x.start === y.start && x.end === y.end && x.exact === y.exact && x.prefix === y.prefix && x.suffix === y.suffix;
}

function sameSnapshot(a: Snapshot | undefined, b: Snapshot | undefined): boolean {
  if (!a || !b) return a === b;
  return a.annotation === b.annotation || (sameContent(a.annotation, b.annotation) && sameTarget(a.annotation, b.annotation) && a.orphan === b.orphan);
}

/** Do the edits, applied in order, stay inside the text and give the new length? */
function editsProduce(edits: readonly TextChange[], oldLength: number, newLength: number): boolean {
  let length = oldLength;
  for (const edit of edits) {
    if (!Number.isInteger(edit.start) || !Number.isInteger(edit.end) || edit.start < 0 || edit.end < edit.start || edit.end > length) return false;
    length += edit.text.length - (edit.end - edit.start);
  }
  return length === newLength;
}

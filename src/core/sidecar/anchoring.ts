import { createHash } from 'node:crypto';
import DiffMatchPatch from 'diff-match-patch';
import { TAXONOMY } from '../taxonomy';
import type { Span } from '../types';
import {
  CONTEXT_LENGTH,
  SIDECAR_VERSION,
  uniqueAnnotationId,
  type Annotation,
  type AnnotationOrigin,
  type DocumentInfo,
  type Sidecar,
  type TextTarget,
} from './schema';

/**
 * Keeping annotations on the text they were made on, in two situations:
 * - edits in the editor arrive as a list of changes: `shiftAnchors` moves anchors through them;
 * - the text changed outside the editor (git pull, checkout, another tool): `reanchor` finds each
 *   quote again, and orphans an annotation rather than attaching it to different text.
 */

/** SHA-256 of the text encoded as UTF-8, lowercase hex: `document.sha256` of a sidecar. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function documentInfo(fileName: string, text: string): DocumentInfo {
  return { fileName, sha256: sha256Hex(text), length: text.length };
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/** Would cutting the text at `index` split a surrogate pair? Half a pair is not a character. */
function splitsPair(text: string, index: number): boolean {
  return index > 0 && index < text.length && isLowSurrogate(text.charCodeAt(index)) && isHighSurrogate(text.charCodeAt(index - 1));
}

/**
 * The selector for `text.slice(start, end)` with up to {@link CONTEXT_LENGTH} characters of
 * context on each side (one fewer where the 32nd would be half a surrogate pair).
 * @throws RangeError unless `0 <= start < end <= text.length` are integers.
 */
export function makeTarget(text: string, start: number, end: number): TextTarget {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > text.length || start >= end) {
    throw new RangeError(`makeTarget: [${start}, ${end}) is not a non-empty range of a text of length ${text.length}`);
  }
  let from = Math.max(0, start - CONTEXT_LENGTH);
  if (splitsPair(text, from)) from++;
  let to = Math.min(text.length, end + CONTEXT_LENGTH);
  if (splitsPair(text, to)) to--;
  return { start, end, exact: text.slice(start, end), prefix: text.slice(from, start), suffix: text.slice(end, to) };
}

// ---------------------------------------------------------------------------------------------
// Edits in the editor

/**
 * One replacement, as in VS Code's `TextDocumentContentChangeEvent`: `[start, end)` of the text
 * as it was before this change (after the previous ones) is replaced by `text`.
 */
export interface TextChange {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * - `unchanged`: same offsets, same text;
 * - `moved`: same text at other offsets;
 * - `edited`: an edit reached inside the anchor: refresh the target with `makeTarget`. Offsets
 *   alone cannot tell whether the text really differs (a character typed and deleted again
 *   leaves it as it was): compare the new quote with the old before flagging the annotation;
 * - `lost`: all of its text was deleted or replaced. `start === end` marks where it was. Keep the
 *   annotation as an orphan and try `reanchor` on it later: an undo or a paste may bring the
 *   quote back.
 */
export type ShiftState = 'unchanged' | 'moved' | 'edited' | 'lost';

export interface ShiftedAnchor extends Span {
  readonly state: ShiftState;
}

/**
 * Moves anchors through edits, in order. Text inserted exactly at an anchor's start or end stays
 * outside it (typing next to a tagged claim does not extend the claim); text inserted or replaced
 * inside it becomes part of it; where an edit overlaps one edge, the anchor shrinks to the part of
 * its own text that survives. Returns one result per anchor, in the same order.
 */
export function shiftAnchors(anchors: readonly Span[], changes: readonly TextChange[]): ShiftedAnchor[] {
  return anchors.map((anchor) => shiftAnchor(anchor, changes));
}

function shiftAnchor(anchor: Span, changes: readonly TextChange[]): ShiftedAnchor {
  let start = anchor.start;
  let end = anchor.end;
  let edited = false;
  let lost = start >= end;
  for (const change of changes) {
    const { start: from, end: to } = change;
    const inserted = change.text.length;
    if (from === to && inserted === 0) continue;
    const delta = inserted - (to - from);
    if (lost) {
      // Only a point remains; keep it roughly where the text was.
      if (to <= start) start += delta;
      else if (from < start) start = from;
      end = start;
    } else if (to <= start) {
      start += delta;
      end += delta;
    } else if (from >= end) {
      // After the anchor: nothing moves.
    } else if (from <= start && to >= end) {
      lost = true;
      start = end = from;
    } else if (from >= start && to <= end) {
      end += delta;
      edited = true;
    } else if (from < start) {
      start = from + inserted;
      end += delta;
      edited = true;
    } else {
      end = from;
      edited = true;
    }
  }
  const state: ShiftState = lost
    ? 'lost'
    : edited
      ? 'edited'
      : start !== anchor.start || end !== anchor.end
        ? 'moved'
        : 'unchanged';
  return { start, end, state };
}

// ---------------------------------------------------------------------------------------------
// Changes from outside the editor

/**
 * How an annotation was found in the new text:
 * - `position`: its quote is still at its old offsets;
 * - `quote`: its quote, found elsewhere: with its context; or, its context edited, as the only or
 *   best-matching occurrence, if the quote is long or stayed near its old place;
 * - `fuzzy`: its quote occurs several times and none has its exact context; diff-match-patch
 *   placed the context approximately and the occurrence there was taken.
 * In every case `newText.slice(start, end)` equals the quote.
 */
export type AnchorMethod = 'position' | 'quote' | 'fuzzy';

/**
 * - `quote-changed`: the quote is nowhere in the text, but its surroundings were found: the quoted
 *   text itself was edited. `near` says where it probably is now, for the analyst to check.
 * - `quote-missing`: neither the quote nor its surroundings were found: probably deleted.
 * - `invalid-target`: the target is not a usable selector (empty quote, offsets that disagree).
 */
export type OrphanReason = 'quote-changed' | 'quote-missing' | 'invalid-target';

export type ReanchorResult =
  | {
      readonly status: 'anchored';
      readonly start: number;
      readonly end: number;
      readonly method: AnchorMethod;
      /** The target in the new text, with fresh prefix and suffix. */
      readonly target: TextTarget;
    }
  | {
      readonly status: 'orphaned';
      readonly reason: OrphanReason;
      readonly message: string;
      readonly near?: Span;
    };

// Patterns must fit diff-match-patch's bitap (Match_MaxBits = 32 bits); shorter context is too
// common to say anything about where a quote is.
const FUZZY_MAX_PATTERN = 32;
const FUZZY_MIN_PATTERN = 8;
const FUZZY_THRESHOLD = 0.4;
// How far a fuzzy estimate may be from an occurrence of the quote to single it out.
const FUZZY_TOLERANCE = CONTEXT_LENGTH;
// Quotes that occur more often than this are not worth scoring one by one.
const MAX_OCCURRENCES = 10_000;

/**
 * Finds each annotation's quote in `newText`. Tries, in order: the old offsets; the offsets
 * predicted by how far the previous annotation moved; every occurrence of the quote, preferring
 * one with the same prefix and suffix, nearest the predicted offset; among several occurrences
 * with changed context, the one where diff-match-patch places the context. An annotation is
 * attached only where the text equals its quote; otherwise it is orphaned. Returns one result per
 * annotation, in the same order.
 *
 * Cost: O(quote + context) per annotation whose quote is where it was predicted (the common case,
 * unchanged or lightly edited text), one indexOf scan of the text for the others.
 */
export function reanchor(annotations: readonly { readonly target: TextTarget }[], newText: string): ReanchorResult[] {
  const results: ReanchorResult[] = new Array<ReanchorResult>(annotations.length);
  const order = annotations.map((_, index) => index);
  order.sort((a, b) => annotations[a].target.start - annotations[b].target.start || a - b);
  const finder = new QuoteFinder(newText);
  // Edits shift whole stretches of text: the previous annotation's shift predicts the next one's.
  let delta = 0;
  for (const index of order) {
    const target = annotations[index].target;
    const result = finder.find(target, delta);
    if (result.status === 'anchored') delta = result.start - target.start;
    results[index] = result;
  }
  return results;
}

/** Lives for one `reanchor` call: the text and a lazily made matcher, no shared state. */
class QuoteFinder {
  private dmp: DiffMatchPatch | undefined;

  constructor(private readonly text: string) {}

  find(target: TextTarget, delta: number): ReanchorResult {
    const { text } = this;
    const { start, exact } = target;
    const length = exact.length;
    if (length === 0 || !Number.isInteger(start) || start < 0 || target.end - start !== length) {
      return orphan('invalid-target', 'The annotation has no usable quote to look for.');
    }

    if (text.startsWith(exact, start) && (this.prefixMatches(target, start) || this.suffixMatches(target, start + length))) {
      return this.anchored(target, start, 'position');
    }
    const expected = clamp(start + delta, 0, text.length);
    if (expected !== start && this.matchesWithContext(target, expected)) {
      return this.anchored(target, expected, 'quote');
    }

    const occurrences = this.occurrences(exact);
    if (occurrences.length === 0) return this.orphanWithHint(target, expected);

    let best = -1;
    for (const at of occurrences) {
      if (this.matchesWithContext(target, at) && (best < 0 || Math.abs(at - expected) < Math.abs(best - expected))) best = at;
    }
    if (best >= 0) return this.anchored(target, best, best === start ? 'position' : 'quote');

    if (occurrences.length > 1) {
      const fuzzy = this.nearestToFuzzyContext(target, expected, occurrences);
      if (fuzzy !== undefined) return this.anchored(target, fuzzy, 'fuzzy');
    }
    const at = occurrences.length === 1 ? occurrences[0] : this.bestByPartialContext(target, expected, occurrences);
    if (this.credible(target, at, expected)) return this.anchored(target, at, at === start ? 'position' : 'quote');
    return this.orphanWithHint(target, expected);
  }

  /**
   * Same text with none of its context is evidence enough only for a quote long enough to be
   * distinctive, or one that stayed near where it was. A short quote ("Officials said.") found
   * far away, among other words, is most likely another sentence: better an orphan.
   */
  private credible(target: TextTarget, at: number, expected: number): boolean {
    const length = target.exact.length;
    return (
      length >= CONTEXT_LENGTH ||
      this.prefixMatches(target, at) ||
      this.suffixMatches(target, at + length) ||
      Math.abs(at - expected) <= length + 2 * CONTEXT_LENGTH
    );
  }

  private anchored(target: TextTarget, at: number, method: AnchorMethod): ReanchorResult {
    const end = at + target.exact.length;
    // The one rule that matters: never attach an annotation to text other than its quote.
    if (!this.text.startsWith(target.exact, at)) return orphan('quote-changed', 'The quoted text was edited.');
    return { status: 'anchored', start: at, end, method, target: makeTarget(this.text, at, end) };
  }

  private prefixMatches(target: TextTarget, at: number): boolean {
    const from = at - target.prefix.length;
    return from >= 0 && this.text.startsWith(target.prefix, from);
  }

  private suffixMatches(target: TextTarget, at: number): boolean {
    return this.text.startsWith(target.suffix, at);
  }

  private matchesWithContext(target: TextTarget, at: number): boolean {
    return (
      this.text.startsWith(target.exact, at) &&
      this.prefixMatches(target, at) &&
      this.suffixMatches(target, at + target.exact.length)
    );
  }

  private occurrences(exact: string): number[] {
    const found: number[] = [];
    for (let at = this.text.indexOf(exact); at >= 0 && found.length < MAX_OCCURRENCES; at = this.text.indexOf(exact, at + 1)) {
      found.push(at);
    }
    return found;
  }

  /** Among occurrences of the quote, the one where the old prefix or suffix is found approximately. */
  private nearestToFuzzyContext(target: TextTarget, expected: number, occurrences: readonly number[]): number | undefined {
    const length = target.exact.length;
    const estimates: number[] = [];
    const prefix = target.prefix.slice(-FUZZY_MAX_PATTERN);
    const before = this.fuzzyLocate(prefix, expected - prefix.length, length);
    if (before !== undefined) estimates.push(before + prefix.length);
    const suffix = target.suffix.slice(0, FUZZY_MAX_PATTERN);
    const after = this.fuzzyLocate(suffix, expected + length, length);
    if (after !== undefined) estimates.push(after - length);
    let best: number | undefined;
    let bestDistance = FUZZY_TOLERANCE + 1;
    for (const at of occurrences) {
      for (const estimate of estimates) {
        const distance = Math.abs(at - estimate);
        if (distance < bestDistance) {
          best = at;
          bestDistance = distance;
        }
      }
    }
    return best;
  }

  /** Occurrence whose surroundings agree longest with the old prefix and suffix, then nearest. */
  private bestByPartialContext(target: TextTarget, expected: number, occurrences: readonly number[]): number {
    const { text } = this;
    const length = target.exact.length;
    let best = occurrences[0];
    let bestScore = -1;
    for (const at of occurrences) {
      let score = 0;
      while (score < target.prefix.length && at - score - 1 >= 0 && text[at - score - 1] === target.prefix[target.prefix.length - score - 1]) score++;
      let after = 0;
      while (after < target.suffix.length && text[at + length + after] === target.suffix[after]) after++;
      score += after;
      if (score > bestScore || (score === bestScore && Math.abs(at - expected) < Math.abs(best - expected))) {
        best = at;
        bestScore = score;
      }
    }
    return best;
  }

  /** The quote is nowhere in the text; say where its edited version probably is, if we can. */
  private orphanWithHint(target: TextTarget, expected: number): ReanchorResult {
    const length = target.exact.length;
    const head = target.exact.slice(0, FUZZY_MAX_PATTERN);
    const tail = target.exact.slice(-FUZZY_MAX_PATTERN);
    const prefix = target.prefix.slice(-FUZZY_MAX_PATTERN);
    const suffix = target.suffix.slice(0, FUZZY_MAX_PATTERN);
    const headAt = this.fuzzyLocate(head, expected, length);
    const prefixAt = headAt === undefined ? this.fuzzyLocate(prefix, expected - prefix.length, length) : undefined;
    const start = headAt ?? (prefixAt === undefined ? undefined : prefixAt + prefix.length);
    const tailAt = this.fuzzyLocate(tail, expected + length - tail.length, length);
    const suffixAt = tailAt === undefined ? this.fuzzyLocate(suffix, expected + length, length) : undefined;
    const end = tailAt !== undefined ? tailAt + tail.length : suffixAt;
    if (start !== undefined && end !== undefined && end > start && end - start <= 2 * length + CONTEXT_LENGTH) {
      return { status: 'orphaned', reason: 'quote-changed', message: 'The quoted text was edited; it is probably near its old place.', near: { start, end } };
    }
    return orphan('quote-missing', 'The quoted text is no longer in the file.');
  }

  /**
   * diff-match-patch's `match_main` (bitap: errors traded against distance) in a window around
   * `expected`. The window and `Match_Distance` scale with the quote: a prediction from the
   * running delta is off by little more than the edits around the quote, and a window keeps the
   * bitap scan from crossing a 1 MB text.
   */
  private fuzzyLocate(pattern: string, expected: number, quoteLength: number): number | undefined {
    if (pattern.length < FUZZY_MIN_PATTERN || pattern.length > FUZZY_MAX_PATTERN) return undefined;
    const { text } = this;
    const radius = 1_000 + 2 * (quoteLength + CONTEXT_LENGTH);
    const from = clamp(expected - radius, 0, text.length);
    const to = clamp(expected + pattern.length + radius, 0, text.length);
    if (to - from < pattern.length) return undefined;
    this.dmp ??= new DiffMatchPatch();
    this.dmp.Match_Threshold = FUZZY_THRESHOLD;
    this.dmp.Match_Distance = radius;
    const at = this.dmp.match_main(text.slice(from, to), pattern, clamp(expected - from, 0, to - from));
    return at < 0 ? undefined : from + at;
  }
}

function orphan(reason: OrphanReason, message: string): ReanchorResult {
  return { status: 'orphaned', reason, message };
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/**
 * Re-anchors a sidecar's annotations on a new text. Anchored annotations get their new target;
 * orphans are kept exactly as they were, never dropped, so the analyst can re-attach them.
 * `modified` is left alone: re-anchoring is not the analyst's change.
 *
 * `document` describes the new text; since orphans keep offsets into the old one, a caller
 * must re-anchor on every load (cheap when nothing moved), not only when the hash differs.
 */
export function reanchorSidecar(sidecar: Sidecar, newText: string): { sidecar: Sidecar; results: ReanchorResult[] } {
  const results = reanchor(sidecar.annotations, newText);
  const annotations = sidecar.annotations.map((annotation, index): Annotation => {
    const result = results[index];
    return result.status === 'anchored' ? { ...annotation, target: result.target } : annotation;
  });
  return {
    sidecar: { ...sidecar, document: documentInfo(sidecar.document.fileName, newText), annotations },
    results,
  };
}

/**
 * A sidecar with no annotations yet, for `text`. `schemaRef` goes into `$schema`: a path relative
 * to the sidecar or a URL of `annotations.schema.json`, which only the caller knows.
 */
export function createSidecar(fileName: string, text: string, schemaRef?: string): Sidecar {
  return {
    ...(schemaRef === undefined ? {} : { $schema: schemaRef }),
    version: SIDECAR_VERSION,
    document: documentInfo(fileName, text),
    taxonomy: { id: TAXONOMY.id, version: TAXONOMY.version },
    annotations: [],
  };
}

export interface NewAnnotation {
  /** The text file name, as in `document.fileName`; part of the id's seed. */
  readonly fileName: string;
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly tags: readonly string[];
  readonly origin: AnnotationOrigin;
  /** ISO 8601 time, used for `created` and `modified`. */
  readonly time: string;
  /** Randomness for the id, from the caller: keeps this function pure. */
  readonly nonce: string;
  readonly author?: string;
  readonly note?: string;
  /** Ids already in the sidecar. */
  readonly takenIds: ReadonlySet<string>;
}

/** @throws RangeError when the range is not a non-empty range of the text (see makeTarget). */
export function createAnnotation(init: NewAnnotation): Annotation {
  const target = makeTarget(init.text, init.start, init.end);
  const id = uniqueAnnotationId(
    { fileName: init.fileName, start: init.start, end: init.end, time: init.time, nonce: init.nonce },
    init.takenIds,
  );
  return {
    id,
    target,
    tags: [...init.tags],
    ...(init.note === undefined ? {} : { note: init.note }),
    ...(init.author === undefined ? {} : { author: init.author }),
    created: init.time,
    modified: init.time,
    origin: init.origin,
  };
}

import { findActors, indexDefinitions, resolveAcronyms, resolveAgainst, type AcronymDefinition, type ActorScan, type DefinitionIndex } from './actors';
import { charCodes } from './charCodes';
import { findCues, judgeClaim } from './claims';
import { findFigures } from './figures';
import { loadBuiltinLexicon, type ActorLexicon } from './lexicon';
import { findParagraphs, segmentParagraph, type RoledSegment } from './segment';
import type { ActorMention, Analysis, Claim, Cue, Figure, NonClaim, NonClaimReason, Paragraph, Segment, Span } from './types';

export interface AnalyzeOptions {
  /** The actor lexicon; the built-in one when omitted. */
  readonly lexicon?: ActorLexicon;
}

/** Everything found in one paragraph, with absolute offsets as of when it was analysed. */
export interface ParagraphAnalysis extends Span, Pick<Analysis, 'segments' | 'claims' | 'nonClaims' | 'figures' | 'actors'> {
  readonly definitions: readonly AcronymDefinition[];
}

/**
 * Analyses one paragraph on its own: nothing in it depends on other paragraphs, which is what
 * lets the editor re-analyse only the paragraphs an edit touched. Acronyms defined elsewhere in
 * the document are resolved afterwards by {@link assemble}.
 */
export function analyzeParagraph(text: string, paragraph: Span, index: number, lexicon: ActorLexicon): ParagraphAnalysis {
  const segments = segmentParagraph(text, paragraph, index);
  const figures = findFigures(text, paragraph.start, paragraph.end);
  const claims: Claim[] = [];
  const nonClaims: NonClaim[] = [];
  // One copy of the paragraph's codes, with the character either side that actors read.
  const base = Math.max(0, paragraph.start - 1);
  const codes = charCodes(text, base, Math.min(text.length, paragraph.end + 1));
  judgeSegments(text, codes, base, segments, figures, 0, claims, nonClaims);
  const { mentions, definitions } = findActors(text, segments, lexicon, undefined, codes, base);
  return { start: paragraph.start, end: paragraph.end, segments, claims, nonClaims, figures, actors: mentions, definitions };
}

/**
 * Claims and non-claims of one paragraph's segments, appended to `claims` and `nonClaims`.
 * `codes` are the text's character codes from `base` on, over the paragraph at least. `figures`
 * are sorted, the paragraph's from `firstFigure` on (a document's may follow). A condolence
 * turns its segment into a fragment.
 */
function judgeSegments(
  text: string,
  codes: Uint16Array,
  base: number,
  segments: RoledSegment[],
  figures: readonly Figure[],
  firstFigure: number,
  claims: Claim[],
  nonClaims: NonClaim[],
): void {
  let figureIndex = firstFigure;
  for (let position = 0; position < segments.length; position++) {
    const segment = segments[position];
    const { start, end, paragraph } = segment;
    const segmentText = text.slice(start, end);
    if (segment.role !== 'sentence') {
      const reason: NonClaimReason = segment.reason ?? (segment.role as NonClaimReason);
      nonClaims.push({ start, end, text: segmentText, reason, paragraph });
      continue;
    }
    while (figureIndex < figures.length && figures[figureIndex].end <= start) figureIndex++;
    const hasFigure = figureIndex < figures.length && figures[figureIndex].start < end;
    const cues = findCues(text, start, end, codes, base);
    if (cues.length > 0 && isCondolence(cues)) {
      segments[position] = { start, end, role: 'fragment', paragraph, reason: undefined };
      nonClaims.push({ start, end, text: segmentText, reason: 'condolence', paragraph });
      continue;
    }
    const judgement = judgeClaim(text, segment, cues, hasFigure);
    // Every claim has the same keys, set or undefined: one object shape keeps later stages fast.
    claims.push({
      start,
      end,
      text: segmentText,
      type: judgement.type,
      likelihood: judgement.likelihood,
      cues: judgement.cues,
      source: judgement.source,
      paragraph,
    });
  }
}

function isCondolence(cues: readonly Cue[]): boolean {
  for (const cue of cues) if (cue.signals[0] === 'condolence') return true;
  return false;
}

export function analyze(text: string, options: AnalyzeOptions = {}): Analysis {
  return analyzeBatch([text], options)[0];
}

/**
 * Characters per batch for batch work: enough for each stage to run warm, few enough that what
 * the stages hand on dies young. Every object a batch makes up front (documents, paragraphs,
 * segments) lives until its last stage; when one batch's allocations are half of Node 20's
 * young generation (16 MB) or more, a scavenge can find nearly all of a literal's recent objects
 * alive, and V8 then allocates that literal in the old space for good ("pretenuring"). At 512K
 * characters (about 7.5 MB allocated) 4 processes of 18 had 20-25 literals pretenured and ran
 * the whole analysis 15-20% slower (GC 14% of the time instead of 5%). At 256K (3.7 MB), 3 of
 * 28 had 2, at no measurable cost. With pretenuring off, 256K batches ran 1% slower than 512K
 * ones and 128K ones 5% slower.
 */
export const BATCH_CHARACTERS = 256 * 1024;

/** Consecutive items grouped into batches of about `characters` of text; a longer text goes alone. */
export function* textBatches<T>(items: Iterable<T>, textOf: (item: T) => string, characters = BATCH_CHARACTERS): Generator<T[]> {
  let batch: T[] = [];
  let size = 0;
  for (const item of items) {
    batch.push(item);
    size += textOf(item).length;
    if (size >= characters) {
      yield batch;
      batch = [];
      size = 0;
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * Analyses many texts for batch work (the CLI, the benchmark), handing each result to `visit` in
 * order and keeping none: texts go through {@link analyzeBatch} about 256K characters at a time.
 */
export function forEachAnalysis(texts: Iterable<string>, visit: (analysis: Analysis, index: number) => void, options: AnalyzeOptions = {}): void {
  let index = 0;
  for (const batch of textBatches(texts, (text) => text)) analyzeStageByStage(batch, (analysis) => visit(analysis, index++), options);
}

/** A document of a batch between stages. */
interface DocumentInProgress {
  readonly text: string;
  readonly paragraphs: Paragraph[];
  segmentsOf: RoledSegment[][];
  /** The document's figures, paragraph after paragraph. */
  figures: Figure[];
  /** Per paragraph: the index in `figures` of its first figure. */
  firstFigureOf: number[];
  /** The text's character codes (`charCodes`), from the claims stage on. */
  codes: Uint16Array | undefined;
  claims: Claim[];
  nonClaims: NonClaim[];
}

/**
 * Several documents, with the same steps as {@link analyzeParagraph} taken stage by stage over
 * all their paragraphs rather than paragraph by paragraph, so that each stage's code and tables
 * stay warm in the CPU's caches while it runs. The results are those of `analyze` on each text.
 * For many texts, see {@link forEachAnalysis}: a batch's results are all held at once.
 */
export function analyzeBatch(texts: readonly string[], options: AnalyzeOptions = {}): Analysis[] {
  const analyses: Analysis[] = [];
  analyzeStageByStage(texts, (analysis) => analyses.push(analysis), options);
  return analyses;
}

/** `analyzeBatch`, handing each text's result to `visit` as soon as its last stage is done. */
function analyzeStageByStage(texts: readonly string[], visit: (analysis: Analysis) => void, options: AnalyzeOptions): void {
  const lexicon = options.lexicon ?? loadBuiltinLexicon();
  const documents: DocumentInProgress[] = texts.map((text) => ({
    text,
    paragraphs: findParagraphs(text),
    segmentsOf: [],
    figures: [],
    firstFigureOf: [],
    codes: undefined,
    claims: [],
    nonClaims: [],
  }));
  for (const document of documents) {
    document.segmentsOf = document.paragraphs.map((paragraph) => segmentParagraph(document.text, paragraph, paragraph.index));
  }
  for (const { text, paragraphs, figures, firstFigureOf } of documents) {
    for (const { start, end } of paragraphs) {
      firstFigureOf.push(figures.length);
      findFigures(text, start, end, figures);
    }
  }
  for (const document of documents) {
    const { text, segmentsOf, figures, firstFigureOf, claims, nonClaims } = document;
    const codes = charCodes(text);
    document.codes = codes;
    for (let index = 0; index < segmentsOf.length; index++) {
      judgeSegments(text, codes, 0, segmentsOf[index], figures, firstFigureOf[index], claims, nonClaims);
    }
  }
  for (const document of documents) visit(finishDocument(document, lexicon));
}

/** The last stage, actors, and the document's result. */
function finishDocument({ text, paragraphs, segmentsOf, figures, claims, nonClaims, codes }: DocumentInProgress, lexicon: ActorLexicon): Analysis {
  const segments: Segment[] = [];
  // Every paragraph's mentions go straight into the document's arrays: copying them from arrays
  // per paragraph, with the segments and figures, took 4-5 ms of the benchmark's 185.
  const found: ActorScan = { mentions: [], definitions: [] };
  for (let index = 0; index < paragraphs.length; index++) {
    findActors(text, segmentsOf[index], lexicon, found, codes);
    appendAll(segments, segmentsOf[index]);
  }
  return { length: text.length, paragraphs, segments, claims, nonClaims, figures, actors: resolveAcronyms(found.mentions, found.definitions) };
}

/**
 * Analyses paragraph by paragraph without keeping the results: for batch work over large texts
 * (the CLI's stats), where holding every claim of a 50 MB file at once costs more in memory
 * than the analysis itself. Acronyms resolve against definitions met so far, which is what the
 * whole-document pass does too: a mention takes the nearest earlier definition.
 */
export function* analyzeParagraphs(text: string, options: AnalyzeOptions = {}): Generator<ParagraphAnalysis> {
  const lexicon = options.lexicon ?? loadBuiltinLexicon();
  const definitions: DefinitionIndex = new Map();
  for (const paragraph of findParagraphs(text)) {
    const result = analyzeParagraph(text, paragraph, paragraph.index, lexicon);
    indexDefinitions(result.definitions, definitions);
    yield definitions.size > 0 ? { ...result, actors: resolveAgainst(result.actors, definitions) } : result;
  }
}

interface PlacedParagraph {
  readonly result: ParagraphAnalysis;
  /** How far the paragraph moved since it was analysed. */
  readonly delta: number;
}

/** Joins paragraph results into one document analysis, moving those an edit shifted. */
function assemble(length: number, placed: readonly PlacedParagraph[]): Analysis {
  const paragraphs: Paragraph[] = [];
  const segments: Segment[] = [];
  const claims: Claim[] = [];
  const nonClaims: NonClaim[] = [];
  const figures: Figure[] = [];
  const actors: ActorMention[] = [];
  const definitions: AcronymDefinition[] = [];
  placed.forEach(({ result, delta }, index) => {
    paragraphs.push({ start: result.start + delta, end: result.end + delta, index });
    const unchanged = delta === 0 && (result.segments.length === 0 || result.segments[0].paragraph === index);
    if (unchanged) {
      // Loops, not push(...items): a 10 MB one-line paragraph has more items than the stack allows.
      appendAll(segments, result.segments);
      appendAll(claims, result.claims);
      appendAll(nonClaims, result.nonClaims);
      appendAll(figures, result.figures);
      appendAll(actors, result.actors);
      appendAll(definitions, result.definitions);
      return;
    }
    for (const segment of result.segments) segments.push({ ...shift(segment, delta), paragraph: index });
    for (const claim of result.claims) {
      claims.push({
        ...shift(claim, delta),
        cues: claim.cues.map((cue) => shift(cue, delta)),
        source: claim.source ? shift(claim.source, delta) : undefined,
        paragraph: index,
      });
    }
    for (const nonClaim of result.nonClaims) nonClaims.push({ ...shift(nonClaim, delta), paragraph: index });
    for (const figure of result.figures) figures.push(shift(figure, delta));
    for (const actor of result.actors) actors.push(shift(actor, delta));
    for (const definition of result.definitions) definitions.push(shift(definition, delta));
  });
  return {
    length,
    paragraphs,
    segments,
    claims,
    nonClaims,
    figures,
    actors: resolveAcronyms(actors, definitions),
  };
}

function appendAll<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

function shift<T extends Span>(span: T, delta: number): T {
  return delta === 0 ? span : { ...span, start: span.start + delta, end: span.end + delta };
}

// ---------------------------------------------------------------------------------------------
// Incremental analysis

/** One edit, VS Code style: the replaced range in the text before the edit, and the new text. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

interface StoredParagraph {
  result: ParagraphAnalysis;
  /** Where the paragraph starts now; `result` holds offsets as of analysis. */
  start: number;
}

export interface UpdateStats {
  /** Paragraphs analysed again by the last update. */
  readonly reanalysed: number;
  /** Characters analysed again by the last update. */
  readonly characters: number;
}

/**
 * Keeps a document's analysis up to date while it is edited: an edit re-analyses only the lines
 * it touched and moves the rest, so a keystroke in a 1 MB text costs about one paragraph.
 */
export class IncrementalAnalyzer {
  private text: string;
  private stored: StoredParagraph[];
  private cached: Analysis | undefined;
  private lastStats: UpdateStats;

  constructor(text: string, private readonly lexicon: ActorLexicon = loadBuiltinLexicon()) {
    this.text = text;
    this.stored = findParagraphs(text).map((paragraph) => ({
      result: analyzeParagraph(text, paragraph, paragraph.index, lexicon),
      start: paragraph.start,
    }));
    this.lastStats = { reanalysed: this.stored.length, characters: text.length };
  }

  get stats(): UpdateStats {
    return this.lastStats;
  }

  get documentText(): string {
    return this.text;
  }

  /**
   * Brings the analysis to `newText`. `edits` say where the text changed (offsets before the
   * edit); without them the changed region is found by comparing the two texts.
   */
  update(newText: string, edits?: readonly TextEdit[]): void {
    const oldText = this.text;
    const region = edits && edits.length > 0 ? regionOfEdits(edits) : diffRegion(oldText, newText);
    if (!region) {
      this.text = newText;
      return;
    }
    const delta = newText.length - oldText.length;
    const regionStart = lineStart(newText, region.start);
    const regionEndNew = lineEnd(newText, Math.min(newText.length, region.end + delta));
    const regionEndOld = regionEndNew - delta;

    const firstAffected = this.stored.findIndex((p) => p.start + (p.result.end - p.result.start) >= regionStart);
    const from = firstAffected < 0 ? this.stored.length : firstAffected;
    let to = from;
    while (to < this.stored.length && this.stored[to].start <= regionEndOld) to++;

    const fresh = findParagraphs(newText, regionStart, regionEndNew).map((paragraph, offset) => ({
      result: analyzeParagraph(newText, paragraph, from + offset, this.lexicon),
      start: paragraph.start,
    }));
    for (let index = to; index < this.stored.length; index++) this.stored[index].start += delta;
    this.stored.splice(from, to - from, ...fresh);
    this.text = newText;
    this.cached = undefined;
    this.lastStats = { reanalysed: fresh.length, characters: regionEndNew - regionStart };
  }

  analysis(): Analysis {
    this.cached ??= assemble(
      this.text.length,
      this.stored.map((p) => ({ result: p.result, delta: p.start - p.result.start })),
    );
    return this.cached;
  }
}

function regionOfEdits(edits: readonly TextEdit[]): Span {
  let start = Infinity;
  let end = -Infinity;
  for (const edit of edits) {
    start = Math.min(start, edit.start);
    end = Math.max(end, edit.end);
  }
  return { start, end };
}

/** The smallest region of `oldText` that differs from `newText`, by common prefix and suffix. */
function diffRegion(oldText: string, newText: string): Span | undefined {
  if (oldText === newText) return undefined;
  const shorter = Math.min(oldText.length, newText.length);
  let prefix = 0;
  while (prefix < shorter && oldText.charCodeAt(prefix) === newText.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < shorter - prefix &&
    oldText.charCodeAt(oldText.length - 1 - suffix) === newText.charCodeAt(newText.length - 1 - suffix)
  ) {
    suffix++;
  }
  return { start: prefix, end: oldText.length - suffix };
}

function lineStart(text: string, offset: number): number {
  let index = offset;
  while (index > 0) {
    const code = text.charCodeAt(index - 1);
    if (code === 10 || code === 13) break;
    index--;
  }
  return index;
}

function lineEnd(text: string, offset: number): number {
  let index = offset;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code === 10 || code === 13) break;
    index++;
  }
  return index;
}

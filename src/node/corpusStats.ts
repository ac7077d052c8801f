import { analyzeBatch, analyzeParagraphs, BATCH_CHARACTERS, textBatches } from '../core/analyze';
import type { ActorLexicon } from '../core/lexicon';
import type { Analysis, ClaimType, FigureKind } from '../core/types';
import { readTextFileSync } from './textFile';

/** What `policy-lens stats` adds up; plain data, so worker threads can send it back. */
export interface CorpusTotals {
  files: number;
  failed: number;
  bytes: number;
  claims: Record<ClaimType, number>;
  nonClaims: number;
  figures: Record<FigureKind, number>;
  /** Canonical actor → kind, mentions, texts it appears in. */
  actors: [string, { kind: string; count: number; files: number }][];
  /** Time spent analysing, summed over threads. */
  seconds: number;
  errors: string[];
}

export function emptyTotals(): CorpusTotals {
  return {
    files: 0,
    failed: 0,
    bytes: 0,
    claims: { fact: 0, forecast: 0, assessment: 0, prescription: 0, attribution: 0 },
    nonClaims: 0,
    figures: { money: 0, percent: 0, date: 0, duration: 0, quantity: 0 },
    actors: [],
    seconds: 0,
    errors: [],
  };
}

/** A file read, waiting for its batch. */
interface ReadText {
  readonly text: string;
  readonly bytes: number;
}

/**
 * Texts longer than this are analysed paragraph by paragraph, keeping nothing: a 50 MB file's
 * whole analysis would cost more in memory than the analysis itself.
 */
const STREAM_CHARACTERS = BATCH_CHARACTERS;

/**
 * Reads and analyses `files`, keeping only the counts: small texts in batches (the engine's
 * batch path, 5-10% faster), long ones paragraph by paragraph, so a corpus of any size
 * runs in the memory of a batch or of its largest file.
 */
export function collectStats(files: readonly string[], lexicon: ActorLexicon, maxBytes: number): CorpusTotals {
  const totals = emptyTotals();
  const tally = new StatsTally(totals);
  const timed = (work: () => void): void => {
    const started = process.hrtime.bigint();
    work();
    totals.seconds += Number(process.hrtime.bigint() - started) / 1e9;
  };
  // Files are read as the batches ask for them; a long text is analysed on the spot, paragraph
  // by paragraph, and a file that cannot be read is counted and skipped.
  function* shortTexts(): Generator<ReadText> {
    // Synchronous reads: on a folder of small texts, awaiting each file's stat, open and read
    // left this thread idle more than half the time. Batch work has nothing else to do meanwhile.
    for (const file of files) {
      const read = readTextFileSync(file, maxBytes);
      if (!read.ok) {
        totals.errors.push(read.message);
        totals.failed++;
      } else if (read.text.length <= STREAM_CHARACTERS) {
        yield { text: read.text, bytes: read.bytes };
      } else {
        const seen = new Set<string>();
        timed(() => {
          for (const paragraph of analyzeParagraphs(read.text, { lexicon })) tally.add(paragraph, seen);
        });
        tally.addText(read.bytes);
      }
    }
  }
  for (const batch of textBatches(shortTexts(), (read) => read.text)) {
    timed(() => {
      analyzeBatch(batch.map((read) => read.text), { lexicon }).forEach((analysis, index) => {
        tally.addText(batch[index].bytes);
        tally.add(analysis, new Set());
      });
    });
  }
  totals.actors = [...tally.actors];
  return totals;
}

/** Adds up what texts, or their paragraphs, contain. */
class StatsTally {
  readonly actors = new Map<string, { kind: string; count: number; files: number }>();

  constructor(private readonly totals: CorpusTotals) {}

  addText(bytes: number): void {
    this.totals.files++;
    this.totals.bytes += bytes;
  }

  /** `seen`: the actors already counted for this text. */
  add(found: Pick<Analysis, 'claims' | 'nonClaims' | 'figures' | 'actors'>, seen: Set<string>): void {
    const totals = this.totals;
    for (const claim of found.claims) totals.claims[claim.type]++;
    totals.nonClaims += found.nonClaims.length;
    for (const figure of found.figures) totals.figures[figure.kind]++;
    for (const mention of found.actors) {
      let entry = this.actors.get(mention.actor);
      if (!entry) {
        entry = { kind: mention.kind, count: 0, files: 0 };
        this.actors.set(mention.actor, entry);
      }
      entry.count++;
      if (!seen.has(mention.actor)) {
        entry.files++;
        seen.add(mention.actor);
      }
    }
  }
}

/** Adds `part` into `into`; files keep their order of errors. */
export function mergeTotals(into: CorpusTotals, part: CorpusTotals): void {
  into.files += part.files;
  into.failed += part.failed;
  into.bytes += part.bytes;
  into.nonClaims += part.nonClaims;
  into.seconds += part.seconds;
  for (const key of Object.keys(into.claims) as ClaimType[]) into.claims[key] += part.claims[key];
  for (const key of Object.keys(into.figures) as FigureKind[]) into.figures[key] += part.figures[key];
  const actors = new Map(into.actors);
  for (const [name, entry] of part.actors) {
    const existing = actors.get(name);
    if (existing) actors.set(name, { kind: existing.kind, count: existing.count + entry.count, files: existing.files + entry.files });
    else actors.set(name, { ...entry });
  }
  into.actors = [...actors];
  into.errors.push(...part.errors);
}

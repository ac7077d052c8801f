import { analyzeParagraphs } from '../core/analyze';
import type { ActorLexicon } from '../core/lexicon';
import type { ClaimType, FigureKind } from '../core/types';
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

/**
 * Reads and analyses `files` one by one, paragraph by paragraph, keeping only the counts: a
 * corpus of any size runs in the memory of its largest file.
 */
export function collectStats(files: readonly string[], lexicon: ActorLexicon, maxBytes: number): CorpusTotals {
  const totals = emptyTotals();
  const actors = new Map<string, { kind: string; count: number; files: number }>();
  // Synchronous reads: on a folder of small texts, awaiting each file's stat, open and read left
  // this thread idle more than half the time. Batch work has nothing else to do meanwhile.
  for (const file of files) {
    const read = readTextFileSync(file, maxBytes);
    if (!read.ok) {
      totals.errors.push(read.message);
      totals.failed++;
      continue;
    }
    const started = process.hrtime.bigint();
    const seen = new Set<string>();
    for (const paragraph of analyzeParagraphs(read.text, { lexicon })) {
      for (const claim of paragraph.claims) totals.claims[claim.type]++;
      totals.nonClaims += paragraph.nonClaims.length;
      for (const figure of paragraph.figures) totals.figures[figure.kind]++;
      for (const mention of paragraph.actors) {
        let entry = actors.get(mention.actor);
        if (!entry) {
          entry = { kind: mention.kind, count: 0, files: 0 };
          actors.set(mention.actor, entry);
        }
        entry.count++;
        if (!seen.has(mention.actor)) {
          entry.files++;
          seen.add(mention.actor);
        }
      }
    }
    totals.seconds += Number(process.hrtime.bigint() - started) / 1e9;
    totals.files++;
    totals.bytes += read.bytes;
  }
  totals.actors = [...actors];
  return totals;
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

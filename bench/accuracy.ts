/**
 * Precision, recall and F1 of the engine against the gold annotations in test/fixtures/gold
 * (made by hand under docs/annotation-guidelines.md), beside what the peer libraries find.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../src/core/analyze';
import type { ActorLexicon } from '../src/core/lexicon';
import type { Peer } from './peers';

interface GoldItem {
  readonly text: string;
  readonly occurrence?: number;
  readonly type?: string;
  readonly likelihood?: string;
  readonly reason?: string;
  readonly kind?: string;
  readonly actor?: string;
}

interface GoldFile {
  readonly file: string;
  readonly claims: GoldItem[];
  readonly nonClaims: GoldItem[];
  readonly figures: GoldItem[];
  readonly actors: GoldItem[];
}

interface Located {
  readonly start: number;
  readonly end: number;
  /** What must also agree for a strict match: kind, canonical actor. */
  readonly label: string;
  readonly extra?: GoldItem;
}

export interface Score {
  tp: number;
  fp: number;
  fn: number;
}

export interface AccuracyReport {
  readonly files: number;
  readonly rows: { name: string; ours: Score; oursStrict?: Score; wink?: Score; compromise?: Score }[];
  readonly typeAccuracy: { correct: number; total: number };
  readonly likelihoodAccuracy: { correct: number; total: number };
  readonly misses: string[];
}

function nthIndexOf(text: string, needle: string, occurrence: number): number {
  let at = -1;
  for (let count = 0; count < occurrence; count++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) return -1;
  }
  return at;
}

function locate(text: string, items: readonly GoldItem[], label: (item: GoldItem) => string): Located[] {
  return items.flatMap((item) => {
    const at = nthIndexOf(text, item.text, item.occurrence ?? 1);
    return at < 0 ? [] : [{ start: at, end: at + item.text.length, label: label(item), extra: item }];
  });
}

/** Gold segments carry no occurrence: they are found in reading order. */
function locateInOrder(text: string, items: readonly GoldItem[]): Located[] {
  const ordered: Located[] = [];
  let cursor = 0;
  for (const item of items) {
    const at = text.indexOf(item.text, cursor);
    if (at < 0) continue;
    ordered.push({ start: at, end: at + item.text.length, label: '', extra: item });
    cursor = at + item.text.length;
  }
  return ordered;
}

function score(predicted: readonly Located[], gold: readonly Located[], strict: boolean): Score {
  const key = (item: Located) => `${item.start}:${item.end}${strict ? `:${item.label}` : ''}`;
  const goldKeys = new Set(gold.map(key));
  const predictedKeys = new Set(predicted.map(key));
  let tp = 0;
  for (const item of predictedKeys) if (goldKeys.has(item)) tp++;
  return { tp, fp: predictedKeys.size - tp, fn: goldKeys.size - tp };
}

function add(total: Score, part: Score): void {
  total.tp += part.tp;
  total.fp += part.fp;
  total.fn += part.fn;
}

const empty = (): Score => ({ tp: 0, fp: 0, fn: 0 });

export function evaluateAccuracy(folder: string, lexicon: ActorLexicon, wink: Peer, compromise: Peer): AccuracyReport {
  const goldFiles = fs.existsSync(folder) ? fs.readdirSync(folder).filter((name) => name.endsWith('.gold.json')).sort() : [];
  const totals = {
    segments: { ours: empty(), wink: empty(), compromise: empty() },
    claims: { ours: empty() },
    figures: { ours: empty(), oursStrict: empty(), wink: empty(), winkStrict: empty(), compromise: empty() },
    actors: { ours: empty(), oursStrict: empty(), compromise: empty() },
  };
  const typeAccuracy = { correct: 0, total: 0 };
  const likelihoodAccuracy = { correct: 0, total: 0 };
  const misses: string[] = [];
  for (const goldName of goldFiles) {
    const gold = JSON.parse(fs.readFileSync(path.join(folder, goldName), 'utf8')) as GoldFile;
    const text = fs.readFileSync(path.join(folder, gold.file), 'utf8');
    const result = analyze(text, { lexicon });

    const goldClaims = locateInOrder(text, gold.claims);
    const goldSegments = [...goldClaims, ...locateInOrder(text, gold.nonClaims)];
    const goldFigures = locate(text, gold.figures, (item) => item.kind ?? '');
    const goldActors = locate(text, gold.actors, (item) => item.actor ?? '');

    const ourClaims: Located[] = result.claims.map((claim) => ({ start: claim.start, end: claim.end, label: '' }));
    const ourSegments: Located[] = [...result.claims, ...result.nonClaims].map((s) => ({ start: s.start, end: s.end, label: '' }));
    const ourFigures: Located[] = result.figures.map((f) => ({ start: f.start, end: f.end, label: f.kind }));
    const ourActors: Located[] = result.actors.map((a) => ({ start: a.start, end: a.end, label: a.actor }));

    add(totals.claims.ours, score(ourClaims, goldClaims, false));
    add(totals.segments.ours, score(ourSegments, goldSegments, false));
    add(totals.figures.ours, score(ourFigures, goldFigures, false));
    add(totals.figures.oursStrict, score(ourFigures, goldFigures, true));
    add(totals.actors.ours, score(ourActors, goldActors, false));
    add(totals.actors.oursStrict, score(ourActors, goldActors, true));

    for (const goldClaim of goldClaims) {
      const ours = result.claims.find((claim) => claim.start === goldClaim.start && claim.end === goldClaim.end);
      if (!ours) {
        misses.push(`${gold.file}: claim not found: ${goldClaim.extra?.text.slice(0, 70)}`);
        continue;
      }
      typeAccuracy.total++;
      if (ours.type === goldClaim.extra?.type) typeAccuracy.correct++;
      else misses.push(`${gold.file}: type ${ours.type} ≠ gold ${goldClaim.extra?.type}: ${ours.text.slice(0, 70)}`);
      likelihoodAccuracy.total++;
      if ((ours.likelihood ?? '') === (goldClaim.extra?.likelihood ?? '')) likelihoodAccuracy.correct++;
      else misses.push(`${gold.file}: likelihood ${ours.likelihood ?? '-'} ≠ gold ${goldClaim.extra?.likelihood ?? '-'}: ${ours.text.slice(0, 60)}`);
    }
    const key = (item: Located) => `${item.start}:${item.end}:${item.label}`;
    const ourFigureKeys = new Set(ourFigures.map(key));
    const goldFigureKeys = new Set(goldFigures.map(key));
    for (const item of goldFigures) if (!ourFigureKeys.has(key(item))) misses.push(`${gold.file}: figure missed: ${item.extra?.text} (${item.label})`);
    for (const item of ourFigures) if (!goldFigureKeys.has(key(item))) misses.push(`${gold.file}: figure extra: ${text.slice(item.start, item.end)} (${item.label})`);
    const ourActorKeys = new Set(ourActors.map(key));
    const goldActorKeys = new Set(goldActors.map(key));
    for (const item of goldActors) if (!ourActorKeys.has(key(item))) misses.push(`${gold.file}: actor missed: ${item.extra?.text} → ${item.label}`);
    for (const item of ourActors) if (!goldActorKeys.has(key(item))) misses.push(`${gold.file}: actor extra: ${text.slice(item.start, item.end)} → ${item.label}`);

    const winkSpans = wink.spans(text);
    const compromiseSpans = compromise.spans(text);
    const asLocated = (spans: readonly { start: number; end: number; kind: string }[]): Located[] =>
      spans.map((span) => ({ start: span.start, end: span.end, label: span.kind }));
    add(totals.segments.wink, score(asLocated(winkSpans.sentences), goldSegments, false));
    add(totals.segments.compromise, score(asLocated(compromiseSpans.sentences), goldSegments, false));
    add(totals.figures.wink, score(asLocated(winkSpans.figures), goldFigures, false));
    add(totals.figures.winkStrict, score(asLocated(winkSpans.figures), goldFigures, true));
    add(totals.figures.compromise, score(asLocated(compromiseSpans.figures), goldFigures, false));
    add(totals.actors.compromise, score(asLocated(compromiseSpans.actors), goldActors, false));
  }
  return {
    files: goldFiles.length,
    rows: [
      { name: 'sentences (segment boundaries)', ours: totals.segments.ours, wink: totals.segments.wink, compromise: totals.segments.compromise },
      { name: 'claims (claim vs not a claim)', ours: totals.claims.ours },
      { name: 'figures', ours: totals.figures.ours, oursStrict: totals.figures.oursStrict, wink: totals.figures.wink, compromise: totals.figures.compromise },
      { name: 'actors', ours: totals.actors.ours, oursStrict: totals.actors.oursStrict, compromise: totals.actors.compromise },
    ],
    typeAccuracy,
    likelihoodAccuracy,
    misses,
  };
}

export function f1(score: Score): { precision: number; recall: number; f1: number } {
  const precision = score.tp + score.fp === 0 ? 0 : score.tp / (score.tp + score.fp);
  const recall = score.tp + score.fn === 0 ? 0 : score.tp / (score.tp + score.fn);
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}

function cell(score: Score | undefined): string {
  if (!score) return '—'.padEnd(20);
  const { precision, recall, f1: f } = f1(score);
  return `${precision.toFixed(2)}/${recall.toFixed(2)}/${f.toFixed(2)}`.padEnd(20);
}

export function formatAccuracy(report: AccuracyReport): string {
  if (report.files === 0) return '  no gold files found';
  const lines = [
    `  ${report.files} gold texts; P/R/F1 on exact spans (strict: same kind for figures, same canonical actor for actors)`,
    `  ${'task'.padEnd(32)} ${'Policy Lens'.padEnd(20)} ${'Policy Lens strict'.padEnd(20)} ${'wink-nlp'.padEnd(20)} ${'compromise'.padEnd(20)}`,
  ];
  for (const item of report.rows) {
    lines.push(`  ${item.name.padEnd(32)} ${cell(item.ours)} ${item.oursStrict ? cell(item.oursStrict) : '—'.padEnd(20)} ${cell(item.wink)} ${cell(item.compromise)}`);
  }
  const ratio = (part: { correct: number; total: number }) => (part.total ? (part.correct / part.total).toFixed(2) : 'n/a');
  lines.push(`  suggested type accuracy on matched claims: ${ratio(report.typeAccuracy)} (${report.typeAccuracy.correct}/${report.typeAccuracy.total})`);
  lines.push(`  likelihood accuracy on matched claims: ${ratio(report.likelihoodAccuracy)} (${report.likelihoodAccuracy.correct}/${report.likelihoodAccuracy.total})`);
  if (process.env.BENCH_SHOW_MISSES) lines.push('', ...report.misses.map((miss) => `  ${miss}`));
  else lines.push(`  (${report.misses.length} disagreements; BENCH_SHOW_MISSES=1 lists them)`);
  return lines.join('\n');
}

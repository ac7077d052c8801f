/**
 * `npm run bench`: throughput of the engine per stage and in full, the incremental path, the
 * CLI, two peer libraries on the same documents in the same process, and accuracy against the
 * gold annotations in test/fixtures/gold. Prints figures; asserts nothing about time.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findActors } from '../src/core/actors';
import { analyze, forEachAnalysis, IncrementalAnalyzer } from '../src/core/analyze';
import { charCodes } from '../src/core/charCodes';
import type { Analysis } from '../src/core/types';
import { findCues, judgeClaim } from '../src/core/claims';
import { findFigures } from '../src/core/figures';
import { loadBuiltinLexicon, type ActorLexicon } from '../src/core/lexicon';
import { findParagraphs, segmentParagraph } from '../src/core/segment';
import { evaluateAccuracy, formatAccuracy } from './accuracy';
import { runPeerCompromise, runPeerWink } from './peers';
import { runSidecarBench } from './sidecarBench';

const ROOT = path.resolve(__dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CORPUS_BYTES = Number(process.env.BENCH_CORPUS_MB ?? 5) * 1024 * 1024;

function loadSamples(): string[] {
  const folder = path.join(ROOT, 'samples');
  return fs
    .readdirSync(folder)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => fs.readFileSync(path.join(folder, name), 'utf8'));
}

/** Documents as users have them: the samples, repeated until the corpus is large enough. */
function buildCorpus(samples: readonly string[], bytes: number): string[] {
  const documents: string[] = [];
  let total = 0;
  for (let index = 0; total < bytes; index++) {
    const text = samples[index % samples.length];
    documents.push(text);
    total += Buffer.byteLength(text);
  }
  return documents;
}

let kept = 0;

/** Reads each result, as a caller would, so that no engine work can be skipped as unused. */
function keepCounts(analysis: Analysis): void {
  kept += analysis.claims.length + analysis.figures.length + analysis.actors.length;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Median milliseconds of `runs` runs after one warm-up (JIT and lexicon tables). */
function timeRuns(runs: number, work: () => void): number {
  return median(alternate([work], runs, 1)[0]);
}

/**
 * Times each piece of work `runs` times, taking turns (A, B, A, B ...) after `warmUps` turns of
 * warm-up, so that a machine's drifting speed falls on all of them alike. Milliseconds, per work.
 */
function alternate(works: readonly (() => void)[], runs: number, warmUps: number): number[][] {
  const times = works.map((): number[] => []);
  for (let turn = 0; turn < warmUps + runs; turn++) {
    works.forEach((work, index) => {
      const started = process.hrtime.bigint();
      work();
      if (turn >= warmUps) times[index].push(Number(process.hrtime.bigint() - started) / 1e6);
    });
  }
  return times;
}

/** MB are 10^6 bytes of UTF-8. */
function mbPerSecond(bytes: number, milliseconds: number): number {
  return bytes / 1e6 / (milliseconds / 1000);
}

function row(label: string, milliseconds: number, bytes: number): string {
  return `  ${label.padEnd(34)} ${milliseconds.toFixed(1).padStart(9)} ms ${mbPerSecond(bytes, milliseconds).toFixed(1).padStart(9)} MB/s`;
}

/**
 * Each stage alone over the corpus, on inputs prepared beforehand; they are freed on return. The
 * claims and actors stages read each document's character codes, copied once per document as
 * the full analysis does (inside the timed work).
 */
function timeStages(corpus: readonly string[], lexicon: ActorLexicon): [string, number][] {
  const paragraphsOf = corpus.map((text) => findParagraphs(text));
  const segmentsOf = corpus.map((text, index) => paragraphsOf[index].map((paragraph) => segmentParagraph(text, paragraph, paragraph.index)));
  const stages: [string, () => void][] = [
    ['segmentation (paragraphs, sentences)', () => corpus.forEach((text) => findParagraphs(text).forEach((p) => segmentParagraph(text, p, p.index)))],
    ['figures (with values)', () => corpus.forEach((text, d) => paragraphsOf[d].forEach((p) => findFigures(text, p.start, p.end)))],
    [
      'actors (with canonical names)',
      () =>
        corpus.forEach((text, d) => {
          const codes = charCodes(text);
          segmentsOf[d].forEach((segments) => findActors(text, segments, lexicon, undefined, codes));
        }),
    ],
    [
      'claims (cues, type, likelihood)',
      () =>
        corpus.forEach((text, d) => {
          const codes = charCodes(text);
          segmentsOf[d].forEach((segments) => segments.forEach((s) => judgeClaim(text, s, findCues(text, s.start, s.end, codes, 0), false)));
        }),
    ],
  ];
  return stages.map(([label, work]) => [label, timeRuns(RUNS, work)]);
}

const CLI_LARGE_COPIES = Number(process.env.BENCH_CLI_COPIES ?? 20);

/** `policy-lens stats` over the corpus written `copies` times as files of a new folder: median of 3. */
function timeCli(corpus: readonly string[], copies: number, corpusBytes: number, libraryRate: number): void {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lens-bench-'));
  try {
    let files = 0;
    for (let copy = 0; copy < copies; copy++) {
      corpus.forEach((doc) => fs.writeFileSync(path.join(folder, `${String(files++).padStart(6, '0')}.policy.txt`), doc));
    }
    const times: number[] = [];
    for (let run = 0; run < 3; run++) {
      const started = process.hrtime.bigint();
      execFileSync(process.execPath, [path.join(ROOT, 'bin', 'policy-lens.js'), 'stats', folder], { stdio: 'pipe' });
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    const milliseconds = median(times);
    const rate = mbPerSecond(corpusBytes * copies, milliseconds);
    const share = ((rate / libraryRate) * 100).toFixed(0);
    console.log(`CLI: policy-lens stats over ${files} files (${((corpusBytes * copies) / 1e6).toFixed(1)} MB): ${milliseconds.toFixed(0)} ms wall, ${rate.toFixed(1)} MB/s (${share}% of the library)`);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const samples = loadSamples();
  const corpus = buildCorpus(samples, CORPUS_BYTES);
  const bytes = corpus.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
  const lexicon = loadBuiltinLexicon();
  console.log(`Policy Lens benchmark — node ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'cpu'}`);
  console.log(`Corpus: ${corpus.length} documents from ${samples.length} samples, ${(bytes / 1e6).toFixed(2)} MB (10^6 bytes of UTF-8); medians of ${RUNS} runs (${RUNS * 2} for the full analysis)\n`);

  // Full analysis first, while the process holds nothing but the corpus: with the stages'
  // prepared inputs alive (every paragraph and segment of it) the garbage collector slowed it by
  // 7-15%, which no caller of the engine would see. The corpus as batch work (the CLI,
  // indexing) runs it is forEachAnalysis; one analyze() per text is what the editor does.
  // This machine's speed drifts by up to 1.7x within a minute, so the two alternate run by run
  // (sharing the drift), after two warm-ups each: they are the first engine code this process runs.
  const batchWork = (): void => forEachAnalysis(corpus, keepCounts, { lexicon });
  const perTextWork = (): void => corpus.forEach((text) => keepCounts(analyze(text, { lexicon })));
  const [batchTimes, perTextTimes] = alternate([batchWork, perTextWork], RUNS * 2, 2);
  const fullMs = median(batchTimes);
  const eachMs = median(perTextTimes);
  console.log('Throughput');
  for (const [label, milliseconds] of timeStages(corpus, lexicon)) console.log(row(label, milliseconds, bytes));
  console.log(row('full analysis (forEachAnalysis)', fullMs, bytes));
  console.log(row('full analysis (analyze per text)', eachMs, bytes));
  const fullRate = mbPerSecond(bytes, fullMs);

  // Peers: what they can do of the same job, on the same documents, in this process. Each peer
  // run is paired with a run of ours right after it, and the ratio is the median of the pairs'.
  const peerRuns = Math.max(1, Number(process.env.BENCH_PEER_RUNS ?? 3));
  const wink = runPeerWink();
  const [winkTimes, oursBesideWink] = alternate([() => corpus.forEach((text) => wink.process(text)), batchWork], peerRuns, 1);
  const compromise = runPeerCompromise();
  const compromiseRuns = Math.max(1, peerRuns - 2);
  const [compromiseTimes, oursBesideCompromise] = alternate([() => corpus.forEach((text) => compromise.process(text)), batchWork], compromiseRuns, 1);
  console.log(row(`wink-nlp ${wink.version} (sentences, entities)`, median(winkTimes), bytes));
  console.log(row(`compromise ${compromise.version} (sentences, people, places, orgs, values)`.slice(0, 34), median(compromiseTimes), bytes));
  const winkRatio = median(winkTimes.map((time, index) => time / oursBesideWink[index]));
  const compromiseRatio = median(compromiseTimes.map((time, index) => time / oursBesideCompromise[index]));
  console.log(`  ratio, run by run (forEachAnalysis): Policy Lens / wink-nlp = ${winkRatio.toFixed(1)}×, Policy Lens / compromise = ${compromiseRatio.toFixed(1)}×`);
  console.log(`  (our runs beside the peers: median ${median(oursBesideWink).toFixed(1)} ms beside wink-nlp, ${median(oursBesideCompromise).toFixed(1)} ms beside compromise)`);

  // Incremental path: a one-character edit in a 1 MB policy text. The editor re-analyses with
  // update() and then reads the paragraphs near the visible lines; the full result (every claim
  // of the text with fresh offsets) is what the status bar and outline ask for.
  const large = buildCorpus(samples, 1024 * 1024).join('\n');
  const analyzer = new IncrementalAnalyzer(large, lexicon);
  let text = large;
  const updateTimes: number[] = [];
  const fullTimes: number[] = [];
  for (let edit = 0; edit < 60; edit++) {
    const at = Math.floor((((edit * 7919) % 1000) / 1000) * text.length);
    const next = text.slice(0, at) + 'x' + text.slice(at);
    const started = process.hrtime.bigint();
    analyzer.update(next, [{ start: at, end: at, text: 'x' }]);
    const updated = process.hrtime.bigint();
    analyzer.analysis();
    updateTimes.push(Number(updated - started) / 1e6);
    fullTimes.push(Number(process.hrtime.bigint() - started) / 1e6);
    text = next;
  }
  const steady = (times: number[]) => `median ${median(times.slice(10)).toFixed(2)} ms, max ${Math.max(...times.slice(10)).toFixed(2)} ms`;
  console.log(`\nIncremental: one-character edit in a ${(large.length / 1e6).toFixed(2)} MB text (50 edits after 10 warm-up)`);
  console.log(`  re-analysis of the touched paragraph (update):       ${steady(updateTimes)}`);
  console.log(`  update + the whole document's result with new offsets: ${steady(fullTimes)}`);

  // The CLI end to end (process start, reading files, analysis) over the corpus as a folder, and
  // over it twenty times (the size of corpus the CLI is for, where starting Node and warming the
  // JIT up no longer dominate; from 96 MB it uses worker threads).
  const cli = path.join(ROOT, 'dist', 'cli.js');
  if (fs.existsSync(cli)) {
    for (const copies of [1, CLI_LARGE_COPIES]) timeCli(corpus, copies, bytes, fullRate);
  } else {
    console.log('CLI: dist/cli.js not built (npm run build), skipped');
  }

  await runSidecarBench(samples);

  if (kept === 0) throw new Error('the benchmark analysed nothing');
  console.log(`\nPeak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);

  // gold: written while the engine was built; gold-holdout: annotated without looking at the engine.
  for (const set of ['gold', 'gold-holdout']) {
    console.log(`\nAccuracy on test/fixtures/${set} (exact spans)`);
    console.log(formatAccuracy(evaluateAccuracy(path.join(ROOT, 'test', 'fixtures', set), lexicon, wink, compromise)));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

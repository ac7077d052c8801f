import { parentPort, workerData } from 'node:worker_threads';
import { loadBuiltinLexicon, type LexiconEntry } from '../core/lexicon';
import { collectStats } from './corpusStats';

/** What the CLI sends each worker: its share of the files and the workspace actors, if any. */
export interface StatsWorkerInput {
  readonly files: readonly string[];
  readonly maxBytes: number;
  readonly extraActors?: { readonly entries: readonly LexiconEntry[]; readonly notActors: readonly string[] };
}

function run(input: StatsWorkerInput): void {
  const builtin = loadBuiltinLexicon();
  const lexicon = input.extraActors ? builtin.extend(input.extraActors.entries, input.extraActors.notActors) : builtin;
  parentPort?.postMessage(collectStats(input.files, lexicon, input.maxBytes));
}

if (parentPort) run(workerData as StatsWorkerInput);

import { basename, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze } from '../core/analyze';
import { indexedAnnotationsFromReanchor, indexedClaims, type IndexedAnnotation, type IndexedDocument } from '../core/claimIndex';
import { loadBuiltinLexicon, type ActorLexicon } from '../core/lexicon';
import { reanchorSidecar } from '../core/sidecar/anchoring';
import type { Analysis } from '../core/types';
import { loadSidecar } from './sidecarFile';
import { DEFAULT_MAX_BYTES, readTextFile } from './textFile';

/**
 * Builds the Claims panel's index of a workspace: reads, analyses and loads the sidecar of every
 * policy text, in batches. It runs in the extension host, which also runs every other
 * extension's code: between batches, and whenever a batch has held the thread for a time slice,
 * it yields to the event loop so that typing, hovers and other extensions stay responsive.
 */

/** The shape of VS Code's CancellationToken, without depending on it. */
export interface CancellationFlag {
  readonly isCancellationRequested: boolean;
}

/** What the index needs of an analysis. */
export type IndexAnalysis = Pick<Analysis, 'claims' | 'actors'>;

export interface WorkspaceIndexerOptions {
  /** The actor lexicon for a file (a workspace folder may have its own); the built-in one by default. */
  readonly lexiconFor?: (path: string) => ActorLexicon;
  /**
   * Analyses a text somewhere else, e.g. in a pool of worker threads: the texts of a batch are
   * then analysed concurrently and none of it runs on this thread. By default each text is
   * analysed here with `analyze` and `lexiconFor`, in time slices.
   */
  readonly analyzeText?: (text: string, path: string) => Promise<IndexAnalysis>;
  /**
   * The index key of a file; Node's `file://` URL by default. The extension passes
   * `(path) => Uri.file(path).toString()`: VS Code escapes some characters (`:` in a drive
   * letter, for one) differently, and the keys must match the URIs of open documents.
   */
  readonly uriOf?: (path: string) => string;
  /** The folder paths are shown relative to; without it, the file name. */
  readonly root?: string;
  /** Files read at once. */
  readonly batchSize?: number;
  /** Longest stretch of analysis before yielding, in milliseconds. */
  readonly timeSliceMs?: number;
  readonly maxBytes?: number;
  /** After each batch: files done (indexed or failed) and the total. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Each batch's documents as soon as they are ready, e.g. `ClaimIndex.setDocuments`. */
  readonly onBatch?: (documents: readonly IndexedDocument[]) => void;
  readonly token?: CancellationFlag;
  /** Milliseconds, for time slices; `performance.now` by default. */
  readonly clock?: () => number;
}

export interface IndexFailure {
  readonly path: string;
  readonly message: string;
}

export interface WorkspaceIndexResult {
  readonly documents: readonly IndexedDocument[];
  /** Files that could not be read or analysed; the rest of the index is unaffected. */
  readonly failures: readonly IndexFailure[];
  /** Stopped by the token; `documents` holds what was done. */
  readonly cancelled: boolean;
}

const DEFAULT_BATCH_SIZE = 32;
const DEFAULT_TIME_SLICE_MS = 25;

/** Indexes `paths` in order. Never throws for a bad file: it ends up in `failures`. */
export async function indexWorkspace(paths: readonly string[], options: WorkspaceIndexerOptions = {}): Promise<WorkspaceIndexResult> {
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  const timeSlice = options.timeSliceMs ?? DEFAULT_TIME_SLICE_MS;
  const clock = options.clock ?? (() => performance.now());
  const lexiconFor = options.lexiconFor ?? builtinLexicon();
  const documents: IndexedDocument[] = [];
  const failures: IndexFailure[] = [];
  const cancelled = (): boolean => options.token?.isCancellationRequested === true;

  const readBatch = (from: number): Promise<Input[]> =>
    Promise.all(paths.slice(from, from + batchSize).map((path) => readInput(path, options.maxBytes ?? DEFAULT_MAX_BYTES)));
  let reading = paths.length > 0 ? readBatch(0) : undefined;
  for (let from = 0; from < paths.length; from += batchSize) {
    if (cancelled()) return { documents, failures, cancelled: true };
    const inputs = await (reading ?? readBatch(from));
    // The next batch is read (in libuv's thread pool) while this one is analysed.
    reading = from + batchSize < paths.length ? readBatch(from + batchSize) : undefined;
    const ready: IndexedDocument[] = [];
    const take = (result: IndexedDocument | IndexFailure | Extract<Input, { ok: false }>): void => {
      if ('uri' in result) ready.push(result);
      else failures.push({ path: result.path, message: result.message });
    };
    const { analyzeText } = options;
    if (analyzeText) {
      for (const result of await Promise.all(inputs.map((input) => (input.ok ? analyzeElsewhere(input, analyzeText, options) : input)))) take(result);
    } else {
      let sliceStart = clock();
      for (const input of inputs) {
        if (cancelled()) break;
        take(input.ok ? build(input, () => analyze(input.text, { lexicon: lexiconFor(input.path) }), options) : input);
        if (clock() - sliceStart >= timeSlice) {
          await yieldToEventLoop();
          sliceStart = clock();
        }
      }
    }
    documents.push(...ready);
    if (ready.length > 0) options.onBatch?.(ready);
    options.onProgress?.(Math.min(paths.length, from + batchSize), paths.length);
    if (cancelled()) return { documents, failures, cancelled: true };
    await yieldToEventLoop();
  }
  return { documents, failures, cancelled: false };
}

/** One file, e.g. when a watcher reports it changed. */
export async function indexFile(path: string, options: WorkspaceIndexerOptions = {}): Promise<IndexedDocument | IndexFailure> {
  const input = await readInput(path, options.maxBytes ?? DEFAULT_MAX_BYTES);
  if (!input.ok) return withoutOk(input);
  if (options.analyzeText) return analyzeElsewhere(input, options.analyzeText, options);
  const lexiconFor = options.lexiconFor ?? builtinLexicon();
  return build(input, () => analyze(input.text, { lexicon: lexiconFor(path) }), options);
}

type Input =
  | { readonly ok: true; readonly path: string; readonly text: string; readonly sidecar: Awaited<ReturnType<typeof loadSidecar>> }
  | ({ readonly ok: false } & IndexFailure);

async function readInput(path: string, maxBytes: number): Promise<Input> {
  const [file, sidecar] = await Promise.all([readTextFile(path, maxBytes), loadSidecar(path)]);
  if (!file.ok) return { ok: false, path, message: file.message };
  return { ok: true, path, text: file.text, sidecar };
}

function withoutOk(input: Extract<Input, { ok: false }>): IndexFailure {
  return { path: input.path, message: input.message };
}

async function analyzeElsewhere(input: Extract<Input, { ok: true }>, analyzeText: (text: string, path: string) => Promise<IndexAnalysis>, options: WorkspaceIndexerOptions): Promise<IndexedDocument | IndexFailure> {
  let analysis: IndexAnalysis;
  try {
    analysis = await analyzeText(input.text, input.path);
  } catch (error) {
    return analysisFailure(input.path, error);
  }
  return build(input, () => analysis, options);
}

function build(input: Extract<Input, { ok: true }>, analyzeInput: () => IndexAnalysis, options: WorkspaceIndexerOptions): IndexedDocument | IndexFailure {
  const { path, text, sidecar } = input;
  try {
    const analysis = analyzeInput();
    let annotations: IndexedAnnotation[] = [];
    if (sidecar.state === 'ok') {
      // The text may have changed since the sidecar was saved: place each annotation again, as
      // the editor would on opening it, so the panel lists orphans where they really are.
      const { sidecar: placed, results } = reanchorSidecar(sidecar.sidecar, text);
      annotations = indexedAnnotationsFromReanchor(placed.annotations, results);
    }
    return {
      uri: (options.uriOf ?? defaultUri)(path),
      relativePath: relativePathOf(path, options.root),
      claims: indexedClaims(analysis.claims, analysis.actors),
      annotations,
      ...(sidecar.state === 'broken' ? { sidecarProblem: sidecar.message } : {}),
    };
  } catch (error) {
    return analysisFailure(path, error);
  }
}

/** An engine bug on one odd text must not leave the whole workspace unindexed. */
function analysisFailure(path: string, error: unknown): IndexFailure {
  return { path, message: `${path}: could not be analysed: ${error instanceof Error ? error.message : String(error)}` };
}

function builtinLexicon(): (path: string) => ActorLexicon {
  // Built once per run, not per file: loading the lexicon costs more than analysing a text.
  let lexicon: ActorLexicon | undefined;
  return () => (lexicon ??= loadBuiltinLexicon());
}

function defaultUri(path: string): string {
  return pathToFileURL(path).href;
}

function relativePathOf(path: string, root: string | undefined): string {
  if (root === undefined) return basename(path);
  return relative(root, path).split(sep).join('/');
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

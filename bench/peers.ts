/**
 * The peer libraries, doing what they can of our job on one document: sentences, entities and
 * values. Offsets are recovered by locating each reported string in order, since neither
 * library reports UTF-16 offsets for everything.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Span } from '../src/core/types';

export interface PeerSpan extends Span {
  readonly kind: string;
}

export interface PeerResult {
  readonly sentences: PeerSpan[];
  readonly figures: PeerSpan[];
  readonly actors: PeerSpan[];
}

export interface Peer {
  readonly name: string;
  readonly version: string;
  /** The timed work: exactly what a user of the library would call. */
  process(text: string): unknown;
  /** The same work, with results mapped to spans for the accuracy table. */
  spans(text: string): PeerResult;
}

function locateInOrder(text: string, pieces: readonly { text: string; kind: string }[]): PeerSpan[] {
  const spans: PeerSpan[] = [];
  let cursor = 0;
  for (const piece of pieces) {
    const needle = piece.text.trim().replace(/[.,;:]+$/, '');
    if (!needle) continue;
    let at = text.indexOf(needle, cursor);
    if (at < 0) at = text.indexOf(needle);
    if (at < 0) continue;
    spans.push({ start: at, end: at + needle.length, kind: piece.kind });
    cursor = at + needle.length;
  }
  return spans;
}

function versionOf(packageName: string): string {
  // Read from disk: compromise's "exports" map does not expose its package.json.
  const manifest = path.join(__dirname, '..', 'node_modules', packageName, 'package.json');
  return (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string }).version;
}

const WINK_FIGURE_KINDS: Readonly<Record<string, string>> = {
  MONEY: 'money',
  PERCENT: 'percent',
  DATE: 'date',
  TIME: 'date',
  DURATION: 'duration',
  CARDINAL: 'quantity',
  MEASURE: 'quantity',
};

export function runPeerWink(): Peer {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const winkNLP = require('wink-nlp') as (model: unknown) => {
    readDoc(text: string): {
      sentences(): { out(): string[] };
      entities(): { out(as: unknown): { value: string; type: string }[] };
    };
    its: { detail: unknown };
  };
  const nlp = winkNLP(require('wink-eng-lite-web-model'));
  /* eslint-enable @typescript-eslint/no-require-imports */
  const read = (text: string) => {
    const doc = nlp.readDoc(text);
    return { sentences: doc.sentences().out(), entities: doc.entities().out(nlp.its.detail) };
  };
  return {
    name: 'wink-nlp',
    version: versionOf('wink-nlp'),
    process: read,
    spans(text) {
      const { sentences, entities } = read(text);
      return {
        sentences: locateInOrder(text, sentences.map((sentence) => ({ text: sentence, kind: 'sentence' }))),
        figures: locateInOrder(
          text,
          entities.filter((e) => WINK_FIGURE_KINDS[e.type]).map((e) => ({ text: e.value, kind: WINK_FIGURE_KINDS[e.type] })),
        ),
        actors: [],
      };
    },
  };
}

interface CompromiseView {
  out(format: 'array'): string[];
}

interface CompromiseDoc {
  sentences(): CompromiseView;
  people(): CompromiseView;
  places(): CompromiseView;
  organizations(): CompromiseView;
  money(): CompromiseView;
  percentages(): CompromiseView;
  numbers(): CompromiseView;
}

export function runPeerCompromise(): Peer {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const imported = require('compromise') as { default?: (text: string) => CompromiseDoc } & ((text: string) => CompromiseDoc);
  const nlp = imported.default ?? imported;
  const read = (text: string) => {
    const doc = nlp(text);
    return {
      sentences: doc.sentences().out('array'),
      people: doc.people().out('array'),
      places: doc.places().out('array'),
      organizations: doc.organizations().out('array'),
      money: doc.money().out('array'),
      percentages: doc.percentages().out('array'),
      numbers: doc.numbers().out('array'),
    };
  };
  return {
    name: 'compromise',
    version: versionOf('compromise'),
    process: read,
    spans(text) {
      const found = read(text);
      const figures = [
        ...locateInOrder(text, found.money.map((t) => ({ text: t, kind: 'money' }))),
        ...locateInOrder(text, found.percentages.map((t) => ({ text: t, kind: 'percent' }))),
        ...locateInOrder(text, found.numbers.map((t) => ({ text: t, kind: 'quantity' }))),
      ];
      const actors = [
        ...locateInOrder(text, found.people.map((t) => ({ text: t, kind: 'person' }))),
        ...locateInOrder(text, found.places.map((t) => ({ text: t, kind: 'state' }))),
        ...locateInOrder(text, found.organizations.map((t) => ({ text: t, kind: 'organisation' }))),
      ];
      return {
        sentences: locateInOrder(text, found.sentences.map((t) => ({ text: t, kind: 'sentence' }))),
        figures: dedupe(figures),
        actors: dedupe(actors),
      };
    },
  };
}

/** Money and numbers overlap in compromise's output; keep the first span at each position. */
function dedupe(spans: readonly PeerSpan[]): PeerSpan[] {
  const seen = new Set<number>();
  return spans
    .filter((span) => (seen.has(span.start) ? false : (seen.add(span.start), true)))
    .sort((a, b) => a.start - b.start);
}

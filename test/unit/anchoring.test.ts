import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fc from 'fast-check';
import {
  createAnnotation,
  createSidecar,
  documentInfo,
  makeTarget,
  reanchor,
  reanchorSidecar,
  sha256Hex,
  shiftAnchors,
  type ReanchorResult,
  type TextChange,
} from '../../src/core/sidecar/anchoring';
import type { Sidecar, TextTarget } from '../../src/core/sidecar/schema';

// ---------------------------------------------------------------------------------------------
// A model of edits that remembers where every character came from: original characters keep
// their index as identity, inserted ones get fresh ids. It says, independently of the code
// under test, whether an anchor's text survived intact and where it is now.

interface RawEdit {
  readonly at: number;
  readonly cut: number;
  readonly insert: string;
}

interface Edited {
  readonly text: string;
  readonly changes: TextChange[];
  /** For each character of the new text, its original index, or -1 for inserted characters. */
  readonly origins: number[];
}

function applyEdits(text: string, edits: readonly RawEdit[]): Edited {
  let current = text;
  let origins = Array.from({ length: text.length }, (_, i) => i);
  const changes: TextChange[] = [];
  for (const edit of edits) {
    const start = edit.at % (current.length + 1);
    const end = start + (edit.cut % (current.length - start + 1));
    changes.push({ start, end, text: edit.insert });
    current = current.slice(0, start) + edit.insert + current.slice(end);
    origins = [...origins.slice(0, start), ...Array.from({ length: edit.insert.length }, () => -1), ...origins.slice(end)];
  }
  return { text: current, changes, origins };
}

/** Where the original range [start, end) is now, if all of it survived, contiguous and uninterrupted. */
function intactAt(edited: Edited, start: number, end: number): number | undefined {
  const at = edited.origins.indexOf(start);
  if (at < 0) return undefined;
  for (let k = 1; k < end - start; k++) if (edited.origins[at + k] !== start + k) return undefined;
  return at;
}

const rawEdit = (alphabet: string, maxInsert: number): fc.Arbitrary<RawEdit> =>
  fc.record({
    at: fc.nat(),
    cut: fc.oneof(fc.constant(0), fc.nat({ max: 4 }), fc.nat({ max: 40 })),
    insert: fc.string({ maxLength: maxInsert, unit: fc.constantFrom(...alphabet) }),
  });

const spans = (length: number, count: number): fc.Arbitrary<{ start: number; end: number }[]> =>
  fc.array(
    fc.tuple(fc.nat({ max: length - 1 }), fc.integer({ min: 1, max: 60 })).map(([start, size]) => ({ start, end: Math.min(length, start + size) })),
    { minLength: 1, maxLength: count },
  );

const text = (alphabet: string, min: number, max: number): fc.Arbitrary<string> =>
  fc.string({ minLength: min, maxLength: max, unit: fc.constantFrom(...alphabet) });

// Few letters: quotes repeat all over, which is what tempts a matcher to attach to the wrong text.
const SMALL_ALPHABET = 'ab .';
const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ ,.';

function assertAnchoredOnQuote(result: ReanchorResult, target: TextTarget, newText: string): void {
  if (result.status !== 'anchored') return;
  assert.equal(newText.slice(result.start, result.end), target.exact);
  assert.deepEqual(result.target, makeTarget(newText, result.start, result.end));
}

// ---------------------------------------------------------------------------------------------

describe('sha256Hex', () => {
  it('hashes the UTF-8 encoding of the text', () => {
    assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal(sha256Hex('Karachi – €31bn 🇵🇰'), createHash('sha256').update(Buffer.from('Karachi – €31bn 🇵🇰', 'utf8')).digest('hex'));
  });

  it('describes a document with its UTF-16 length', () => {
    assert.deepEqual(documentInfo('x.policy.txt', 'a🇵🇰'), { fileName: 'x.policy.txt', sha256: sha256Hex('a🇵🇰'), length: 5 });
  });
});

describe('makeTarget', () => {
  const sample = 'The central bank will probably cut rates again, officials said on Tuesday in Islamabad.';

  it('keeps the quote and up to 32 characters of context on each side', () => {
    const start = sample.indexOf('officials');
    const target = makeTarget(sample, start, start + 'officials said'.length);
    assert.deepEqual(target, {
      start,
      end: start + 14,
      exact: 'officials said',
      prefix: ' will probably cut rates again, ',
      suffix: ' on Tuesday in Islamabad.',
    });
    assert.ok(target.prefix.length <= 32);
    const long = makeTarget(sample, 40, 48);
    assert.equal(long.prefix, sample.slice(8, 40));
    assert.equal(long.suffix, sample.slice(48, 80));
  });

  it('stops at the ends of the text', () => {
    assert.deepEqual(makeTarget('abc', 0, 3), { start: 0, end: 3, exact: 'abc', prefix: '', suffix: '' });
  });

  it('does not cut a surrogate pair in half', () => {
    const even = '😀'.repeat(20) + 'X' + '😀'.repeat(20);
    const whole = makeTarget(even, 40, 41);
    assert.deepEqual([whole.exact, whole.prefix.length, whole.suffix.length], ['X', 32, 32]);
    // With one character between the emoji and the quote, the 32nd unit is half an emoji.
    const odd = '😀'.repeat(20) + 'cXc' + '😀'.repeat(20);
    const target = makeTarget(odd, 41, 42);
    assert.deepEqual([target.exact, target.prefix.length, target.suffix.length], ['X', 31, 31]);
    assert.ok(target.prefix.startsWith('😀') && target.suffix.endsWith('😀'));
  });

  it('rejects empty and out-of-range spans', () => {
    assert.throws(() => makeTarget('abc', 1, 1), RangeError);
    assert.throws(() => makeTarget('abc', 2, 1), RangeError);
    assert.throws(() => makeTarget('abc', -1, 1), RangeError);
    assert.throws(() => makeTarget('abc', 0, 4), RangeError);
    assert.throws(() => makeTarget('abc', 0.5, 2), RangeError);
  });
});

describe('shiftAnchors', () => {
  // "Officials say the visit was planned." with the anchor on "the visit" = [14, 23).
  const anchor = { start: 14, end: 23 };
  const shift = (...changes: TextChange[]) => shiftAnchors([anchor], changes)[0];

  it('shifts an anchor when text is inserted or deleted before it', () => {
    assert.deepEqual(shift({ start: 0, end: 0, text: 'Yesterday, ' }), { start: 25, end: 34, state: 'moved' });
    assert.deepEqual(shift({ start: 0, end: 10, text: '' }), { start: 4, end: 13, state: 'moved' });
    assert.deepEqual(shift({ start: 0, end: 9, text: 'Diplomats' }), { start: 14, end: 23, state: 'unchanged' });
  });

  it('leaves an anchor alone when the edit is after it', () => {
    assert.deepEqual(shift({ start: 30, end: 35, text: 'arranged' }), { start: 14, end: 23, state: 'unchanged' });
  });

  it('keeps text typed right at its edges outside it', () => {
    assert.deepEqual(shift({ start: 14, end: 14, text: 'X' }), { start: 15, end: 24, state: 'moved' });
    assert.deepEqual(shift({ start: 23, end: 23, text: 'X' }), { start: 14, end: 23, state: 'unchanged' });
    assert.deepEqual(shift({ start: 10, end: 14, text: 'said ' }), { start: 15, end: 24, state: 'moved' });
    assert.deepEqual(shift({ start: 23, end: 27, text: '' }), { start: 14, end: 23, state: 'unchanged' });
  });

  it('grows and shrinks with edits inside it', () => {
    assert.deepEqual(shift({ start: 18, end: 18, text: 'state ' }), { start: 14, end: 29, state: 'edited' });
    assert.deepEqual(shift({ start: 14, end: 18, text: '' }), { start: 14, end: 19, state: 'edited' });
    assert.deepEqual(shift({ start: 14, end: 17, text: 'a' }), { start: 14, end: 21, state: 'edited' });
    assert.deepEqual(shift({ start: 19, end: 23, text: 'trip' }), { start: 14, end: 23, state: 'edited' });
  });

  it('shrinks to its surviving text when an edit overlaps one edge', () => {
    assert.deepEqual(shift({ start: 10, end: 18, text: 'XY' }), { start: 12, end: 17, state: 'edited' });
    assert.deepEqual(shift({ start: 18, end: 30, text: 'XY' }), { start: 14, end: 18, state: 'edited' });
  });

  it('marks it lost when its whole text is deleted or replaced', () => {
    assert.deepEqual(shift({ start: 14, end: 23, text: '' }), { start: 14, end: 14, state: 'lost' });
    assert.deepEqual(shift({ start: 10, end: 30, text: 'something else' }), { start: 10, end: 10, state: 'lost' });
    assert.deepEqual(shift({ start: 14, end: 23, text: 'the visit' }), { start: 14, end: 14, state: 'lost' });
    // Once lost, stays lost, and the point keeps following the text.
    assert.deepEqual(shift({ start: 14, end: 23, text: '' }, { start: 0, end: 0, text: 'ab' }, { start: 30, end: 30, text: 'the visit' }), {
      start: 16,
      end: 16,
      state: 'lost',
    });
  });

  it('calls text typed inside and deleted again edited, with the original range', () => {
    assert.deepEqual(shift({ start: 18, end: 18, text: 'x' }, { start: 18, end: 19, text: '' }), { start: 14, end: 23, state: 'edited' });
  });

  it('applies changes in order, each in the offsets left by the previous ones', () => {
    assert.deepEqual(shift({ start: 0, end: 0, text: 'abc' }, { start: 0, end: 3, text: '' }), { start: 14, end: 23, state: 'unchanged' });
    assert.deepEqual(shift({ start: 30, end: 30, text: 'x' }, { start: 0, end: 0, text: 'y' }, { start: 16, end: 16, text: 'zz' }), {
      start: 15,
      end: 26,
      state: 'edited',
    });
  });

  it('ignores empty changes and keeps one result per anchor, in order', () => {
    const results = shiftAnchors([anchor, { start: 0, end: 5 }, { start: 40, end: 41 }], [{ start: 20, end: 20, text: '' }, { start: 2, end: 2, text: '--' }]);
    assert.deepEqual(results, [
      { start: 16, end: 25, state: 'moved' },
      { start: 0, end: 7, state: 'edited' },
      { start: 42, end: 43, state: 'moved' },
    ]);
  });

  it('keeps an untouched anchor on its quote, and only an untouched one (property)', () => {
    fc.assert(
      fc.property(
        text(LETTERS, 1, 300).chain((original) =>
          fc.tuple(fc.constant(original), spans(original.length, 8), fc.array(rawEdit(LETTERS + '\n', 12), { minLength: 1, maxLength: 12 })),
        ),
        ([original, anchors, edits]) => {
          const edited = applyEdits(original, edits);
          const results = shiftAnchors(anchors, edited.changes);
          anchors.forEach((anchor, index) => {
            const result = results[index];
            const at = intactAt(edited, anchor.start, anchor.end);
            if (at !== undefined) {
              // Its text survived whole: the anchor covers its original quote, where the model says.
              // (`edited` too when text typed inside was deleted again: shiftAnchors sees offsets only.)
              assert.notEqual(result.state, 'lost');
              assert.deepEqual([result.start, result.end], [at, at + anchor.end - anchor.start]);
              assert.equal(edited.text.slice(result.start, result.end), original.slice(anchor.start, anchor.end));
              return;
            }
            assert.ok(result.state === 'edited' || result.state === 'lost', `state ${result.state} for a touched anchor`);
            const survivors = edited.origins.flatMap((origin, position) => (origin >= anchor.start && origin < anchor.end ? [position] : []));
            if (result.state === 'lost') {
              assert.deepEqual(survivors, [], 'lost, but some of its text is still there');
              assert.equal(result.start, result.end);
              return;
            }
            assert.ok(result.start >= 0 && result.start < result.end && result.end <= edited.text.length, 'bounds');
            for (const position of survivors) assert.ok(position >= result.start && position < result.end, 'surviving text outside the anchor');
            for (let position = result.start; position < result.end; position++) {
              const origin = edited.origins[position];
              assert.ok(origin < 0 || (origin >= anchor.start && origin < anchor.end), 'the anchor took in text from outside it');
            }
          });
        },
      ),
      { numRuns: 1500 },
    );
  });
});

describe('reanchor', () => {
  const base = [
    'Pakistan and the Gulf: a new compact.',
    'Officials said. Remittances rose to $31 billion in the last fiscal year.',
    'The central bank will probably cut rates again. Officials said. Exports fell.',
    'Both capitals should revive the dormant trade council.',
  ].join('\n');
  const targetOf = (source: string, quote: string, occurrence = 0): TextTarget => {
    let at = -1;
    for (let k = 0; k <= occurrence; k++) at = source.indexOf(quote, at + 1);
    assert.ok(at >= 0, quote);
    return makeTarget(source, at, at + quote.length);
  };
  const one = (target: TextTarget, newText: string): ReanchorResult => reanchor([{ target }], newText)[0];

  it('anchors by position when the text is unchanged', () => {
    const target = targetOf(base, 'Remittances rose to $31 billion');
    assert.deepEqual(one(target, base), { status: 'anchored', start: target.start, end: target.end, method: 'position', target });
  });

  it('finds a quote that moved, and refreshes its context', () => {
    const target = targetOf(base, 'The central bank will probably cut rates again.');
    const newText = 'EDITOR’S NOTE: updated.\n' + base.replace('Exports fell.', 'Exports fell 12 per cent.');
    const result = one(target, newText);
    assert.equal(result.status, 'anchored');
    assert.equal(result.status === 'anchored' && result.method, 'quote');
    assertAnchoredOnQuote(result, target, newText);
    assert.equal(result.status === 'anchored' && result.target.suffix, ' Officials said. Exports fell 12');
  });

  it('tells repeated quotes apart by their context', () => {
    const first = targetOf(base, 'Officials said.', 0);
    const second = targetOf(base, 'Officials said.', 1);
    const newText = 'New first line.\n' + base;
    const [a, b] = reanchor([{ target: second }, { target: first }], newText);
    assert.deepEqual([a.status === 'anchored' && a.start, b.status === 'anchored' && b.start], [second.start + 16, first.start + 16]);
  });

  it('uses fuzzy context when a repeated quote lost its exact context', () => {
    const second = targetOf(base, 'Officials said.', 1);
    // Both neighbours of the second occurrence change, and a third occurrence appears near it.
    const newText = base
      .replace('probably cut rates again. Officials said. Exports fell.', 'probably cut rates soon. Officials said. Exports fell!')
      .replace('Both capitals', 'Officials said. Both capitals');
    const result = one(second, newText);
    assert.equal(result.status === 'anchored' && result.method, 'fuzzy');
    assert.equal(result.status === 'anchored' && result.start, newText.indexOf('Officials said. Exports'));
    assertAnchoredOnQuote(result, second, newText);
  });

  it('orphans an annotation whose quote was edited, and says where it probably is', () => {
    const target = targetOf(base, 'Remittances rose to $31 billion in the last fiscal year.');
    const newText = base.replace('$31 billion', '$30.3 billion');
    const result = one(target, newText);
    assert.equal(result.status, 'orphaned');
    if (result.status !== 'orphaned') return;
    assert.equal(result.reason, 'quote-changed');
    const near = result.near;
    assert.ok(near !== undefined);
    assert.equal(newText.slice(near.start, near.end), 'Remittances rose to $30.3 billion in the last fiscal year.');
  });

  it('orphans an annotation whose text was deleted', () => {
    const target = targetOf(base, 'Both capitals should revive the dormant trade council.');
    const result = one(target, base.replace('Both capitals should revive the dormant trade council.', ''));
    assert.deepEqual([result.status, result.status === 'orphaned' && result.reason], ['orphaned', 'quote-missing']);
  });

  it('does not attach a short quote to the same words far away in another context', () => {
    const text = 'Officials said. ' + 'x'.repeat(500) + ' In Riyadh, analysts said. Prices rose.';
    const target = targetOf(text, 'analysts said');
    const newText = 'Officials said. ' + 'x'.repeat(500) + ' In Riyadh, some said. Prices rose. ' + 'y'.repeat(500) + ' Oddly analysts said. z';
    const result = one(target, newText);
    assert.equal(result.status, 'orphaned');
    // The same words are found when they stayed near their place.
    const near = one(target, 'Officials said. ' + 'x'.repeat(500) + ' In Jeddah City, analysts said! Prices fell.');
    assert.equal(near.status === 'anchored' && near.method, 'quote');
  });

  it('attaches a long quote found with none of its context', () => {
    const target = targetOf(base, 'Both capitals should revive the dormant trade council.');
    const newText = 'Both capitals should revive the dormant trade council.\n' + base.replace(/Both capitals.*$/, 'The end.');
    const result = one(target, newText);
    assert.deepEqual([result.status, result.status === 'anchored' && result.start], ['anchored', 0]);
  });

  it('orphans an invalid target instead of throwing', () => {
    const result = one({ start: 3, end: 3, exact: '', prefix: '', suffix: '' }, base);
    assert.deepEqual([result.status, result.status === 'orphaned' && result.reason], ['orphaned', 'invalid-target']);
  });

  it('re-anchors a sidecar, keeping orphans untouched', () => {
    const quotes = ['Remittances rose to $31 billion in the last fiscal year.', 'Exports fell.', 'Both capitals should revive'];
    const annotations = quotes.map((quote, i) => {
      const at = base.indexOf(quote);
      return createAnnotation({ fileName: 'x.policy.txt', text: base, start: at, end: at + quote.length, tags: ['type:fact'], origin: 'manual', time: '2025-01-01T00:00:00Z', nonce: String(i), takenIds: new Set() });
    });
    const sidecar: Sidecar = { ...createSidecar('x.policy.txt', base), annotations };
    assert.deepEqual(createSidecar('x.policy.txt', base, '../schemas/annotations.schema.json'), {
      $schema: '../schemas/annotations.schema.json',
      version: 1,
      document: documentInfo('x.policy.txt', base),
      taxonomy: { id: 'policy-lens/claims', version: 1 },
      annotations: [],
    });
    const newText = 'Intro.\n' + base.replace('Exports fell.', 'Imports rose.');
    const { sidecar: updated, results } = reanchorSidecar(sidecar, newText);
    assert.deepEqual(results.map((r) => r.status), ['anchored', 'orphaned', 'anchored']);
    assert.deepEqual(updated.document, documentInfo('x.policy.txt', newText));
    assert.equal(updated.annotations.length, 3);
    assert.equal(updated.annotations[0].target.start, annotations[0].target.start + 7);
    assert.deepEqual(updated.annotations[1], annotations[1]);
    assert.equal(updated.annotations[2].modified, annotations[2].modified);
  });

  it('on unchanged text anchors everything by position (property)', () => {
    fc.assert(
      fc.property(
        text(SMALL_ALPHABET, 1, 400).chain((original) => fc.tuple(fc.constant(original), spans(original.length, 20))),
        ([original, anchors]) => {
          const targets = anchors.map((a) => ({ target: makeTarget(original, a.start, a.end) }));
          const results = reanchor(targets, original);
          results.forEach((result, index) => {
            assert.deepEqual(result, { status: 'anchored', start: anchors[index].start, end: anchors[index].end, method: 'position', target: targets[index].target });
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('on edited text lands exactly on the quote or orphans, never elsewhere (property)', () => {
    fc.assert(
      fc.property(
        text(SMALL_ALPHABET, 1, 300).chain((original) =>
          fc.tuple(fc.constant(original), spans(original.length, 12), fc.array(rawEdit(SMALL_ALPHABET, 10), { minLength: 1, maxLength: 10 })),
        ),
        ([original, anchors, edits]) => {
          const edited = applyEdits(original, edits);
          const targets = anchors.map((a) => makeTarget(original, a.start, a.end));
          const results = reanchor(targets.map((target) => ({ target })), edited.text);
          results.forEach((result, index) => {
            const target = targets[index];
            assertAnchoredOnQuote(result, target, edited.text);
            // A quote that survived with all its context must be found.
            const from = target.start - target.prefix.length;
            if (intactAt(edited, from, target.end + target.suffix.length) !== undefined) assert.equal(result.status, 'anchored');
          });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('on edited prose finds every quote that survived where the edits left it (property)', () => {
    fc.assert(
      fc.property(
        text(LETTERS, 200, 1500).chain((original) =>
          fc.tuple(fc.constant(original), spans(original.length, 25), fc.array(rawEdit(LETTERS, 30), { minLength: 1, maxLength: 20 })),
        ),
        ([original, anchors, edits]) => {
          const edited = applyEdits(original, edits);
          const targets = anchors.map((a) => makeTarget(original, a.start, a.end));
          const results = reanchor(targets.map((target) => ({ target })), edited.text);
          results.forEach((result, index) => {
            const target = targets[index];
            assertAnchoredOnQuote(result, target, edited.text);
            const at = intactAt(edited, target.start, target.end);
            const withContext = intactAt(edited, target.start - target.prefix.length, target.end + target.suffix.length);
            if (at !== undefined && withContext !== undefined && target.exact.length >= 8) {
              assert.equal(result.status === 'anchored' && result.start, at);
            }
          });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('re-anchors 5,000 annotations on a 1 MB text, edited or not', () => {
    const words = ['policy', 'trade', 'the', 'Gulf', 'will', 'likely', 'rise', 'minister', 'said', 'exports', 'budget', 'council'];
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    const parts: string[] = [];
    let length = 0;
    while (length < 1_000_000) {
      const word = words[random(words.length)] + (random(9) === 0 ? '. ' : ' ');
      parts.push(word);
      length += word.length;
    }
    const big = parts.join('');
    const targets = Array.from({ length: 5_000 }, (_, i) => {
      const start = i * 199 + random(50);
      return { target: makeTarget(big, start, start + 80 + random(120)) };
    });
    const edited = big.slice(0, 300_000) + 'An inserted sentence. ' + big.slice(300_000, 700_000) + big.slice(700_040);
    for (const newText of [big, edited]) {
      // An accidental O(n·m) scan would run into mocha's timeout: no wall-clock assertion here.
      const results = reanchor(targets, newText);
      results.forEach((result, index) => assertAnchoredOnQuote(result, targets[index].target, newText));
      assert.ok(results.filter((r) => r.status === 'anchored').length >= 4_990);
    }
  });
});

import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import DiffMatchPatch from 'diff-match-patch';
import * as fc from 'fast-check';
import { ALL_TAGS, sortTags, TAXONOMY } from '../../src/core/taxonomy';
import { createAnnotation, documentInfo } from '../../src/core/sidecar/anchoring';
import {
  annotationId,
  sidecarFileNameFor,
  uniqueAnnotationId,
  type Annotation,
  type Sidecar,
} from '../../src/core/sidecar/schema';
import { findJsonSyntaxError, parseSidecar, serializeSidecar } from '../../src/core/sidecar/serialize';
import { generateSchemaText, SCHEMA_OUTPUT } from '../../scripts/generate-schema';

const FILE = 'brief.policy.txt.annotations.json';
const TIME = '2025-03-01T10:00:00.000Z';

const TEXT = [
  'Pakistan and the Gulf: a new compact',
  '',
  'Remittances rose to $31 billion in the last fiscal year. The central bank will probably cut rates again.',
  'Officials say the visit was planned months ago. Both capitals should revive the dormant trade council.',
  'The new tariff will weigh on textile exports next year.',
].join('\n');

function annotate(quote: string, tags: string[], nonce: string, extra: Partial<Pick<Annotation, 'note' | 'author'>> = {}): Annotation {
  const start = TEXT.indexOf(quote);
  assert.ok(start >= 0, quote);
  return createAnnotation({
    fileName: 'brief.policy.txt',
    text: TEXT,
    start,
    end: start + quote.length,
    tags,
    origin: 'manual',
    time: TIME,
    nonce,
    takenIds: new Set(),
    ...extra,
  });
}

function sampleSidecar(): Sidecar {
  return {
    $schema: '../schemas/annotations.schema.json',
    version: 1,
    document: documentInfo('brief.policy.txt', TEXT),
    taxonomy: { id: TAXONOMY.id, version: TAXONOMY.version },
    annotations: [
      annotate('The new tariff will weigh on textile exports next year.', ['domain:trade', 'type:forecast', 'outlook:pessimistic'], 'n1', { author: 'ana' }),
      annotate('Remittances rose to $31 billion in the last fiscal year.', ['type:fact', 'evidence:figure-backed', 'domain:society'], 'n2', { note: 'check the figure\nagainst SBP data' }),
      annotate('The central bank will probably cut rates again.', ['type:forecast', 'likelihood:likely', 'domain:finance'], 'n3'),
      annotate('Officials say the visit was planned months ago.', ['type:attribution', 'domain:diplomacy'], 'n4'),
      annotate('Both capitals should revive the dormant trade council.', [], 'n5'),
    ],
  };
}

/** The first annotation's JSON text, as it sits in a canonical file, for hand-made broken files. */
function canonicalObject(): Record<string, unknown> {
  return JSON.parse(serializeSidecar(sampleSidecar())) as Record<string, unknown>;
}

function withAnnotation(index: number, edit: (annotation: Record<string, unknown>) => void): string {
  const data = canonicalObject();
  edit((data.annotations as Record<string, unknown>[])[index]);
  return JSON.stringify(data, undefined, 2);
}

function expectError(text: string, kind: 'invalid-json' | 'schema' | 'newer-version', message: string): void {
  const result = parseSidecar(text, FILE);
  assert.equal(result.ok, false, 'expected a failure');
  if (result.ok) return;
  assert.equal(result.kind, kind);
  assert.equal(result.message, message);
}

/** Line diff of two texts: the indices (in `after`) of inserted lines and (in `before`) of deleted ones. */
function lineDiff(before: string, after: string): { deleted: number[]; inserted: number[] } {
  const dmp = new DiffMatchPatch();
  const { chars1, chars2, lineArray } = dmp.diff_linesToChars_(before, after);
  const diffs = dmp.diff_main(chars1, chars2, false);
  dmp.diff_charsToLines_(diffs, lineArray);
  const deleted: number[] = [];
  const inserted: number[] = [];
  let lineBefore = 0;
  let lineAfter = 0;
  for (const [op, text] of diffs) {
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    for (let k = 0; k < lines; k++) {
      if (op === -1) deleted.push(lineBefore + k);
      if (op === 1) inserted.push(lineAfter + k);
    }
    if (op !== 1) lineBefore += lines;
    if (op !== -1) lineAfter += lines;
  }
  return { deleted, inserted };
}

describe('sidecar serialisation', () => {
  it('writes the canonical form: key order, 2-space indent, trailing newline', () => {
    const text = serializeSidecar(sampleSidecar());
    assert.ok(text.endsWith('}\n'));
    assert.ok(!text.endsWith('\n\n'));
    assert.ok(text.startsWith('{\n  "$schema": "../schemas/annotations.schema.json",\n  "version": 1,\n  "document": {\n    "fileName"'));
    const data = JSON.parse(text) as Sidecar;
    assert.deepEqual(Object.keys(data), ['$schema', 'version', 'document', 'taxonomy', 'annotations']);
    assert.deepEqual(Object.keys(data.document), ['fileName', 'sha256', 'length']);
    assert.deepEqual(Object.keys(data.taxonomy), ['id', 'version']);
    const byQuote = (start: string): Annotation => data.annotations.find((a) => a.target.exact.startsWith(start)) ?? assert.fail(start);
    assert.deepEqual(Object.keys(byQuote('The new tariff')), ['id', 'target', 'tags', 'author', 'created', 'modified', 'origin']);
    assert.deepEqual(Object.keys(byQuote('The new tariff').target), ['start', 'end', 'exact', 'prefix', 'suffix']);
    assert.deepEqual(Object.keys(byQuote('Remittances')), ['id', 'target', 'tags', 'note', 'created', 'modified', 'origin']);
    assert.deepEqual(Object.keys(byQuote('Officials')), ['id', 'target', 'tags', 'created', 'modified', 'origin']);
  });

  it('sorts annotations by (start, end, id) and tags in taxonomy order, without duplicates', () => {
    const base = sampleSidecar();
    const twin = { ...base.annotations[0], id: 'a-0000000000', tags: ['zz:unknown', 'domain:trade', 'type:forecast', 'domain:trade'] };
    const sidecar = { ...base, annotations: [...base.annotations, twin] };
    const data = JSON.parse(serializeSidecar(sidecar)) as Sidecar;
    const keys = data.annotations.map((a) => [a.target.start, a.target.end, a.id] as const);
    const sorted = [...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : 1));
    assert.deepEqual(keys, sorted);
    const last = data.annotations[data.annotations.length - 2];
    assert.equal(last.id, 'a-0000000000');
    assert.deepEqual(last.tags, ['type:forecast', 'domain:trade', 'zz:unknown']);
    for (const annotation of data.annotations) assert.deepEqual(annotation.tags, sortTags(annotation.tags));
  });

  it('serialises the same sidecar to the same text whatever the input order', () => {
    const sidecar = sampleSidecar();
    const reversed = { ...sidecar, annotations: [...sidecar.annotations].reverse().map((a) => ({ ...a, tags: [...a.tags].reverse() })) };
    assert.equal(serializeSidecar(reversed), serializeSidecar(sidecar));
  });

  it('round-trips: serialize(parse(text)) is the text, for canonical text', () => {
    const text = serializeSidecar(sampleSidecar());
    const result = parseSidecar(text, FILE);
    assert.ok(result.ok, result.ok ? '' : result.message);
    assert.equal(serializeSidecar(result.sidecar), text);
    assert.deepEqual(result.problems, []);
  });

  it('round-trips arbitrary valid sidecars (property)', () => {
    const tag = fc.oneof(fc.constantFrom(...ALL_TAGS), fc.string({ maxLength: 12 }));
    const iso = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString());
    const annotation = fc
      .record({
        id: fc.stringMatching(/^a-[0-9a-z]{10}$/),
        start: fc.nat({ max: 5_000 }),
        exact: fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }),
        prefix: fc.string({ maxLength: 32 }),
        suffix: fc.string({ maxLength: 32 }),
        tags: fc.array(tag, { maxLength: 6 }),
        note: fc.option(fc.string({ maxLength: 50, unit: 'binary' }), { nil: undefined }),
        author: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
        created: iso,
        modified: iso,
        origin: fc.constantFrom('detected' as const, 'manual' as const),
      })
      .map(({ start, exact, prefix, suffix, note, author, ...rest }): Annotation => ({
        ...rest,
        target: { start, end: start + exact.length, exact, prefix, suffix },
        ...(note === undefined ? {} : { note }),
        ...(author === undefined ? {} : { author }),
      }));
    const sidecar = fc
      .record({
        annotations: fc.uniqueArray(annotation, { maxLength: 12, selector: (a) => a.id }),
        schema: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
      })
      .map(({ annotations, schema }): Sidecar => ({
        ...(schema === undefined ? {} : { $schema: schema }),
        version: 1,
        document: { fileName: 'x.policy.txt', sha256: 'a'.repeat(64), length: 6_000 },
        taxonomy: { id: TAXONOMY.id, version: TAXONOMY.version },
        annotations,
      }));
    fc.assert(
      fc.property(sidecar, (value) => {
        const text = serializeSidecar(value);
        const result = parseSidecar(text, FILE);
        assert.ok(result.ok, result.ok ? '' : result.message);
        assert.equal(serializeSidecar(result.sidecar), text);
        // Tags are never dropped: unknown ones come back, and are reported.
        for (const original of value.annotations) {
          const parsed: Annotation | undefined = result.sidecar.annotations.find((a) => a.id === original.id);
          assert.deepEqual(new Set(parsed?.tags), new Set(original.tags));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is git-friendly: adding a tag changes only the lines of that annotation', () => {
    const before = sampleSidecar();
    const target = before.annotations[3];
    const after: Sidecar = {
      ...before,
      annotations: before.annotations.map((a) => (a.id === target.id ? { ...a, tags: [...a.tags, 'outlook:mixed'], modified: '2025-03-02T08:00:00.000Z' } : a)),
    };
    const textBefore = serializeSidecar(before);
    const textAfter = serializeSidecar(after);
    const { deleted, inserted } = lineDiff(textBefore, textAfter);
    assert.ok(inserted.length > 0);

    // Lines [first, last] of the annotation's object in a canonical text.
    const block = (text: string): [number, number] => {
      const lines = text.split('\n');
      const idLine = lines.indexOf(`      "id": "${target.id}",`);
      assert.ok(idLine > 0);
      let last = idLine;
      while (!lines[last].startsWith('    }')) last++;
      return [idLine - 1, last];
    };
    const [fromBefore, toBefore] = block(textBefore);
    const [fromAfter, toAfter] = block(textAfter);
    for (const line of deleted) assert.ok(line >= fromBefore && line <= toBefore, `deleted line ${line} outside the annotation`);
    for (const line of inserted) assert.ok(line >= fromAfter && line <= toAfter, `inserted line ${line} outside the annotation`);
    // Exactly: the tag line, the comma of the tag before it, and `modified`.
    assert.equal(inserted.length, 3);
    assert.equal(deleted.length, 2);
  });

  it('is git-friendly: adding an annotation inserts only its own lines', () => {
    const before = sampleSidecar();
    const added = annotate('Pakistan and the Gulf', ['type:assessment'], 'n6');
    const after = { ...before, annotations: [...before.annotations, added] };
    const { deleted, inserted } = lineDiff(serializeSidecar(before), serializeSidecar(after));
    assert.deepEqual(deleted, []);
    const textAfter = serializeSidecar(after);
    const lines = textAfter.split('\n');
    const data = JSON.parse(textAfter) as Sidecar;
    const ownLines = JSON.stringify(data.annotations.find((a) => a.id === added.id), undefined, 2)
      .split('\n')
      .map((line) => '    ' + line);
    ownLines[ownLines.length - 1] += ',';
    // A diff may pair the new `{` with the old one's and insert a `{` further down: same lines.
    assert.deepEqual(inserted.map((i) => lines[i]).sort(), [...ownLines].sort());
  });
});

describe('parseSidecar', () => {
  it('accepts a byte order mark', () => {
    const result = parseSidecar('\uFEFF' + serializeSidecar(sampleSidecar()), FILE);
    assert.ok(result.ok);
  });

  it('keeps and reports tags the taxonomy does not know, and facet rule violations', () => {
    const text = withAnnotation(0, (a) => {
      a.tags = ['type:fact', 'type:rumour', 'outlook:mixed', 'outlook:optimistic'];
    });
    const result = parseSidecar(text, FILE);
    assert.ok(result.ok);
    const id = result.sidecar.annotations[0].id;
    assert.deepEqual(result.sidecar.annotations[0].tags, ['type:fact', 'type:rumour', 'outlook:mixed', 'outlook:optimistic']);
    assert.deepEqual(
      result.problems.map((p) => p.message),
      [`${id}: unknown tag "type:rumour" (kept as it is)`, `${id}: more than one outlook: tag (outlook:mixed, outlook:optimistic)`],
    );
    assert.deepEqual(result.problems[0], {
      kind: 'tags',
      annotationId: id,
      path: 'annotations[0].tags',
      problem: { kind: 'unknown-tag', tag: 'type:rumour' },
      message: `${id}: unknown tag "type:rumour" (kept as it is)`,
    });
    // And writes it back.
    assert.ok(serializeSidecar(result.sidecar).includes('"type:rumour"'));
  });

  it('reports a missing type: tag but accepts an untagged annotation', () => {
    const text = withAnnotation(0, (a) => {
      a.tags = ['domain:trade'];
    });
    const result = parseSidecar(text, FILE);
    assert.ok(result.ok);
    assert.deepEqual(result.problems.map((p) => p.kind === 'tags' && p.problem.kind), ['missing-type']);
    const untagged = parseSidecar(serializeSidecar(sampleSidecar()), FILE);
    assert.ok(untagged.ok);
    assert.deepEqual(untagged.problems, []);
  });

  it('reports a sidecar made with another taxonomy version', () => {
    const data = canonicalObject();
    data.taxonomy = { id: 'policy-lens/claims', version: 2 };
    const result = parseSidecar(JSON.stringify(data), FILE);
    assert.ok(result.ok);
    assert.deepEqual(result.problems[0], {
      kind: 'taxonomy',
      path: 'taxonomy',
      found: { id: 'policy-lens/claims', version: 2 },
      message: 'tagged with taxonomy policy-lens/claims version 2; this version of Policy Lens uses policy-lens/claims version 1',
    });
  });

  it('rejects an empty file', () => {
    expectError('', 'invalid-json', `${FILE}: the file is empty; expected a JSON object.`);
    expectError('  \n\t\n', 'invalid-json', `${FILE}: the file is empty; expected a JSON object.`);
  });

  it('rejects text that is not JSON, with line and column', () => {
    const broken = serializeSidecar(sampleSidecar()).replace('"version": 1,', '"version": 1');
    const result = parseSidecar(broken, FILE);
    assert.ok(!result.ok);
    assert.equal(result.kind, 'invalid-json');
    assert.equal(result.line, 4);
    assert.equal(result.column, 3);
    assert.equal(result.message, `${FILE}: not valid JSON at line 4, column 3: unexpected '"'; expected ',' or '}'.`);
    expectError('{\n  "version": 1,\n}', 'invalid-json', `${FILE}: not valid JSON at line 3, column 1: unexpected '}'; expected a property name in double quotes.`);
    expectError('{"a": [1, 2', 'invalid-json', `${FILE}: not valid JSON at line 1, column 12: unexpected end of file; expected ',' or ']'.`);
    expectError("{'version': 1}", 'invalid-json', `${FILE}: not valid JSON at line 1, column 2: unexpected "'"; expected a property name in double quotes or '}'.`);
    expectError('<<<<<<< HEAD\n{}', 'invalid-json', `${FILE}: not valid JSON at line 1, column 1: unexpected '<'; expected a value (strings need double quotes).`);
    expectError('{} {}', 'invalid-json', `${FILE}: not valid JSON at line 1, column 4: unexpected '{' after the end of the JSON value.`);
    expectError('{"a": "b\nc"}', 'invalid-json', `${FILE}: not valid JSON at line 1, column 9: a string cannot contain a line break or control character (unclosed string?).`);
  });

  it('counts lines and columns after a byte order mark from the file start', () => {
    const result = parseSidecar('\uFEFF{\n  x', FILE);
    assert.ok(!result.ok);
    assert.equal(result.line, 2);
    assert.equal(result.column, 3);
  });

  it('rejects JSON that is not an object', () => {
    expectError('[]', 'schema', `${FILE}: expected a JSON object at the top level, found an array.`);
    expectError('null', 'schema', `${FILE}: expected a JSON object at the top level, found null.`);
    expectError('"annotations"', 'schema', `${FILE}: expected a JSON object at the top level, found a string ("annotations").`);
    expectError('42', 'schema', `${FILE}: expected a JSON object at the top level, found a number (42).`);
  });

  it('names the JSON path of a field of the wrong type', () => {
    const data = canonicalObject();
    const annotations = data.annotations as { target: Record<string, unknown> }[];
    annotations[3].target.start = '12';
    expectError(JSON.stringify(data), 'schema', `${FILE}: annotations[3].target.start: expected a number, found a string ("12").`);
    expectError(
      withAnnotation(1, (a) => {
        a.tags = ['type:fact', 7];
      }),
      'schema',
      `${FILE}: annotations[1].tags[1]: expected a string, found a number (7).`,
    );
    expectError(
      withAnnotation(0, (a) => {
        (a.target as Record<string, unknown>).end = 10.5;
      }),
      'schema',
      `${FILE}: annotations[0].target.end: expected a whole number, found 10.5.`,
    );
    expectError(
      withAnnotation(2, (a) => {
        a.tags = 'type:fact';
      }),
      'schema',
      `${FILE}: annotations[2].tags: expected an array, found a string ("type:fact").`,
    );
  });

  it('names a missing field', () => {
    expectError(
      withAnnotation(4, (a) => {
        delete a.origin;
      }),
      'schema',
      `${FILE}: annotations[4].origin: missing; expected "detected" or "manual".`,
    );
    expectError(
      withAnnotation(0, (a) => {
        delete (a.target as Record<string, unknown>).exact;
      }),
      'schema',
      `${FILE}: annotations[0].target.exact: missing; expected a string.`,
    );
    const data = canonicalObject();
    delete data.document;
    expectError(JSON.stringify(data), 'schema', `${FILE}: document: missing; expected an object.`);
    expectError('{}', 'schema', `${FILE}: version: missing; expected 1 (and 3 more errors).`);
  });

  it('rejects unknown fields (a typo would otherwise be lost on the next save)', () => {
    expectError(
      withAnnotation(0, (a) => {
        a.notes = 'typo';
      }),
      'schema',
      `${FILE}: annotations[0].notes: unknown field.`,
    );
  });

  it('rejects values out of their domain', () => {
    expectError(
      withAnnotation(0, (a) => {
        a.origin = 'imported';
      }),
      'schema',
      `${FILE}: annotations[0].origin: expected "detected" or "manual", found a string ("imported").`,
    );
    expectError(
      withAnnotation(0, (a) => {
        a.created = 'yesterday';
      }),
      'schema',
      `${FILE}: annotations[0].created: expected an ISO 8601 date and time such as 2025-01-31T09:30:00Z, found a string ("yesterday").`,
    );
    expectError(
      withAnnotation(0, (a) => {
        (a.target as Record<string, unknown>).start = -1;
      }),
      'schema',
      `${FILE}: annotations[0].target.start: must be at least 0, found a number (-1).`,
    );
    const data = canonicalObject();
    (data.document as Record<string, unknown>).sha256 = 'XYZ';
    expectError(JSON.stringify(data), 'schema', `${FILE}: document.sha256: not in the expected form, found a string ("XYZ").`);
    expectError(
      withAnnotation(0, (a) => {
        a.id = 'has space';
      }),
      'schema',
      `${FILE}: annotations[0].id: not in the expected form, found a string ("has space").`,
    );
  });

  it('rejects targets whose offsets disagree with the quote, and duplicate ids', () => {
    expectError(
      withAnnotation(0, (a) => {
        const target = a.target as Record<string, number>;
        target.end = target.start;
      }),
      'schema',
      `${FILE}: annotations[0].target.end: end (${TEXT.indexOf('Remittances')}) must be greater than start (${TEXT.indexOf('Remittances')}).`,
    );
    expectError(
      withAnnotation(0, (a) => {
        (a.target as Record<string, number>).end += 1;
      }),
      'schema',
      `${FILE}: annotations[0].target.exact: the quote has 56 characters but start..end covers 57.`,
    );
    const data = canonicalObject();
    const annotations = data.annotations as Record<string, unknown>[];
    annotations[2].id = annotations[0].id;
    expectError(JSON.stringify(data), 'schema', `${FILE}: annotations[2].id: duplicate id "${String(annotations[0].id)}" (also annotations[0]).`);
  });

  it('tells a file from a newer version apart', () => {
    const data = canonicalObject();
    data.version = 2;
    data.somethingNew = true;
    const result = parseSidecar(JSON.stringify(data), FILE);
    assert.ok(!result.ok);
    assert.equal(result.kind, 'newer-version');
    assert.equal(
      result.message,
      `${FILE}: written by a newer version of Policy Lens (sidecar version 2; this version reads version 1). Update Policy Lens to open it; the file was left as it is.`,
    );
    expectError('{"version": 0}', 'schema', `${FILE}: version: expected 1, found a number (0) (and 3 more errors).`);
    expectError('{"version": "2"}', 'schema', `${FILE}: version: expected 1, found a string ("2") (and 3 more errors).`);
  });

  it('never throws, whatever the input (fuzz)', () => {
    const canonical = serializeSidecar(sampleSidecar());
    const check = (text: string): void => {
      const result = parseSidecar(text, FILE);
      if (!result.ok) {
        assert.ok(['invalid-json', 'schema', 'newer-version'].includes(result.kind));
        assert.ok(result.message.startsWith(`${FILE}: `), result.message);
      }
    };
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), check), { numRuns: 500 });
    fc.assert(fc.property(fc.json({ maxDepth: 4 }), check), { numRuns: 500 });
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 3 }), (value) => check(JSON.stringify({ ...canonicalObject(), annotations: [value] }))), { numRuns: 300 });
    // Small mutations of a valid file: most are broken JSON or a broken field.
    const mutation = fc.tuple(fc.nat(), fc.nat({ max: 10 }), fc.string({ maxLength: 5, unit: 'binary' }));
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        let text = canonical;
        for (const [at, cut, insert] of mutations) {
          const from = at % (text.length + 1);
          text = text.slice(0, from) + insert + text.slice(from + cut);
        }
        check(text);
      }),
      { numRuns: 1000 },
    );
    check('['.repeat(200_000));
    check('{"a":'.repeat(100_000));
    check(JSON.stringify({ ...canonicalObject(), version: Number.MAX_VALUE }));
    check('{"__proto__": {"version": 1}}');
  });

  it('finds syntax errors exactly where JSON.parse fails (property)', () => {
    const parses = (text: string): boolean => {
      try {
        JSON.parse(text);
        return true;
      } catch {
        return false;
      }
    };
    const mutated = fc.tuple(fc.json({ maxDepth: 3 }), fc.nat(), fc.nat({ max: 3 }), fc.string({ maxLength: 3, unit: fc.constantFrom(...'{}[]",:.-+eE0123456789 \\tnul\n') }));
    fc.assert(
      fc.property(mutated, ([json, at, cut, insert]) => {
        const from = at % (json.length + 1);
        const text = json.slice(0, from) + insert + json.slice(from + cut);
        assert.equal(findJsonSyntaxError(text) === undefined, parses(text), text);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('annotation ids', () => {
  const seed = { fileName: 'brief.policy.txt', start: 10, end: 20, time: TIME, nonce: 'x' };

  it('are a- and 10 base-36 characters, deterministic in their seed', () => {
    assert.match(annotationId(seed), /^a-[0-9a-z]{10}$/);
    assert.equal(annotationId(seed), annotationId({ ...seed }));
    assert.notEqual(annotationId(seed), annotationId({ ...seed, nonce: 'y' }));
    assert.notEqual(annotationId(seed), annotationId({ ...seed, start: 11 }));
  });

  it('avoid ids already taken', () => {
    const first = annotationId(seed);
    const second = uniqueAnnotationId(seed, new Set([first]));
    assert.notEqual(second, first);
    assert.match(second, /^a-[0-9a-z]{10}$/);
  });

  it('do not collide across many seeds', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 20_000; i++) ids.add(annotationId({ ...seed, start: i, nonce: String(i % 7) }));
    assert.equal(ids.size, 20_000);
  });

  it('sidecar file names sit beside the text', () => {
    assert.equal(sidecarFileNameFor('brief.policy.txt'), 'brief.policy.txt.annotations.json');
  });
});

describe('annotations.schema.json', () => {
  it('is up to date with the zod schema (run: node -r esbuild-register scripts/generate-schema.ts)', () => {
    assert.equal(readFileSync(SCHEMA_OUTPUT, 'utf8'), generateSchemaText());
  });

  it('is deterministic', () => {
    assert.equal(generateSchemaText(), generateSchemaText());
  });
});

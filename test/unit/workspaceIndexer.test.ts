import * as assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze } from '../../src/core/analyze';
import { ClaimIndex, type IndexedDocument } from '../../src/core/claimIndex';
import { loadBuiltinLexicon } from '../../src/core/lexicon';
import { createAnnotation, createSidecar } from '../../src/core/sidecar/anchoring';
import { serializeSidecar } from '../../src/core/sidecar/serialize';
import { indexFile, indexWorkspace } from '../../src/node/workspaceIndexer';

const BRIEF = [
  'Gulf money and Pakistan',
  '',
  'Remittances from Saudi Arabia rose to $9 billion last year, the State Bank said. The central bank will probably cut rates again in June.',
  '',
  'Officials in Islamabad say the visit was planned months ago. Both capitals should revive the dormant trade council.',
  '',
].join('\n');

function sentenceSpan(text: string, quote: string): { start: number; end: number } {
  const start = text.indexOf(quote);
  assert.ok(start >= 0);
  return { start, end: start + quote.length };
}

describe('indexWorkspace', () => {
  let root: string;
  const lexicon = loadBuiltinLexicon();
  const lexiconFor = (): typeof lexicon => lexicon;

  beforeEach(async () => {
    root = await fsp.mkdtemp(join(tmpdir(), 'policy-lens-index-'));
  });

  afterEach(async () => {
    await fsp.rm(root, { recursive: true, force: true });
  });

  async function write(relative: string, content: string | Uint8Array): Promise<string> {
    const path = join(root, ...relative.split('/'));
    await fsp.mkdir(join(path, '..'), { recursive: true });
    await fsp.writeFile(path, content);
    return path;
  }

  it('indexes claims, actors and sidecars, with paths relative to the workspace', async () => {
    const quote = 'The central bank will probably cut rates again in June.';
    const gone = 'This sentence was in an older version of the text.';
    const older = `${BRIEF}${gone}\n`;
    const tagged = createAnnotation({ fileName: 'brief.txt', text: older, ...sentenceSpan(older, quote), tags: ['type:forecast'], origin: 'detected', time: '2025-03-01T10:00:00Z', nonce: '1', takenIds: new Set() });
    const orphan = createAnnotation({ fileName: 'brief.txt', text: older, ...sentenceSpan(older, gone), tags: ['type:fact'], origin: 'detected', time: '2025-03-01T10:00:00Z', nonce: '2', takenIds: new Set() });
    const path = await write('briefs/brief.txt', BRIEF);
    await write('briefs/brief.txt.annotations.json', serializeSidecar({ ...createSidecar('brief.txt', older), annotations: [tagged, orphan] }));

    const result = await indexWorkspace([path], { root, lexiconFor });
    assert.equal(result.cancelled, false);
    assert.deepEqual(result.failures, []);
    const [doc] = result.documents;
    assert.equal(doc.uri, pathToFileURL(path).href);
    assert.equal(doc.relativePath, 'briefs/brief.txt');
    const expected = analyze(BRIEF, { lexicon });
    assert.deepEqual(doc.claims.map((c) => [c.start, c.end, c.type]), expected.claims.map((c) => [c.start, c.end, c.type]));
    const withActors = doc.claims.find((c) => c.text.startsWith('Remittances'));
    assert.ok(withActors?.actors.includes('Saudi Arabia'), JSON.stringify(withActors?.actors));
    const byId = new Map(doc.annotations.map((a) => [a.id, a]));
    assert.deepEqual([byId.get(tagged.id)?.start, byId.get(tagged.id)?.orphaned], [BRIEF.indexOf(quote), false]);
    assert.equal(byId.get(orphan.id)?.orphaned, true);
    assert.equal(doc.sidecarProblem, undefined);
  });

  it('marks documents whose sidecar is broken, and lists files it cannot read', async () => {
    const good = await write('a.txt', BRIEF);
    await write('a.txt.annotations.json', '{"version": 1,');
    const binary = await write('b.txt', new Uint8Array([0x50, 0x00, 0x01, 0x02]));
    const missing = join(root, 'gone.txt');
    const result = await indexWorkspace([good, binary, missing], { root, lexiconFor });
    assert.equal(result.documents.length, 1);
    assert.match(result.documents[0].sidecarProblem ?? '', /a\.txt\.annotations\.json: not valid JSON/);
    assert.deepEqual(result.documents[0].annotations, []);
    assert.deepEqual(result.failures.map((f) => Object.keys(f).sort()), [['message', 'path'], ['message', 'path']]);
    assert.deepEqual(result.failures.map((f) => f.path), [binary, missing]);
    assert.match(result.failures[0].message, /binary/);
  });

  it('delivers batches and progress as it goes', async () => {
    const paths = await Promise.all(Array.from({ length: 7 }, (_, i) => write(`t${i}.txt`, `${BRIEF}Item ${i} will grow.\n`)));
    const progress: string[] = [];
    const batches: number[] = [];
    const index = new ClaimIndex();
    const result = await indexWorkspace(paths, {
      root,
      lexiconFor,
      batchSize: 3,
      onProgress: (done, total) => progress.push(`${done}/${total}`),
      onBatch: (docs: readonly IndexedDocument[]) => {
        batches.push(docs.length);
        index.setDocuments(docs);
      },
    });
    assert.deepEqual(progress, ['3/7', '6/7', '7/7']);
    assert.deepEqual(batches, [3, 3, 1]);
    assert.equal(result.documents.length, 7);
    assert.equal(index.documentCount, 7);
    assert.deepEqual(result.documents.map((d) => d.relativePath), paths.map((_, i) => `t${i}.txt`));
  });

  it('lets the event loop run while it works', async () => {
    const paths = await Promise.all(Array.from({ length: 6 }, (_, i) => write(`t${i}.txt`, BRIEF)));
    let ticks = 0;
    let running = true;
    const tick = (): void => {
      ticks++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const started = ticks;
    await indexWorkspace(paths, { lexiconFor, batchSize: 1, timeSliceMs: 0 });
    running = false;
    assert.ok(ticks - started >= 6, `only ${ticks - started} turns of the event loop`);
  });

  it('stops when cancelled, keeping what it has done', async () => {
    const paths = await Promise.all(Array.from({ length: 10 }, (_, i) => write(`t${i}.txt`, BRIEF)));
    const token = { isCancellationRequested: false };
    const result = await indexWorkspace(paths, {
      lexiconFor,
      batchSize: 4,
      token,
      onProgress: () => {
        token.isCancellationRequested = true;
      },
    });
    assert.equal(result.cancelled, true);
    assert.equal(result.documents.length, 4);
  });

  it('can hand analysis to another thread, a batch at a time, and survives its failures', async () => {
    const paths = await Promise.all(Array.from({ length: 5 }, (_, i) => write(`t${i}.txt`, `${BRIEF}Item ${i}.\n`)));
    let inFlight = 0;
    let most = 0;
    const result = await indexWorkspace(paths, {
      batchSize: 3,
      analyzeText: async (text, path) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        if (path.endsWith('t4.txt')) throw new Error('worker crashed');
        return analyze(text, { lexicon });
      },
    });
    assert.equal(most, 3);
    assert.equal(result.documents.length, 4);
    assert.equal(result.documents[0].claims.length, analyze(`${BRIEF}Item 0.\n`, { lexicon }).claims.length);
    assert.deepEqual(result.failures, [{ path: paths[4], message: `${paths[4]}: could not be analysed: worker crashed` }]);
  });

  it('indexes one file on its own, with a custom URI', async () => {
    const path = await write('one.txt', BRIEF);
    const doc = await indexFile(path, { lexiconFor, uriOf: (p) => `custom:${p}` });
    assert.ok('uri' in doc);
    assert.equal(doc.uri, `custom:${path}`);
    assert.equal(doc.relativePath, 'one.txt');
    const failure = await indexFile(join(root, 'none.txt'));
    assert.ok(!('uri' in failure));
    assert.match(failure.message, /no such file/);
  });
});

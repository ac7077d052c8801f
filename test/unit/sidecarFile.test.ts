import * as assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAnnotation, createSidecar } from '../../src/core/sidecar/anchoring';
import type { Sidecar } from '../../src/core/sidecar/schema';
import { serializeSidecar } from '../../src/core/sidecar/serialize';
import {
  backupPathFor,
  loadSidecar,
  saveSidecar,
  setAsideBrokenSidecar,
  SIDECAR_SCHEMA_URI,
  sidecarPathFor,
} from '../../src/node/sidecarFile';

const TEXT = 'Remittances rose to $31 billion last year. The central bank will probably cut rates again.';
const TIME = '2025-03-01T10:00:00.000Z';

function sidecarWith(tags: string[][]): Sidecar {
  const base = createSidecar('brief.policy.txt', TEXT);
  const quotes = ['Remittances rose to $31 billion last year.', 'The central bank will probably cut rates again.'];
  return {
    ...base,
    annotations: tags.map((set, index) => {
      const start = TEXT.indexOf(quotes[index]);
      return createAnnotation({
        fileName: 'brief.policy.txt',
        text: TEXT,
        start,
        end: start + quotes[index].length,
        tags: set,
        origin: 'detected',
        time: TIME,
        nonce: `n${index}`,
        takenIds: new Set(),
      });
    }),
  };
}

describe('sidecarFile', () => {
  let folder: string;
  let textPath: string;
  let sidecarPath: string;

  beforeEach(async () => {
    folder = await fsp.mkdtemp(join(tmpdir(), 'policy-lens-sidecar-'));
    textPath = join(folder, 'brief.policy.txt');
    sidecarPath = join(folder, 'brief.policy.txt.annotations.json');
    await fsp.writeFile(textPath, TEXT);
  });

  afterEach(async () => {
    await fsp.rm(folder, { recursive: true, force: true });
  });

  it('puts the sidecar beside the text', () => {
    assert.equal(sidecarPathFor(join('a', 'b', 'x.policy.txt')), join('a', 'b', 'x.policy.txt.annotations.json'));
  });

  describe('loadSidecar', () => {
    it('reports a text without a sidecar as missing', async () => {
      assert.deepEqual(await loadSidecar(textPath), { state: 'missing', path: sidecarPath });
    });

    it('reads a sidecar, with its raw text and the problems of its tags', async () => {
      const raw = serializeSidecar(sidecarWith([['type:fact', 'mood:grim']]));
      await fsp.writeFile(sidecarPath, raw);
      const loaded = await loadSidecar(textPath);
      assert.equal(loaded.state, 'ok');
      if (loaded.state !== 'ok') return;
      assert.equal(loaded.raw, raw);
      assert.deepEqual(loaded.sidecar.annotations[0].tags, ['type:fact', 'mood:grim']);
      assert.equal(loaded.problems.length, 1);
      assert.match(loaded.problems[0].message, /unknown tag "mood:grim"/);
    });

    it('says where a file that is not JSON breaks (a merge conflict)', async () => {
      await fsp.writeFile(sidecarPath, '{\n  "version": 1,\n<<<<<<< HEAD\n');
      const loaded = await loadSidecar(textPath);
      assert.equal(loaded.state, 'broken');
      if (loaded.state !== 'broken') return;
      assert.equal(loaded.kind, 'invalid-json');
      assert.equal(loaded.line, 3);
      assert.match(loaded.message, /^brief\.policy\.txt\.annotations\.json: not valid JSON at line 3, column 1/);
      assert.equal(loaded.raw, '{\n  "version": 1,\n<<<<<<< HEAD\n');
    });

    it('names the JSON path of the first schema error', async () => {
      const data = JSON.parse(serializeSidecar(sidecarWith([['type:fact']])));
      data.annotations[0].target.start = '12';
      await fsp.writeFile(sidecarPath, JSON.stringify(data));
      const loaded = await loadSidecar(textPath);
      assert.equal(loaded.state, 'broken');
      if (loaded.state !== 'broken') return;
      assert.equal(loaded.kind, 'schema');
      assert.match(loaded.message, /brief\.policy\.txt\.annotations\.json: annotations\[0\]\.target\.start: expected a number/);
    });

    it('recognises a sidecar from a newer version', async () => {
      await fsp.writeFile(sidecarPath, JSON.stringify({ version: 2, future: true }));
      const loaded = await loadSidecar(textPath);
      assert.equal(loaded.state === 'broken' && loaded.kind, 'newer-version');
    });

    it('treats bytes that are not UTF-8 as broken', async () => {
      await fsp.writeFile(sidecarPath, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
      const loaded = await loadSidecar(textPath);
      assert.equal(loaded.state, 'broken');
      if (loaded.state !== 'broken') return;
      assert.equal(loaded.kind, 'invalid-json');
      assert.match(loaded.message, /not valid UTF-8/);
    });

    it('treats a sidecar it cannot read as broken, not missing', async () => {
      await fsp.mkdir(sidecarPath);
      const loaded = await loadSidecar(textPath);
      assert.equal(loaded.state === 'broken' && loaded.kind, 'unreadable');
    });
  });

  describe('saveSidecar', () => {
    it('creates a sidecar with a $schema reference, in canonical form', async () => {
      const sidecar = sidecarWith([['type:fact']]);
      const result = await saveSidecar(textPath, sidecar, undefined);
      assert.equal(result.status, 'saved');
      const raw = await fsp.readFile(sidecarPath, 'utf8');
      assert.equal(raw, serializeSidecar({ ...sidecar, $schema: SIDECAR_SCHEMA_URI }));
      assert.equal(result.status === 'saved' && result.raw, raw);
      assert.equal(JSON.parse(raw).$schema, SIDECAR_SCHEMA_URI);
      const reloaded = await loadSidecar(textPath);
      assert.equal(reloaded.state, 'ok');
    });

    it('keeps a $schema the file already has', async () => {
      const sidecar = { ...sidecarWith([['type:fact']]), $schema: '../schemas/annotations.schema.json' };
      await saveSidecar(textPath, sidecar, undefined);
      assert.equal(JSON.parse(await fsp.readFile(sidecarPath, 'utf8')).$schema, '../schemas/annotations.schema.json');
    });

    it('uses another $schema reference when told to', async () => {
      await saveSidecar(textPath, sidecarWith([['type:fact']]), undefined, { schemaRef: 'https://example.org/annotations.schema.json' });
      assert.equal(JSON.parse(await fsp.readFile(sidecarPath, 'utf8')).$schema, 'https://example.org/annotations.schema.json');
    });

    it('does not create a file for a text with no annotations', async () => {
      const result = await saveSidecar(textPath, sidecarWith([]), undefined);
      assert.deepEqual(result, { status: 'unchanged', path: sidecarPath, raw: undefined });
      await assert.rejects(fsp.stat(sidecarPath), { code: 'ENOENT' });
    });

    it('rewrites an existing sidecar whose last annotation was removed', async () => {
      const first = await saveSidecar(textPath, sidecarWith([['type:fact']]), undefined);
      assert.equal(first.status, 'saved');
      const second = await saveSidecar(textPath, sidecarWith([]), first.status === 'saved' ? first.raw : undefined);
      assert.equal(second.status, 'saved');
      assert.deepEqual(JSON.parse(await fsp.readFile(sidecarPath, 'utf8')).annotations, []);
    });

    it('saves over the file it loaded', async () => {
      await fsp.writeFile(sidecarPath, serializeSidecar(sidecarWith([['type:fact']])));
      const loaded = await loadSidecar(textPath);
      assert.equal(loaded.state, 'ok');
      if (loaded.state !== 'ok') return;
      const result = await saveSidecar(textPath, sidecarWith([['type:forecast']]), loaded.raw);
      assert.equal(result.status, 'saved');
      assert.deepEqual(JSON.parse(await fsp.readFile(sidecarPath, 'utf8')).annotations[0].tags, ['type:forecast']);
      assert.deepEqual((await fsp.readdir(folder)).sort(), ['brief.policy.txt', 'brief.policy.txt.annotations.json']);
    });

    it('writes nothing when the file already says the same', async () => {
      const saved = await saveSidecar(textPath, sidecarWith([['type:fact']]), undefined);
      const writes: string[] = [];
      const again = await saveSidecar(textPath, sidecarWith([['type:fact']]), saved.status === 'saved' ? saved.raw : undefined, {
        write: async (path) => void writes.push(path),
      });
      assert.equal(again.status, 'unchanged');
      assert.deepEqual(writes, []);
    });

    it('refuses to overwrite a sidecar changed on disk since it was loaded, and returns it', async () => {
      await fsp.writeFile(sidecarPath, serializeSidecar(sidecarWith([['type:fact']])));
      const loaded = await loadSidecar(textPath);
      const theirs = serializeSidecar(sidecarWith([['type:fact', 'domain:finance'], ['type:forecast']]));
      await fsp.writeFile(sidecarPath, theirs); // git pull
      const result = await saveSidecar(textPath, sidecarWith([['type:assessment']]), loaded.state === 'ok' ? loaded.raw : undefined);
      assert.equal(result.status, 'conflict');
      if (result.status !== 'conflict') return;
      assert.equal(result.disk.state, 'ok');
      assert.equal(result.disk.state === 'ok' && result.disk.sidecar.annotations.length, 2);
      assert.equal(await fsp.readFile(sidecarPath, 'utf8'), theirs);
    });

    it('reports a sidecar deleted since it was loaded as a conflict, and can then write it back', async () => {
      const saved = await saveSidecar(textPath, sidecarWith([['type:fact']]), undefined);
      await fsp.unlink(sidecarPath);
      const result = await saveSidecar(textPath, sidecarWith([['type:fact']]), saved.status === 'saved' ? saved.raw : undefined);
      assert.equal(result.status === 'conflict' && result.disk.state, 'missing');
      await assert.rejects(fsp.stat(sidecarPath));
      assert.equal((await saveSidecar(textPath, sidecarWith([['type:fact']]), undefined)).status, 'saved');
    });

    it('reports a sidecar created by someone else meanwhile as a conflict', async () => {
      await fsp.writeFile(sidecarPath, serializeSidecar(sidecarWith([['type:fact']])));
      const result = await saveSidecar(textPath, sidecarWith([['type:forecast']]), undefined);
      assert.equal(result.status, 'conflict');
    });

    for (const [name, content] of [
      ['not JSON', '{"version": 1, '],
      ['not a sidecar', '{"version": 1, "annotations": "none"}'],
      ['from a newer version', '{"version": 7}'],
    ] as const) {
      it(`never overwrites a sidecar that is ${name}`, async () => {
        const saved = await saveSidecar(textPath, sidecarWith([['type:fact']]), undefined);
        assert.equal(saved.status, 'saved');
        await fsp.writeFile(sidecarPath, content); // broken by hand, or by a newer Policy Lens
        const writes: string[] = [];
        for (const expected of [undefined, saved.status === 'saved' ? saved.raw : undefined]) {
          const result = await saveSidecar(textPath, sidecarWith([['type:forecast']]), expected, { write: async (path) => void writes.push(path) });
          assert.equal(result.status, 'broken');
          assert.equal(result.status === 'broken' && result.disk.raw, content);
        }
        assert.deepEqual(writes, []);
        assert.equal(await fsp.readFile(sidecarPath, 'utf8'), content);
      });
    }

    it('cannot be handed the text of a broken file as the version to replace', async () => {
      await fsp.writeFile(sidecarPath, '{"version": 1, ');
      const loaded = await loadSidecar(textPath);
      assert.equal(loaded.state, 'broken');
      if (loaded.state !== 'broken') return;
      // A compile-time check: only valid loads and our own saves make a SidecarRaw.
      // @ts-expect-error a broken file's text is a plain string
      const misuse = (): Promise<unknown> => saveSidecar(textPath, sidecarWith([]), loaded.raw);
      void misuse;
    });

    it('leaves the old file when the write fails', async () => {
      const saved = await saveSidecar(textPath, sidecarWith([['type:fact']]), undefined);
      const before = await fsp.readFile(sidecarPath, 'utf8');
      await assert.rejects(
        saveSidecar(textPath, sidecarWith([['type:forecast']]), saved.status === 'saved' ? saved.raw : undefined, {
          write: async () => Promise.reject(Object.assign(new Error('ENOSPC: no space left'), { code: 'ENOSPC' })),
        }),
        /ENOSPC/,
      );
      assert.equal(await fsp.readFile(sidecarPath, 'utf8'), before);
    });
  });

  describe('setAsideBrokenSidecar', () => {
    const NOW = new Date('2025-03-01T10:20:30.456Z');

    it('names the backup with a timestamp that is valid on every file system', () => {
      assert.equal(backupPathFor('/w/x.annotations.json', NOW), '/w/x.annotations.json.bak-20250301T102030Z');
      assert.equal(backupPathFor('/w/x.annotations.json', NOW, 3), '/w/x.annotations.json.bak-20250301T102030Z-3');
    });

    it('moves the broken file aside, byte for byte, so a new one can be started', async () => {
      const broken = '{"version": 1, <<<<<<< HEAD';
      await fsp.writeFile(sidecarPath, broken);
      const backup = await setAsideBrokenSidecar(textPath, NOW);
      assert.equal(backup, `${sidecarPath}.bak-20250301T102030Z`);
      assert.equal(await fsp.readFile(backup, 'utf8'), broken);
      assert.deepEqual(await loadSidecar(textPath), { state: 'missing', path: sidecarPath });
      assert.equal((await saveSidecar(textPath, sidecarWith([['type:fact']]), undefined)).status, 'saved');
    });

    it('never replaces an earlier backup', async () => {
      await fsp.writeFile(sidecarPath, 'first');
      const first = await setAsideBrokenSidecar(textPath, NOW);
      await fsp.writeFile(sidecarPath, 'second');
      const second = await setAsideBrokenSidecar(textPath, NOW);
      assert.notEqual(first, second);
      assert.equal(await fsp.readFile(first, 'utf8'), 'first');
      assert.equal(await fsp.readFile(second, 'utf8'), 'second');
    });

    it('copies where the file system has no hard links', async () => {
      await fsp.writeFile(sidecarPath, 'broken');
      const backup = await setAsideBrokenSidecar(textPath, NOW, {
        fs: { link: async () => Promise.reject(Object.assign(new Error('EPERM'), { code: 'EPERM' })) },
      });
      assert.equal(await fsp.readFile(backup, 'utf8'), 'broken');
      await assert.rejects(fsp.stat(sidecarPath));
    });

    it('keeps the original when the backup cannot be made', async () => {
      await fsp.writeFile(sidecarPath, 'broken');
      await assert.rejects(
        setAsideBrokenSidecar(textPath, NOW, { fs: { link: async () => Promise.reject(Object.assign(new Error('EACCES'), { code: 'EACCES' })) } }),
        /EACCES/,
      );
      assert.equal(await fsp.readFile(sidecarPath, 'utf8'), 'broken');
    });

    it('fails when there is nothing to set aside', async () => {
      await assert.rejects(setAsideBrokenSidecar(textPath, NOW), { code: 'ENOENT' });
    });
  });
});

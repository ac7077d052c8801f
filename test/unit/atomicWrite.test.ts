import * as assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tempPathFor, writeFileAtomic, type AtomicWriteFs, type WritableFile } from '../../src/node/atomicWrite';

function fsError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

/** Opens real files, but the handle's writeFile writes half of the data and then fails. */
function halfWritingOpen(): AtomicWriteFs['open'] {
  return async (path, flags, mode) => {
    const handle = await fsp.open(path, flags, mode);
    const file: WritableFile = {
      writeFile: async (data) => {
        const bytes = typeof data === 'string' ? Buffer.from(data) : data;
        await handle.writeFile(bytes.subarray(0, Math.floor(bytes.length / 2)));
        throw fsError('ENOSPC');
      },
      sync: () => handle.sync(),
      close: () => handle.close(),
    };
    return file;
  };
}

describe('writeFileAtomic', () => {
  let folder: string;

  beforeEach(async () => {
    folder = await fsp.mkdtemp(join(tmpdir(), 'policy-lens-atomic-'));
  });

  afterEach(async () => {
    await fsp.rm(folder, { recursive: true, force: true });
  });

  async function entries(): Promise<string[]> {
    return (await fsp.readdir(folder)).sort();
  }

  it('creates a new file and leaves no temporary file', async () => {
    const path = join(folder, 'a.annotations.json');
    await writeFileAtomic(path, '{"x": 1}\n');
    assert.equal(await fsp.readFile(path, 'utf8'), '{"x": 1}\n');
    assert.deepEqual(await entries(), ['a.annotations.json']);
  });

  it('replaces an existing file and keeps its permissions', async function () {
    if (process.platform === 'win32') this.skip();
    const path = join(folder, 'a.json');
    await fsp.writeFile(path, 'old');
    await fsp.chmod(path, 0o640);
    await writeFileAtomic(path, 'new content');
    assert.equal(await fsp.readFile(path, 'utf8'), 'new content');
    assert.equal((await fsp.stat(path)).mode & 0o777, 0o640);
  });

  it('writes bytes as they are, and strings as UTF-8', async () => {
    const bytes = join(folder, 'b.bin');
    await writeFileAtomic(bytes, new Uint8Array([0xff, 0x00, 0x41]));
    assert.deepEqual([...(await fsp.readFile(bytes))], [0xff, 0x00, 0x41]);
    const text = join(folder, 't.json');
    await writeFileAtomic(text, 'Pakistan’s “claims” — ünïcode 😀');
    assert.equal(await fsp.readFile(text, 'utf8'), 'Pakistan’s “claims” — ünïcode 😀');
  });

  it('replaces the file a symbolic link points to, not the link', async function () {
    if (process.platform === 'win32') this.skip();
    const real = join(folder, 'real.json');
    const link = join(folder, 'link.json');
    await fsp.writeFile(real, 'old');
    await fsp.symlink(real, link);
    await writeFileAtomic(link, 'new');
    assert.ok((await fsp.lstat(link)).isSymbolicLink());
    assert.equal(await fsp.readFile(real, 'utf8'), 'new');
  });

  it('writes the temporary file hidden, in the same folder, exclusively, and flushes it', async () => {
    const path = join(folder, 'c.json');
    const calls: string[] = [];
    await writeFileAtomic(path, 'x', {
      tempSuffix: () => 'fixed',
      fs: {
        open: async (p, flags, mode) => {
          calls.push(`open ${p} ${flags}`);
          const handle = await fsp.open(p, flags, mode);
          return {
            writeFile: (data) => (calls.push('write'), handle.writeFile(data)),
            sync: () => (calls.push('sync'), handle.sync()),
            close: () => (calls.push('close'), handle.close()),
          };
        },
        rename: (from, to) => (calls.push(`rename ${from} ${to}`), fsp.rename(from, to)),
        syncFolder: async (p) => void calls.push(`syncFolder ${p}`),
      },
    });
    const temp = tempPathFor(path, 'fixed');
    assert.equal(temp, join(folder, `.c.json.${process.pid}.fixed.tmp`));
    assert.deepEqual(calls, [`open ${temp} wx`, 'write', 'sync', 'close', `rename ${temp} ${path}`, `syncFolder ${folder}`]);
  });

  it('keeps the old content and removes the temporary file when writing fails half-way', async () => {
    const path = join(folder, 'd.json');
    await fsp.writeFile(path, 'the analyst’s work');
    await assert.rejects(writeFileAtomic(path, 'x'.repeat(10_000), { fs: { open: halfWritingOpen() } }), /ENOSPC/);
    assert.equal(await fsp.readFile(path, 'utf8'), 'the analyst’s work');
    assert.deepEqual(await entries(), ['d.json']);
  });

  it('keeps the old content when flushing fails', async () => {
    const path = join(folder, 'e.json');
    await fsp.writeFile(path, 'old');
    const open: AtomicWriteFs['open'] = async (p, flags, mode) => {
      const handle = await fsp.open(p, flags, mode);
      return { writeFile: (data) => handle.writeFile(data), sync: async () => Promise.reject(fsError('EIO')), close: () => handle.close() };
    };
    await assert.rejects(writeFileAtomic(path, 'new', { fs: { open } }), /EIO/);
    assert.equal(await fsp.readFile(path, 'utf8'), 'old');
    assert.deepEqual(await entries(), ['e.json']);
  });

  it('keeps the old content when the rename fails', async () => {
    const path = join(folder, 'f.json');
    await fsp.writeFile(path, 'old');
    await assert.rejects(writeFileAtomic(path, 'new', { fs: { rename: async () => Promise.reject(fsError('EXDEV')) } }), /EXDEV/);
    assert.equal(await fsp.readFile(path, 'utf8'), 'old');
    assert.deepEqual(await entries(), ['f.json']);
  });

  it('does not create the target when the first write of a new file fails', async () => {
    const path = join(folder, 'new.json');
    await assert.rejects(writeFileAtomic(path, 'x'.repeat(100), { fs: { open: halfWritingOpen() } }));
    assert.deepEqual(await entries(), []);
  });

  it('fails when the temporary file cannot be created, touching nothing', async () => {
    const path = join(folder, 'g.json');
    await fsp.writeFile(path, 'old');
    await assert.rejects(writeFileAtomic(path, 'new', { fs: { open: async () => Promise.reject(fsError('EACCES')) } }), /EACCES/);
    assert.equal(await fsp.readFile(path, 'utf8'), 'old');
  });

  it('retries a rename that a scanner holding the file makes fail for a moment', async () => {
    const path = join(folder, 'h.json');
    await fsp.writeFile(path, 'old');
    let failures = 2;
    const waits: number[] = [];
    await writeFileAtomic(path, 'new', {
      retryRename: true,
      sleep: async (ms) => void waits.push(ms),
      fs: {
        rename: async (from, to) => {
          if (failures-- > 0) throw fsError('EBUSY');
          await fsp.rename(from, to);
        },
      },
    });
    assert.equal(await fsp.readFile(path, 'utf8'), 'new');
    assert.deepEqual(waits, [10, 50]);
  });

  it('gives up on a rename that keeps failing, and cleans up', async () => {
    const path = join(folder, 'i.json');
    await fsp.writeFile(path, 'old');
    const waits: number[] = [];
    await assert.rejects(
      writeFileAtomic(path, 'new', { retryRename: true, sleep: async (ms) => void waits.push(ms), fs: { rename: async () => Promise.reject(fsError('EPERM')) } }),
      /EPERM/,
    );
    assert.equal(waits.length, 4);
    assert.equal(await fsp.readFile(path, 'utf8'), 'old');
    assert.deepEqual(await entries(), ['i.json']);
  });

  it('does not retry errors that will not go away', async () => {
    const path = join(folder, 'j.json');
    const waits: number[] = [];
    await assert.rejects(
      writeFileAtomic(path, 'new', { retryRename: true, sleep: async (ms) => void waits.push(ms), fs: { rename: async () => Promise.reject(fsError('ENOENT')) } }),
      /ENOENT/,
    );
    assert.deepEqual(waits, []);
  });

  it('succeeds where the folder cannot be flushed (Windows, network shares)', async () => {
    const path = join(folder, 'k.json');
    await writeFileAtomic(path, 'ok', { fs: { syncFolder: async () => Promise.reject(fsError('EISDIR')) } });
    assert.equal(await fsp.readFile(path, 'utf8'), 'ok');
  });

  it('leaves one whole version when two writes race', async () => {
    const path = join(folder, 'race.json');
    const a = 'a'.repeat(200_000);
    const b = 'b'.repeat(150_000);
    await Promise.all([writeFileAtomic(path, a), writeFileAtomic(path, b), writeFileAtomic(path, a)]);
    const content = await fsp.readFile(path, 'utf8');
    assert.ok(content === a || content === b);
    assert.deepEqual(await entries(), ['race.json']);
  });
});

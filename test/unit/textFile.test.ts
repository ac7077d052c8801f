import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readTextFile, readTextFileSync, type TextFileResult } from '../../src/node/textFile';

function textOf(result: TextFileResult): string {
  assert.ok(result.ok, result.ok ? '' : result.message);
  return result.text;
}

function messageOf(result: TextFileResult): string {
  assert.ok(!result.ok, 'expected the file to be refused');
  return result.message;
}

describe('readTextFileSync', () => {
  let folder: string;

  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lens-text-'));
  });

  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  function write(name: string, content: string | Buffer): string {
    const file = path.join(folder, name);
    fs.writeFileSync(file, content);
    return file;
  }

  it('reads what the asynchronous reader reads, for every encoding and refusal', async () => {
    const files = [
      write('plain.txt', 'Quetta’s traders expect the border to reopen in March.\n'),
      write('bom.txt', '\ufeffThe council met on Dec 08, 2025.'),
      write('utf16le.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Kabul will respond.', 'utf16le')])),
      write('utf16be.txt', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('Kabul will respond.', 'utf16le').swap16()])),
      write('binary.txt', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x10])),
      write('latin1.txt', Buffer.from('Caf\xe9 talks resumed.', 'latin1')),
      write('empty.txt', ''),
      path.join(folder, 'missing.txt'),
      folder,
    ];
    for (const file of files) assert.deepEqual(readTextFileSync(file), await readTextFile(file), file);
    assert.equal(textOf(readTextFileSync(files[1])).charCodeAt(0), 0xfeff, 'a UTF-8 BOM is kept so offsets match the editor');
    assert.equal(textOf(readTextFileSync(files[3])), 'Kabul will respond.');
    assert.match(messageOf(readTextFileSync(files[8])), /is a folder/);
  });

  it('decodes a valid file after refusing an invalid one', () => {
    const invalid = write('invalid.txt', Buffer.from([0x41, 0xc3, 0x28, 0x42]));
    const valid = write('valid.txt', 'Islamabad said the talks would resume.');
    assert.match(messageOf(readTextFileSync(invalid)), /not valid UTF-8 \(first bad byte at offset 1\)/);
    assert.equal(textOf(readTextFileSync(valid)), 'Islamabad said the talks would resume.');
  });

  it('reads a file larger than one read returns, and refuses one over the size limit', () => {
    const paragraph = 'The ministry said exports rose 4% to $2.1 billion in FY2025.\n';
    const large = write('large.txt', paragraph.repeat(40_000));
    assert.equal(textOf(readTextFileSync(large)).length, paragraph.length * 40_000);
    assert.match(messageOf(readTextFileSync(large, 1024)), /larger than the limit of 1\.0 KB/);
  });

  it('refuses a named pipe at once instead of waiting for a writer', function () {
    if (process.platform === 'win32') this.skip();
    const pipe = path.join(folder, 'pipe.txt');
    execFileSync('mkfifo', [pipe]);
    assert.match(messageOf(readTextFileSync(pipe)), /is not a regular file/);
  });
});

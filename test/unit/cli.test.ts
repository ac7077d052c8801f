import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli';

interface Run {
  code: number;
  out: string[];
  err: string[];
}

async function run(...argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}

function noStackTrace(result: Run): void {
  for (const line of [...result.out, ...result.err]) assert.doesNotMatch(line, /\n\s+at .+:\d+:\d+/, 'no stack trace');
}

describe('CLI', () => {
  let folder: string;
  const article = 'ISLAMABAD: Officials say the $2 billion loan will likely arrive in June. Washington should act.\n';

  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lens-cli-'));
    fs.writeFileSync(path.join(folder, 'a.policy.txt'), article);
    fs.mkdirSync(path.join(folder, 'nested'));
    fs.writeFileSync(path.join(folder, 'nested', 'b.txt'), 'Beijing will host the talks on Feb 19, 2026.\n');
    fs.writeFileSync(path.join(folder, 'binary.txt'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x10]));
    fs.writeFileSync(path.join(folder, 'latin1.txt'), Buffer.from('Caf\xe9 talks resumed.', 'latin1'));
    fs.writeFileSync(path.join(folder, 'utf16.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Kabul will respond.', 'utf16le')]));
  });

  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('prints one JSON object per file per line with the documented keys', async () => {
    const result = await run('analyze', '--json', path.join(folder, 'a.policy.txt'));
    assert.equal(result.code, 0);
    assert.equal(result.out.length, 1);
    const parsed = JSON.parse(result.out[0]);
    assert.deepEqual(Object.keys(parsed), ['file', 'length', 'claims', 'nonClaims', 'figures', 'actors']);
    assert.equal(parsed.length, article.length);
    assert.deepEqual(Object.keys(parsed.claims[0]), ['start', 'end', 'text', 'type', 'likelihood', 'cues', 'source']);
    assert.deepEqual(Object.keys(parsed.claims[0].cues[0]), ['start', 'end', 'text', 'signals']);
    assert.deepEqual(parsed.claims[0].source, { start: 11, end: 20, text: 'Officials' });
    assert.deepEqual(Object.keys(parsed.figures[0]), ['start', 'end', 'text', 'kind', 'value']);
    assert.deepEqual(parsed.figures[0].value, { amount: 2_000_000_000, currency: 'USD' });
    assert.deepEqual(Object.keys(parsed.actors[0]), ['start', 'end', 'text', 'actor', 'kind']);
    assert.deepEqual(parsed.nonClaims, [{ start: 0, end: 10, text: 'ISLAMABAD:', reason: 'dateline' }]);
    for (const claim of parsed.claims) assert.equal(article.slice(claim.start, claim.end), claim.text);
  });

  it('prints a readable table', async () => {
    const result = await run('analyze', path.join(folder, 'a.policy.txt'));
    assert.equal(result.code, 0);
    const table = result.out.join('\n');
    assert.match(table, /2 claims · 2 figures · \d+ actors/);
    assert.match(table, /attribution/);
    assert.match(table, /United States/);
  });

  it('expands folders, skipping nothing it can read and reporting what it cannot', async () => {
    const result = await run('analyze', '--json', folder);
    assert.equal(result.code, 1);
    const files = result.out.map((line) => path.basename(JSON.parse(line).file));
    assert.deepEqual(files, ['a.policy.txt', 'b.txt', 'utf16.txt']);
    assert.ok(result.err.some((line) => /binary\.txt: looks like a binary file/.test(line)));
    assert.ok(result.err.some((line) => /latin1\.txt: is not valid UTF-8 \(first bad byte at offset 3\)/.test(line)));
    noStackTrace(result);
  });

  it('reads UTF-16 with a byte order mark', async () => {
    const result = await run('analyze', '--json', path.join(folder, 'utf16.txt'));
    assert.equal(result.code, 0);
    assert.equal(JSON.parse(result.out[0]).actors[0].actor, 'Afghanistan');
  });

  it('says clearly when a file is missing, and exits non-zero', async () => {
    const result = await run('analyze', path.join(folder, 'nope.txt'));
    assert.equal(result.code, 1);
    assert.deepEqual(result.err, [`policy-lens: ${path.join(folder, 'nope.txt')}: no such file or folder`]);
    noStackTrace(result);
  });

  it('explains usage errors with exit status 2', async () => {
    for (const argv of [['frobnicate'], ['analyze'], ['stats', '--max-size', 'big', folder], ['analyze', '--colour', folder]]) {
      const result = await run(...argv);
      assert.equal(result.code, 2, argv.join(' '));
      assert.match(result.err[0], /^policy-lens: /);
      assert.match(result.err.join('\n'), /Usage:/);
    }
    const help = await run('--help');
    assert.equal(help.code, 0);
  });

  it('refuses a file above --max-size with a message', async () => {
    const result = await run('analyze', '--max-size', '0.00001', path.join(folder, 'a.policy.txt'));
    assert.equal(result.code, 1);
    assert.match(result.err[0], /is larger than the limit of 10 B \(raise it with --max-size\)/);
  });

  it('summarises a folder with stats', async () => {
    const result = await run('stats', '--json', path.join(folder, 'a.policy.txt'), path.join(folder, 'nested'));
    assert.equal(result.code, 0);
    const stats = JSON.parse(result.out[0]);
    assert.equal(stats.files, 2);
    assert.deepEqual(stats.claims, { fact: 0, forecast: 1, assessment: 0, prescription: 1, attribution: 1 });
    assert.equal(stats.figures.money, 1);
    assert.ok(stats.topActors.some((actor: { actor: string }) => actor.actor === 'China'));
  });

  it('gives a correct result for a 50 MB file', async () => {
    const big = path.join(folder, 'big.policy.txt');
    const paragraph = 'Officials say Pakistan will receive $2 billion in 2026, and Washington should respond.\n';
    const copies = Math.ceil((50 * 1024 * 1024) / paragraph.length);
    fs.writeFileSync(big, paragraph.repeat(copies));
    try {
      const result = await run('stats', '--json', big);
      assert.equal(result.code, 0);
      const stats = JSON.parse(result.out[0]);
      assert.equal(stats.claims.attribution, copies);
      assert.equal(stats.claims.prescription, 0);
      assert.equal(stats.figures.money, copies);
    } finally {
      fs.rmSync(big);
    }
  }).timeout(120_000);

  it('loads the workspace actors file, and keeps going with the built-in lexicon when it is broken', async () => {
    const lexicon = path.join(folder, 'actors.json');
    fs.writeFileSync(lexicon, JSON.stringify({ actors: [{ name: 'Gwadar Port Authority', kind: 'organisation', aliases: ['GPA'] }] }, null, 2));
    const text = path.join(folder, 'gpa.txt');
    fs.writeFileSync(text, 'The GPA will expand the harbour.\n');
    const good = await run('analyze', '--json', '--lexicon', lexicon, text);
    assert.equal(JSON.parse(good.out[0]).actors[0].actor, 'Gwadar Port Authority');
    fs.writeFileSync(lexicon, '{\n  "actors": [\n    { "name": "Gwadar Port Authority", "kind": "harbour" }\n  ]\n}\n');
    const broken = await run('analyze', '--json', '--lexicon', lexicon, text);
    assert.equal(broken.code, 0);
    assert.match(broken.err[0], /actors\.json line 3: actors\[0\]\.kind must be one of/);
    assert.match(broken.err[1], /continuing with the built-in lexicon/);
    fs.rmSync(text);
  });
});

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze, BATCH_CHARACTERS } from '../../src/core/analyze';
import { loadBuiltinLexicon } from '../../src/core/lexicon';
import { collectStats, emptyTotals, type CorpusTotals } from '../../src/node/corpusStats';

/** The same totals, text by text with `analyze`: what batching and streaming must not change. */
function totalsOneByOne(texts: readonly string[]): CorpusTotals {
  const totals = emptyTotals();
  const actors = new Map<string, { kind: string; count: number; files: number }>();
  for (const text of texts) {
    const analysis = analyze(text);
    totals.files++;
    totals.bytes += Buffer.byteLength(text);
    for (const claim of analysis.claims) totals.claims[claim.type]++;
    totals.nonClaims += analysis.nonClaims.length;
    for (const figure of analysis.figures) totals.figures[figure.kind]++;
    for (const mention of analysis.actors) {
      const entry = actors.get(mention.actor) ?? { kind: mention.kind, count: 0, files: 0 };
      entry.count++;
      actors.set(mention.actor, entry);
    }
    for (const actor of new Set(analysis.actors.map((mention) => mention.actor))) (actors.get(actor) as { files: number }).files++;
  }
  totals.actors = [...actors];
  return totals;
}

describe('collectStats', () => {
  let folder: string;

  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lens-stats-'));
  });

  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('counts small texts in batches and long ones paragraph by paragraph as analysing each alone would', () => {
    const short = [
      'The Indus Trade Council (ITC) met in Lahore. The ITC expects exports to rise 4% in FY2026.\n',
      'Officials say Kabul will likely reopen the crossing by June. Islamabad should wait.\n',
      'Will the talks resume? Beijing said the $3 billion swap stays.\n',
    ].map((paragraph) => paragraph.repeat(40));
    const texts: string[] = [];
    // Enough short texts for several batches, then a text long enough to be streamed.
    for (let index = 0; texts.join('').length < 2.5 * BATCH_CHARACTERS; index++) texts.push(short[index % short.length]);
    texts.push(short.join('').repeat(Math.ceil((1.5 * BATCH_CHARACTERS) / short.join('').length)));
    texts.push(short[0]);
    const files = texts.map((text, index) => {
      const file = path.join(folder, `${String(index).padStart(4, '0')}.policy.txt`);
      fs.writeFileSync(file, text);
      return file;
    });
    files.splice(5, 0, path.join(folder, 'missing.policy.txt'));

    const totals = collectStats(files, loadBuiltinLexicon(), 64 * 1024 * 1024);
    const expected = totalsOneByOne(texts);
    assert.equal(totals.failed, 1);
    assert.equal(totals.errors.length, 1);
    assert.equal(totals.files, expected.files);
    assert.equal(totals.bytes, expected.bytes);
    assert.deepEqual(totals.claims, expected.claims);
    assert.equal(totals.nonClaims, expected.nonClaims);
    assert.deepEqual(totals.figures, expected.figures);
    assert.deepEqual(new Map(totals.actors), new Map(expected.actors));
  });
});

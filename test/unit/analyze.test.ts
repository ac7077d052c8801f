import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { analyze, analyzeBatch, analyzeParagraphs, BATCH_CHARACTERS, forEachAnalysis, IncrementalAnalyzer, textBatches } from '../../src/core/analyze';
import type { Analysis, QuotedSpan, Span } from '../../src/core/types';

const ARTICLE = [
  'Why the Gulf bargain may not hold',
  '- Staff Reporter',
  '- Mar 3, 2026',
  'ISLAMABAD: Officials say the $2 billion deposit from Riyadh arrived on Feb 19, 2026. The money will likely ease pressure on the rupee.',
  'Prime Minister Nabeel Aslam told parliament that exports fell 29 per cent in 2024. Pakistan should seek a two-year bridge loan.',
  'The Frontier Works Organisation (FWO) signed the contract. Later, the FWO hired 3,000 workers.',
  'Will Washington notice? It likely won’t.',
].join('\n');

function checkSlices(text: string, items: readonly QuotedSpan[]): void {
  for (const item of items) assert.equal(text.slice(item.start, item.end), item.text, `offsets of "${item.text}"`);
}

function checkAllOffsets(text: string, analysis: Analysis): void {
  checkSlices(text, analysis.claims);
  checkSlices(text, analysis.nonClaims);
  checkSlices(text, analysis.figures);
  checkSlices(text, analysis.actors);
  for (const claim of analysis.claims) {
    checkSlices(text, claim.cues);
    if (claim.source) checkSlices(text, [claim.source]);
  }
}

describe('analyze', () => {
  it('finds claims, non-claims, figures and actors in a short article', () => {
    const result = analyze(ARTICLE);
    checkAllOffsets(ARTICLE, result);
    assert.deepEqual(
      result.nonClaims.map((item) => [item.reason, item.text]),
      [
        ['headline', 'Why the Gulf bargain may not hold'],
        ['byline', '- Staff Reporter'],
        ['dateline', '- Mar 3, 2026'],
        ['dateline', 'ISLAMABAD:'],
        ['question', 'Will Washington notice?'],
      ],
    );
    const types = result.claims.map((claim) => [claim.text.slice(0, 24), claim.type, claim.likelihood]);
    assert.deepEqual(types, [
      ['Officials say the $2 bil', 'attribution', undefined],
      ['The money will likely ea', 'forecast', 'likely'],
      ['Prime Minister Nabeel As', 'attribution', undefined],
      ['Pakistan should seek a t', 'prescription', undefined],
      ['The Frontier Works Organ', 'fact', undefined],
      ['Later, the FWO hired 3,0', 'fact', undefined],
      ['It likely won’t.', 'forecast', 'unlikely'],
    ]);
    const figures = result.figures.map((figure) => [figure.text, figure.kind]);
    for (const expected of [['$2 billion', 'money'], ['Feb 19, 2026', 'date'], ['29 per cent', 'percent'], ['2024', 'date'], ['two-year', 'duration'], ['3,000', 'quantity']]) {
      assert.ok(figures.some(([text, kind]) => text === expected[0] && kind === expected[1]), `figure ${expected[0]}`);
    }
    const actors = result.actors.map((actor) => [actor.text, actor.actor]);
    for (const expected of [['Riyadh', 'Saudi Arabia'], ['Nabeel Aslam', 'Nabeel Aslam'], ['Pakistan', 'Pakistan'], ['Washington', 'United States']]) {
      assert.ok(actors.some(([text, actor]) => text === expected[0] && actor === expected[1]), `actor ${expected[0]} → ${expected[1]}`);
    }
    const fwo = result.actors.filter((actor) => actor.text === 'FWO');
    assert.equal(fwo.length, 2);
    assert.ok(fwo.every((mention) => mention.actor === 'Frontier Works Organisation'));
  });

  it('does not count condolences as claims', () => {
    const text = 'The ministry mourns the victims of the flood. Relief will arrive on Monday. Our deepest sympathies are with their families.';
    const result = analyze(text);
    assert.deepEqual(result.nonClaims.map((item) => [item.reason, item.text]), [
      ['condolence', 'The ministry mourns the victims of the flood.'],
      ['condolence', 'Our deepest sympathies are with their families.'],
    ]);
    assert.deepEqual(result.claims.map((claim) => claim.text), ['Relief will arrive on Monday.']);
  });

  it('returns an empty analysis for an empty text', () => {
    const result = analyze('');
    assert.equal(result.length, 0);
    assert.deepEqual([result.claims, result.figures, result.actors, result.nonClaims], [[], [], [], []]);
  });

  it('keeps offsets exact with CRLF, a BOM, curly quotes, em dashes and astral characters', () => {
    const text = '\uFEFF🇵🇰 Islamabad — said “$500 million” 🙂 arrived.\r\nThe 𝒳 tariff will rise 2.5 percentage points in June.\r\n';
    const result = analyze(text);
    checkAllOffsets(text, result);
    assert.ok(result.figures.some((figure) => figure.text === '$500 million'));
    assert.ok(result.figures.some((figure) => figure.text === '2.5 percentage points'));
    assert.ok(result.actors.some((actor) => actor.text === 'Islamabad'));
  });

  it('analyses a 10 MB single line', () => {
    const sentence = 'Officials say Pakistan will receive $2 billion in 2026. ';
    const text = sentence.repeat(Math.ceil((10 * 1024 * 1024) / sentence.length));
    const result = analyze(text);
    assert.equal(result.paragraphs.length, 1);
    assert.equal(result.claims.length, Math.ceil((10 * 1024 * 1024) / sentence.length));
    const last = result.figures[result.figures.length - 1];
    assert.equal(text.slice(last.start, last.end), '2026');
  });

  it('reads each paragraph alone, however many lines come before a full stop or a capital', () => {
    // 40,000 lines in lower case without a full stop: were each paragraph's searches to run on
    // into the rest of the text, the work would grow with its square and hit mocha's timeout.
    const text = 'trade figures for the quarter, in brief\n'.repeat(40_000) + 'Pakistan signed.';
    const result = analyze(text);
    assert.equal(result.segments.length, 40_001);
    assert.deepEqual(result.actors.map((actor) => actor.text), ['Pakistan']);
  });

  it('streams the same results paragraph by paragraph', () => {
    const whole = analyze(ARTICLE);
    const streamed = [...analyzeParagraphs(ARTICLE)];
    assert.deepEqual(streamed.flatMap((p) => p.claims), whole.claims);
    assert.deepEqual(streamed.flatMap((p) => p.figures), whole.figures);
    assert.deepEqual(streamed.flatMap((p) => p.actors), whole.actors);
  });

  describe('batches', () => {
    // Paragraph by paragraph, then assembled: the editor's path, independent of the batch's stages.
    const paragraphWise = (text: string): Analysis => new IncrementalAnalyzer(text).analysis();
    const TEXTS = [
      ARTICLE,
      '',
      'Later, the FWO hired 3,000 workers.\r\nThe Frontier Works Organisation (FWO) said so.',
      'Officials say exports will likely fall 5% in FY2026.',
      'The Karakoram Minerals Exchange (KMEX) opened. The KMEX listed six firms.',
      'Traders say the KMEX will reopen.',
    ];

    it('analyses each text of a batch as the editor does, acronyms staying within their text', () => {
      const batch = analyzeBatch(TEXTS);
      assert.equal(batch.length, TEXTS.length);
      batch.forEach((analysis, index) => assert.deepEqual(analysis, paragraphWise(TEXTS[index]), `text ${index}`));
      const laterFwo = batch[2].actors.find((actor) => actor.text === 'FWO');
      assert.equal(laterFwo?.actor, 'Frontier Works Organisation');
      assert.equal(batch[4].actors.find((actor) => actor.text === 'KMEX')?.actorId, batch[4].actors[0].actorId);
      assert.equal(batch[5].actors.find((actor) => actor.text === 'KMEX')?.actorId, 'acronym:KMEX');
    });

    it('visits every text in order across batches, with the result of analysing it alone', () => {
      const texts = Array.from({ length: Math.ceil((2.5 * BATCH_CHARACTERS) / ARTICLE.length) }, (_, index) => TEXTS[index % TEXTS.length]);
      const visited: number[] = [];
      forEachAnalysis(texts, (analysis, index) => {
        visited.push(index);
        if (index % 97 === 0) assert.deepEqual(analysis, paragraphWise(texts[index]), `text ${index}`);
        else assert.equal(analysis.length, texts[index].length);
      });
      assert.deepEqual(visited, texts.map((_, index) => index));
    });

    it('groups texts into batches of about the given size, a long text alone', () => {
      const sizes = (lengths: number[]) => [...textBatches(lengths, (length) => 'x'.repeat(length), 10)];
      assert.deepEqual(sizes([3, 3, 3, 3, 3]), [[3, 3, 3, 3], [3]]);
      assert.deepEqual(sizes([25, 1, 2]), [[25], [1, 2]]);
      assert.deepEqual(sizes([]), []);
    });
  });

  it('streams a long text whose paragraphs define acronyms as the whole-text analysis resolves them', () => {
    const paragraphs = Array.from({ length: 300 }, (_, index) => {
      const name = `Board ${String.fromCharCode(65 + (index % 26))}${String.fromCharCode(65 + Math.floor(index / 26))} Works`;
      return `The KX said so. The ${name} (B${String.fromCharCode(65 + (index % 26))}${String.fromCharCode(65 + Math.floor(index / 26))}W) met. The KX agreed.`;
    });
    const text = ['The Kestrel Exchange (KX) opened.', ...paragraphs].join('\n');
    const streamed = [...analyzeParagraphs(text)].flatMap((paragraph) => paragraph.actors);
    const whole = analyze(text).actors;
    assert.deepEqual(streamed, whole);
    assert.equal(whole.filter((actor) => actor.text === 'KX' && actor.actor === 'Kestrel Exchange').length, 1 + 2 * 300);
  });

  it('is deterministic', () => {
    assert.deepEqual(analyze(ARTICLE), analyze(ARTICLE));
  });

  describe('incremental', () => {
    it('re-analyses only the paragraph an edit touched', () => {
      const paragraphs = Array.from({ length: 200 }, (_, index) => `Paragraph ${index} says exports will grow 5% in 2027.`);
      const text = paragraphs.join('\n');
      const analyzer = new IncrementalAnalyzer(text);
      const at = text.indexOf('Paragraph 100') + 'Paragraph 100'.length;
      const next = text.slice(0, at) + '0' + text.slice(at);
      analyzer.update(next, [{ start: at, end: at, text: '0' }]);
      assert.equal(analyzer.stats.reanalysed, 1);
      assert.deepEqual(analyzer.analysis(), analyze(next));
    });

    it('matches a full analysis after random edit sequences', () => {
      const pieces = ['Washington', ' will', ' $2 billion', '.', '\n', ' Officials say', ' FWO', ' (FWO)', ' Islamabad', '\r\n', ' 29%', '?', ' ', 'e', '🙂', 'June', ' the'];
      const edit = fc.record({
        at: fc.nat(),
        remove: fc.nat({ max: 12 }),
        insert: fc.array(fc.constantFrom(...pieces), { maxLength: 4 }).map((parts) => parts.join('')),
      });
      fc.assert(
        fc.property(fc.array(edit, { minLength: 1, maxLength: 8 }), fc.boolean(), (edits, withRanges) => {
          let text = ARTICLE;
          const analyzer = new IncrementalAnalyzer(text);
          for (const { at, remove, insert } of edits) {
            const start = at % (text.length + 1);
            const end = Math.min(text.length, start + remove);
            const next = text.slice(0, start) + insert + text.slice(end);
            analyzer.update(next, withRanges ? [{ start, end, text: insert }] : undefined);
            text = next;
          }
          assert.deepEqual(analyzer.analysis(), analyze(text));
        }),
        { numRuns: 300 },
      );
    });

    it('moves later paragraphs by the length of the edit', () => {
      const text = 'Alpha paragraph.\nIslamabad will act.';
      const analyzer = new IncrementalAnalyzer(text);
      const next = 'Alpha paragraph grows.\nIslamabad will act.';
      analyzer.update(next, [{ start: 15, end: 15, text: ' grows' }]);
      const islamabad = analyzer.analysis().actors.find((actor) => actor.text === 'Islamabad') as Span;
      assert.equal(next.slice(islamabad.start, islamabad.end), 'Islamabad');
    });
  });

  describe('seed texts (when ../shared/seeds exists)', () => {
    const seeds = path.resolve(__dirname, '../../../shared/seeds');
    const files = fs.existsSync(seeds) ? fs.readdirSync(seeds).filter((name) => name.endsWith('.txt')) : [];
    if (files.length === 0) it.skip('no seed texts on this machine');
    for (const name of files) {
      it(`analyses ${name} with exact offsets and finds the expected kinds`, () => {
        const text = fs.readFileSync(path.join(seeds, name), 'utf8');
        const result = analyze(text);
        checkAllOffsets(text, result);
        assert.ok(result.claims.length >= 15, `claims: ${result.claims.length}`);
        assert.ok(result.figures.length >= 3, `figures: ${result.figures.length}`);
        assert.ok(result.actors.some((actor) => actor.actor === 'United States' && actor.text === 'Washington'));
        assert.ok(result.actors.some((actor) => actor.actor === 'Pakistan' && actor.text === 'Islamabad'));
      });
    }
  });
});

import * as assert from 'node:assert/strict';
import { findParagraphs, segmentParagraph, splitSentences } from '../../src/core/segment';

function sentences(text: string): string[] {
  return splitSentences(text, 0, text.length).map((span) => text.slice(span.start, span.end));
}

function roles(text: string): [string, string][] {
  return findParagraphs(text).flatMap((paragraph) =>
    segmentParagraph(text, paragraph, 0).map((segment): [string, string] => [segment.reason ?? segment.role, text.slice(segment.start, segment.end)]),
  );
}

describe('segmentation', () => {
  describe('paragraphs', () => {
    it('takes every non-blank line as a paragraph and trims it', () => {
      const text = '  First line here.\n\n\tSecond line.  \nThird';
      const paragraphs = findParagraphs(text).map((p) => text.slice(p.start, p.end));
      assert.deepEqual(paragraphs, ['First line here.', 'Second line.', 'Third']);
    });

    it('handles CRLF and lone CR line ends', () => {
      const text = 'One.\r\nTwo.\rThree.\r\n';
      assert.deepEqual(findParagraphs(text).map((p) => text.slice(p.start, p.end)), ['One.', 'Two.', 'Three.']);
    });

    it('skips a byte order mark without shifting offsets', () => {
      const text = '\uFEFFThe ministry met on Monday.';
      const [paragraph] = findParagraphs(text);
      assert.equal(paragraph.start, 1);
      assert.equal(text.slice(paragraph.start, paragraph.end), 'The ministry met on Monday.');
    });

    it('returns nothing for an empty or blank text', () => {
      assert.deepEqual(findParagraphs(''), []);
      assert.deepEqual(findParagraphs(' \n\t\n'), []);
    });
  });

  describe('sentences', () => {
    it('splits on full stops, question and exclamation marks', () => {
      assert.deepEqual(sentences('Trade grew. Will it last? Nobody knows!'), ['Trade grew.', 'Will it last?', 'Nobody knows!']);
    });

    it('does not split after titles and other abbreviations', () => {
      assert.deepEqual(sentences('Mr. Khan met Dr. Lee and Gen. Rahim on Jan. 4. They agreed.'), [
        'Mr. Khan met Dr. Lee and Gen. Rahim on Jan. 4.',
        'They agreed.',
      ]);
      assert.deepEqual(sentences('Item No. 7 passed, e.g. the tariff clause. Then the vote.'), [
        'Item No. 7 passed, e.g. the tariff clause.',
        'Then the vote.',
      ]);
    });

    it('keeps U.S. inside a sentence but ends one when a new sentence clearly starts', () => {
      assert.deepEqual(sentences('The U.S. Treasury agreed. Talks ended in the U.S. The next round is in Doha.'), [
        'The U.S. Treasury agreed.',
        'Talks ended in the U.S.',
        'The next round is in Doha.',
      ]);
    });

    it('ends a sentence at "US." since the acronym has no dots', () => {
      assert.deepEqual(sentences('Cotton is a major import from the US. Prices rose.'), ['Cotton is a major import from the US.', 'Prices rose.']);
    });

    it('does not split initials, decimals or "Roe v. Wade"', () => {
      assert.deepEqual(sentences('J. R. Malik wrote that growth was 2.5 per cent. Roe v. Wade was cited.'), [
        'J. R. Malik wrote that growth was 2.5 per cent.',
        'Roe v. Wade was cited.',
      ]);
    });

    it('ends a sentence inside closing quotes', () => {
      assert.deepEqual(sentences('She called it “a turning point.” Others disagreed.'), ['She called it “a turning point.”', 'Others disagreed.']);
      assert.deepEqual(sentences('He said "no deal." Talks stopped.'), ['He said "no deal."', 'Talks stopped.']);
    });

    it('does not split before a lower-case word', () => {
      assert.deepEqual(sentences('Output rose approx. five times. Fine.'), ['Output rose approx. five times.', 'Fine.']);
    });

    it('keeps offsets exact around emoji and astral characters', () => {
      const text = 'Ties warmed 🤝 quickly. The 𝒳 factor stays.';
      const spans = splitSentences(text, 0, text.length);
      assert.deepEqual(spans.map((s) => text.slice(s.start, s.end)), ['Ties warmed 🤝 quickly.', 'The 𝒳 factor stays.']);
    });

    it('handles em dashes inside a sentence', () => {
      assert.deepEqual(sentences('The forum — from April 8 to 9 — opens soon. Then talks.'), ['The forum — from April 8 to 9 — opens soon.', 'Then talks.']);
    });

    it('copes with a 10 MB single line', () => {
      const text = 'The council met again and agreed. '.repeat(300_000);
      const spans = splitSentences(text, 0, text.length);
      assert.equal(spans.length, 300_000);
      assert.equal(text.slice(spans[12].start, spans[12].end), 'The council met again and agreed.');
    });

    it('looks for terminators within the paragraph only', () => {
      // 40,000 lines without a full stop, then one: were each line searched on to that stop,
      // the work would grow with the square of the text and run into mocha's timeout.
      const text = 'Border trade figures for the quarter\n'.repeat(40_000) + 'A last line.';
      const paragraphs = findParagraphs(text);
      const segments = paragraphs.flatMap((paragraph) => segmentParagraph(text, paragraph, paragraph.index));
      assert.equal(segments.length, 40_001);
      assert.equal(segments.filter((segment) => segment.role === 'headline').length, 40_000);
    });
  });

  describe('roles', () => {
    it('tells headlines, bylines and datelines from sentences', () => {
      const text = [
        'How Lahore quietly won over the Gulf investors',
        '- Staff Reporter',
        '- Mar 3, 2026',
        'By Amina Qureshi',
        'KARACHI: The port handled more cargo than ever. Officials were pleased.',
      ].join('\n');
      assert.deepEqual(roles(text), [
        ['headline', 'How Lahore quietly won over the Gulf investors'],
        ['byline', '- Staff Reporter'],
        ['dateline', '- Mar 3, 2026'],
        ['byline', 'By Amina Qureshi'],
        ['dateline', 'KARACHI:'],
        ['sentence', 'The port handled more cargo than ever.'],
        ['sentence', 'Officials were pleased.'],
      ]);
    });

    it('recognises a dateline line with a full date and one with a day first', () => {
      assert.deepEqual(roles('Dec 08, 2025\n19 February 2026'), [
        ['dateline', 'Dec 08, 2025'],
        ['dateline', '19 February 2026'],
      ]);
    });

    it('marks a lone dash as a fragment and a photo caption as a caption', () => {
      assert.deepEqual(roles('-\nPhoto: Delegates at the summit in Tashkent'), [
        ['fragment', '-'],
        ['caption', 'Photo: Delegates at the summit in Tashkent'],
      ]);
    });

    it('recognises questions and greetings (condolences are found with the cues, see analyze)', () => {
      assert.deepEqual(roles('Good morning. Can the deal survive? Our thoughts are with the families of the victims. Exports rose.'), [
        ['greeting', 'Good morning.'],
        ['question', 'Can the deal survive?'],
        ['sentence', 'Our thoughts are with the families of the victims.'],
        ['sentence', 'Exports rose.'],
      ]);
    });

    it('treats a trailing unpunctuated piece of a long paragraph as a fragment, not a headline', () => {
      assert.deepEqual(roles('Exports rose. And then'), [
        ['sentence', 'Exports rose.'],
        ['fragment', 'And then'],
      ]);
    });
  });
});

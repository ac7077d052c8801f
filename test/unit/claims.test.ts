import * as assert from 'node:assert/strict';
import { charCodes } from '../../src/core/charCodes';
import { findCues, judgeClaim } from '../../src/core/claims';

function judge(sentence: string, hasFigure = false) {
  const span = { start: 0, end: sentence.length };
  return judgeClaim(sentence, span, findCues(sentence, 0, sentence.length), hasFigure);
}

describe('claims', () => {
  describe('types', () => {
    const cases: [string, string][] = [
      ['The tariff will hurt textile exporters.', 'forecast'],
      ['The visit won’t change much.', 'forecast'],
      ['Both capitals should reopen the trade office.', 'prescription'],
      ['More can be done with less.', 'prescription'],
      ['Officials say the loan was approved on Tuesday.', 'attribution'],
      ['According to diplomatic sources, the envoy left early.', 'attribution'],
      ['The ministry handled the crisis with remarkable skill.', 'assessment'],
      ['It is easy to see why investors hesitate.', 'assessment'],
      ['Exports reached $3 billion in 2024.', 'fact'],
      ['The council met in Lahore.', 'fact'],
    ];
    for (const [sentence, type] of cases) {
      it(`${type}: ${sentence}`, () => assert.equal(judge(sentence).type, type));
    }

    it('lets attribution win over the forecast it reports', () => {
      const result = judge('Analysts say the rupee will weaken.');
      assert.equal(result.type, 'attribution');
      assert.ok(result.cues.some((cue) => cue.text === 'will' && cue.signals.includes('forecast')));
    });

    it('does not call a reporting verb an attribution when nobody is named as saying it', () => {
      assert.equal(judge('The old adage says little about trade.').type, 'fact');
    });
  });

  describe('sources', () => {
    const cases: [string, string][] = [
      ['Diplomatic sources say the talks stalled.', 'Diplomatic sources'],
      ['The plan, insiders say, was drafted in March.', 'insiders'],
      ['According to officials familiar with the talks, the deal is close.', 'officials familiar with the talks'],
      ['It was a gesture that senior Gulf officials privately described as overdue.', 'senior Gulf officials'],
      ['Despite the progress, officials caution that no money has moved.', 'officials'],
      ['The central bank’s latest report describes the outlook as fragile.', 'The central bank’s latest report'],
    ];
    for (const [sentence, source] of cases) {
      it(`finds "${source}"`, () => {
        const result = judge(sentence);
        assert.equal(result.type, 'attribution');
        assert.equal(result.source?.text, source);
        assert.equal(sentence.slice(result.source!.start, result.source!.end), source);
      });
    }
  });

  describe('likelihood (ICD 203)', () => {
    const cases: [string, string | undefined][] = [
      ['The budget will almost certainly miss its target.', 'almost-certain'],
      ['Inflation is very likely to ease.', 'very-likely'],
      ['The rupee will probably recover.', 'likely'],
      ['The court is likely to rule next week.', 'likely'],
      ['It likely won’t be a priority in Washington.', 'unlikely'],
      ['The talks likely won\'t succeed.', 'unlikely'],
      ['A breakthrough is unlikely this year.', 'unlikely'],
      ['A ceasefire is highly unlikely before spring.', 'very-unlikely'],
      ['There is almost no chance of a deal.', 'almost-no-chance'],
      ['The loan may or may not be approved.', 'even-chance'],
      ['The issue may come up at the summit.', 'even-chance'],
      ['The summit will open on Monday.', undefined],
    ];
    for (const [sentence, level] of cases) {
      it(`${level ?? 'none'}: ${sentence}`, () => assert.equal(judge(sentence).likelihood, level));
    }

    it('prefers an estimative word over a bare hedge', () => {
      assert.equal(judge('It may well be likely that prices rise.').likelihood, 'likely');
    });
  });

  describe('cues', () => {
    it('reports the cue spans with their signals', () => {
      const sentence = 'Trade likely won’t recover, officials say.';
      const cues = findCues(sentence, 0, sentence.length);
      assert.deepEqual(
        cues.map((cue) => [sentence.slice(cue.start, cue.end), cue.signals]),
        [
          ['likely won’t', ['forecast', 'likelihood:unlikely', 'negation']],
          ['say', ['attribution']],
        ],
      );
    });

    it('does not take the month May for the modal verb', () => {
      const sentence = 'The truce agreed in May held.';
      assert.deepEqual(findCues(sentence, 0, sentence.length).map((cue) => cue.text), []);
    });

    it('does not match inside longer words', () => {
      const sentence = 'The willow and the canister stood.';
      assert.deepEqual(findCues(sentence, 0, sentence.length), []);
    });

    it('marks past tense with a figure as a fact cue', () => {
      const result = judge('Remittances rose to $31 billion.', true);
      assert.equal(result.type, 'fact');
      assert.ok(result.cues.some((cue) => cue.text === 'rose' && cue.signals.includes('past-tense')));
    });

    it('finds the same cues reading a document’s character codes as reading the span’s own', () => {
      const document = 'Header line\n🇵🇰 The council should act; it is expected to vote in May. Officials say it will.';
      const start = document.indexOf('The council');
      const codes = charCodes(document);
      for (const end of [document.indexOf(' Officials'), document.length]) {
        assert.deepEqual(findCues(document, start, end, codes, 0), findCues(document, start, end));
      }
      const fromStart = charCodes(document, start);
      assert.deepEqual(findCues(document, start, document.length, fromStart, start), findCues(document, start, document.length));
    });

    it('keeps cue offsets exact after astral characters', () => {
      const sentence = '🇵🇰 exports will grow.';
      const [cue] = findCues(sentence, 0, sentence.length);
      assert.equal(sentence.slice(cue.start, cue.end), 'will');
    });
  });
});

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { findFigures } from '../../src/core/figures';
import type { Figure, FigureKind, FigureValue } from '../../src/core/types';

/** What a test states about a figure: everything but the offsets, which are checked by slicing. */
interface Expected {
  readonly kind: FigureKind;
  readonly text: string;
  readonly value: FigureValue;
}

type Case = readonly [sentence: string, span: string, value: FigureValue];

function checkInvariants(text: string, figures: readonly Figure[], start = 0, end = text.length): void {
  let previousEnd = start;
  for (const figure of figures) {
    assert.equal(text.slice(figure.start, figure.end), figure.text, `offsets of "${figure.text}"`);
    assert.ok(figure.start >= previousEnd, `"${figure.text}" is sorted and does not overlap the previous figure`);
    assert.ok(figure.end > figure.start && figure.end <= end, `"${figure.text}" lies within the range`);
    previousEnd = figure.end;
  }
}

function figuresIn(text: string, start?: number, end?: number): Expected[] {
  const figures = findFigures(text, start, end);
  checkInvariants(text, figures, start, end);
  return figures.map(({ kind, text: span, value }) => {
    assert.ok(value !== undefined, `"${span}" has a value`);
    return { kind, text: span, value };
  });
}

function assertFigures(text: string, expected: readonly Expected[]): void {
  assert.deepEqual(figuresIn(text), expected);
}

function assertNoFigures(text: string): void {
  assert.deepEqual(figuresIn(text), []);
}

/** One `it` per case: the sentence holds exactly one figure, of `kind`, with that span and value. */
function itFinds(kind: FigureKind, cases: readonly Case[]): void {
  for (const [sentence, span, value] of cases) {
    it(`reads "${span}" in "${sentence}"`, () => assertFigures(sentence, [{ kind, text: span, value }]));
  }
}

describe('findFigures', () => {
  describe('money', () => {
    itFinds('money', [
      ['The lender approved $2 billion for the dam.', '$2 billion', { amount: 2_000_000_000, currency: 'USD' }],
      ['A further $500 million is pledged.', '$500 million', { amount: 500_000_000, currency: 'USD' }],
      ['The budget sets aside Rs 1.2 trillion for debt service.', 'Rs 1.2 trillion', { amount: 1_200_000_000_000, currency: 'PKR' }],
      ['Provinces will receive Rs. 450 billion.', 'Rs. 450 billion', { amount: 450_000_000_000, currency: 'PKR' }],
      ['Brussels offered €3bn in guarantees.', '€3bn', { amount: 3_000_000_000, currency: 'EUR' }],
      ['London promised £2.5 billion for flood defences.', '£2.5 billion', { amount: 2_500_000_000, currency: 'GBP' }],
      ['The fund raised US$40m from donors.', 'US$40m', { amount: 40_000_000, currency: 'USD' }],
      ['Remittances reached 1.3 billion rupees.', '1.3 billion rupees', { amount: 1_300_000_000, currency: 'PKR' }],
      ['They boast of $8 trillion worth of copper.', '$8 trillion', { amount: 8_000_000_000_000, currency: 'USD' }],
      ['The grant is USD 12 million.', 'USD 12 million', { amount: 12_000_000, currency: 'USD' }],
      ['Analysts expect $2-3 billion in new lending.', '$2-3 billion', { amount: 2_000_000_000, currency: 'USD', amountMax: 3_000_000_000 }],
      ['Estimates run from $2 billion to $3 billion.', '$2 billion to $3 billion', { amount: 2_000_000_000, currency: 'USD', amountMax: 3_000_000_000 }],
    ]);

    describe('currency words', () => {
      itFinds('money', [
        ['A ticket costs 40 dollars.', '40 dollars', { amount: 40, currency: 'USD' }],
        ['The mill earned 900 rupees a day.', '900 rupees', { amount: 900, currency: 'PKR' }],
        ['The city received 15 million euros.', '15 million euros', { amount: 15_000_000, currency: 'EUR' }],
        ['The fine was 300 pounds.', '300 pounds', { amount: 300, currency: 'GBP' }],
        ['Beijing lent 5 billion yuan.', '5 billion yuan', { amount: 5_000_000_000, currency: 'CNY' }],
        ['Tokyo pledged 2 trillion yen.', '2 trillion yen', { amount: 2_000_000_000_000, currency: 'JPY' }],
        ['The deal is worth 800 Indian rupees per share.', '800 Indian rupees', { amount: 800, currency: 'INR' }],
        ['The fee is 12 million USD.', '12 million USD', { amount: 12_000_000, currency: 'USD' }],
        ['Exports earned two billion dollars.', 'two billion dollars', { amount: 2_000_000_000, currency: 'USD' }],
      ]);
    });

    it('computes amounts exactly, as a decimal literal would', () => {
      const scales = [['', 0], [' thousand', 3], [' million', 6], ['bn', 9], [' trillion', 12], [' crore', 7], [' lakh crore', 12]] as const;
      fc.assert(
        fc.property(fc.nat(9_999_999), fc.nat(999), fc.nat(3), fc.constantFrom(...scales), (integer, fraction, places, [scale, exponent]) => {
          const decimals = places === 0 ? '' : `.${String(fraction).padStart(3, '0').slice(0, places)}`;
          const grouped = integer.toLocaleString('en-US');
          const text = `They pledged $${grouped}${decimals}${scale} last year.`;
          const [figure] = findFigures(text);
          assert.equal(figure.text, `$${grouped}${decimals}${scale}`);
          assert.deepEqual(figure.value, { amount: Number(`${integer}${decimals}e${exponent}`), currency: 'USD' });
        }),
        { numRuns: 2000 },
      );
    });

    describe('scale words', () => {
      itFinds('money', [
        ['The clinic needs $50 thousand.', '$50 thousand', { amount: 50_000, currency: 'USD' }],
        ['The port cost $7mn to dredge.', '$7mn', { amount: 7_000_000, currency: 'USD' }],
        ['The levy raised $2b.', '$2b', { amount: 2_000_000_000, currency: 'USD' }],
        ['Debt passed Rs 1tn.', 'Rs 1tn', { amount: 1_000_000_000_000, currency: 'PKR' }],
        ['The scheme costs Rs 5 crore.', 'Rs 5 crore', { amount: 50_000_000, currency: 'PKR' }],
        ['Each family gets Rs 20 lakh.', 'Rs 20 lakh', { amount: 2_000_000, currency: 'PKR' }],
        ['The plan needs Rs 1.5 lakh crore.', 'Rs 1.5 lakh crore', { amount: 1_500_000_000_000, currency: 'PKR' }],
      ]);

      it('takes a glued "b" or "m" as a scale only after a currency sign', () => {
        assertNoFigures('The reactor in Block 9b was shut.');
        assertNoFigures('The ridge rises 40m above the river.');
      });
    });
  });

  describe('percent', () => {
    itFinds('percent', [
      ['The tariff is 29 per cent.', '29 per cent', { amount: 29, unit: 'percent' }],
      ['The tariff is 29%.', '29%', { amount: 29, unit: 'percent' }],
      ['The tariff is 29 percent.', '29 percent', { amount: 29, unit: 'percent' }],
      ['The rate rose 2.5 percentage points.', '2.5 percentage points', { amount: 2.5, unit: 'percentage-point' }],
      ['The rate fell 0.5 percentage point.', '0.5 percentage point', { amount: 0.5, unit: 'percentage-point' }],
      ['Growth slowed to 3.4 per cent.', '3.4 per cent', { amount: 3.4, unit: 'percent' }],
      ['Prices may rise 10-15% next year.', '10-15%', { amount: 10, unit: 'percent', amountMax: 15 }],
      ['Prices may rise 10%-15% next year.', '10%-15%', { amount: 10, unit: 'percent', amountMax: 15 }],
      ['Turnout was 10 to 15 per cent lower.', '10 to 15 per cent', { amount: 10, unit: 'percent', amountMax: 15 }],
      ['Only five per cent voted.', 'five per cent', { amount: 5, unit: 'percent' }],
    ]);
  });

  describe('dates', () => {
    itFinds('date', [
      ['Talks resumed on Feb 19, 2026 in Doha.', 'Feb 19, 2026', { iso: '2026-02-19' }],
      ['The memo is dated Dec 08, 2025.', 'Dec 08, 2025', { iso: '2025-12-08' }],
      ['Polls close on 19 February 2026.', '19 February 2026', { iso: '2026-02-19' }],
      ['The forum runs from April 8 to 9 in the capital.', 'April 8 to 9', { iso: '--04-08', isoEnd: '--04-09' }],
      ['The forum runs April 8-9, 2026.', 'April 8-9, 2026', { iso: '2026-04-08', isoEnd: '2026-04-09' }],
      ['The forum runs 8-9 April 2026.', '8-9 April 2026', { iso: '2026-04-08', isoEnd: '2026-04-09' }],
      ['The visit lasts from April 30 to May 2.', 'April 30 to May 2', { iso: '--04-30', isoEnd: '--05-02' }],
      ['A second round is planned for June.', 'June', { iso: '--06' }],
      ['The census ended in June 2025.', 'June 2025', { iso: '2025-06' }],
      ['The rules were signed on 2026-02-19.', '2026-02-19', { iso: '2026-02-19' }],
      ['The treaty was signed on the 5th of May.', '5th of May', { iso: '--05-05' }],
      ['The treaty was signed on the 1st of May.', '1st of May', { iso: '--05-01' }],
      ['The treaty was signed on June 2nd, 2025.', 'June 2nd, 2025', { iso: '2025-06-02' }],
      ['Feb. 19, 2026 was a Thursday.', 'Feb. 19, 2026', { iso: '2026-02-19' }],
    ]);

    describe('years', () => {
      itFinds('date', [
        ['Exports grew in 2024 after a slump.', '2024', { iso: '2024' }],
        ['The border has been closed since 2019.', '2019', { iso: '2019' }],
        ['Police linked him to the 2021 embassy siege.', '2021', { iso: '2021' }],
        ['Output peaked in mid-2024 and then fell.', '2024', { iso: '2024' }],
        ['The plan covers 2019–2023.', '2019–2023', { iso: '2019', isoEnd: '2023' }],
        ['The plan ran from 2019 to 2023.', '2019 to 2023', { iso: '2019', isoEnd: '2023' }],
        ['The 2024-25 season was dry.', '2024-25', { iso: '2024', isoEnd: '2025' }],
      ]);
    });

    describe('fiscal years, quarters and decades', () => {
      itFinds('date', [
        ['The deficit widened in FY2025.', 'FY2025', { iso: 'FY2025' }],
        ['The deficit widened in FY25.', 'FY25', { iso: 'FY2025' }],
        ['The deficit widened in fiscal 2025.', 'fiscal 2025', { iso: 'FY2025' }],
        ['The deficit widened in FY2024-25.', 'FY2024-25', { iso: 'FY2025' }],
        ['The deficit widened in fiscal year 2024-25.', 'fiscal year 2024-25', { iso: 'FY2025' }],
        ['The deficit widened in the 2024-25 fiscal year.', '2024-25', { iso: 'FY2025' }],
        ['Sales recovered in Q3 2025.', 'Q3 2025', { iso: '2025-Q3' }],
        ['Sales recovered in Q1 FY25.', 'Q1 FY25', { iso: 'FY2025-Q1' }],
        ['The reforms of the 1990s were undone.', '1990s', { iso: '1990', isoEnd: '1999' }],
        ['It was a hit in the ’90s.', '’90s', { iso: '1990', isoEnd: '1999' }],
      ]);
    });

    describe('abbreviated months', () => {
      const months = ['Jan', 'Feb', 'Mar', 'Apr', 'Jun', 'Jul', 'Aug', 'Sep', 'Sept', 'Oct', 'Nov', 'Dec'];
      const numbers = [1, 2, 3, 4, 6, 7, 8, 9, 9, 10, 11, 12];
      months.forEach((month, index) => {
        const iso = `2025-${String(numbers[index]).padStart(2, '0')}-03`;
        it(`reads "${month} 3, 2025" and "${month}. 3, 2025"`, () => {
          assertFigures(`Filed on ${month} 3, 2025.`, [{ kind: 'date', text: `${month} 3, 2025`, value: { iso } }]);
          assertFigures(`Filed on ${month}. 3, 2025.`, [{ kind: 'date', text: `${month}. 3, 2025`, value: { iso } }]);
        });
      });

      it('does not take a bare abbreviation for a month', () => {
        assertNoFigures('Jan Kowalski chaired the panel.');
      });
    });

    describe('the month May', () => {
      itFinds('date', [
        ['Both sides respected the May cease-fire.', 'May', { iso: '--05' }],
        ['Parliament met in May and adjourned.', 'May', { iso: '--05' }],
        ['Since May, prices have doubled.', 'May', { iso: '--05' }],
        ['Fighting flared in mid-May.', 'May', { iso: '--05' }],
        ['The vote is due by May 31.', 'May 31', { iso: '--05-31' }],
        ['The vote is due in May 2026.', 'May 2026', { iso: '2026-05' }],
      ]);

      it('reads May in a list of months', () => {
        assertFigures('Rain fell in April, May and June.', [
          { kind: 'date', text: 'April', value: { iso: '--04' } },
          { kind: 'date', text: 'May', value: { iso: '--05' } },
          { kind: 'date', text: 'June', value: { iso: '--06' } },
        ]);
      });

      it('skips the verb, the modal and the surname', () => {
        assertNoFigures('The offer may be enticing to investors.');
        assertNoFigures('May God grant them patience.');
        assertNoFigures('May peace return to the valley.');
        assertNoFigures('Theresa May said little.');
      });

      it('is case-sensitive for month names', () => {
        assertNoFigures('They plan to march on the capital in june.');
      });
    });
  });

  describe('durations', () => {
    itFinds('duration', [
      ['The court lifted a two-year ban on imports.', 'two-year', { amount: 2, unit: 'year' }],
      ['The mission lasted 18 months.', '18 months', { amount: 18, unit: 'month' }],
      ['The dispute has run for three decades.', 'three decades', { amount: 3, unit: 'decade' }],
      ['It took a decade to finish the canal.', 'a decade', { amount: 1, unit: 'decade' }],
      ['The IMF approved a six-month extension.', 'six-month', { amount: 6, unit: 'month' }],
      ['Exports fell over the past two years.', 'two years', { amount: 2, unit: 'year' }],
      ['The strike lasted 48 hours.', '48 hours', { amount: 48, unit: 'hour' }],
      ['The work will take two to three years.', 'two to three years', { amount: 2, unit: 'year', amountMax: 3 }],
      ['The work will take 5-10 years.', '5-10 years', { amount: 5, unit: 'year', amountMax: 10 }],
      ['They signed a one-year deal.', 'one-year', { amount: 1, unit: 'year' }],
      ['Rates stayed flat for half a decade.', 'half a decade', { amount: 0.5, unit: 'decade' }],
      ['An 18-month-old plan was shelved.', '18-month', { amount: 18, unit: 'month' }],
    ]);

    it('needs a number', () => {
      assertNoFigures('Both leaders met twice over the past year.');
      assertNoFigures('One day the border will reopen.');
    });

    it('does not take a fraction for quarters of a year', () => {
      assertNoFigures('The party won three quarters of the vote.');
    });
  });

  describe('quantities', () => {
    itFinds('quantity', [
      ['The embassy issued a Level 4 advisory.', 'Level 4', { amount: 4, unit: 'Level' }],
      ['The coalition sent 3,000 troops.', '3,000', { amount: 3000, unit: 'troops' }],
      ['The war displaced 1.5 million refugees.', '1.5 million', { amount: 1_500_000, unit: 'refugees' }],
      ['Floods hit three provinces.', 'three', { amount: 3, unit: 'provinces' }],
      ['Delegates came from 12 countries.', '12', { amount: 12, unit: 'countries' }],
      ['Twenty-five villages were evacuated.', 'Twenty-five', { amount: 25, unit: 'villages' }],
      ['The state built two hundred schools.', 'two hundred', { amount: 200, unit: 'schools' }],
      ['The plan funds three new projects.', 'three', { amount: 3, unit: 'projects' }],
      ['About 3,000 US troops remain.', '3,000', { amount: 3000, unit: 'troops' }],
      ['The mills employ 1,20,000 workers.', '1,20,000', { amount: 120_000, unit: 'workers' }],
      ['The war uprooted a million people.', 'a million', { amount: 1_000_000, unit: 'people' }],
      ['The committee has 17 members.', '17', { amount: 17, unit: 'members' }],
      ['The count stood at 17.', '17', { amount: 17 }],
    ]);

    it('does not count with "one", "both", "few" or "many"', () => {
      assertNoFigures('Only one country objected.');
      assertNoFigures('Both countries objected.');
      assertNoFigures('Few countries objected, and many abstained.');
      assertNoFigures('Pakistan is one of the few states with such ties.');
      assertNoFigures('Two of them objected.');
    });
  });

  describe('things that are not figures', () => {
    it('skips discourse ordinals', () => {
      assertNoFigures('First, the talks. Second, the treaty. Third, the vote. Finally, the review.');
    });

    it('skips numbers inside names', () => {
      assertNoFigures('The G20 summit, the F-16 deal and the COVID-19 response dominated.');
      assertNoFigures('Article 370 and Section 144 were cited.');
      assertNoFigures('The 5G rollout of the 20th century-style network stalled.');
    });

    it('skips clock times and fractions', () => {
      assertNoFigures('The session opened at 10:30 after the 9/11 memorial.');
    });
  });

  describe('several figures in one text', () => {
    it('reads them in order with their kinds', () => {
      assertFigures('London promised £2.5 billion over five years, or 12% of its aid budget, on Feb 19, 2026.', [
        { kind: 'money', text: '£2.5 billion', value: { amount: 2_500_000_000, currency: 'GBP' } },
        { kind: 'duration', text: 'five years', value: { amount: 5, unit: 'year' } },
        { kind: 'percent', text: '12%', value: { amount: 12, unit: 'percent' } },
        { kind: 'date', text: 'Feb 19, 2026', value: { iso: '2026-02-19' } },
      ]);
    });
  });

  describe('offsets', () => {
    it('holds across astral characters, emoji, curly quotes and em dashes', () => {
      const text = '😀 “The two-year ban,” 𝐀 minister said—a 29% cut—and 🇵🇰 $2 billion ‘90s.';
      assertFigures(text, [
        { kind: 'duration', text: 'two-year', value: { amount: 2, unit: 'year' } },
        { kind: 'percent', text: '29%', value: { amount: 29, unit: 'percent' } },
        { kind: 'money', text: '$2 billion', value: { amount: 2_000_000_000, currency: 'USD' } },
        { kind: 'date', text: '‘90s', value: { iso: '1990', isoEnd: '1999' } },
      ]);
      assert.equal(findFigures(text)[0].start, text.indexOf('two-year'));
    });

    it('finds spelled-out numbers right after an opening quote or dash', () => {
      assertFigures('He said “three provinces” and—two years later—(four) more.', [
        { kind: 'quantity', text: 'three', value: { amount: 3, unit: 'provinces' } },
        { kind: 'duration', text: 'two years', value: { amount: 2, unit: 'year' } },
      ]);
    });

    it('holds with CRLF line endings and keeps figures within a line', () => {
      const text = 'two-year bans\r\nThe loan was $5 million.\r\nIn 2024\r\nprices rose.\r\n';
      assertFigures(text, [
        { kind: 'duration', text: 'two-year', value: { amount: 2, unit: 'year' } },
        { kind: 'money', text: '$5 million', value: { amount: 5_000_000, currency: 'USD' } },
        { kind: 'date', text: '2024', value: { iso: '2024' } },
      ]);
    });

    it('holds after a byte order mark', () => {
      const text = '\uFEFFThree provinces voted.';
      assert.deepEqual(findFigures(text).map((figure) => [figure.start, figure.text]), [[1, 'Three']]);
    });
  });

  describe('ranges', () => {
    const text = 'Trade fell 29% in 2024.\nThe IMF lent $2 billion.\nTalks resume in June.';
    const lines = text.split('\n');
    const lineStarts = lines.map((_, index) => lines.slice(0, index).reduce((sum, line) => sum + line.length + 1, 0));

    it('returns absolute offsets for a range', () => {
      const start = lineStarts[1];
      const figures = findFigures(text, start, start + lines[1].length);
      assert.deepEqual(figures.map((figure) => [figure.start, figure.text]), [[text.indexOf('$2 billion'), '$2 billion']]);
    });

    it('finds the same figures line by line as in the whole text', () => {
      const byLine = lines.flatMap((line, index) => findFigures(text, lineStarts[index], lineStarts[index] + line.length));
      assert.deepEqual(byLine, findFigures(text));
    });

    it('ignores figures outside the range', () => {
      assert.deepEqual(findFigures(text, 0, text.indexOf('29')), []);
      assert.deepEqual(figuresIn(text, text.indexOf('in June')).map((figure) => figure.text), ['June']);
    });

    it('does not start a figure inside a number or a quarter cut by the range', () => {
      const cut = 'They sent 3,000 troops.';
      assert.deepEqual(findFigures(cut, cut.indexOf('000')), []);
      const quarter = 'Sales rose in Q3 2025.';
      assert.deepEqual(findFigures(quarter, quarter.indexOf('3 2025')).map((figure) => figure.text), ['2025']);
    });

    it('clamps a range that does not fit the text', () => {
      assert.deepEqual(findFigures(text, -5, text.length + 10), findFigures(text));
      assert.deepEqual(findFigures(text, 20, 10), []);
      assert.deepEqual(findFigures(''), []);
    });
  });

  describe('robustness', () => {
    it('is deterministic and keeps no state between calls', () => {
      const first = 'In 2024, exports fell 29 per cent.';
      const second = 'May God protect the two-year truce.';
      const expected = findFigures(first);
      findFigures(second);
      findFigures(second, 5, 20);
      assert.deepEqual(findFigures(first), expected);
    });

    it('handles a 10 MB single line', () => {
      const sentence = 'In 2024 the fund lent $2 billion, or 29% of its capital, to three provinces over two years. ';
      const text = sentence.repeat(Math.ceil(10_000_000 / sentence.length));
      const figures = findFigures(text);
      assert.equal(figures.length, 5 * Math.ceil(10_000_000 / sentence.length));
      const last = figures[figures.length - 1];
      assert.equal(text.slice(last.start, last.end), 'two years');
    });

    it('stays linear on long runs of digits, separators and trigger words', () => {
      const inputs = [
        '1'.repeat(1_000_000),
        '1,'.repeat(500_000),
        '$'.repeat(500_000),
        'May '.repeat(200_000),
        'two '.repeat(200_000),
        'Q3 FY'.repeat(100_000),
        '1-'.repeat(500_000),
      ];
      for (const input of inputs) checkInvariants(input, findFigures(input));
    });

    it('keeps its invariants on arbitrary text', () => {
      const fragments = [
        ' ', ' ', ' ', '\n', '\r\n', ',', '.', '-', '–', '—', '“', '”', '’', '😀', '\uFEFF', '\u00a0', '$', '€', '%',
        'May', 'June', 'Feb', 'the', 'in', 'two', 'Three', 'five', 'fifty', 'fiscal', 'one', 'a', 'A', 'half', 'decade',
        'year', 'years', 'million', 'billion', 'per', 'cent', 'FY', 'Q3', 'Rs', 'Rs.', 'US$', 'Level', 'troops', 'G20',
        'x', 'the', '1', '2', '19', '2024', '25', '3,000', '1.5',
      ];
      const texts = fc.array(fc.constantFrom(...fragments), { maxLength: 60 }).map((parts) => parts.join(''));
      fc.assert(
        fc.property(texts, fc.nat(), fc.nat(), (text, a, b) => {
          checkInvariants(text, findFigures(text));
          const start = text.length === 0 ? 0 : a % text.length;
          const end = start + (text.length === 0 ? 0 : b % (text.length - start + 1));
          checkInvariants(text, findFigures(text, start, end), start, end);
        }),
        { numRuns: 2000 },
      );
    });

    it('finds the same figures line by line as in the whole of an arbitrary text', () => {
      const fragments = [' ', ' ', '\n', 'May', 'the', 'in', 'two', 'years', 'Level', '4', '2024', '-25', '$3', ' billion', '%', '’90s', 'a decade', 'half'];
      const texts = fc.array(fc.constantFrom(...fragments), { maxLength: 40 }).map((parts) => parts.join(''));
      fc.assert(
        fc.property(texts, (text) => {
          const byLine: Figure[] = [];
          let start = 0;
          for (const line of text.split('\n')) {
            byLine.push(...findFigures(text, start, start + line.length));
            start += line.length + 1;
          }
          assert.deepEqual(byLine, findFigures(text));
        }),
        { numRuns: 1000 },
      );
    });
  });
});

/**
 * Figures: the numbers, amounts and points in time a policy text states (section "Figures" of
 * docs/annotation-guidelines.md).
 *
 * Speed: ordinary prose is scanned by one global regex, {@link TRIGGER}, whose alternatives all
 * begin with something rare — a digit, a currency sign, a capitalised month, FY, Q or currency
 * code, or a spelled-out number after a non-alphanumeric character. Only there do sticky regexes,
 * character checks and map look-ups parse the figure; scanning allocates nothing in between.
 *
 * Choices the guidelines leave open:
 * - A four-digit integer from 1500 to 2099 written without a group separator is a year
 *   ("in 2024", "2024 elections"): news style writes counts of that size with a comma.
 * - A year pair ("2024-25", "2019–2023") is a range, iso "2024" / isoEnd "2025"; it is a fiscal
 *   year only when the text says so: "FY2024-25", "fiscal year 2024-25", "the 2024-25 fiscal
 *   year" → "FY2025" (a fiscal year is named after the year it ends in).
 * - A decade ("the 1990s", "’90s") is the range iso "1990" / isoEnd "1999".
 * - A quarter needs a year: "Q3 2025" → "2025-Q3", "Q1 FY25" → "FY2025-Q1"; a bare "Q3" is not
 *   a figure.
 * - Abbreviated months need a day or a year ("Jan 5", "Sept 2025"); a bare "Jan" is a name.
 * - "Rs" is PKR, "¥" is JPY ("yuan" is CNY), "pounds" is always money (GBP).
 * - "a decade", "a century" (and "half a …") are durations; "a year" is not, being mostly a
 *   rate ("once a year"). "one" is a number only before a scale word ("one million") or a unit
 *   of time ("one-year", "one year", but not the idiom "one day").
 * - A digit number with no noun after it is a quantity without a unit; a spelled-out number
 *   needs its noun. The unit is the next word, or the word after it when that one is a plural
 *   ("three new projects" → "projects", "3,000 US troops" → "troops").
 * - Numbers in names are skipped: glued to a letter ("G20", "5G", "20th"), after a hyphen and a
 *   capitalised or digit-bearing word ("F-16", "COVID-19"), after a reference word ("Article
 *   370", "Section 144"). After a level word ("Level 4", "Phase 2") the number is a quantity
 *   whose unit is that word, and the span includes it.
 */
import type { DateValue, DurationUnit, Figure, FigureKind, FigureValue, QuantityValue } from './types';

// ---------------------------------------------------------------------------------------------
// Vocabulary

const FULL_MONTHS: readonly string[] = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

const MONTH_BY_NAME: ReadonlyMap<string, number> = new Map<string, number>([
  ...FULL_MONTHS.map((name, index): [string, number] => [name, index + 1]),
  ['Jan', 1], ['Feb', 2], ['Mar', 3], ['Apr', 4], ['Jun', 6], ['Jul', 7],
  ['Aug', 8], ['Sept', 9], ['Sep', 9], ['Oct', 10], ['Nov', 11], ['Dec', 12],
]);

/** February may have 29 days: without a year we cannot tell, and with one it rarely matters. */
const DAYS_IN_MONTH: readonly number[] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Words before a bare "May" that make it the month rather than the modal or a surname. */
const MAY_CONTEXT_WORDS: ReadonlySet<string> = new Set([
  'the', 'in', 'on', 'by', 'since', 'until', 'till', 'from', 'of', 'early', 'late', 'mid',
  'last', 'next', 'this', 'during', 'before', 'after', 'through', 'throughout', 'between',
  'every', 'each', 'around',
]);

/** Lower-case prefixes that may be hyphenated to a year without making it a name ("mid-2024"). */
const TEMPORAL_PREFIXES: ReadonlySet<string> = new Set(['mid', 'pre', 'post', 'early', 'late', 'end', 'circa']);

/** Words that make the number after them a level: the word is the unit. */
const LEVEL_WORDS: ReadonlySet<string> = new Set(['level', 'phase', 'stage', 'tier', 'category', 'grade']);

/** Words that make the number after them part of a name or a reference, not a figure. */
const REFERENCE_WORDS: ReadonlySet<string> = new Set([
  'article', 'section', 'clause', 'resolution', 'chapter', 'paragraph', 'annex', 'amendment',
  'rule', 'schedule', 'flight', 'route', 'page', 'table', 'figure', 'item', 'volume',
]);

/** Words after a number that are not what it counts ("two of them", "12 in all"). */
const FUNCTION_WORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'the', 'of', 'to', 'in', 'on', 'at', 'by', 'for', 'from', 'with', 'without', 'and',
  'or', 'nor', 'but', 'than', 'as', 'is', 'are', 'was', 'were', 'be', 'been', 'being', 'has',
  'have', 'had', 'do', 'does', 'did', 'will', 'would', 'shall', 'should', 'can', 'could', 'may',
  'might', 'must', 'per', 'that', 'which', 'who', 'whom', 'whose', 'this', 'these', 'those',
  'it', 'its', 'they', 'them', 'their', 'he', 'him', 'his', 'she', 'her', 'we', 'us', 'our',
  'you', 'your', 'i', 'me', 'my', 'not', 'no', 'more', 'less', 'fewer', 'most', 'least', 'out',
  'about', 'into', 'onto', 'over', 'under', 'up', 'down', 'after', 'before', 'since', 'until',
  'while', 'when', 'where', 'if', 'so', 'such', 'all', 'each', 'both', 'either', 'neither',
  'against', 'between', 'among', 'across', 'through', 'during', 'via', 'also', 'only', 'just',
  'then', 'there', 'here', 'too', 'very', 'other', 'others', 'plus', 'minus', 'times', 'said',
  'says', 'say', 'versus', 'vs',
]);

const CURRENCY_BY_PREFIX: ReadonlyMap<string, string> = new Map([
  ['$', 'USD'], ['US$', 'USD'], ['A$', 'AUD'], ['C$', 'CAD'], ['HK$', 'HKD'], ['S$', 'SGD'],
  ['NZ$', 'NZD'], ['€', 'EUR'], ['£', 'GBP'], ['¥', 'JPY'], ['₹', 'INR'], ['Rs', 'PKR'],
  ['Rs.', 'PKR'], ['USD', 'USD'], ['EUR', 'EUR'], ['GBP', 'GBP'], ['PKR', 'PKR'], ['INR', 'INR'],
  ['CNY', 'CNY'], ['RMB', 'CNY'], ['JPY', 'JPY'],
]);

const CURRENCY_CODES: ReadonlySet<string> = new Set(['USD', 'EUR', 'GBP', 'PKR', 'INR', 'CNY', 'JPY']);

const CURRENCY_BY_WORD: ReadonlyMap<string, string> = new Map([
  ['dollar', 'USD'], ['dollars', 'USD'], ['rupee', 'PKR'], ['rupees', 'PKR'], ['euro', 'EUR'],
  ['euros', 'EUR'], ['pound', 'GBP'], ['pounds', 'GBP'], ['yuan', 'CNY'], ['renminbi', 'CNY'],
  ['yen', 'JPY'],
]);

/** "Indian rupees", "Canadian dollars": the qualifier decides which dollar or rupee. */
const CURRENCY_BY_QUALIFIED_WORD: ReadonlyMap<string, string> = new Map([
  ['US dollar', 'USD'], ['American dollar', 'USD'], ['Canadian dollar', 'CAD'],
  ['Australian dollar', 'AUD'], ['Singapore dollar', 'SGD'], ['Pakistani rupee', 'PKR'],
  ['Indian rupee', 'INR'], ['Nepalese rupee', 'NPR'], ['British pound', 'GBP'],
  ['Chinese yuan', 'CNY'], ['Japanese yen', 'JPY'],
]);
const CURRENCY_QUALIFIERS: ReadonlySet<string> = new Set(
  [...CURRENCY_BY_QUALIFIED_WORD.keys()].map((key) => key.split(' ')[0]),
);

/** Powers of ten, so that amounts are computed exactly, as `Number("1.2e12")`. */
const SCALE_EXPONENTS: ReadonlyMap<string, number> = new Map([
  ['hundred', 2], ['thousand', 3], ['k', 3], ['lakh', 5], ['lakhs', 5], ['million', 6],
  ['m', 6], ['mn', 6], ['crore', 7], ['crores', 7], ['billion', 9], ['bn', 9], ['b', 9],
  ['trillion', 12], ['tn', 12],
]);

const SPELLED_UNITS: readonly string[] = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const SPELLED_TEENS: readonly string[] = [
  'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen',
  'eighteen', 'nineteen',
];
const SPELLED_TENS: readonly string[] = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

const capitalised = (word: string): string => word[0].toUpperCase() + word.slice(1);

/** Keyed as written, lower-case and capitalised, so that look-ups need no case folding. */
const SPELLED_VALUES: ReadonlyMap<string, number> = new Map<string, number>(
  [
    ...SPELLED_UNITS.map((word, index): [string, number] => [word, index + 1]),
    ...SPELLED_TEENS.map((word, index): [string, number] => [word, index + 10]),
    ...SPELLED_TENS.map((word, index): [string, number] => [word, (index + 2) * 10]),
  ].flatMap(([word, value]): [string, number][] => [[word, value], [capitalised(word), value]]),
);

const DURATION_BY_WORD: ReadonlyMap<string, DurationUnit> = new Map<string, DurationUnit>(
  (['second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year', 'decade'] as const)
    .flatMap((unit): [string, DurationUnit][] => [[unit, unit], [`${unit}s`, unit]])
    .concat([['century', 'century'], ['centuries', 'century']]),
);

// ---------------------------------------------------------------------------------------------
// Regexes. Sticky ones are positioned with `lastIndex` right before each use.

/**
 * An alternation of `words` factored by shared prefixes ("J(?:an(?:uary)?|u(?:ne?|ly?))"):
 * V8 rejects a non-matching position much faster than with a flat list.
 */
function wordTrie(words: readonly string[]): string {
  const tails = new Map<string, string[]>();
  let canEnd = false;
  for (const word of words) {
    if (word.length === 0) {
      canEnd = true;
      continue;
    }
    const list = tails.get(word[0]);
    if (list !== undefined) list.push(word.slice(1));
    else tails.set(word[0], [word.slice(1)]);
  }
  const branches = [...tails].map(([first, rest]) => first + wordTrie(rest));
  if (branches.length === 0) return '';
  if (canEnd) return `(?:${branches.join('|')})?`;
  return branches.length === 1 ? branches[0] : `(?:${branches.join('|')})`;
}

/** Inline space: a figure never runs across a line break. */
const SPACE = '[ \\u00a0]';
/** Hyphen or en dash; an em dash is punctuation, not a range. */
const DASH = '[-\\u2013]';
const RANGE_SEPARATOR = `(?:${SPACE}?${DASH}${SPACE}?|${SPACE}to${SPACE})`;
const TIME_UNIT = 'second|minute|hour|day|week|month|quarter|year|decade|century';

/** Words that take "a" as their number: "a decade", "a million refugees". */
const WORDS_AFTER_ARTICLE: ReadonlySet<string> = new Set(['hundred', 'thousand', 'million', 'billion', 'trillion', 'decade', 'century']);

const SPELLED_TRIGGER_WORDS = [...SPELLED_UNITS.slice(1), ...SPELLED_TEENS, ...SPELLED_TENS];
const AFTER_ARTICLE = `${SPACE}(?:${[...WORDS_AFTER_ARTICLE].join('|')})\\b`;
const AFTER_ONE = `(?=${SPACE}(?:hundred|thousand|million|billion|trillion|year|month|week|decade|century|hour|minute)\\b|-(?:${TIME_UNIT})\\b)`;
const CAPITALISED_TRIGGER =
  `${wordTrie([...MONTH_BY_NAME.keys(), 'Fiscal', ...SPELLED_TRIGGER_WORDS.map(capitalised)])}\\b` +
  `|FY(?=${SPACE}?['’]?\\d)|Q[1-4](?=${SPACE}?[-\\u2013/]?${SPACE}?(?:\\d|FY))` +
  `|(?:US|A|C|HK|S|NZ)\\$|(?:Rs\\.?|USD|EUR|GBP|PKR|INR|CNY|RMB|JPY)(?=${SPACE}?\\d)` +
  `|A${AFTER_ARTICLE}|One${AFTER_ONE}`;
const LOWER_CASE_TRIGGER = `${wordTrie(['fiscal', ...SPELLED_TRIGGER_WORDS])}\\b|a${AFTER_ARTICLE}|one${AFTER_ONE}`;

/**
 * Where a figure may start. Capitals are rare in prose, so capitalised words need no context
 * in the regex (the word boundary before them is checked in code). A lower-case word comes
 * with the character before it, any but an ASCII letter or digit: V8 checks that class much
 * faster than `\b`, or than a list of punctuation mixing ASCII and non-ASCII characters.
 */
const TRIGGER = new RegExp(`[\\d$€£¥₹]|(?:${CAPITALISED_TRIGGER})|[^A-Za-z0-9](?:${LOWER_CASE_TRIGGER})`, 'g');
/** A lower-case trigger word at the very start of the text, where there is no character before. */
const LOWER_CASE_TRIGGER_AT_START = new RegExp(`(?:${LOWER_CASE_TRIGGER})`, 'y');

const MONTH_NAME = wordTrie([...MONTH_BY_NAME.keys()]);
const DAY = '(3[01]|[12]\\d|0?[1-9])(?!\\d|[.,:/]\\d)(?:st|nd|rd|th)?(?![A-Za-z])';
const YEAR = '(1[5-9]\\d\\d|20\\d\\d)(?!\\d|[.,]\\d|[A-Za-z])';

const DIGITS = /(?:\d{1,3}(?:,\d{3})+(?!\d)|\d{1,2}(?:,\d{2})+,\d{3}(?!\d)|\d+)(?:\.\d+)?/y;
const SCALE = new RegExp(`${SPACE}?(thousand|million|billion|trillion|crores?|lakhs?|bn|mn|tn)(?![A-Za-z])(?:${SPACE}(crores?)(?![A-Za-z]))?`, 'y');
/** Glued single-letter scales ("$40m", "£2b", "$50k") are unambiguous only after a currency. */
const CURRENCY_SCALE = /(m|b|k)(?![A-Za-z])/y;
const RANGE = new RegExp(RANGE_SEPARATOR, 'y');
const MONEY_PREFIX = new RegExp(`(US\\$|A\\$|C\\$|HK\\$|S\\$|NZ\\$|[$€£¥₹]|Rs\\.?|USD|EUR|GBP|PKR|INR|CNY|RMB|JPY)${SPACE}?(?=\\d)`, 'y');
const PERCENT_WORDS = new RegExp(`${SPACE}(?:per${SPACE}?cent|percent|pct|percentage${SPACE}points?)(?![A-Za-z])`, 'y');
const ORDINAL_SUFFIX = /(?:st|nd|rd|th)(?![A-Za-z])/y;
const ISO_DATE = /\d{4}-(\d\d)-(\d\d)(?![\w])/y;
const MONTH_LED = new RegExp(
  `(${MONTH_NAME})(\\.)?(?![A-Za-z])` +
    `(?:${SPACE}${DAY}(?:${RANGE_SEPARATOR}(?:(${MONTH_NAME})\\.?${SPACE})?${DAY})?)?` +
    `(?:,?${SPACE}${YEAR})?`,
  'y',
);
const MONTH_DAY = new RegExp(`(?:${MONTH_NAME})\\.?${SPACE}${DAY}`, 'y');
const DAY_LED = new RegExp(
  `${DAY}(?:${RANGE_SEPARATOR}${DAY})?${SPACE}(?:of${SPACE})?(${MONTH_NAME})(\\.)?(?![A-Za-z])(?:,?${SPACE}${YEAR})?`,
  'y',
);
const FISCAL_YEAR = new RegExp(
  `(?:FY${SPACE}?['’]?(\\d{4}|\\d{2})|[Ff]iscal${SPACE}(?:year${SPACE})?(\\d{4}))(?:[-\\u2013/](\\d{4}|\\d{2}))?(?![\\w%])`,
  'y',
);
const QUARTER = new RegExp(
  `Q([1-4])${SPACE}?[-\\u2013/]?${SPACE}?(?:(1[5-9]\\d\\d|20\\d\\d)|FY${SPACE}?['’]?(\\d{4}|\\d{2})(?:[-\\u2013/](\\d{4}|\\d{2}))?)(?![\\w])`,
  'y',
);
const FISCAL_YEAR_AFTER = new RegExp(`${SPACE}(?:fiscal|financial)${SPACE}year(?![A-Za-z])`, 'y');
const YEAR_RANGE = new RegExp(`(?:${SPACE}?${DASH}${SPACE}?(\\d{4}|\\d{2})|${SPACE}to${SPACE}(\\d{4}))(?!\\d|[.,]\\d|[A-Za-z%])`, 'y');

function execAt(regex: RegExp, text: string, index: number): RegExpExecArray | null {
  regex.lastIndex = index;
  return regex.exec(text);
}

/** Where a sticky match at `index` ends, or -1; allocates nothing. */
function endOfMatchAt(regex: RegExp, text: string, index: number): number {
  regex.lastIndex = index;
  return regex.test(text) ? regex.lastIndex : -1;
}

// ---------------------------------------------------------------------------------------------
// Characters

const HYPHEN = 45;
const EN_DASH = 0x2013;
const isDigitCode = (code: number): boolean => code >= 48 && code <= 57;
const isAsciiLetterCode = (code: number): boolean => (code | 32) >= 97 && (code | 32) <= 122;
const isUpperCode = (code: number): boolean => code >= 65 && code <= 90;
const isLowerCode = (code: number): boolean => code >= 97 && code <= 122;
const isSpaceCode = (code: number): boolean => code === 32 || code === 0xa0;
const isDashCode = (code: number): boolean => code === HYPHEN || code === EN_DASH;

function isWordCode(code: number): boolean {
  if (isAsciiLetterCode(code) || isDigitCode(code) || code === 95) return true;
  // Accented letters glue a digit to a name as much as ASCII ones do.
  return code >= 0xc0 && /\p{L}/u.test(String.fromCharCode(code));
}

// ---------------------------------------------------------------------------------------------
// Values

/**
 * A number as read, with any scale words after it ("1.5 million", "twenty-five", "3bn"). `end`
 * and `exponent` grow as scale words are read, and a range may lift the lower end's exponent.
 */
interface Amount {
  readonly start: number;
  /** End of the number itself, before any scale word. */
  readonly numberEnd: number;
  end: number;
  /** Power of ten given by scale words ("million" → 6, "lakh crore" → 12). */
  exponent: number;
  /** The value of a spelled-out number; digits are read back from the text when needed. */
  readonly spelledValue: number | undefined;
  /** Written with group separators ("3,000"). */
  readonly grouped: boolean;
  readonly decimal: boolean;
}

/** Digits only: no separator, decimal point or scale. Years and days are bare. */
const isBare = (amount: Amount): boolean =>
  amount.spelledValue === undefined && !amount.grouped && !amount.decimal && amount.exponent === 0;

const pad2 = (value: number): string => (value < 10 ? `0${value}` : String(value));

/** "25" after "2024" is 2025; "00" after "1999" is 2000. */
function completeYear(first: number, written: string): number {
  if (written.length === 4) return Number(written);
  const year = first - (first % 100) + Number(written);
  return year > first ? year : year + 100;
}

/** The year a fiscal year ends in names it: "FY2024-25" and "FY25" are both "FY2025". */
function fiscalYearEnd(first: string, second: string | undefined): number {
  const firstYear = first.length === 4 ? Number(first) : 2000 + Number(first);
  if (second === undefined) return firstYear;
  const lastYear = completeYear(firstYear, second);
  return lastYear - firstYear <= 2 ? lastYear : firstYear;
}

/** Adds `amountMax` only for a range, so that a single value has no `amountMax: undefined` key. */
function withMax<T extends { readonly amount: number }>(value: T, amountMax: number | undefined): T {
  return amountMax !== undefined ? { ...value, amountMax } : value;
}

// ---------------------------------------------------------------------------------------------
// Scanner

/**
 * Finds the figures in `text` between `start` and `end`, sorted by start, with absolute UTF-16
 * offsets (`text.slice(figure.start, figure.end) === figure.text`); appended to `into` when
 * given, which is returned.
 *
 * Context before `start` is read (to tell the month "May" from the modal, or "F-16" from a
 * count), so a paragraph yields the same figures alone or within its document; nothing at or
 * after `end` is read.
 */
export function findFigures(text: string, start = 0, end: number = text.length, into: Figure[] = []): Figure[] {
  const from = Math.max(0, Math.min(Math.trunc(start) || 0, text.length));
  const to = Math.max(from, Math.min(Math.trunc(end), text.length));
  if (from >= to) return into;
  // A prefix slice is O(1) in V8 (it shares the parent's characters) and stops every regex at
  // `end`: without it a paragraph without figures would be scanned on into the rest of a large
  // document. Offsets stay absolute because the prefix starts at 0.
  const bounded = to === text.length ? text : text.slice(0, to);
  return new FigureScanner(bounded, from, into).scan();
}

class FigureScanner {
  /** No figure may start before this: the range start, then the end of the last figure. */
  private floor: number;

  constructor(
    private readonly text: string,
    start: number,
    /** Where figures go: a new array, or a document's figures so far (all before `start`). */
    private readonly figures: Figure[],
  ) {
    this.floor = start;
  }

  scan(): Figure[] {
    const text = this.text;
    if (this.floor === 0) {
      const end = endOfMatchAt(LOWER_CASE_TRIGGER_AT_START, text, 0);
      if (end > 0) this.accept(this.parseWordLed(0, end), 0, end);
    }
    const trigger = TRIGGER;
    // A lower-case trigger includes the character before its word, which may lie before `start`.
    trigger.lastIndex = Math.max(this.floor - 1, 0);
    // `test` rather than `exec`: no match object per trigger, and the start is easy to recover.
    while (trigger.test(text)) {
      const end = trigger.lastIndex;
      const position = this.triggerStart(end);
      if (position < this.floor) {
        // Glued to text before the floor (a digit at `start - 1`, "Q|3"): no figure, move on.
        trigger.lastIndex = Math.max(this.floor, end);
        continue;
      }
      const first = text.charCodeAt(position);
      let figure: Figure | undefined;
      if (isDigitCode(first)) figure = this.parseNumberLed(position);
      else if (end - position === 1) figure = this.parseMoney(position);
      else if (position === 0 || !isWordCode(text.charCodeAt(position - 1))) figure = this.parseWordLed(position, end);
      trigger.lastIndex = this.accept(figure, position, end - position);
    }
    return this.figures;
  }

  /**
   * Where the trigger match ending at `end` starts (without its leading character). Every
   * alternative ends recognisably: a digit or currency sign stands alone unless it closes
   * "Q3" or "US$", "Rs." ends in a dot, and the rest are words, "a decade" with its article.
   */
  private triggerStart(end: number): number {
    const text = this.text;
    const last = text.charCodeAt(end - 1);
    if (isDigitCode(last)) return end >= 2 && text.charCodeAt(end - 2) === 81 ? end - 2 : end - 1;
    if (last === 46) return end - 3;
    if (!isAsciiLetterCode(last)) {
      const start = this.lettersStart(end - 1);
      return CURRENCY_BY_PREFIX.has(text.slice(start, end)) ? start : end - 1;
    }
    const start = this.lettersStart(end);
    const isArticle = start >= 2 && isSpaceCode(text.charCodeAt(start - 1)) && (text.charCodeAt(start - 2) | 32) === 97;
    return isArticle && WORDS_AFTER_ARTICLE.has(text.slice(start, end)) ? start - 2 : start;
  }

  /** Records a figure and returns where scanning resumes. */
  private accept(figure: Figure | undefined, position: number, triggerLength: number): number {
    if (figure !== undefined) {
      this.figures.push(figure);
      this.floor = figure.end;
      return figure.end;
    }
    // Skip the rest of the token, so that "COVID-19" is not retried at "9".
    let index = position + triggerLength;
    while (index < this.text.length && isWordCode(this.text.charCodeAt(index))) index++;
    return index;
  }

  private figure(kind: FigureKind, start: number, end: number, value: FigureValue): Figure {
    return { start, end, text: this.text.slice(start, end), kind, value };
  }

  private parseWordLed(position: number, end: number): Figure | undefined {
    const text = this.text;
    const first = text.charCodeAt(position);
    if (isSpaceCode(text.charCodeAt(position + 1))) return this.parseArticleLed(position, end);
    if (isLowerCode(first)) {
      const isFiscal = end - position === 6 && text.startsWith('fiscal', position);
      return isFiscal ? this.parseFiscalYear(position) : this.parseSpelledLed(position);
    }
    const word = text.slice(position, end);
    if (MONTH_BY_NAME.has(word)) return this.parseMonthLed(position, end);
    if (word.charCodeAt(word.length - 1) === 36 || CURRENCY_BY_PREFIX.has(word)) return this.parseMoney(position);
    if (word === 'FY' || word === 'Fiscal') return this.parseFiscalYear(position);
    if (first === 81 && word.length === 2) return this.parseQuarter(position);
    return this.parseSpelledLed(position);
  }

  // -------------------------------------------------------------------------------------------
  // Reading numbers and words

  private readDigits(position: number): Amount | undefined {
    const text = this.text;
    const end = endOfMatchAt(DIGITS, text, position);
    if (end < 0) return undefined;
    let grouped = false;
    let decimal = false;
    for (let index = position; index < end; index++) {
      const code = text.charCodeAt(index);
      if (code === 44) grouped = true;
      else if (code === 46) decimal = true;
    }
    return { start: position, numberEnd: end, end, exponent: 0, spelledValue: undefined, grouped, decimal };
  }

  /** "two", "Twenty-five", "three hundred"; scale words follow in `addScale`. */
  private readSpelled(position: number): Amount | undefined {
    const text = this.text;
    let end = this.lettersEnd(position);
    let value = SPELLED_VALUES.get(text.slice(position, end));
    if (value === undefined) return undefined;
    if (value >= 20 && value % 10 === 0 && text.charCodeAt(end) === HYPHEN) {
      const unitEnd = this.lettersEnd(end + 1);
      const unit = SPELLED_VALUES.get(text.slice(end + 1, unitEnd));
      if (unit !== undefined && unit < 10) {
        value += unit;
        end = unitEnd;
      }
    } else if (value < 10 && isSpaceCode(text.charCodeAt(end)) && text.startsWith('hundred', end + 1)
      && !isAsciiLetterCode(text.charCodeAt(end + 8))) {
      value *= 100;
      end += 8;
    }
    return { start: position, numberEnd: end, end, exponent: 0, spelledValue: value, grouped: false, decimal: false };
  }

  /**
   * Exact: the digits form an integer below 2^53 and a power of ten up to 1e22 is exact, so one
   * multiplication or division rounds correctly, as `Number("1.1e9")` does.
   */
  private valueOf(amount: Amount): number {
    if (amount.spelledValue !== undefined) return amount.spelledValue * 10 ** amount.exponent;
    const text = this.text;
    let digits = 0;
    let mantissa = 0;
    let decimals = 0;
    for (let index = amount.start; index < amount.numberEnd; index++) {
      const code = text.charCodeAt(index);
      if (code === 46) decimals = amount.numberEnd - index - 1;
      else if (code !== 44) {
        mantissa = mantissa * 10 + (code - 48);
        digits++;
      }
    }
    const exponent = amount.exponent - decimals;
    if (digits > 15 || exponent < -22 || exponent > 22) {
      const written = text.slice(amount.start, amount.numberEnd).replace(/,/g, '');
      return Number(`${written}e${amount.exponent}`);
    }
    return exponent >= 0 ? mantissa * 10 ** exponent : mantissa / 10 ** -exponent;
  }

  /** Extends `amount` over "million", "bn", "lakh crore" — or, after a currency, a glued "m". */
  private addScale(amount: Amount, afterCurrency: boolean): void {
    const text = this.text;
    const next = text.charCodeAt(amount.end);
    const letter = isSpaceCode(next) ? text.charCodeAt(amount.end + 1) : next;
    // thousand, trillion, tn, million, mn, billion, bn, crore, lakh, and a glued k.
    if (letter !== 116 && letter !== 109 && letter !== 98 && letter !== 99 && letter !== 108 && letter !== 107) return;
    const scale = execAt(SCALE, text, amount.end);
    if (scale !== null) {
      amount.exponent += (SCALE_EXPONENTS.get(scale[1]) ?? 0) + (scale[2] !== undefined ? 7 : 0);
      amount.end += scale[0].length;
      return;
    }
    if (afterCurrency && letter === next) {
      const glued = execAt(CURRENCY_SCALE, text, amount.end);
      if (glued !== null) {
        amount.exponent += SCALE_EXPONENTS.get(glued[1]) ?? 0;
        amount.end += 1;
      }
    }
  }

  /**
   * The upper end of a range starting at `from` ("2-3", "10 to 15", "$2 billion to $3
   * billion"), if larger than the lower end. A scale written once belongs to both ends:
   * "$2-3 billion" lifts the lower end to 2e9.
   */
  private readRangeEnd(lower: Amount, from: number, repeatedPrefix?: string): Amount | undefined {
    const text = this.text;
    const next = text.charCodeAt(from);
    if (!isDashCode(next)) {
      if (!isSpaceCode(next)) return undefined;
      const after = text.charCodeAt(from + 1);
      if (!isDashCode(after) && after !== 116) return undefined;
    }
    let position = endOfMatchAt(RANGE, text, from);
    if (position < 0) return undefined;
    if (repeatedPrefix !== undefined && text.startsWith(repeatedPrefix, position)) {
      position += repeatedPrefix.length;
      if (isSpaceCode(text.charCodeAt(position))) position++;
    }
    const upper = lower.spelledValue !== undefined ? this.readSpelled(position) : this.readDigits(position);
    if (upper === undefined) return undefined;
    this.addScale(upper, repeatedPrefix !== undefined);
    if (lower.spelledValue === undefined && this.isGluedToSomething(upper.end)) return undefined;
    if (lower.exponent > 0 && upper.exponent === 0) upper.exponent = lower.exponent;
    const lowerExponent = lower.exponent;
    if (lowerExponent === 0) lower.exponent = upper.exponent;
    if (this.valueOf(upper) > this.valueOf(lower)) return upper;
    lower.exponent = lowerExponent;
    return undefined;
  }

  /** A digit, letter or ":"/"/" + digit right after a number makes it a code, time or fraction. */
  private isGluedToSomething(index: number): boolean {
    const code = this.text.charCodeAt(index);
    if (isWordCode(code)) return true;
    return (code === 58 || code === 47) && isDigitCode(this.text.charCodeAt(index + 1));
  }

  /** "G20", "F-16", "COVID-19", "1.2.3", "10:30", "9/11" — but not "mid-2024" or "(2024)". */
  private isInsideName(position: number): boolean {
    const text = this.text;
    if (position === 0) return false;
    const before = text.charCodeAt(position - 1);
    if (isWordCode(before)) return true;
    // "1.2.3", "1,2", "10:30", "9/11".
    if (before === 46 || before === 44 || before === 58 || before === 47) return isDigitCode(text.charCodeAt(position - 2));
    if (before !== HYPHEN) return false;
    let wordStart = position - 1;
    while (wordStart > 0 && isWordCode(text.charCodeAt(wordStart - 1))) wordStart--;
    if (wordStart === position - 1) return false;
    const word = text.slice(wordStart, position - 1);
    return !TEMPORAL_PREFIXES.has(word.toLowerCase()) && !/^[a-z]+$/.test(word);
  }

  private lettersEnd(index: number): number {
    let end = index;
    while (isAsciiLetterCode(this.text.charCodeAt(end))) end++;
    return end;
  }

  /** Where the letters ending at `end` begin. */
  private lettersStart(end: number): number {
    let start = end;
    while (start > 0 && isAsciiLetterCode(this.text.charCodeAt(start - 1))) start--;
    return start;
  }

  /** The word ending just before `position`, across inline spaces or a hyphen. */
  private wordBefore(position: number): { readonly start: number; readonly text: string } | undefined {
    const text = this.text;
    let end = position;
    if (end > 0 && text.charCodeAt(end - 1) === HYPHEN) end--;
    else while (end > 0 && isSpaceCode(text.charCodeAt(end - 1))) end--;
    const start = this.lettersStart(end);
    return start === end ? undefined : { start, text: text.slice(start, end) };
  }

  /** A lower-case plural right after `index` ("US troops", "new projects"), or undefined. */
  private pluralAfter(index: number): string | undefined {
    const text = this.text;
    if (!isSpaceCode(text.charCodeAt(index)) || !isLowerCode(text.charCodeAt(index + 1))) return undefined;
    const end = this.compoundEnd(this.lettersEnd(index + 1));
    const word = text.slice(index + 1, end);
    return word.endsWith('s') && !FUNCTION_WORDS.has(word) ? word : undefined;
  }

  /** Extends a word over hyphenated parts: "cease" → "cease-fires". */
  private compoundEnd(end: number): number {
    let index = end;
    while (this.text.charCodeAt(index) === HYPHEN && isAsciiLetterCode(this.text.charCodeAt(index + 1))) {
      index = this.lettersEnd(index + 1);
    }
    return index;
  }

  // -------------------------------------------------------------------------------------------
  // Numbers written with digits

  private parseNumberLed(position: number): Figure | undefined {
    const text = this.text;
    if (this.isInsideName(position)) return undefined;
    const number = this.readDigits(position);
    if (number === undefined) return undefined;
    const next = text.charCodeAt(number.numberEnd);

    if (next === HYPHEN && number.numberEnd - position === 4) {
      const iso = execAt(ISO_DATE, text, position);
      if (iso !== null && this.isValidDay(Number(iso[1]), Number(iso[2]))) {
        return this.figure('date', position, position + iso[0].length, { iso: iso[0] });
      }
    }
    if (isAsciiLetterCode(next) && endOfMatchAt(ORDINAL_SUFFIX, text, number.numberEnd) >= 0) {
      return this.parseDayLed(position);
    }
    if (next === 115) return this.parseDecade(number);
    if (isBare(number) && number.numberEnd - position <= 2) {
      const after = text.charCodeAt(number.numberEnd + 1);
      const mayBeDayLed = isDashCode(next) || (isSpaceCode(next) && (isUpperCode(after) || isDashCode(after) || after === 116));
      const date = mayBeDayLed ? this.parseDayLed(position) : undefined;
      if (date !== undefined) return date;
    }

    this.addScale(number, false);
    if (this.isGluedToSomething(number.end)) return undefined;

    const before = text.charCodeAt(position - 1);
    if ((isSpaceCode(before) || before === HYPHEN) && isAsciiLetterCode(text.charCodeAt(position - 2))) {
      // Level and reference words all have four letters or more.
      const wordStart = this.lettersStart(position - 1);
      if (position - 1 - wordStart >= 4) {
        const word = text.slice(wordStart, position - 1);
        const lowered = word.toLowerCase();
        if (REFERENCE_WORDS.has(lowered)) return undefined;
        if (LEVEL_WORDS.has(lowered) && wordStart >= this.floor) return this.parseLevel(wordStart, word, number);
      }
    }
    return this.classifyAmount(number);
  }

  private parseLevel(start: number, level: string, amount: Amount): Figure {
    const upper = this.readRangeEnd(amount, amount.end);
    const value: QuantityValue = { amount: this.valueOf(amount), unit: level };
    return this.figure('quantity', start, upper?.end ?? amount.end, withMax(value, upper && this.valueOf(upper)));
  }

  /** "1990s", "the 2020s", "’90s". */
  private parseDecade(number: Amount): Figure | undefined {
    const text = this.text;
    const length = number.numberEnd - number.start;
    const end = number.numberEnd + 1;
    if (!isBare(number) || text.charCodeAt(number.numberEnd - 1) !== 48 || isAsciiLetterCode(text.charCodeAt(end))) return undefined;
    if (length === 4) {
      const first = Number(text.slice(number.start, number.numberEnd));
      if (first < 1500 || first > 2099) return undefined;
      return this.figure('date', number.start, end, { iso: String(first), isoEnd: String(first + 9) });
    }
    // Autocorrect often turns the apostrophe of "’90s" into an opening quote.
    const apostrophe = text.charCodeAt(number.start - 1);
    const isApostrophe = apostrophe === 39 || apostrophe === 0x2019 || apostrophe === 0x2018;
    if (length !== 2 || !isApostrophe || number.start - 1 < this.floor) return undefined;
    const twoDigits = Number(text.slice(number.start, number.numberEnd));
    // Texts about the 2020s write them in full far more often than texts about the 1930s do.
    const first = (twoDigits >= 30 ? 1900 : 2000) + twoDigits;
    return this.figure('date', number.start - 1, end, { iso: String(first), isoEnd: String(first + 9) });
  }

  // -------------------------------------------------------------------------------------------
  // Classifying a number by what follows it

  private classifyAmount(first: Amount): Figure | undefined {
    const text = this.text;
    const start = first.start;

    const firstPercentEnd = this.percentEnd(first.end);
    if (firstPercentEnd >= 0) return this.parsePercent(first, firstPercentEnd);

    const upper = this.readRangeEnd(first, first.end);
    const tail = upper?.end ?? first.end;
    const amount = this.valueOf(first);
    const amountMax = upper && this.valueOf(upper);

    const percentEnd = this.percentEnd(tail);
    if (percentEnd >= 0) {
      return this.figure('percent', start, percentEnd, withMax({ amount, unit: this.percentUnit(tail) }, amountMax));
    }

    // The word after the number: a currency, a unit of time, or what is counted.
    const separator = text.charCodeAt(tail);
    const isHyphenated = separator === HYPHEN;
    let word: string | undefined;
    let wordEnd = tail;
    if ((isSpaceCode(separator) || isHyphenated) && isAsciiLetterCode(text.charCodeAt(tail + 1))) {
      wordEnd = this.lettersEnd(tail + 1);
      word = text.slice(tail + 1, wordEnd);
      if (!isHyphenated) {
        const money = this.currencyAfter(word, wordEnd);
        if (money !== undefined) {
          return this.figure('money', start, money.end, withMax({ amount, currency: money.code }, amountMax));
        }
      }
      const unit = DURATION_BY_WORD.get(word);
      // "three quarters of the vote" is a fraction, not a time.
      if (unit === 'quarter' && text.startsWith(' of', wordEnd)) return undefined;
      if (unit !== undefined) return this.figure('duration', start, wordEnd, withMax({ amount, unit }, amountMax));
    }

    if (isBare(first) && first.numberEnd - start === 4) {
      const year = Number(text.slice(start, first.numberEnd));
      if (year >= 1500 && year <= 2099) return this.parseYear(first, year);
    }

    const spelled = first.spelledValue !== undefined;
    const unit = word !== undefined ? this.unitOf(word, wordEnd, isHyphenated, spelled) : undefined;
    if (spelled && unit === undefined) return undefined;
    const value: QuantityValue = unit !== undefined ? { amount, unit } : { amount };
    return this.figure('quantity', start, tail, withMax(value, amountMax));
  }

  /** Where "%", " per cent", " percent" or " percentage points" after `index` ends, or -1. */
  private percentEnd(index: number): number {
    const text = this.text;
    const next = text.charCodeAt(index);
    if (next === 37) return index + 1;
    if (!isSpaceCode(next)) return -1;
    const after = text.charCodeAt(index + 1);
    if (after === 37) return index + 2;
    return after === 112 ? endOfMatchAt(PERCENT_WORDS, text, index) : -1;
  }

  private percentUnit(index: number): 'percent' | 'percentage-point' {
    return this.text.startsWith('percentage', index + 1) ? 'percentage-point' : 'percent';
  }

  /** "29%", and "10%-15%", which repeats the sign on both ends. */
  private parsePercent(first: Amount, firstPercentEnd: number): Figure {
    const unit = this.percentUnit(first.end);
    const upper = this.readRangeEnd(first, firstPercentEnd);
    const amount = this.valueOf(first);
    const upperPercentEnd = upper !== undefined ? this.percentEnd(upper.end) : -1;
    if (upper !== undefined && upperPercentEnd >= 0 && this.percentUnit(upper.end) === unit) {
      return this.figure('percent', first.start, upperPercentEnd, { amount, unit, amountMax: this.valueOf(upper) });
    }
    return this.figure('percent', first.start, firstPercentEnd, { amount, unit });
  }

  /** "rupees", "USD", "US dollars", "Indian rupees" after a number. */
  private currencyAfter(word: string, wordEnd: number): { readonly code: string; readonly end: number } | undefined {
    const first = word.charCodeAt(0);
    // Currency words start with d, e, p, r, y; codes and qualifiers with a capital.
    if (first !== 100 && first !== 101 && first !== 112 && first !== 114 && first !== 121 && !isUpperCode(first)) return undefined;
    const code = CURRENCY_BY_WORD.get(word) ?? (CURRENCY_CODES.has(word) ? word : undefined);
    if (code !== undefined) return { code, end: wordEnd };
    if (!CURRENCY_QUALIFIERS.has(word) || !isSpaceCode(this.text.charCodeAt(wordEnd))) return undefined;
    const nextEnd = this.lettersEnd(wordEnd + 1);
    const next = this.text.slice(wordEnd + 1, nextEnd);
    const qualified = CURRENCY_BY_QUALIFIED_WORD.get(`${word} ${next.endsWith('s') ? next.slice(0, -1) : next}`);
    return qualified !== undefined ? { code: qualified, end: nextEnd } : undefined;
  }

  /** "2024", "2024-25", "2019 to 2023", "the 2024-25 fiscal year". */
  private parseYear(first: Amount, firstYear: number): Figure {
    const text = this.text;
    let end = first.end;
    let lastYear: number | undefined;
    const next = text.charCodeAt(end);
    if (isDashCode(next) || (isSpaceCode(next) && (text.charCodeAt(end + 1) === 116 || isDashCode(text.charCodeAt(end + 1))))) {
      const range = execAt(YEAR_RANGE, text, end);
      if (range !== null) {
        const written = range[1] ?? range[2];
        const candidate = completeYear(firstYear, written);
        // "2024-25" and "2019–2023" are spans of years; "2024-99" is not.
        if (candidate <= 2099 && (written.length === 4 ? candidate > firstYear : candidate - firstYear <= 20)) {
          lastYear = candidate;
          end += range[0].length;
        }
      }
    }
    if (endOfMatchAt(FISCAL_YEAR_AFTER, text, end) >= 0) {
      return this.figure('date', first.start, end, { iso: `FY${lastYear ?? firstYear}` });
    }
    const value: DateValue =
      lastYear !== undefined ? { iso: String(firstYear), isoEnd: String(lastYear) } : { iso: String(firstYear) };
    return this.figure('date', first.start, end, value);
  }

  /** What a number counts: the next word, or the plural after it ("three new projects"). */
  private unitOf(word: string, wordEnd: number, isHyphenated: boolean, spelled: boolean): string | undefined {
    // A spelled number hyphenated to a word is a fraction or a compound ("two-thirds").
    if (spelled && isHyphenated) return undefined;
    if (isLowerCode(word.charCodeAt(0))) {
      if (FUNCTION_WORDS.has(word)) return undefined;
      const end = this.compoundEnd(wordEnd);
      if (end === wordEnd && !isHyphenated && !word.endsWith('s')) {
        const plural = this.pluralAfter(wordEnd);
        if (plural !== undefined) return plural;
      }
      return end === wordEnd ? word : this.text.slice(wordEnd - word.length, end);
    }
    return isHyphenated ? undefined : this.pluralAfter(wordEnd);
  }

  // -------------------------------------------------------------------------------------------
  // Money with a currency sign or code in front

  private parseMoney(position: number): Figure | undefined {
    const prefix = execAt(MONEY_PREFIX, this.text, position);
    if (prefix === null) return undefined;
    const sign = prefix[1];
    const first = this.readDigits(position + prefix[0].length);
    if (first === undefined) return undefined;
    this.addScale(first, true);
    if (this.isGluedToSomething(first.end)) return undefined;
    const upper = this.readRangeEnd(first, first.end, sign);
    const value = { amount: this.valueOf(first), currency: CURRENCY_BY_PREFIX.get(sign) ?? 'USD' };
    return this.figure('money', position, upper?.end ?? first.end, withMax(value, upper && this.valueOf(upper)));
  }

  // -------------------------------------------------------------------------------------------
  // Dates

  private isValidDay(month: number, day: number): boolean {
    return month >= 1 && month <= 12 && day >= 1 && day <= DAYS_IN_MONTH[month - 1];
  }

  /** "Feb 19, 2026", "April 8 to 9", "April 8-9, 2026", "June 2025", "June", "the May cease-fire". */
  private parseMonthLed(position: number, nameEnd: number): Figure | undefined {
    const text = this.text;
    // Most months in prose stand alone ("in June"): only a digit after them needs the regex.
    let next = nameEnd;
    if (text.charCodeAt(next) === 46 || text.charCodeAt(next) === 44) next++;
    if (!isSpaceCode(text.charCodeAt(next)) || !isDigitCode(text.charCodeAt(next + 1))) {
      return this.parseBareMonth(position, nameEnd);
    }
    const match = execAt(MONTH_LED, text, position);
    if (match === null) return undefined;
    const [whole, name, , dayText, secondMonthName, secondDayText, yearText] = match;
    const month = MONTH_BY_NAME.get(name) ?? 1;
    const day = dayText !== undefined ? Number(dayText) : undefined;

    if (day === undefined || !this.isValidDay(month, day)) {
      if (yearText !== undefined && day === undefined) {
        return this.figure('date', position, position + whole.length, { iso: `${yearText}-${pad2(month)}` });
      }
      return this.parseBareMonth(position, nameEnd);
    }

    const yearPart = yearText ?? '-';
    const iso = `${yearPart}-${pad2(month)}-${pad2(day)}`;
    if (secondDayText === undefined) return this.figure('date', position, position + whole.length, { iso });
    const secondMonth = secondMonthName !== undefined ? MONTH_BY_NAME.get(secondMonthName) ?? month : month;
    const secondDay = Number(secondDayText);
    const isLater = secondMonth > month || (secondMonth === month && secondDay > day);
    if (this.isValidDay(secondMonth, secondDay) && isLater) {
      const isoEnd = `${yearPart}-${pad2(secondMonth)}-${pad2(secondDay)}`;
      return this.figure('date', position, position + whole.length, { iso, isoEnd });
    }
    // Not a range after all ("April 9 to 8"): keep the first date alone.
    const single = endOfMatchAt(MONTH_DAY, this.text, position);
    return this.figure('date', position, single, { iso: `--${pad2(month)}-${pad2(day)}` });
  }

  /** "June", "the May cease-fire"; an abbreviation alone is a name ("Jan"). */
  private parseBareMonth(position: number, nameEnd: number): Figure | undefined {
    const name = this.text.slice(position, nameEnd);
    if (!FULL_MONTHS.includes(name)) return undefined;
    if (name === 'May' && !this.isMonthMay(position)) return undefined;
    return this.figure('date', position, nameEnd, { iso: `--${pad2(MONTH_BY_NAME.get(name) ?? 1)}` });
  }

  /** "19 February 2026", "8-9 April", "5th of May". */
  private parseDayLed(position: number): Figure | undefined {
    const match = execAt(DAY_LED, this.text, position);
    if (match === null) return undefined;
    const [whole, dayText, secondDayText, name, dot, yearText] = match;
    const month = MONTH_BY_NAME.get(name) ?? 1;
    const day = Number(dayText);
    if (!this.isValidDay(month, day)) return undefined;
    // A full stop after the month ends the sentence unless a year follows.
    const end = position + whole.length - (dot !== undefined && yearText === undefined ? 1 : 0);
    const yearPart = yearText ?? '-';
    const iso = `${yearPart}-${pad2(month)}-${pad2(day)}`;
    if (secondDayText === undefined) return this.figure('date', position, end, { iso });
    const secondDay = Number(secondDayText);
    if (!this.isValidDay(month, secondDay) || secondDay <= day) return undefined;
    return this.figure('date', position, end, { iso, isoEnd: `${yearPart}-${pad2(month)}-${pad2(secondDay)}` });
  }

  /**
   * A bare "May" is the month after a temporal word ("the May cease-fire", "in May", "mid-May")
   * or in a list of months ("April, May"). Otherwise a lower-case word after it makes it the
   * modal ("May be"), and so does any word after it at a sentence start ("May God …"); a
   * capitalised word before it makes it a surname ("Theresa May").
   */
  private isMonthMay(position: number): boolean {
    const text = this.text;
    const before = this.wordBefore(position);
    if (before !== undefined && (MAY_CONTEXT_WORDS.has(before.text.toLowerCase()) || MONTH_BY_NAME.has(before.text))) {
      return true;
    }
    if (before === undefined && this.isListedAfterMonth(position)) return true;
    const after = position + 3;
    const followedByWord = isSpaceCode(text.charCodeAt(after)) && isAsciiLetterCode(text.charCodeAt(after + 1));
    if (followedByWord && isLowerCode(text.charCodeAt(after + 1))) return false;
    if (before === undefined) return !followedByWord;
    return !isUpperCode(before.text.charCodeAt(0));
  }

  /** "April, May and June": a month and a comma before a bare "May". */
  private isListedAfterMonth(position: number): boolean {
    let index = position;
    while (index > 0 && isSpaceCode(this.text.charCodeAt(index - 1))) index--;
    if (index === 0 || this.text.charCodeAt(index - 1) !== 44) return false;
    const word = this.wordBefore(index - 1);
    return word !== undefined && MONTH_BY_NAME.has(word.text);
  }

  /** "FY2025", "FY25", "FY2024-25", "fiscal 2025", "fiscal year 2024-25" → "FY2025". */
  private parseFiscalYear(position: number): Figure | undefined {
    const match = execAt(FISCAL_YEAR, this.text, position);
    if (match === null) return undefined;
    const iso = `FY${fiscalYearEnd(match[1] ?? match[2], match[3])}`;
    return this.figure('date', position, position + match[0].length, { iso });
  }

  /** "Q3 2025" → "2025-Q3", "Q1 FY25" → "FY2025-Q1". */
  private parseQuarter(position: number): Figure | undefined {
    const match = execAt(QUARTER, this.text, position);
    if (match === null) return undefined;
    const [whole, quarter, year, fiscalFirst, fiscalSecond] = match;
    const iso = year !== undefined ? `${year}-Q${quarter}` : `FY${fiscalYearEnd(fiscalFirst, fiscalSecond)}-Q${quarter}`;
    return this.figure('date', position, position + whole.length, { iso });
  }

  // -------------------------------------------------------------------------------------------
  // Spelled-out numbers

  private parseSpelledLed(position: number): Figure | undefined {
    const number = this.readSpelled(position);
    if (number === undefined) return undefined;
    this.addScale(number, false);
    if (number.spelledValue === 1 && number.exponent === 0) return this.parseOneDuration(number);
    return this.classifyAmount(number);
  }

  /** "a decade", "A century", "half a decade", "a million refugees". */
  private parseArticleLed(position: number, end: number): Figure | undefined {
    const word = this.text.slice(position + 2, end);
    if (word === 'decade' || word === 'century') {
      const half = this.wordBefore(position);
      const isHalf = half !== undefined && half.text.toLowerCase() === 'half' && half.start >= this.floor;
      const start = isHalf && half !== undefined ? half.start : position;
      return this.figure('duration', start, end, { amount: isHalf ? 0.5 : 1, unit: word });
    }
    const exponent = SCALE_EXPONENTS.get(word) ?? 0;
    const amount: Amount = { start: position, numberEnd: end, end, exponent, spelledValue: 1, grouped: false, decimal: false };
    this.addScale(amount, false);
    return this.classifyAmount(amount);
  }

  /** A lone "one" counts only as a time: "one-year", "one year". */
  private parseOneDuration(one: Amount): Figure | undefined {
    const wordEnd = this.lettersEnd(one.end + 1);
    const unit = DURATION_BY_WORD.get(this.text.slice(one.end + 1, wordEnd));
    if (unit === undefined || unit === 'day' || unit === 'second' || unit === 'quarter') return undefined;
    return this.figure('duration', one.start, wordEnd, { amount: 1, unit });
  }
}

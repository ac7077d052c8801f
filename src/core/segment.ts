import type { Paragraph, Segment, SegmentRole, Span } from './types';

/**
 * Paragraphs are non-blank lines: policy texts pasted from the web put one paragraph on a line,
 * and a line is also the unit headlines, bylines and datelines come in. Leading and trailing
 * blanks are not part of a paragraph, so decorations never start in indentation.
 */
export function findParagraphs(text: string, start = 0, end = text.length): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let lineStart = start;
  if (lineStart === 0 && text.charCodeAt(0) === 0xfeff) lineStart = 1;
  // Lines end at LF, CRLF or a lone CR, found with indexOf (native, several times faster than
  // reading every character here); the next CR is looked for again only once passed.
  let nextCarriageReturn = -1;
  while (lineStart < end) {
    if (nextCarriageReturn < lineStart) nextCarriageReturn = indexOrEnd(text, '\r', lineStart);
    const lineEnd = Math.min(indexOrEnd(text, '\n', lineStart), nextCarriageReturn, end);
    const trimmedStart = skipBlanks(text, lineStart, lineEnd);
    const trimmedEnd = skipBlanksBack(text, trimmedStart, lineEnd);
    if (trimmedStart < trimmedEnd) paragraphs.push({ start: trimmedStart, end: trimmedEnd, index: paragraphs.length });
    lineStart = lineEnd;
    if (text.charCodeAt(lineStart) === 13) lineStart++;
    if (text.charCodeAt(lineStart) === 10) lineStart++;
  }
  return paragraphs;
}

function indexOrEnd(text: string, search: string, from: number): number {
  const found = text.indexOf(search, from);
  return found < 0 ? text.length : found;
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 0xa0 || code === 0x3000 || code === 0xfeff || (code >= 0x2000 && code <= 0x200b);
}

function skipBlanks(text: string, start: number, end: number): number {
  while (start < end && isBlank(text.charCodeAt(start))) start++;
  return start;
}

function skipBlanksBack(text: string, start: number, end: number): number {
  while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
  return end;
}

// Words after which a full stop does not end a sentence. Matched case-sensitively on the
// token before the dot, so "US." (end of a sentence) differs from "U.S." (handled below).
const ABBREVIATIONS = new Set([
  'Mr', 'Mrs', 'Ms', 'Messrs', 'Dr', 'Prof', 'Gen', 'Lt', 'Col', 'Maj', 'Capt', 'Cmdr', 'Adm', 'Brig', 'Sgt', 'Cpl',
  'Sen', 'Rep', 'Gov', 'Amb', 'Pres', 'Hon', 'Rev', 'Fr', 'St', 'Sr', 'Jr', 'Mt', 'Ft',
  'Jan', 'Feb', 'Mar', 'Apr', 'Jun', 'Jul', 'Aug', 'Sep', 'Sept', 'Oct', 'Nov', 'Dec',
  'No', 'Nos', 'Vol', 'vol', 'pp', 'p', 'para', 'Art', 'art', 'Fig', 'fig', 'ch', 'Ch', 'ed', 'eds',
  'vs', 'v', 'cf', 'al', 'approx', 'est', 'Inc', 'Ltd', 'Co', 'Corp', 'Bros', 'Dept', 'Univ', 'Assn',
  'ca', 'c', 'viz', 'Rs', 'Re',
]);

const MAX_ABBREVIATION_LENGTH = Math.max(...[...ABBREVIATIONS].map((word) => word.length));

/** Abbreviations that can also close a sentence: they end it when a new sentence clearly starts. */
const SOMETIMES_FINAL = new Set(['etc', 'Inc', 'Ltd', 'Co', 'Corp', 'al', 'Jr', 'Sr', 'Bros']);

// Typical sentence openers: after "U.S." or "etc." they show a new sentence has begun.
const SENTENCE_OPENERS = new Set([
  'The', 'This', 'That', 'These', 'Those', 'It', 'Its', 'He', 'She', 'They', 'We', 'I', 'But', 'And', 'Yet', 'So',
  'In', 'On', 'At', 'For', 'As', 'If', 'When', 'While', 'After', 'Before', 'Since', 'There', 'Here', 'A', 'An',
  'Meanwhile', 'However', 'Still', 'Moreover', 'Furthermore', 'Additionally', 'Despite', 'Although', 'Its',
  'Such', 'What', 'Why', 'How', 'Our', 'Their', 'His', 'Her', 'Both', 'Many', 'Most', 'Some', 'Officials',
]);

const CLOSERS = new Set([0x22, 0x27, 0x29, 0x5d, 0x2019, 0x201d, 0xbb, 0x203a]); // " ' ) ] ’ ” » ›

// test(), not exec(): it finds the next terminator without building a match array.
const TERMINATOR = /[.!?…]/g;

function isTerminator(code: number): boolean {
  return code === 46 || code === 33 || code === 63 || code === 0x2026;
}

/** Sentence spans of one paragraph, absolute offsets, trimmed. */
export function splitSentences(text: string, start: number, end: number): Span[] {
  const bounds = sentenceBounds(text, start, end);
  const sentences: Span[] = [];
  for (let index = 0; index < bounds.length; index += 2) sentences.push({ start: bounds[index], end: bounds[index + 1] });
  return sentences;
}

/**
 * Segmentation is synchronous and never nested, so sentence bounds go into one scratch array,
 * read before the next call: no span object per sentence on the way to its segment.
 */
const SENTENCE_BOUNDS: number[] = [];

/** `splitSentences` as start, end pairs in a scratch array that the next call overwrites. */
function sentenceBounds(text: string, start: number, end: number): readonly number[] {
  const bounds = SENTENCE_BOUNDS;
  bounds.length = 0;
  let sentenceStart = start;
  // The search must not run on past the paragraph (a text of lines without a full stop would
  // take time growing with its square). A paragraph that ends in a terminator stops it there;
  // one that does not is searched in a prefix slice, which measured a little slower.
  const endsInTerminator = isTerminator(lastMeaningfulChar(text, start, end));
  const subject = endsInTerminator || end === text.length ? text : text.slice(0, end);
  TERMINATOR.lastIndex = start;
  while (TERMINATOR.test(subject)) {
    const terminatorStart = TERMINATOR.lastIndex - 1;
    let terminatorEnd = terminatorStart + 1;
    while (terminatorEnd < end && isTerminator(text.charCodeAt(terminatorEnd))) terminatorEnd++;
    TERMINATOR.lastIndex = terminatorEnd;
    let boundary = terminatorEnd;
    while (boundary < end && CLOSERS.has(text.charCodeAt(boundary))) boundary++;
    if (boundary < end && !isBlank(text.charCodeAt(boundary))) continue;
    const singleDot = terminatorEnd - terminatorStart === 1 && text.charCodeAt(terminatorStart) === 46;
    if (!endsSentence(text, terminatorStart, singleDot, boundary, end)) continue;
    pushTrimmed(bounds, text, sentenceStart, boundary);
    sentenceStart = boundary;
    if (boundary >= end) break;
  }
  TERMINATOR.lastIndex = 0;
  pushTrimmed(bounds, text, sentenceStart, end);
  return bounds;
}

function pushTrimmed(bounds: number[], text: string, start: number, end: number): void {
  const trimmedStart = skipBlanks(text, start, end);
  const trimmedEnd = skipBlanksBack(text, trimmedStart, end);
  if (trimmedStart < trimmedEnd) bounds.push(trimmedStart, trimmedEnd);
}

function endsSentence(text: string, dotIndex: number, singleDot: boolean, boundary: number, end: number): boolean {
  let next = boundary;
  while (next < end && isBlank(text.charCodeAt(next))) next++;
  if (next >= end) return true;
  const nextCode = text.charCodeAt(next);
  // A lower-case continuation means the dot belonged to an abbreviation ("approx. five").
  if (nextCode >= 97 && nextCode <= 122) return false;
  if (!singleDot) return true;

  let wordStart = dotIndex;
  while (wordStart > 0 && isWordChar(text.charCodeAt(wordStart - 1))) wordStart--;
  const wordLength = dotIndex - wordStart;
  if (wordLength === 0) return true;
  // Abbreviations are short: a longer word before the dot ends the sentence without a lookup.
  if (wordLength <= MAX_ABBREVIATION_LENGTH) {
    const word = text.slice(wordStart, dotIndex);
    if (ABBREVIATIONS.has(word)) return SOMETIMES_FINAL.has(word) && SENTENCE_OPENERS.has(readWord(text, next, end));
  }
  // Initials ("J. K. Rowling") and dotted acronyms ("U.S.", "e.g.", "U.N.").
  if (wordLength === 1) {
    const dottedAcronym = wordStart >= 2 && text.charCodeAt(wordStart - 1) === 46 && isLetterCode(text.charCodeAt(wordStart - 2));
    if (isUpper(text.charCodeAt(wordStart))) return dottedAcronym && SENTENCE_OPENERS.has(readWord(text, next, end));
    if (dottedAcronym) return SENTENCE_OPENERS.has(readWord(text, next, end)); // "e.g."
  }
  // A number followed by a dot and a digit was a decimal; here a digit follows a blank: list item "No. 4".
  return true;
}

function readWord(text: string, start: number, end: number): string {
  let stop = start;
  while (stop < end && isWordChar(text.charCodeAt(stop))) stop++;
  return text.slice(start, stop);
}

function isUpper(code: number): boolean {
  return code >= 65 && code <= 90;
}

function isLetterCode(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isWordChar(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 0xc0 && code <= 0x24f);
}

// ---------------------------------------------------------------------------------------------
// Roles

// "ISLAMABAD:" or "NEW DELHI, March 3:" opening a paragraph.
const DATELINE_PREFIX = /^[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}(?:,\s+[A-Z][a-z]{2,8}\.? \d{1,2})?\s*:/;
// Dateline or byline lines: "- Feb 19, 2026", "Dec 08, 2025", "19 February 2026", "- Web Desk", "By Jane Roe".
const MONTH = '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';
const DATE_LINE = new RegExp(
  `^[-–—•]?\\s*(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\\s+)?(?:${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}|\\d{1,2}\\s+${MONTH},?\\s+\\d{4}|\\d{4}-\\d{2}-\\d{2}|${MONTH}\\s+\\d{4})\\s*(?:[-–—|,]\\s*\\d{1,2}:\\d{2}\\s*(?:[AaPp][Mm])?.*)?$`,
);
const BYLINE = /^(?:[-–—•]\s*\S|By\s+[A-Z]|From\s+(?:our|the)\s|Reporting by\s|Written by\s|Staff\s+(?:Reporter|Correspondent|Writer)$|Web\s+Desk$|(?:AFP|Reuters|AP|APP|Agencies|News Desk)$)/;
const CAPTION = /^(?:Photo|Picture|Image|File photo|Caption|Source|Illustration|Graphic|Chart|Table|Figure|Fig\.)\b\s*[:|–—-]|^\((?:Photo|Image|File)\b/i;
const GREETING = /^(?:Good (?:morning|afternoon|evening|day)|Hello|Hi|Dear (?:colleagues|friends|all|sir|madam)|Greetings|Welcome|Thank you|Thanks|Ladies and gentlemen|Assalam[- ]?o[- ]?alaikum|As-salamu alaykum)\b[^.!?]{0,80}[.!]?$/i;

// The first three letters a date line (after a dash) or a caption can start with, lower-cased.
const DATE_LINE_OR_CAPTION_OPENINGS = new Set([
  'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec',
  'pho', 'pic', 'ima', 'fil', 'cap', 'sou', 'ill', 'gra', 'cha', 'tab', 'fig',
]);

/** What DATE_LINE and CAPTION need of a line's opening, checked without a regex or a slice. */
function mayBeDateLineOrCaption(text: string, start: number, end: number): boolean {
  let at = start;
  const first = text.charCodeAt(at);
  if (first === 0x2d || first === 0x2013 || first === 0x2014 || first === 0x2022) at++;
  while (at < end && (isBlank(text.charCodeAt(at)) || text.charCodeAt(at) === 10 || text.charCodeAt(at) === 13)) at++;
  const code = text.charCodeAt(at);
  if ((code >= 48 && code <= 57) || code === 0x28) return true;
  return at + 3 <= end && DATE_LINE_OR_CAPTION_OPENINGS.has(text.slice(at, at + 3).toLowerCase());
}

export interface RoledSegment extends Segment {
  readonly reason: 'greeting' | undefined;
}

/**
 * Sentences of one paragraph with their roles; `index` is the paragraph's. A paragraph-initial
 * dateline ("ISLAMABAD:") is a segment of its own so that the sentence after it can still be a
 * claim.
 */
export function segmentParagraph(text: string, paragraph: Span, index: number): RoledSegment[] {
  const segments: RoledSegment[] = [];
  let bodyStart = paragraph.start;
  const dateline = mayOpenWithDateline(text, paragraph.start)
    ? DATELINE_PREFIX.exec(text.slice(paragraph.start, Math.min(paragraph.end, paragraph.start + 40)))
    : null;
  if (dateline && /[A-Z]{3}/.test(dateline[0])) {
    const datelineEnd = paragraph.start + dateline[0].length;
    segments.push(roled(paragraph.start, datelineEnd, index, 'dateline'));
    bodyStart = skipBlanks(text, datelineEnd, paragraph.end);
    if (bodyStart === paragraph.end) return segments;
  }
  const bounds = sentenceBounds(text, bodyStart, paragraph.end);
  const single = bounds.length === 2 && segments.length === 0;
  for (let bound = 0; bound < bounds.length; bound += 2) {
    segments.push(classifySentence(text, bounds[bound], bounds[bound + 1], index, single));
  }
  return segments;
}

/** DATELINE_PREFIX's first two characters: most paragraphs ("The ...") fail here, unsliced. */
function mayOpenWithDateline(text: string, start: number): boolean {
  const second = text.charCodeAt(start + 1);
  return isUpper(text.charCodeAt(start)) && (isUpper(second) || second === 46 || second === 39 || second === 0x2019 || second === 45);
}

// One object shape for every segment: spreading spans of varied shapes gave V8 a thousand
// hidden classes here, and every later stage that reads segments paid for it.
function roled(start: number, end: number, paragraph: number, role: SegmentRole, reason?: 'greeting'): RoledSegment {
  return { start, end, role, paragraph, reason };
}

// First letters of the greetings GREETING knows: most sentences are excluded without a regex.
const GREETING_INITIALS = new Set([71, 72, 68, 87, 84, 76, 65, 103, 104, 100, 119, 116, 108, 97]); // G H D W T L A g h d w t l a

function classifySentence(text: string, start: number, end: number, paragraph: number, wholeParagraph: boolean): RoledSegment {
  const length = end - start;
  const last = lastMeaningfulChar(text, start, end);
  if (wholeParagraph && length < 200 && mayBeDateLineOrCaption(text, start, end)) {
    const line = text.slice(start, end);
    if (DATE_LINE.test(line)) return roled(start, end, paragraph, 'dateline');
    if (CAPTION.test(line)) return roled(start, end, paragraph, 'caption');
  }
  if (last === 63) return roled(start, end, paragraph, 'question');
  if (length < 100 && GREETING_INITIALS.has(text.charCodeAt(start)) && GREETING.test(text.slice(start, end))) {
    return roled(start, end, paragraph, 'fragment', 'greeting');
  }
  if (last === 46 || last === 33 || last === 0x2026) return roled(start, end, paragraph, 'sentence');
  if (!wholeParagraph) return roled(start, end, paragraph, 'fragment');
  const line = text.slice(start, end);
  if (BYLINE.test(line)) return roled(start, end, paragraph, 'byline');
  if (!/\p{L}{2}/u.test(line)) return roled(start, end, paragraph, 'fragment');
  if (countWords(text, start, end) <= 25) return roled(start, end, paragraph, 'headline');
  return roled(start, end, paragraph, 'fragment');
}

const NON_SPACE_RUN = /\S+/g;

/** Words as runs of non-space characters, counted without splitting the line into strings. */
function countWords(text: string, start: number, end: number): number {
  let words = 0;
  NON_SPACE_RUN.lastIndex = start;
  while (NON_SPACE_RUN.test(text) && NON_SPACE_RUN.lastIndex - 1 < end) words++;
  NON_SPACE_RUN.lastIndex = 0;
  return words;
}

/** The last character code before closing quotes and brackets, or -1. */
function lastMeaningfulChar(text: string, start: number, end: number): number {
  let index = end - 1;
  while (index >= start && CLOSERS.has(text.charCodeAt(index))) index--;
  return index >= start ? text.charCodeAt(index) : -1;
}

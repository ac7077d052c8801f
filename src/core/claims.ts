import { charCodes } from './charCodes';
import type { ClaimType, Cue, Likelihood, QuotedSpan, Span } from './types';

/**
 * Cue words and phrases, each with the signals it sends. A signal is a claim type
 * ("forecast"), an estimative level ("likelihood:unlikely") or a modifier ("negation").
 * Matching is case-insensitive and longest-first, so "likely won't" wins over "likely".
 */
const CUE_TABLE: Readonly<Record<string, readonly string[]>> = {
  // Attribution: reporting verbs need a source before them, "according to" a source after it.
  'according to': ['attribution'],
  'say': ['attribution'], 'says': ['attribution'], 'said': ['attribution'], 'saying': ['attribution'],
  'told': ['attribution'], 'tells': ['attribution'], 'stated': ['attribution'], 'noted': ['attribution'],
  'claimed': ['attribution'], 'argued': ['attribution'], 'argue': ['attribution'], 'argues': ['attribution'],
  'describe': ['attribution'], 'describes': ['attribution'], 'described': ['attribution'],
  'announced': ['attribution'], 'announces': ['attribution'], 'reported': ['attribution'],
  'believe': ['attribution'], 'believes': ['attribution'], 'insisted': ['attribution'], 'insist': ['attribution'], 'insists': ['attribution'],
  'warned': ['attribution'], 'warn': ['attribution'], 'warns': ['attribution'], 'acknowledged': ['attribution'],
  'confirmed': ['attribution'], 'confirms': ['attribution'], 'caution': ['attribution'], 'cautions': ['attribution'], 'cautioned': ['attribution'],
  'maintain': ['attribution'], 'maintains': ['attribution'], 'added': ['attribution'], 'explained': ['attribution'],
  'highlighted': ['attribution'], 'estimated': ['attribution'], 'estimates': ['attribution'], 'expects': ['attribution'],
  'quoted': ['attribution'], 'concluded': ['attribution'], 'concludes': ['attribution'], 'asserted': ['attribution'],
  'reaffirms': ['attribution'], 'reaffirmed': ['attribution'], 'emphasised': ['attribution'], 'emphasized': ['attribution'],
  'stressed': ['attribution'], 'stresses': ['attribution'], 'underlined': ['attribution'], 'welcomes': ['attribution'],
  'welcomed': ['attribution'], 'condemns': ['attribution'], 'condemned': ['attribution'], 'calls for': ['prescription', 'attribution'],

  // Prescription.
  'should': ['prescription'], 'should not': ['prescription', 'negation'], "shouldn't": ['prescription', 'negation'],
  'must': ['prescription'], 'must not': ['prescription', 'negation'], 'ought to': ['prescription'],
  'need to': ['prescription'], 'needs to': ['prescription'], 'has to': ['prescription'], 'have to': ['prescription'],
  'can': ['prescription'], 'could': ['prescription', 'likelihood:even-chance', 'hedge'],
  'can be done': ['prescription'], 'more can be done': ['prescription'],
  "there's scope": ['prescription'], 'there is scope': ['prescription'], 'it is time': ['prescription'], "it's time": ['prescription'],
  'recommend': ['prescription'], 'recommends': ['prescription'], 'recommended': ['prescription'],
  'urge': ['prescription'], 'urges': ['prescription'], 'call on': ['prescription'], 'calls on': ['prescription'],
  'it is essential': ['prescription'], 'it is imperative': ['prescription'], 'it is vital': ['prescription'],
  'the challenge would be': ['prescription'], 'would do well': ['prescription'], 'the way forward': ['prescription'],
  'ideally': ['prescription'], 'let us': ['prescription'],

  // Condolences are not claims: found here, in the same scan, rather than by a regex per sentence.
  'condolence': ['condolence'], 'condolences': ['condolence'], 'thoughts and prayers': ['condolence'],
  'our thoughts are with': ['condolence'], 'our thoughts go out': ['condolence'], 'my thoughts are with': ['condolence'],
  'our hearts go out': ['condolence'], 'deepest sympathies': ['condolence'], 'deepest sympathy': ['condolence'],
  'heartfelt sympathies': ['condolence'], 'deeply saddened': ['condolence'], 'mourns the': ['condolence'],
  'mourn the': ['condolence'], 'mourning the': ['condolence'], 'rest in peace': ['condolence'],
  'may his soul': ['condolence'], 'may her soul': ['condolence'], 'may their souls': ['condolence'],

  // Forecast and estimative language (ICD 203).
  'will': ['forecast'], "won't": ['forecast', 'negation'], 'will not': ['forecast', 'negation'],
  'shall': ['forecast'], 'going to': ['forecast'], 'is set to': ['forecast'], 'are set to': ['forecast'],
  'is poised to': ['forecast'], 'is expected to': ['forecast', 'likelihood:likely'], 'are expected to': ['forecast', 'likelihood:likely'],
  'expected to': ['forecast', 'likelihood:likely'], 'scheduled for': ['forecast'], 'upcoming': ['forecast'],
  'next year': ['forecast'], 'next month': ['forecast'], 'next week': ['forecast'], 'in the coming': ['forecast'],
  'may': ['forecast', 'likelihood:even-chance', 'hedge'], 'might': ['forecast', 'likelihood:even-chance', 'hedge'],
  'may or may not': ['forecast', 'likelihood:even-chance'], 'might or might not': ['forecast', 'likelihood:even-chance'],
  'even chance': ['forecast', 'likelihood:even-chance'], 'roughly even': ['forecast', 'likelihood:even-chance'],
  'toss-up': ['forecast', 'likelihood:even-chance'], '50-50': ['forecast', 'likelihood:even-chance'],
  'almost no chance': ['forecast', 'likelihood:almost-no-chance'], 'no chance': ['forecast', 'likelihood:almost-no-chance'],
  'remote': ['forecast', 'likelihood:almost-no-chance'], 'impossible': ['forecast', 'likelihood:almost-no-chance'],
  'very unlikely': ['forecast', 'likelihood:very-unlikely'], 'highly unlikely': ['forecast', 'likelihood:very-unlikely'],
  'highly improbable': ['forecast', 'likelihood:very-unlikely'], 'extremely unlikely': ['forecast', 'likelihood:very-unlikely'],
  'unlikely': ['forecast', 'likelihood:unlikely'], 'improbable': ['forecast', 'likelihood:unlikely'],
  'probably not': ['forecast', 'likelihood:unlikely', 'negation'], 'probably won\'t': ['forecast', 'likelihood:unlikely', 'negation'],
  'probably will not': ['forecast', 'likelihood:unlikely', 'negation'], 'doubtful': ['forecast', 'likelihood:unlikely'],
  "likely won't": ['forecast', 'likelihood:unlikely', 'negation'], 'likely will not': ['forecast', 'likelihood:unlikely', 'negation'],
  "won't likely": ['forecast', 'likelihood:unlikely', 'negation'], 'not likely': ['forecast', 'likelihood:unlikely', 'negation'],
  "isn't likely": ['forecast', 'likelihood:unlikely', 'negation'], "aren't likely": ['forecast', 'likelihood:unlikely', 'negation'],
  'likely': ['forecast', 'likelihood:likely'], 'probably': ['forecast', 'likelihood:likely'], 'probable': ['forecast', 'likelihood:likely'],
  'very likely': ['forecast', 'likelihood:very-likely'], 'highly likely': ['forecast', 'likelihood:very-likely'],
  'highly probable': ['forecast', 'likelihood:very-likely'], 'very probably': ['forecast', 'likelihood:very-likely'],
  'almost certainly': ['forecast', 'likelihood:almost-certain'], 'almost certain': ['forecast', 'likelihood:almost-certain'],
  'nearly certain': ['forecast', 'likelihood:almost-certain'], 'virtually certain': ['forecast', 'likelihood:almost-certain'],
  'certain to': ['forecast', 'likelihood:almost-certain'], 'will almost certainly': ['forecast', 'likelihood:almost-certain'],
  'will certainly': ['forecast', 'likelihood:almost-certain'],
};

/** Evaluative words: they make a claim an assessment when nothing stronger is present. */
const EVALUATIVE_WORDS = [
  'easy', 'easier', 'hard', 'harder', 'difficult', 'decent', 'harsh', 'harshest', 'important', 'significant', 'crucial',
  'critical', 'essential', 'vital', 'key', 'real', 'badly', 'remarkably', 'remarkable', 'unusually', 'unusual', 'stable',
  'productive', 'modest', 'successful', 'failure', 'failed', 'good', 'bad', 'better', 'worse', 'best', 'worst', 'strong',
  'stronger', 'weak', 'weaker', 'credit', 'opportunity', 'opportunities', 'challenge', 'challenges', 'risk', 'risks',
  'risky', 'concern', 'concerns', 'worrying', 'appealing', 'impressive', 'effective', 'ineffective', 'useful', 'useless',
  'helpful', 'unhelpful', 'welcome', 'unwelcome', 'positive', 'negative', 'promising', 'troubling', 'alarming',
  'encouraging', 'disappointing', 'deep', 'deeper', 'shallow', 'fragile', 'robust', 'limited', 'ample', 'conducive',
  'especially', 'particularly', 'largely', 'quietly', 'noticeably', 'heavily', 'rarely', 'warm', 'warmer', 'cool',
  'cooled', 'turning point', 'breakthrough', 'major', 'minor', 'serious', 'severe', 'dire', 'bleak', 'bright', 'costly',
  'expensive', 'cheap', 'wise', 'unwise', 'smart', 'naive', 'misguided', 'flawed', 'sound', 'prudent', 'reckless',
  'clearly', 'obviously', 'undoubtedly', 'arguably', 'surprisingly', 'unfortunately', 'fortunately', 'ironically',
  'notably', 'evident', 'obvious', 'too', 'enough', 'insufficient', 'sufficient', 'excessive', 'work in progress',
  'conventional wisdom', 'turn-off', 'enticing', 'attractive', 'unattractive', 'shift', 'momentum', 'goodwill',
  'strategic', 'pragmatic', 'transactional', 'ambitious', 'unrealistic', 'realistic', 'credible', 'questionable',
  'dubious', 'controversial', 'legitimate', 'unfair', 'fair', 'just', 'unjust', 'wrong', 'right', 'mistake', 'success',
  'setback', 'progress', 'struggle', 'struggling', 'vulnerable', 'resilient', 'uncertain', 'uncertainty', 'clear',
];

interface CuePhrase {
  /** Lower-case words, straight apostrophes. */
  readonly words: readonly string[];
  readonly signals: readonly string[];
}

/**
 * Cue phrases grouped by first word, found through an open-addressing table of first-word
 * hashes. The scan hashes each word while reading it and builds no string unless the hash hits:
 * about five times faster than one regex of hundreds of alternatives, and the editor runs this
 * on every keystroke.
 */
interface CueIndex {
  readonly firstWords: FoldedWordTable;
  /** Per first word, by its index in the table. */
  readonly phrases: readonly (readonly CuePhrase[])[];
  /**
   * Per first word whose phrases all go on ("the way forward", "is set to"), 128 flags: 1 for
   * each folded character a second word of its may start with; all 0 for words that are cues
   * on their own. "the", "in", "is" and "it" are a third of the scan's table hits, and most are
   * settled by the next word's first letter without trying each phrase.
   */
  readonly secondInitials: Uint8Array;
  /** Per first word: 1 if every phrase of it has a second word. */
  readonly needsSecondWord: Uint8Array;
}

/**
 * Lower-case words found by a span of text and its scan hash (see `hashWord`), in any case and
 * without building a string: an open-addressing table of the words' hashes.
 */
interface FoldedWordTable {
  /** Indexes into `words` by hash slot, -1 where empty; the length is a power of two. */
  readonly slots: Int32Array;
  readonly hashes: readonly number[];
  readonly words: readonly string[];
  readonly maxLength: number;
}

/**
 * Each character folded for scanning and hashing: letters and digits to lower case, apostrophes
 * (straight or curly) to "'", the hyphen kept, anything else 0.
 */
const FOLDED = (() => {
  const folded = new Uint16Array(0x10000);
  for (let code = 48; code <= 57; code++) folded[code] = code;
  for (let code = 97; code <= 122; code++) folded[code] = code;
  for (let code = 65; code <= 90; code++) folded[code] = code + 32;
  folded[39] = 39;
  folded[0x2019] = 39;
  folded[45] = 45;
  return folded;
})();

/** Apostrophes (39) and hyphens (45) join letters into one word ("won't", "toss-up"), never start one. */
function isJoinerFold(folded: number): boolean {
  return folded === 39 || folded === 45;
}

/** Letters and digits fold above this, joiners to it or below, anything else to 0. */
const LAST_JOINER_FOLD = 45;

function isWordFold(folded: number): boolean {
  return folded > LAST_JOINER_FOLD;
}

/** The scan's hash of a word, over its folded characters. */
function hashWord(word: string): number {
  let hash = 0;
  for (let index = 0; index < word.length; index++) hash = (Math.imul(hash, 31) + FOLDED[word.charCodeAt(index)]) | 0;
  return hash;
}

function buildCueIndex(): CueIndex {
  const all = new Map<string, readonly string[]>();
  for (const [phrase, signals] of Object.entries(CUE_TABLE)) all.set(phrase, signals);
  for (const word of EVALUATIVE_WORDS) if (!all.has(word)) all.set(word, ['assessment']);
  const byFirstWord = new Map<string, CuePhrase[]>();
  for (const [phrase, signals] of all) {
    const words = phrase.split(' ');
    const list = byFirstWord.get(words[0]) ?? [];
    list.push({ words, signals });
    byFirstWord.set(words[0], list);
  }
  for (const list of byFirstWord.values()) list.sort((a, b) => b.words.length - a.words.length);
  const phrases = [...byFirstWord.values()];
  const secondInitials = new Uint8Array(phrases.length * 128);
  const needsSecondWord = new Uint8Array(phrases.length);
  phrases.forEach((list, entry) => {
    if (list.some((phrase) => phrase.words.length === 1)) return;
    needsSecondWord[entry] = 1;
    for (const phrase of list) secondInitials[entry * 128 + FOLDED[phrase.words[1].charCodeAt(0)]] = 1;
  });
  return { firstWords: foldedWordTable([...byFirstWord.keys()]), phrases, secondInitials, needsSecondWord };
}

/** A table with an eighth or less of its slots used, so that most probes end at the first. */
function foldedWordTable(words: readonly string[]): FoldedWordTable {
  let size = 16;
  while (size < words.length * 8) size *= 2;
  const slots = new Int32Array(size).fill(-1);
  const hashes = words.map(hashWord);
  for (let index = 0; index < words.length; index++) {
    let slot = hashes[index] & (size - 1);
    while (slots[slot] >= 0) slot = (slot + 1) & (size - 1);
    slots[slot] = index;
  }
  return { slots, hashes, words, maxLength: Math.max(...words.map((word) => word.length)) };
}

/** The index in a table's `words` of the word codes[start, end), whose scan hash is `hash`; else -1. */
function indexOfFolded(slots: Int32Array, hashes: readonly number[], words: readonly string[], codes: Uint16Array, start: number, end: number, hash: number): number {
  const mask = slots.length - 1;
  for (let slot = hash & mask; slots[slot] >= 0; slot = (slot + 1) & mask) {
    const index = slots[slot];
    if (hashes[index] === hash && sameWord(codes, start, end, words[index])) return index;
  }
  return -1;
}

/** Scratch for `isFoldedWordOf`, whose tables hold short words (longer spans are not looked up). */
const LOOKUP_CODES = new Uint16Array(32);

/** Whether text[start, end) is one of `table`'s words, in any case. */
function isFoldedWordOf(table: FoldedWordTable, text: string, start: number, end: number): boolean {
  const length = end - start;
  if (length > table.maxLength || length > LOOKUP_CODES.length) return false;
  let hash = 0;
  for (let index = 0; index < length; index++) {
    const code = text.charCodeAt(start + index);
    LOOKUP_CODES[index] = code;
    hash = (Math.imul(hash, 31) + FOLDED[code]) | 0;
  }
  return indexOfFolded(table.slots, table.hashes, table.words, LOOKUP_CODES, 0, length, hash) >= 0;
}

const CUE_INDEX = buildCueIndex();
// The scan's look-up reads module constants rather than the index object's fields.
const { slots: CUE_SLOTS, hashes: CUE_HASHES, words: CUE_FIRST_WORDS } = CUE_INDEX.firstWords;
const { phrases: CUE_PHRASES, secondInitials: CUE_SECOND_INITIALS, needsSecondWord: CUE_NEEDS_SECOND_WORD } = CUE_INDEX;

/**
 * Where `word` ends if the text spells it at `start` as a whole word, as the scan cuts words
 * (apostrophes and hyphens join letters: "won't", "toss-up"); else -1. Comparing before cutting
 * rejects most words at their first letter.
 */
function wordAt(codes: Uint16Array, start: number, end: number, word: string): number {
  const wordEnd = start + word.length;
  if (wordEnd > end) return -1;
  for (let index = 0; index < word.length; index++) if (FOLDED[codes[start + index]] !== word.charCodeAt(index)) return -1;
  if (wordEnd < end) {
    const next = FOLDED[codes[wordEnd]];
    if (isWordFold(next)) return -1;
    if (isJoinerFold(next) && wordEnd + 1 < end && isWordFold(FOLDED[codes[wordEnd + 1]])) return -1;
  }
  return wordEnd;
}

function sameWord(codes: Uint16Array, start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return false;
  for (let index = 0; index < word.length; index++) if (FOLDED[codes[start + index]] !== word.charCodeAt(index)) return false;
  return true;
}

function isSpaceCode(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 0xa0;
}

/** Where `phrase` ends, given that its first `matched` words end at `cursor`; else -1. */
function matchPhrase(codes: Uint16Array, cursor: number, end: number, phrase: CuePhrase, matched: number): number {
  for (let word = matched; word < phrase.words.length; word++) {
    const next = skipSpaces(codes, cursor, end);
    if (next === cursor) return -1;
    cursor = wordAt(codes, next, end, phrase.words[word]);
    if (cursor < 0) return -1;
  }
  return cursor;
}

function skipSpaces(codes: Uint16Array, from: number, end: number): number {
  let next = from;
  while (next < end && isSpaceCode(codes[next])) next++;
  return next;
}

/** Whether a second word of one of `entry`'s phrases may follow `cursor` (see `secondInitials`). */
function maySecondWordFollow(codes: Uint16Array, cursor: number, end: number, entry: number): boolean {
  const next = skipSpaces(codes, cursor, end);
  return next > cursor && next < end && CUE_SECOND_INITIALS[entry * 128 + FOLDED[codes[next]]] === 1;
}

/**
 * Cue words in one span of text, absolute offsets, in order. `codes` are the text's character
 * codes from `base` on (see `charCodes`), at least to `end`: a document's, computed once for all
 * its sentences, or by default the span's own.
 */
export function findCues(text: string, start: number, end: number, codes: Uint16Array = charCodes(text, start, end), base = start): Cue[] {
  const cues: Cue[] = [];
  // Offsets into `codes`; absolute ones are `base` more.
  const stop = end - base;
  let index = start - base;
  while (index < stop) {
    let folded = FOLDED[codes[index]];
    if (folded <= LAST_JOINER_FOLD) {
      index++;
      continue;
    }
    const wordStart = index;
    let hash = 0;
    // Letters and digits fold above the joiners, so one comparison settles most characters.
    for (;;) {
      hash = (Math.imul(hash, 31) + folded) | 0;
      if (++index >= stop) break;
      folded = FOLDED[codes[index]];
      if (folded > LAST_JOINER_FOLD) continue;
      if (folded === 0 || index + 1 >= stop || FOLDED[codes[index + 1]] <= LAST_JOINER_FOLD) break;
    }
    const entry = indexOfFolded(CUE_SLOTS, CUE_HASHES, CUE_FIRST_WORDS, codes, wordStart, index, hash);
    if (entry < 0) continue;
    const absoluteStart = wordStart + base;
    // A word glued to a hyphen or apostrophe before it is part of a longer word.
    if (absoluteStart > 0 && isJoinerFold(FOLDED[text.charCodeAt(absoluteStart - 1)])) continue;
    // "May" capitalised mid-sentence is the month, not the modal verb.
    if (index - wordStart === 3 && absoluteStart > start && text.startsWith('May', absoluteStart)) continue;
    if (CUE_NEEDS_SECOND_WORD[entry] === 1 && !maySecondWordFollow(codes, index, stop, entry)) continue;
    for (const phrase of CUE_PHRASES[entry]) {
      const phraseEnd = phrase.words.length > 1 ? matchPhrase(codes, index, stop, phrase, 1) : index;
      if (phraseEnd < 0) continue;
      cues.push({ start: absoluteStart, end: phraseEnd + base, text: text.slice(absoluteStart, phraseEnd + base), signals: phrase.signals });
      index = phraseEnd;
      break;
    }
  }
  return cues;
}

// ---------------------------------------------------------------------------------------------
// Attribution sources

const SOURCE_NOUNS = foldedWordTable([
  'official', 'officials', 'source', 'sources', 'diplomat', 'diplomats', 'minister', 'ministers', 'ministry', 'spokesperson',
  'spokesman', 'spokeswoman', 'analyst', 'analysts', 'expert', 'experts', 'insider', 'insiders', 'observer', 'observers',
  'critic', 'critics', 'report', 'reports', 'assessment', 'survey', 'study', 'statement', 'aide', 'aides', 'government',
  'he', 'she', 'they', 'we', 'people', 'economists', 'economist', 'investors', 'lawmakers', 'leaders', 'leader',
  'president', 'premier', 'secretary', 'ambassador', 'envoy', 'office', 'department', 'bank', 'fund', 'agency', 'commission',
  'council', 'committee', 'board', 'authorities', 'authority', 'military', 'army', 'police', 'embassy', 'representative',
  'representatives', 'senator', 'senators', 'negotiators', 'executives', 'officers', 'residents', 'witnesses', 'data',
  'figures', 'document', 'documents', 'paper', 'brief', 'memo', 'communique', 'declaration', 'i', 'governments',
  'scholars', 'researchers', 'advisers', 'advisors', 'commentators', 'participants', 'members', 'spokespeople',
]);

const CLAUSE_BREAK_WORDS = foldedWordTable(['that', 'which', 'who', 'and', 'but', 'as', 'while', 'because', 'when', 'if', 'what', 'whom', 'where']);

// Characters that end a clause when walking back from a reporting verb.
const CLAUSE_PUNCTUATION = new Set([44, 59, 58, 40, 0x2014, 0x2013, 0x201c, 34]); // , ; : ( — – “ "
// Characters that end the source after "according to".
const SOURCE_END = new Set([44, 59, 58, 46, 0x2014, 0x2013]); // , ; : . — –

/** Finds who says so: the phrase before a reporting verb, or after "according to". */
export function findSource(text: string, sentence: Span, cue: Cue): QuotedSpan | undefined {
  if (cue.end - cue.start > 9 && /^according\s+to$/i.test(cue.text)) {
    let stop = cue.end;
    while (stop < sentence.end && !SOURCE_END.has(text.charCodeAt(stop))) stop++;
    return quoted(text, cue.end, stop);
  }
  // Walk back word by word to the clause start, at most eight words; word 0 is the nearest.
  const starts = SOURCE_WORD_STARTS;
  const ends = SOURCE_WORD_ENDS;
  let count = 0;
  let cursor = cue.start;
  while (count < starts.length) {
    let wordEnd = cursor;
    while (wordEnd > sentence.start && isSpaceCode(text.charCodeAt(wordEnd - 1))) wordEnd--;
    if (wordEnd <= sentence.start) break;
    if (CLAUSE_PUNCTUATION.has(text.charCodeAt(wordEnd - 1))) break;
    let wordStart = wordEnd;
    while (wordStart > sentence.start) {
      const code = text.charCodeAt(wordStart - 1);
      if (isSpaceCode(code) || CLAUSE_PUNCTUATION.has(code)) break;
      wordStart--;
    }
    if (isFoldedWordOf(CLAUSE_BREAK_WORDS, text, wordStart, wordEnd)) break;
    starts[count] = wordStart;
    ends[count] = wordEnd;
    count++;
    cursor = wordStart;
  }
  // Adverbs between the source and its verb ("officials privately described") are not the source.
  let nearest = 0;
  while (nearest < count && endsInLy(text, starts[nearest], ends[nearest])) nearest++;
  if (nearest === count) return undefined;
  let hasSourceWord = false;
  for (let word = nearest; word < count && !hasSourceWord; word++) {
    const first = text.charCodeAt(starts[word]);
    hasSourceWord = (first >= 65 && first <= 90 && starts[word] !== sentence.start) || isSourceNoun(text, starts[word], ends[word]);
  }
  if (!hasSourceWord) return undefined;
  return quoted(text, starts[count - 1], ends[nearest]);
}

/** Scratch for `findSource`, which is synchronous and never nested: no arrays per attribution. */
const SOURCE_WORD_STARTS = new Int32Array(8);
const SOURCE_WORD_ENDS = new Int32Array(8);

/** "officials", "Ministry’s": a source noun, possessive or not. */
function isSourceNoun(text: string, start: number, end: number): boolean {
  const possessive = end - start > 2 && (text.charCodeAt(end - 1) | 0x20) === 0x73 && FOLDED[text.charCodeAt(end - 2)] === 39; // 's or ’s
  return isFoldedWordOf(SOURCE_NOUNS, text, start, possessive ? end - 2 : end);
}

function endsInLy(text: string, start: number, end: number): boolean {
  return end - start >= 2
    && (text.charCodeAt(end - 2) | 0x20) === 0x6c // l
    && (text.charCodeAt(end - 1) | 0x20) === 0x79; // y
}

function quoted(text: string, start: number, end: number): QuotedSpan | undefined {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return start < end ? { start, end, text: text.slice(start, end) } : undefined;
}

// ---------------------------------------------------------------------------------------------
// Claim type and likelihood

const PAST_TENSE_SIGNALS: readonly string[] = ['fact', 'past-tense'];

const PAST_TENSE = /\b(?:was|were|had|did|rose|fell|grew|shrank|touched|reached|signed|removed|established|recorded|doubled|tripled|halved|jumped|dropped|declined|increased|decreased|received|spent|paid|approved|launched|began|ended|won|lost|killed|agreed|imported|exported|\w{3,}ed)\b/;

export interface ClaimJudgement {
  readonly type: ClaimType;
  readonly likelihood?: Likelihood;
  readonly cues: readonly Cue[];
  readonly source?: QuotedSpan;
}

// What the type and likelihood rules need of a cue's signals, worked out once per signal list
// (cue phrases share theirs) rather than with string tests for every cue of every sentence.
const ATTRIBUTION = 1;
const PRESCRIPTION = 2;
const FORECAST = 4;
const ASSESSMENT = 8;
const HEDGE = 16;

interface SignalSummary {
  readonly mask: number;
  readonly likelihood: Likelihood | undefined;
}

const TYPE_BITS: Readonly<Record<string, number>> = { attribution: ATTRIBUTION, prescription: PRESCRIPTION, forecast: FORECAST, assessment: ASSESSMENT, hedge: HEDGE };
const LIKELIHOOD_PREFIX = 'likelihood:';

function summarise(signals: readonly string[]): SignalSummary {
  return CUE_SIGNAL_SUMMARIES.get(signals) ?? summariseSignals(signals);
}

function summariseSignals(signals: readonly string[]): SignalSummary {
  let mask = 0;
  let likelihood: Likelihood | undefined;
  for (const signal of signals) {
    mask |= TYPE_BITS[signal] ?? 0;
    if (signal.startsWith(LIKELIHOOD_PREFIX)) likelihood ??= signal.slice(LIKELIHOOD_PREFIX.length) as Likelihood;
  }
  return { mask, likelihood };
}

/** The cue phrases' own signal lists, summarised once; other lists (tests') as they come. */
const CUE_SIGNAL_SUMMARIES = new Map<readonly string[], SignalSummary>(
  CUE_INDEX.phrases.flatMap((list) => list.map((phrase): [readonly string[], SignalSummary] => [phrase.signals, summariseSignals(phrase.signals)])),
);

/**
 * Suggests a claim's type from its cues. Attribution needs a source; hedges ("may", "could")
 * give a likelihood only when no stronger estimative word is in the sentence.
 */
export function judgeClaim(text: string, sentence: Span, cues: readonly Cue[], hasFigure: boolean): ClaimJudgement {
  let source: QuotedSpan | undefined;
  // The cues as given, unless one is dropped or the past-tense cue is added: most claims keep all.
  let kept: Cue[] | undefined;
  let present = 0;
  let likelihood: Likelihood | undefined;
  let hedgeLikelihood: Likelihood | undefined;
  for (let index = 0; index < cues.length; index++) {
    const cue = cues[index];
    const { mask, likelihood: level } = summarise(cue.signals);
    if (mask & ATTRIBUTION) {
      const found = source ? undefined : findSource(text, sentence, cue);
      if (!found && !source && cue.signals.length === 1) {
        kept ??= cues.slice(0, index);
        continue;
      }
      if (found) source = found;
      if (source) present |= ATTRIBUTION;
    }
    present |= mask & (PRESCRIPTION | FORECAST | ASSESSMENT);
    if (level !== undefined) {
      if (mask & HEDGE) hedgeLikelihood ??= level;
      else likelihood ??= level;
    }
    kept?.push(cue);
  }
  let judged: readonly Cue[] = kept ?? cues;
  if (present === 0 && hasFigure) {
    const past = PAST_TENSE.exec(text.slice(sentence.start, sentence.end));
    if (past) {
      const start = sentence.start + past.index;
      judged = [...judged, { start, end: start + past[0].length, text: past[0], signals: PAST_TENSE_SIGNALS }].sort((a, b) => a.start - b.start);
    }
  }
  return {
    type: present & ATTRIBUTION ? 'attribution' : present & PRESCRIPTION ? 'prescription' : present & FORECAST ? 'forecast' : present & ASSESSMENT ? 'assessment' : 'fact',
    likelihood: likelihood ?? hedgeLikelihood,
    cues: judged,
    source,
  };
}

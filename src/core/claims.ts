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

/** Cue phrases by their first word (lower case, straight apostrophes), longest phrase first. */
interface CueIndex {
  readonly byFirstWord: ReadonlyMap<string, readonly CuePhrase[]>;
  /**
   * Which (first letter, last letter, length) a first word can have. Checked before anything
   * else, it rejects most words of a text without building a string.
   */
  readonly shapes: Uint8Array;
}

const MAX_CUE_WORD = 31;

function foldCode(code: number): number {
  if (code >= 65 && code <= 90) return code + 32;
  return code === 0x2019 ? 39 : code;
}

/** 1 for letters and digits, 2 for apostrophes and hyphens, 0 otherwise: one load per character. */
const CHARACTER_CLASS = (() => {
  const classes = new Uint8Array(0x10000);
  for (let code = 48; code <= 57; code++) classes[code] = 1;
  for (let code = 65; code <= 90; code++) classes[code] = 1;
  for (let code = 97; code <= 122; code++) classes[code] = 1;
  classes[39] = 2;
  classes[45] = 2;
  classes[0x2019] = 2;
  return classes;
})();

function isJoiner(code: number): boolean {
  return CHARACTER_CLASS[code] === 2;
}

function shapeSlot(first: number, last: number, length: number): number {
  return ((first & 127) * 128 + (last & 127)) * (MAX_CUE_WORD + 1) + length;
}

function buildCueIndex(): CueIndex {
  const phrases = new Map<string, readonly string[]>();
  for (const [phrase, signals] of Object.entries(CUE_TABLE)) phrases.set(phrase, signals);
  for (const word of EVALUATIVE_WORDS) if (!phrases.has(word)) phrases.set(word, ['assessment']);
  const byFirstWord = new Map<string, CuePhrase[]>();
  const shapes = new Uint8Array(128 * 128 * (MAX_CUE_WORD + 1));
  for (const [phrase, signals] of phrases) {
    const words = phrase.split(' ');
    const first = words[0];
    const list = byFirstWord.get(first) ?? [];
    list.push({ words, signals });
    byFirstWord.set(first, list);
    shapes[shapeSlot(first.charCodeAt(0), first.charCodeAt(first.length - 1), Math.min(first.length, MAX_CUE_WORD))] = 1;
  }
  for (const list of byFirstWord.values()) list.sort((a, b) => b.words.length - a.words.length);
  return { byFirstWord, shapes };
}

const CUE_INDEX = buildCueIndex();

/** End of the word starting at `start`; apostrophes and hyphens join letters ("won't", "toss-up"). */
function wordEnd(text: string, start: number, end: number): number {
  let index = start;
  while (index < end) {
    const kind = CHARACTER_CLASS[text.charCodeAt(index)];
    if (kind === 1) index++;
    else if (kind === 2 && index > start && index + 1 < end && CHARACTER_CLASS[text.charCodeAt(index + 1)] === 1) index++;
    else break;
  }
  return index;
}

function sameWord(text: string, start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return false;
  for (let index = 0; index < word.length; index++) if (foldCode(text.charCodeAt(start + index)) !== word.charCodeAt(index)) return false;
  return true;
}

/** Where `phrase` ends if it starts at the word [start, firstEnd), else -1. */
function matchPhrase(text: string, start: number, firstEnd: number, end: number, phrase: CuePhrase): number {
  if (!sameWord(text, start, firstEnd, phrase.words[0])) return -1;
  let cursor = firstEnd;
  for (let word = 1; word < phrase.words.length; word++) {
    let next = cursor;
    while (next < end && isSpaceCode(text.charCodeAt(next))) next++;
    if (next === cursor) return -1;
    const nextEnd = wordEnd(text, next, end);
    if (!sameWord(text, next, nextEnd, phrase.words[word])) return -1;
    cursor = nextEnd;
  }
  return cursor;
}

function isSpaceCode(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 0xa0;
}

/**
 * Cue words in one span of text, absolute offsets, in order. A hand-written scan: each word's
 * shape is checked against a bitmap before any string is built, several times faster than one
 * regex of hundreds of alternatives; the editor runs this on every keystroke.
 */
export function findCues(text: string, start: number, end: number): Cue[] {
  const cues: Cue[] = [];
  const { byFirstWord, shapes } = CUE_INDEX;
  let index = start;
  while (index < end) {
    const code = text.charCodeAt(index);
    if (CHARACTER_CLASS[code] !== 1) {
      index++;
      continue;
    }
    const wordStart = index;
    const stop = wordEnd(text, index, end);
    index = stop;
    const length = stop - wordStart;
    if (length > MAX_CUE_WORD || shapes[shapeSlot(foldCode(code), foldCode(text.charCodeAt(stop - 1)), length)] === 0) continue;
    // A word glued to a hyphen or apostrophe before it is part of a longer word.
    if (wordStart > 0 && isJoiner(text.charCodeAt(wordStart - 1))) continue;
    // "May" capitalised mid-sentence is the month, not the modal verb.
    if (code === 77 && length === 3 && wordStart > start && text.startsWith('May', wordStart)) continue;
    const candidates = byFirstWord.get(normaliseWord(text.slice(wordStart, stop)));
    if (!candidates) continue;
    for (const phrase of candidates) {
      const phraseEnd = matchPhrase(text, wordStart, stop, end, phrase);
      if (phraseEnd < 0) continue;
      cues.push({ start: wordStart, end: phraseEnd, text: text.slice(wordStart, phraseEnd), signals: phrase.signals });
      index = phraseEnd;
      break;
    }
  }
  return cues;
}

function normaliseWord(word: string): string {
  const lower = word.toLowerCase();
  return lower.includes('’') ? lower.replace(/’/g, "'") : lower;
}

// ---------------------------------------------------------------------------------------------
// Attribution sources

const SOURCE_NOUNS = new Set([
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

const CLAUSE_BREAK_WORDS = new Set(['that', 'which', 'who', 'and', 'but', 'as', 'while', 'because', 'when', 'if', 'what', 'whom', 'where']);

/** Finds who says so: the phrase before a reporting verb, or after "according to". */
export function findSource(text: string, sentence: Span, cue: Cue): QuotedSpan | undefined {
  if (/^according\s+to$/i.test(cue.text)) {
    let stop = cue.end;
    while (stop < sentence.end && !/[,;:.—–]/.test(text[stop])) stop++;
    return quoted(text, cue.end, stop);
  }
  // Walk back word by word to the clause start, at most eight words.
  const words: Span[] = [];
  let cursor = cue.start;
  while (words.length < 8) {
    let wordEnd = cursor;
    while (wordEnd > sentence.start && /\s/.test(text[wordEnd - 1])) wordEnd--;
    if (wordEnd <= sentence.start) break;
    if (/[,;:(—–“"]/.test(text[wordEnd - 1])) break;
    let wordStart = wordEnd;
    while (wordStart > sentence.start && !/[\s,;:(—–“"]/.test(text[wordStart - 1])) wordStart--;
    const word = text.slice(wordStart, wordEnd).toLowerCase();
    if (CLAUSE_BREAK_WORDS.has(word)) break;
    words.unshift({ start: wordStart, end: wordEnd });
    cursor = wordStart;
  }
  // Adverbs between the source and its verb ("officials privately described") are not the source.
  while (words.length > 0 && /ly$/i.test(text.slice(words[words.length - 1].start, words[words.length - 1].end))) words.pop();
  if (words.length === 0) return undefined;
  const hasSourceWord = words.some((word) => {
    const token = text.slice(word.start, word.end);
    const bare = token.replace(/['’]s$/i, '').toLowerCase();
    return SOURCE_NOUNS.has(bare) || (/^[A-Z]/.test(token) && word.start !== sentence.start);
  });
  if (!hasSourceWord) return undefined;
  return quoted(text, words[0].start, words[words.length - 1].end);
}

function quoted(text: string, start: number, end: number): QuotedSpan | undefined {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return start < end ? { start, end, text: text.slice(start, end) } : undefined;
}

// ---------------------------------------------------------------------------------------------
// Claim type and likelihood

const TYPE_PRECEDENCE: readonly ClaimType[] = ['attribution', 'prescription', 'forecast', 'assessment'];

const PAST_TENSE = /\b(?:was|were|had|did|rose|fell|grew|shrank|touched|reached|signed|removed|established|recorded|doubled|tripled|halved|jumped|dropped|declined|increased|decreased|received|spent|paid|approved|launched|began|ended|won|lost|killed|agreed|imported|exported|\w{3,}ed)\b/;

export interface ClaimJudgement {
  readonly type: ClaimType;
  readonly likelihood?: Likelihood;
  readonly cues: readonly Cue[];
  readonly source?: QuotedSpan;
}

/**
 * Suggests a claim's type from its cues. Attribution needs a source; hedges ("may", "could")
 * give a likelihood only when no stronger estimative word is in the sentence.
 */
export function judgeClaim(text: string, sentence: Span, cues: readonly Cue[], hasFigure: boolean): ClaimJudgement {
  let source: QuotedSpan | undefined;
  const kept: Cue[] = [];
  const present = new Set<ClaimType>();
  let likelihood: Likelihood | undefined;
  let hedgeLikelihood: Likelihood | undefined;
  for (const cue of cues) {
    if (cue.signals.includes('attribution')) {
      const found = source ? undefined : findSource(text, sentence, cue);
      if (!found && !source) {
        if (cue.signals.length === 1) continue;
      } else if (found) {
        source = found;
      }
      if (source) present.add('attribution');
    }
    for (const signal of cue.signals) {
      if (signal === 'prescription' || signal === 'forecast' || signal === 'assessment') present.add(signal);
      else if (signal.startsWith('likelihood:')) {
        const level = signal.slice('likelihood:'.length) as Likelihood;
        if (cue.signals.includes('hedge')) hedgeLikelihood ??= level;
        else likelihood ??= level;
      }
    }
    kept.push(cue);
  }
  if (present.size === 0 && hasFigure) {
    const past = PAST_TENSE.exec(text.slice(sentence.start, sentence.end));
    if (past) {
      const start = sentence.start + past.index;
      kept.push({ start, end: start + past[0].length, text: past[0], signals: ['fact', 'past-tense'] });
      kept.sort((a, b) => a.start - b.start);
    }
  }
  const type = TYPE_PRECEDENCE.find((candidate) => present.has(candidate)) ?? 'fact';
  return {
    type,
    likelihood: likelihood ?? hedgeLikelihood,
    cues: kept,
    source,
  };
}

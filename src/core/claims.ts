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
  'will': ['forecast'], "won't": ['forecast', 'negation'], 'will not': ['forecast', 'negation'], "'ll": ['forecast'],
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

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface CueMatcher {
  readonly pattern: RegExp;
  readonly signals: ReadonlyMap<string, readonly string[]>;
}

function buildCueMatcher(): CueMatcher {
  const signals = new Map<string, readonly string[]>();
  for (const [phrase, phraseSignals] of Object.entries(CUE_TABLE)) signals.set(phrase, phraseSignals);
  for (const word of EVALUATIVE_WORDS) if (!signals.has(word)) signals.set(word, ['assessment']);
  const phrases = [...signals.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  // Curly and straight apostrophes are both written; the table uses the straight one.
  const alternation = phrases.map((phrase) => escapeRegExp(phrase).replace(/'/g, "['’]").replace(/ /g, '\\s+')).join('|');
  return { pattern: new RegExp(`(?<![\\w'’-])(?:${alternation})(?![\\w-])`, 'gi'), signals };
}

const CUE_MATCHER = buildCueMatcher();

function normaliseCue(text: string): string {
  return text.toLowerCase().replace(/’/g, "'").replace(/\s+/g, ' ');
}

/** Cue words in one span of text, absolute offsets, in order. */
export function findCues(text: string, start: number, end: number): Cue[] {
  const cues: Cue[] = [];
  const pattern = new RegExp(CUE_MATCHER.pattern.source, CUE_MATCHER.pattern.flags);
  pattern.lastIndex = start;
  for (let match = pattern.exec(text); match && match.index < end; match = pattern.exec(text)) {
    const matchEnd = match.index + match[0].length;
    if (matchEnd > end) break;
    const signals = CUE_MATCHER.signals.get(normaliseCue(match[0]));
    if (!signals) continue;
    // "May" capitalised mid-sentence is the month; "US"-style capitals are not modal verbs.
    if (match[0] === 'May' && match.index > start) continue;
    cues.push({ start: match.index, end: matchEnd, text: match[0], signals });
  }
  return cues;
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

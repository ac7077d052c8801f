/**
 * Finds the actors a paragraph mentions (docs/annotation-guidelines.md, "Actors").
 *
 * A regex finds each capitalised word (with test() and a hand scan: no match arrays), and each
 * costs one Map lookup in the lexicon's trie roots, which also carry what the finder's
 * vocabulary knows about the word. A known name or a word that no capitalised neighbour can
 * join is settled at once; the rest are buffered as a run (words joined by spaces, "of",
 * "for", "and", "the") and resolved in order: a demonym inside a name its acronym spells out,
 * lexicon (longest name wins), hyphenated compounds, titles, then unknown names and acronyms.
 * The engine must analyse 30 MB/s, so there is no per-character work beyond the regex except
 * where a known name may go on.
 */
import { charCodes } from './charCodes';
import type { ActorLexicon, LexiconNode, LexiconTarget } from './lexicon';
import type { ActorKind, ActorMention, ActorRule, Span } from './types';

/** "Frontier Works Organisation (FWO)": the acronym in brackets, and what it stands for. */
export interface AcronymDefinition {
  acronym: string;
  actor: string;
  actorId: string;
  kind: ActorKind;
  start: number;
  end: number;
}

export interface ActorScan {
  mentions: ActorMention[];
  definitions: AcronymDefinition[];
}

// ---------------------------------------------------------------------------------------------
// Words. The lexicon's trie is keyed on words cut exactly as the finder cuts them.

/**
 * 1 for each character code of a word, as a table: one load instead of up to eight comparisons
 * per character (word ends are found for every capitalised word of the text).
 */
const WORD_CODES = (() => {
  const table = new Uint8Array(0x10000);
  const set = (from: number, to: number): void => {
    for (let code = from; code <= to; code++) table[code] = 1;
  };
  set(0x61, 0x7a); // a-z
  set(0x41, 0x5a); // A-Z
  set(0x30, 0x39); // 0-9
  for (const code of [0x2e, 0x27, 0x2d, 0x5f, 0x2019, 0x2013]) table[code] = 1; // . ' - _ ’ –
  set(0xc0, 0x24f);
  table[0xd7] = 0; // ×
  table[0xf7] = 0; // ÷
  return table;
})();

/** Letters (Latin-1 and Latin Extended A/B), digits, `_`, `.`, apostrophes, hyphen, en dash. */
function isWordCode(code: number): boolean {
  return WORD_CODES[code] === 1;
}

function isApostrophe(code: number): boolean {
  return code === 0x27 || code === 0x2019;
}

function isAsciiLetter(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
}

// The word helpers read character codes (see `charCodes`): `codes[index - base]` is the code at
// offset `index` of the text.

function scanWordEnd(codes: Uint16Array, base: number, start: number, limit: number): number {
  let end = start;
  while (end < limit && isWordCode(codes[end - base])) end++;
  return end;
}

/**
 * Where a word ends once trailing punctuation is cut: possessives ("Pakistan’s", "Americans’"),
 * closing quotes, dangling hyphens and full stops — except the stop of a dotted abbreviation
 * ("U.S.") or an initial ("J."), which belongs to the name.
 */
function trimWordEnd(codes: Uint16Array, base: number, start: number, rawEnd: number): number {
  let end = rawEnd;
  while (end > start + 1) {
    const last = codes[end - 1 - base];
    if (last === 0x2d || last === 0x2013 || isApostrophe(last)) {
      end--;
    } else if (last === 0x73 && end - 2 > start && isApostrophe(codes[end - 2 - base])) {
      end -= 2;
    } else if (last === 0x2e) {
      if (end - 1 - start === 1 || hasInnerAbbreviationDot(codes, base, start, end - 1)) break;
      end--;
    } else {
      break;
    }
  }
  return end;
}

function hasInnerAbbreviationDot(codes: Uint16Array, base: number, start: number, end: number): boolean {
  for (let i = start + 1; i < end - 1; i++) {
    if (codes[i - base] === 0x2e && isAsciiLetter(codes[i + 1 - base])) return true;
  }
  return false;
}

function isInlineSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0xa0;
}

/**
 * Start of the word that follows `pos` after spaces on the same line, or -1. Callers pass the
 * raw end of the previous word, so a name runs on past "St." and "People’s".
 */
function nextWordStart(codes: Uint16Array, base: number, pos: number, limit: number): number {
  let at = pos;
  while (at < limit && isInlineSpace(codes[at - base])) at++;
  if (at === pos || at >= limit || !isWordCode(codes[at - base])) return -1;
  return at;
}

/**
 * A bit (0-255) for a word's first two character codes (the second NaN or undefined for a
 * one-letter word): the lexicon's nodes keep a mask of these for the words that may follow them
 * (one-letter words set every bit).
 */
export function initialsBit(first: number, second: number | undefined): number {
  return (Math.imul(first, 31) ^ (second as number)) & 255;
}

/** Cuts a name into the words the trie is keyed on; undefined when it cannot be matched. */
export function nameWords(name: string): string[] | undefined {
  const codes = charCodes(name);
  const words: string[] = [];
  let at = 0;
  while (at < name.length) {
    const rawEnd = scanWordEnd(codes, 0, at, name.length);
    if (rawEnd === at) return undefined;
    words.push(name.slice(at, trimWordEnd(codes, 0, at, rawEnd)));
    if (rawEnd === name.length) return words;
    at = nextWordStart(codes, 0, rawEnd, name.length);
    if (at < 0) return undefined;
  }
  return words;
}

/** "Frontier Works Organisation" → "frontier-works-organisation". */
export function slugify(name: string): string {
  const codes: number[] = [];
  let gap = false;
  for (let i = 0; i < name.length; i++) {
    let code = name.charCodeAt(i);
    if (code >= 0x80) return slugifyAccented(name);
    if (code >= 0x41 && code <= 0x5a) code += 0x20;
    if ((code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39)) {
      if (gap && codes.length > 0) codes.push(0x2d);
      gap = false;
      codes.push(code);
    } else {
      gap = true;
    }
  }
  return String.fromCharCode(...codes);
}

/** Letters that decomposition leaves whole. */
const UNACCENTED: Readonly<Record<string, string>> = { ı: 'i', ł: 'l', Ł: 'l', ø: 'o', Ø: 'o', đ: 'd', Đ: 'd', ß: 'ss', æ: 'ae', Æ: 'ae', œ: 'oe', Œ: 'oe' };

function slugifyAccented(name: string): string {
  // Accents go, other letters are spelled in ASCII, anything else separates words.
  return slugify(name.normalize('NFD').replace(/[\u0080-\uffff]/g, (char) => (/\p{M}/u.test(char) ? '' : UNACCENTED[char] ?? ' ')));
}

// ---------------------------------------------------------------------------------------------
// Vocabulary: what a capitalised word that is not a known name tells us.

/** Function words and sentence openers: never the start of a name ("Many", "Despite", "The"). */
const COMMON = 1;
/** Months and weekdays: never part of a name. */
const CALENDAR = 2;
/** Head nouns of organisations: a run ending in one is an organisation. */
const ORGANISATION = 4;
/** Head nouns of state bodies: "Chinese Foreign Ministry" is China's government. */
const GOVERNMENT = 8;
/** A run ending in one is a place, a document or an event, not an actor. */
const NOT_ACTOR_HEAD = 16;
/** Words of organisation names that never appear in a person's name. */
const NOT_PERSONAL = 32;
/** The first word of a title ("Prime", "Field", "President"). */
const TITLE_START = 64;

function wordClasses(groups: readonly (readonly [number, string])[], titles: ReadonlyMap<string, unknown>): ReadonlyMap<string, number> {
  const classes = new Map<string, number>();
  for (const word of titles.keys()) classes.set(word, TITLE_START);
  for (const [flag, words] of groups) {
    for (const word of words.split(/\s+/)) {
      if (word !== '') classes.set(word, (classes.get(word) ?? 0) | flag);
    }
  }
  return classes;
}

// How a capitalised word joins the one before it.
const SPACE = 1;
const CONNECTOR = 2;
const OF = 3;
const AND = 4;
const PARTICLE = 5;
const NOT_JOINED = 0;

/** The small words allowed between the words of a name: connectors and name particles. */
const GAP_WORDS: ReadonlyMap<string, number> = new Map([
  ['of', OF], ['for', CONNECTOR], ['the', CONNECTOR], ['and', AND],
  ['bin', PARTICLE], ['ibn', PARTICLE], ['al', PARTICLE], ['el', PARTICLE], ['de', PARTICLE],
  ['da', PARTICLE], ['del', PARTICLE], ['der', PARTICLE], ['van', PARTICLE], ['von', PARTICLE],
  ['du', PARTICLE], ['la', PARTICLE], ['le', PARTICLE],
]);

/** `GAP_WORDS.get(word)` for the codes of a word, mostly without a string: it runs between most names. */
function gapWordKind(codes: Uint16Array, base: number, start: number, end: number): number {
  const c0 = codes[start - base];
  const c1 = codes[start + 1 - base];
  const c2 = codes[start + 2 - base];
  switch (end - start) {
    case 2:
      if (c0 === 0x6f && c1 === 0x66) return OF; // of
      if ((c0 === 0x61 || c0 === 0x65) && c1 === 0x6c) return PARTICLE; // al el
      if ((c0 === 0x64 || c0 === 0x6c) && (c1 === 0x61 || c1 === 0x65)) return PARTICLE; // da de la le
      if (c0 === 0x64 && c1 === 0x75) return PARTICLE; // du
      return NOT_JOINED;
    case 3:
      if (c0 === 0x61 && c1 === 0x6e && c2 === 0x64) return AND; // and
      if (c0 === 0x66 && c1 === 0x6f && c2 === 0x72) return CONNECTOR; // for
      if (c0 === 0x74 && c1 === 0x68 && c2 === 0x65) return CONNECTOR; // the
      return GAP_WORDS.get(String.fromCharCode(c0, c1, c2)) === PARTICLE ? PARTICLE : NOT_JOINED;
    default:
      return NOT_JOINED;
  }
}

/** Abbreviations after which a name runs on past the full stop ("Gen. Asim Munir"). */
const ABBREVIATIONS: ReadonlySet<string> = new Set(
  'Gen Lt Maj Col Capt Brig Adm Cdr Sgt Mr Mrs Ms Dr Sen Rep Gov Prof Pres St Sr Jr Amb Hon Rev'.split(' '),
);

const ROMAN_NUMERALS: ReadonlySet<string> = new Set('II III IV VI VII VIII IX XI XII XIII XIV XV'.split(' '));

interface TitleNode {
  readonly complete: boolean;
  readonly next: ReadonlyMap<string, TitleNode> | undefined;
}

/** Titles before a person's name; connectors are not part of the key ("Secretary of State"). */
function titleTrie(titles: readonly string[]): ReadonlyMap<string, TitleNode> {
  interface Building { complete: boolean; next: Map<string, Building> | undefined }
  const roots = new Map<string, Building>();
  for (const title of titles) {
    const words = title.split(' ').filter((word) => !GAP_WORDS.has(word)).map((word) => word.replace(/\.$/, ''));
    let level = roots;
    let node: Building | undefined;
    for (const word of words) {
      node = level.get(word);
      if (!node) {
        node = { complete: false, next: undefined };
        level.set(word, node);
      }
      level = node.next ??= new Map();
    }
    if (node) node.complete = true;
  }
  return roots;
}

const TITLES = titleTrie([
  'Prime Minister', 'Deputy Prime Minister', 'Minister', 'Chief Minister', 'Federal Minister', 'State Minister',
  'Minister of State', 'Foreign Minister', 'Deputy Foreign Minister', 'Finance Minister', 'Defence Minister',
  'Defense Minister', 'Interior Minister', 'Information Minister', 'Planning Minister', 'Commerce Minister',
  'Trade Minister', 'Energy Minister', 'Transport Minister', 'Petroleum Minister', 'Law Minister',
  'President', 'Vice President', 'Vice-President', 'President-elect', 'Secretary', 'Secretary of State',
  'Secretary-General', 'Secretary General', 'Under Secretary', 'Assistant Secretary', 'Deputy Secretary',
  'Defense Secretary', 'Defence Secretary', 'Treasury Secretary', 'Commerce Secretary', 'Foreign Secretary',
  'Home Secretary', 'Press Secretary', 'National Security Adviser', 'National Security Advisor',
  'Special Envoy', 'Envoy', 'Ambassador', 'Amb.', 'High Commissioner', 'Chairman', 'Chairwoman',
  'Chairperson', 'Chancellor', 'Governor', 'Gov.', 'Mayor', 'Speaker', 'Senator', 'Sen.', 'Representative',
  'Rep.', 'Congressman', 'Congresswoman', 'Judge', 'Justice', 'Chief Justice', 'Attorney General',
  'General', 'Gen.', 'Lieutenant General', 'Lt. Gen.', 'Lt.', 'Major General', 'Maj. Gen.', 'Brigadier',
  'Brig.', 'Colonel', 'Col.', 'Captain', 'Capt.', 'Admiral', 'Adm.', 'Vice Admiral', 'Air Marshal',
  'Air Chief Marshal', 'Field Marshal', 'Marshal', 'Army Chief', 'Chief of Army Staff', 'Commander',
  'Dr.', 'Mr.', 'Mrs.', 'Ms.', 'Prof.', 'Professor', 'King', 'Queen', 'Prince', 'Crown Prince',
  'Princess', 'Sheikh', 'Emir', 'Ayatollah', 'Pope', 'Maulana', 'Mullah', 'Director', 'Director General',
  'Director-General', 'Spokesperson', 'Spokesman', 'Spokeswoman', 'Premier', 'Supreme Leader',
]);

/**
 * What the finder's vocabulary says about a capitalised word. The lexicon copies these flags
 * into its trie roots, so the finder learns a word's class and whether a name starts with it
 * from one Map lookup.
 */
export const WORD_CLASSES = wordClasses([
  [COMMON, `
    A An The This That These Those It Its It’s It's He She We They You Our Their His Her My Your Us Them
    There Here What Which Who Whom Whose When Where Why How If But And Or Nor So Yet As At By For From In
    Into On Onto Of Off Out Over Under Up Down To With Within Without Through Throughout During Before
    After Since Until Till Despite Although Though While Whilst Because Unless Whether Once Among Amid
    Amongst Between Beyond Across Against Along Around About Above Below Behind Beside Besides Near Toward
    Towards Upon Via Per Like Unlike Many Much More Most Some Any All Both Each Every Either Neither No
    Not None Few Several Such Other Others Another Same Only Also Even Just Still Already Always Never
    Often Sometimes Usually Perhaps Maybe Indeed Instead Meanwhile Moreover Furthermore Additionally
    However Nevertheless Nonetheless Therefore Thus Hence Otherwise Accordingly Consequently Finally
    First Second Third Fourth Fifth Lastly Next Then Now Today Yesterday Tomorrow Tonight Recently
    Currently Earlier Later Ideally Clearly Notably Importantly Crucially Similarly Likewise Specifically
    Overall Yes Do Does Did Is Are Was Were Be Been Being Has Have Had Can Could Should Would Must Might
    Shall May Let Please Dear Thanks Thank Nothing Everything Everyone Someone Anyone One Two Three Four
    Five Six Seven Eight Nine Ten Former Ex According Following Given Last Ahead Key Go Me Am An Own
    Officials Analysts Experts Critics Sources Diplomats Observers Insiders Reports Leaders Members
    Why Whatever Whoever Wherever However Oh`],
  [CALENDAR, `
    January February March April May June July August September October November December Jan Feb Mar
    Apr Jun Jul Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon
    Tue Tues Wed Thu Thur Thurs Fri Sat Sun`],
  [ORGANISATION, `
    Organisation Organization Council Commission Committee Bank Fund Corporation Corp Company Co Inc Ltd
    Limited LLC PLC Group Holdings Partners Agency Authority Bureau Board Institute Institution
    Foundation Association Federation Union League Alliance Coalition Front Party Movement Network
    Society Center Centre Club Forum Financial Finance Capital Investments Ventures Metals Minerals
    Mining Energy Petroleum Oil Gas Power Airlines Airways Motors Electric Industries Technologies
    Systems Solutions Services Works Enterprises Consortium University College School Academy Times Post
    Journal News Tribune Herald Gazette Media Press Television Radio Trust Cooperative Exchange Chamber
    Court Tribunal Assembly Secretariat Directorate Wing Brigade Battalion Regiment Corps Command Guard
    Guards Police Rangers Army Navy Force Forces Military Ministry Department Office Embassy Consulate
    Cabinet Parliament Senate Congress Government Administration Treasury Mission`],
  [GOVERNMENT, `
    Army Navy Force Forces Military Ministry Department Office Embassy Consulate Cabinet Parliament
    Senate Congress Government Administration Treasury Mission Police Rangers Corps Command Guard Guards
    Secretariat Directorate`],
  [NOT_ACTOR_HEAD, `
    Sea Ocean Gulf River Valley Mountains Mountain Hills Lake Bay Strait Island Islands Peninsula Desert
    Plateau Pass Canal Coast Border Region Province District City Town Village Street Road Avenue Square
    Airport Port Harbour Harbor Dam Highway Motorway Bridge Corridor Project Zone Park Tower Hotel
    Stadium Mosque Church Temple Act Bill Agreement Treaty Accord Accords Framework Plan Strategy
    Doctrine Policy Report Initiative Programme Program Summit Conference Dialogue Declaration
    Resolution Constitution Amendment Charter Convention Protocol Memorandum Deal Index Review
    Assessment Survey Budget Package Law Ordinance Code Rules Regulations Vision Agenda Roadmap War Wars
    Crisis Day Week Month Year Award Prize Cup Games Olympics Spring Revolution Era Age Advisory Level
    Visa Card Scheme Exercise Reporter Correspondent Editor Writer Desk Staff Asia Africa Europe Order
    Partnership Cooperation Festival Holiday Ceremony Celebration`],
  [NOT_PERSONAL, `
    National International Federal Global World Strategic Royal Supreme United Islamic Democratic
    Republican People Peoples State States Foreign Joint Special Public General Economic Development
    Security Investment Trade Digital Crypto Liberty Freedom Independent Civil Human Rights Health
    Frontier Standard Northern Southern Eastern Western North South East West New Old Great Greater
    Upper Lower High Higher Grand Atlantic Pacific Asian African European Arab Muslim Christian Jewish
    Hindu Catholic Regional Provincial Municipal Metropolitan Central Chief Senior Deputy Executive
    Interim Caretaker Armed Air Naval Counter Anti Relief Aid Emergency Disaster Information Intelligence
    Research Science Technology Education Planning Commerce Interior Defence Defense Justice Water
    Climate Environmental Green Red Blue White Black Business Industrial Agricultural Financial
    American British Chinese Indian Pakistani Affairs Relations Studies Policy Operations`],
], TITLES);

// ---------------------------------------------------------------------------------------------
// Characters

function hasDash(word: string): boolean {
  for (let i = 1; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (code === 0x2d || code === 0x2013) return true;
  }
  return false;
}

function isUpperCode(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0xc0 && code <= 0xde && code !== 0xd7);
}

function isLowerCode(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0xdf && code <= 0xff && code !== 0xf7);
}

/** "LET", "FWO": two or more letters, all capitals. */
function isShouted(word: string): boolean {
  if (word.length < 2) return false;
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (!(code >= 0x41 && code <= 0x5a)) return false;
  }
  return true;
}

const ACRONYM_SHAPE = /^[A-Z]{2,6}(?:-[A-Z]{1,3})?$/;

/** "Shehbaz", "O’Neill", "J.": a word that can be part of a person's name. */
function isNameShaped(word: string): boolean {
  if (!isUpperCode(word.charCodeAt(0))) return false;
  if (word.length === 2 && word.charCodeAt(1) === 0x2e) return true;
  let hasLower = false;
  for (let i = 1; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (code >= 0x30 && code <= 0x39) return false;
    if (isLowerCode(code)) hasLower = true;
  }
  return hasLower;
}

function titleCase(word: string): string {
  return word.charAt(0) + word.slice(1).toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// The finder

interface KnownPerson {
  readonly actor: string;
  readonly actorId: string;
  readonly rule: ActorRule;
}

interface AbsorbedState {
  readonly target: LexiconTarget;
  readonly start: number;
  readonly end: number;
}

interface PartMatch {
  readonly start: number;
  readonly end: number;
  readonly target: LexiconTarget;
}

const NOT_COMPUTED = -2;
const NONE = -1;

// What became of a known name at the start of a run.
const SETTLED = 0;
const MAY_JOIN = 1;
const NO_NAME = 2;

/** A state, or a place that is not an actor, may begin an organisation's name. */
function canHeadAName(target: LexiconTarget): boolean {
  return target.notActor || target.kind === 'state';
}

/** Whether a trie root begins a name, as opposed to only carrying a word's vocabulary class. */
function startsName(node: LexiconNode | undefined): boolean {
  return node !== undefined && (node.target !== undefined || node.next !== undefined);
}

/** Per-token slots of a run of capitalised words, reused from run to run. */
class RunBuffer {
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  readonly rawEnds: number[] = [];
  readonly joins: number[] = [];
  readonly keys: string[] = [];
  readonly nodes: (LexiconNode | undefined)[] = [];
  readonly matchEnds: number[] = [];
  readonly matchTargets: (LexiconTarget | undefined)[] = [];
  readonly nameStarts: number[] = [];
  readonly nameEnds: number[] = [];
  readonly parts: (readonly PartMatch[] | undefined | null)[] = [];
}

/**
 * Scanning is synchronous and never nested, so every scanner shares one run buffer: growing
 * eleven fresh arrays per paragraph was a third of what the engine allocated.
 */
const SHARED_RUN_BUFFER = new RunBuffer();

/** The capital-letter search, one object for every scan (a literal in `scan` made one per paragraph). */
const CAPITAL = /[A-ZÀ-ÖØ-Þ]/g;

/**
 * Scans one paragraph. Most capitalised words stand alone ("Pakistan,", "The") and are settled
 * at once; words that may join a neighbour are buffered as a run, and per-token results for the
 * run are computed on demand and cached, because the rules ask "does a known name start here?"
 * of the same token more than once.
 */
class ParagraphScanner {
  private readonly roots: ReadonlyMap<string, LexiconNode>;
  /** Tokens in the current run, in the shared run buffer. */
  private count = 0;

  private sentenceStart = 0;
  private sentenceEnd = 0;
  private sentenceFirstWord = 0;
  private headline = NOT_COMPUTED;
  /** Text before this offset is already part of a mention (a long name, a defined acronym). */
  private consumedUntil = 0;
  private knownPeople: Map<string, KnownPerson> | undefined;
  /** Set by `unknownRunEnd`: the state an organisation's name takes in ("... of Pakistan"). */
  private runState: AbsorbedState | undefined;
  /** Set by `walk`, to spare an allocation per lookup. */
  private matchedTarget: LexiconTarget | undefined;
  private matchedRawEnd = 0;

  constructor(
    private readonly text: string,
    /** The text's character codes from `base` on, over its sentences and a character either side. */
    private readonly codes: Uint16Array,
    private readonly base: number,
    lexicon: ActorLexicon,
    private readonly mentions: ActorMention[],
    private readonly definitions: AcronymDefinition[],
  ) {
    this.roots = lexicon.roots;
  }

  private get run(): RunBuffer {
    return SHARED_RUN_BUFFER;
  }

  scan(sentences: readonly Span[]): void {
    if (sentences.length === 0) return;
    const { text, codes, base } = this;
    // Capitals found by test() over the whole paragraph and each word's end by hand (exec built
    // an array per capitalised word); restarting per sentence cost more than walking the
    // sentence list alongside.
    const capital = CAPITAL;
    // Callers pass spans of several shapes (segments with roles...): each one's fields are read
    // once, into plain numbers, never per word.
    const limit = sentences[sentences.length - 1].end;
    // A prefix slice (free in V8) stops the search at the paragraph's end, so a paragraph in
    // lower case does not send it through the rest of the document.
    const bounded = limit === text.length ? text : text.slice(0, limit);
    let sentenceIndex = 0;
    this.beginSentence(sentences[0].start, sentences[0].end);
    let sentenceEnd = this.sentenceEnd;
    capital.lastIndex = this.sentenceStart;
    while (capital.test(bounded)) {
      const matchStart = capital.lastIndex - 1;
      const matchEnd = scanWordEnd(codes, base, matchStart + 1, limit);
      capital.lastIndex = matchEnd;
      let start = matchStart;
      if (start >= sentenceEnd) {
        this.flushRun();
        let next = sentenceIndex + 1;
        let nextEnd = 0;
        while (next < sentences.length && (nextEnd = sentences[next].end) <= start) next++;
        if (next >= sentences.length) break;
        sentenceIndex = next;
        this.beginSentence(sentences[next].start, nextEnd);
        sentenceEnd = nextEnd;
        if (start < this.sentenceStart) {
          capital.lastIndex = this.sentenceStart;
          continue;
        }
      }
      const rawEnd = matchEnd < sentenceEnd ? matchEnd : sentenceEnd;
      if (start > 0 && isWordCode(codes[start - 1 - base])) {
        const before = codes[start - 1 - base];
        // "iPhone", "d’Ivoire": a capital inside a word does not start one.
        if (before !== 0x2d && before !== 0x2013) continue;
        start = this.prefixedStart(start, rawEnd);
      }
      const end = trimWordEnd(codes, base, start, rawEnd);
      const key = text.slice(start, end);
      let join = NOT_JOINED;
      if (this.count > 0) {
        join = this.joinToRun(start);
        if (join === NOT_JOINED) this.flushRun();
      }
      if (start < this.consumedUntil) continue;
      const node = this.roots.get(key);
      if (join === NOT_JOINED) {
        if (startsName(node)) {
          const known = this.resolveKnownNameAtRunStart(start, end, rawEnd, key, node as LexiconNode);
          if (known === SETTLED) continue;
          if (known === MAY_JOIN) {
            this.pushToken(start, end, rawEnd, join, key, node);
            continue;
          }
        } else if (node !== undefined && node.wordClass & COMMON) {
          // "The", "Despite" starting a run: stripped from any name, so never buffered.
          continue;
        }
        if (this.standsAlone(end, rawEnd, key)) {
          this.resolveLoneWord(start, end, rawEnd, key, node);
          continue;
        }
      }
      this.pushToken(start, end, rawEnd, join, key, node);
    }
    this.flushRun();
  }

  private beginSentence(start: number, end: number): void {
    this.sentenceStart = start;
    this.sentenceEnd = end;
    this.headline = NOT_COMPUTED;
    let first = start;
    while (first < end && !isWordCode(this.codes[first - this.base])) first++;
    this.sentenceFirstWord = first;
  }

  /** "al-Qaeda": a known name may begin with a short lower-case prefix and a hyphen. */
  private prefixedStart(start: number, rawEnd: number): number {
    const { codes, base } = this;
    let prefix = start - 1;
    const limit = Math.max(this.sentenceStart, start - 6);
    while (prefix > limit && isLowerCode(codes[prefix - 1 - base])) prefix--;
    if (prefix === start - 1 || (prefix > 0 && isWordCode(codes[prefix - 1 - base]))) return start;
    return startsName(this.roots.get(this.text.slice(prefix, trimWordEnd(codes, base, prefix, rawEnd)))) ? prefix : start;
  }

  /**
   * Whether no capitalised word can join this one: what follows is not spaces and then a
   * capital or a joining word ("of", "and", ...). Mirrors `joinToRun`, erring towards "may join".
   */
  private standsAlone(end: number, rawEnd: number, key: string): boolean {
    const { codes, base } = this;
    if (end !== rawEnd) {
      // "Gen. Asim Munir": only the stop of an abbreviation lets a run go on.
      return !(rawEnd - end === 1 && codes[end - base] === 0x2e && ABBREVIATIONS.has(key));
    }
    if (rawEnd >= this.sentenceEnd || !isInlineSpace(codes[rawEnd - base])) return true;
    let at = rawEnd + 1;
    while (at < this.sentenceEnd && isInlineSpace(codes[at - base])) at++;
    const next = codes[at - base];
    if (isUpperCode(next)) return false;
    if (!isLowerCode(next)) return true;
    // Joining words have at most three letters.
    let wordEnd = at + 1;
    while (wordEnd < this.sentenceEnd && wordEnd - at < 4 && isLowerCode(codes[wordEnd - base])) wordEnd++;
    return wordEnd - at > 3 || gapWordKind(codes, base, at, wordEnd) === NOT_JOINED;
  }

  /** Whether spaces and a capital letter follow `rawEnd` (only such a word joins a state's name). */
  private capitalFollows(rawEnd: number): boolean {
    const { codes, base } = this;
    let at = rawEnd;
    while (at < this.sentenceEnd && isInlineSpace(codes[at - base])) at++;
    return at > rawEnd && at < this.sentenceEnd && isUpperCode(codes[at - base]);
  }

  /** How the word at `start` joins the last buffered one. */
  private joinToRun(start: number): number {
    const run = this.run;
    const last = this.count - 1;
    let gapStart = run.ends[last];
    if (run.rawEnds[last] !== gapStart) {
      const abbreviation = run.rawEnds[last] - gapStart === 1 && this.codes[gapStart - this.base] === 0x2e && ABBREVIATIONS.has(run.keys[last]);
      if (!abbreviation) return NOT_JOINED;
      gapStart = run.rawEnds[last];
    }
    return this.classifyGap(gapStart, start);
  }

  /** How two capitalised words are joined: by spaces, by "of"/"for"/"and"/"the", or not at all. */
  private classifyGap(from: number, to: number): number {
    if (to - from > 14) return NOT_JOINED;
    const { codes, base } = this;
    let at = from;
    while (at < to && isInlineSpace(codes[at - base])) at++;
    if (at === from) return NOT_JOINED;
    if (at === to) return SPACE;
    let sawAnd = false;
    let sawOf = false;
    let onlyParticles = true;
    for (let words = 0; words < 2 && at < to; words++) {
      const wordStart = at;
      while (at < to && isLowerCode(codes[at - base])) at++;
      const kind = gapWordKind(codes, base, wordStart, at);
      if (kind === NOT_JOINED) return NOT_JOINED;
      sawAnd ||= kind === AND;
      sawOf ||= kind === OF;
      onlyParticles &&= kind === PARTICLE;
      const spaceStart = at;
      while (at < to && isInlineSpace(codes[at - base])) at++;
      if (at === spaceStart) return NOT_JOINED;
    }
    if (at !== to) return NOT_JOINED;
    return sawAnd ? AND : sawOf ? OF : onlyParticles ? PARTICLE : CONNECTOR;
  }

  private pushToken(start: number, end: number, rawEnd: number, join: number, key: string, node: LexiconNode | undefined): void {
    const run = this.run;
    const index = this.count++;
    run.starts[index] = start;
    run.ends[index] = end;
    run.rawEnds[index] = rawEnd;
    run.joins[index] = join;
    run.keys[index] = key;
    run.nodes[index] = node;
    // The other per-token slots are read only once these say they were computed.
    run.matchEnds[index] = NOT_COMPUTED;
    run.nameEnds[index] = NOT_COMPUTED;
    run.parts[index] = undefined;
  }

  private flushRun(): void {
    let index = this.count > 2 ? this.resolveSpelledOutAcronym() : 0;
    while (index < this.count) index = this.resolveAt(index);
    this.count = 0;
  }

  /**
   * "Chief Commissionerate for Afghan Refugees (CCAR)": a run with a demonym inside, followed by
   * an acronym that its capitalised words spell, is one organisation; the demonym describes it.
   * Returns the first token left to resolve (0: the rule did not apply).
   */
  private resolveSpelledOutAcronym(): number {
    const run = this.run;
    const last = this.count - 1;
    let demonymInside = false;
    for (let token = 1; token < last && !demonymInside; token++) demonymInside = run.nodes[token]?.target?.rule === 'demonym';
    if (!demonymInside) return 0;
    const text = this.text;
    const open = this.bracketAfter(run.ends[last]);
    if (open < 0 || text.charCodeAt(open + this.count + 1) !== 0x29) return 0;
    for (let token = 0; token < this.count; token++) {
      if (text.charCodeAt(open + 1 + token) !== text.charCodeAt(run.starts[token])) return 0;
    }
    this.emitOrganisation(run.starts[0], run.ends[last]);
    return this.count;
  }

  // --- Words on their own ---------------------------------------------------------------------

  /**
   * A known name with no buffered word before it is settled at once, the run rules having
   * nothing to add — unless it is a state followed by more capitalised words, which may make it
   * part of an organisation ("Pakistan Crypto Council").
   */
  private resolveKnownNameAtRunStart(start: number, end: number, rawEnd: number, key: string, node: LexiconNode): number {
    const matchEnd = this.walk(node, end, rawEnd);
    if (matchEnd < 0) return NO_NAME;
    const target = this.matchedTarget as LexiconTarget;
    const mayJoin = canHeadAName(target) && matchEnd === this.matchedRawEnd && this.capitalFollows(matchEnd);
    if (mayJoin) return MAY_JOIN;
    this.emitKnownName(start, matchEnd, target, matchEnd === end ? key : undefined);
    return SETTLED;
  }

  /** A capitalised word that joins no other and starts no known name. */
  private resolveLoneWord(start: number, end: number, rawEnd: number, key: string, node: LexiconNode | undefined): void {
    if (hasDash(key)) {
      const parts = this.findCompoundParts(key, start, end, rawEnd);
      if (parts) {
        for (const part of parts) this.emitKnownName(part.start, part.end, part.target, undefined);
        return;
      }
    }
    if (((node?.wordClass ?? 0) & (COMMON | CALENDAR)) === 0) this.resolveUnknownWord(start, end, rawEnd, key, false);
  }

  /**
   * A word no name starts with: "PAKISTAN" in capitals, an unknown acronym, or the surname of
   * someone named earlier in the paragraph. `besideCapitals`: next to another word in capitals,
   * which makes it a headline word rather than an acronym.
   */
  private resolveUnknownWord(start: number, end: number, rawEnd: number, key: string, besideCapitals: boolean): void {
    const second = key.charCodeAt(1);
    if (second >= 0x41 && second <= 0x5a) {
      if (!isShouted(key) && !ACRONYM_SHAPE.test(key)) return;
      const spoken = this.roots.get(titleCase(key));
      if (isShouted(key) && key.length > 2 && spoken?.target && !spoken.target.notActor && !this.isDateline(start, rawEnd)) {
        // "PAKISTAN is halfway through": an opening in capitals still names the actor.
        this.emitKnownName(start, end, spoken.target, key);
        return;
      }
      const isAcronym = !besideCapitals
        && ACRONYM_SHAPE.test(key)
        && !ROMAN_NUMERALS.has(key)
        && !this.isDateline(start, rawEnd)
        && ((spoken?.wordClass ?? 0) & (COMMON | CALENDAR)) === 0
        && !startsName(spoken);
      if (isAcronym) this.emit(start, end, key, `acronym:${key}`, 'organisation', 'acronym', key);
      return;
    }
    const known = this.knownPeople?.get(key);
    if (known) this.emit(start, end, known.actor, known.actorId, 'person', known.rule, key);
  }

  /** "ISLAMABAD:" opening a sentence is where the story was filed, not an actor. */
  private isDateline(start: number, rawEnd: number): boolean {
    return start === this.sentenceFirstWord && this.text.charCodeAt(rawEnd) === 0x3a;
  }

  // --- Runs -----------------------------------------------------------------------------------

  /** Resolves what starts at token `index` of the run; returns the first token left over. */
  private resolveAt(index: number): number {
    const matchEnd = this.lexiconMatch(index);
    if (matchEnd >= 0) return this.resolveKnownNameAt(index, matchEnd);
    if (this.compoundParts(index)) {
      this.emitCompoundParts(index);
      return index + 1;
    }
    const nameEnd = this.titledName(index);
    if (nameEnd >= 0) {
      this.emitTitledName(index);
      return nameEnd;
    }
    if (this.classOf(index) & CALENDAR) return index + 1;
    const runEnd = this.unknownRunEnd(index);
    this.emitUnknownRun(index, runEnd, this.runState);
    return runEnd;
  }

  private classOf(index: number): number {
    return this.run.nodes[index]?.wordClass ?? 0;
  }

  private tokenAfter(index: number, offset: number): number {
    let next = index + 1;
    while (next < this.count && this.run.starts[next] < offset) next++;
    return next;
  }

  // --- Known names ----------------------------------------------------------------------------

  /**
   * The end of the longest name that starts with `node`'s word (ending at `end`, or NONE): one
   * more Map lookup per following word, only while a longer name is still possible. Sets
   * `matchedTarget`.
   */
  private walk(node: LexiconNode, end: number, rawEnd: number): number {
    const { text, codes, base } = this;
    let best = node.target ? end : NONE;
    let bestRawEnd = rawEnd;
    let bestTarget = node.target;
    let at = rawEnd;
    let current = node;
    while (current.next) {
      const wordStart = nextWordStart(codes, base, at, this.sentenceEnd);
      if (wordStart < 0) break;
      // Most known names end where they start ("Pakistan was"): one bit test says so.
      const bit = initialsBit(codes[wordStart - base], codes[wordStart + 1 - base]);
      if (((current.nextInitials[bit >>> 5] >>> (bit & 31)) & 1) === 0) break;
      const wordRawEnd = scanWordEnd(codes, base, wordStart, this.sentenceEnd);
      const wordEnd = trimWordEnd(codes, base, wordStart, wordRawEnd);
      const child: LexiconNode | undefined = current.next.get(text.slice(wordStart, wordEnd));
      if (!child) break;
      current = child;
      at = wordRawEnd;
      if (child.target) {
        best = wordEnd;
        bestRawEnd = wordRawEnd;
        bestTarget = child.target;
      }
    }
    this.matchedTarget = bestTarget;
    this.matchedRawEnd = bestRawEnd;
    return best;
  }

  private lexiconMatch(index: number): number {
    const run = this.run;
    const cached = run.matchEnds[index];
    if (cached !== NOT_COMPUTED) return cached;
    const node = run.nodes[index];
    let end = node !== undefined && startsName(node) ? this.walk(node, run.ends[index], run.rawEnds[index]) : NONE;
    let target = end >= 0 ? this.matchedTarget : undefined;
    const key = run.keys[index];
    if (end < 0 && key.length > 2 && isShouted(key) && !this.isDateline(run.starts[index], run.rawEnds[index])) {
      const shouted = this.roots.get(titleCase(key))?.target;
      if (shouted && !shouted.notActor) {
        end = run.ends[index];
        target = shouted;
      }
    }
    run.matchEnds[index] = end;
    run.matchTargets[index] = target;
    return end;
  }

  private resolveKnownNameAt(index: number, matchEnd: number): number {
    const run = this.run;
    const target = run.matchTargets[index] as LexiconTarget;
    const next = this.tokenAfter(index, matchEnd);
    if (this.isPronounUs(index, matchEnd)) return next;
    if (canHeadAName(target)) {
      const absorbed = this.absorbIntoNamedBody(index, next, target);
      if (absorbed >= 0) {
        if (matchEnd > this.consumedUntil) this.consumedUntil = matchEnd;
        return absorbed;
      }
    }
    this.emitKnownName(run.starts[index], matchEnd, target, matchEnd === run.ends[index] ? run.keys[index] : undefined);
    return next;
  }

  private emitKnownName(start: number, end: number, target: LexiconTarget, text: string | undefined): void {
    if (end > this.consumedUntil) this.consumedUntil = end;
    if (target.notActor) return;
    this.emit(start, end, target.actor, target.actorId, target.kind, target.rule, text);
    if (target.surname !== undefined) this.rememberPerson(target.surname, target.actor, target.actorId, 'alias');
    if (target.rule !== 'demonym') this.defineAcronymAfter(start, end, target.actor, target.actorId, target.kind);
  }

  /** "LET US PREY": "US" after another word in capitals is the pronoun. */
  private isPronounUs(index: number, matchEnd: number): boolean {
    const run = this.run;
    if (index === 0 || run.keys[index] !== 'US' || matchEnd !== run.ends[index]) return false;
    return run.joins[index] === SPACE && isShouted(run.keys[index - 1]) && this.lexiconMatch(index - 1) < 0;
  }

  /**
   * "US Strategic Metals", "Pakistan Crypto Council", "Punjab Police": a state or a place
   * followed by capitalised words that end in an organisation noun is one organisation;
   * "Chinese Foreign Ministry" ends in a government noun and is the state's government.
   * Returns the next token, or NONE.
   */
  private absorbIntoNamedBody(index: number, next: number, place: LexiconTarget): number {
    const run = this.run;
    if (next >= this.count || run.joins[next] !== SPACE) return NONE;
    let head = NONE;
    for (let token = next; token < this.count; token++) {
      if (token > next && run.joins[token] === AND) break;
      if (this.lexiconMatch(token) >= 0 || this.compoundParts(token) || this.titledName(token) >= 0) break;
      const classes = this.classOf(token);
      if (classes & (CALENDAR | COMMON)) break;
      if (classes & ORGANISATION) head = token;
    }
    if (head === NONE) return NONE;
    const start = run.starts[index];
    const end = run.ends[head];
    if (this.classOf(head) & GOVERNMENT && !place.notActor) {
      this.emit(start, end, place.actor, place.actorId, 'government', 'capitalised-name', undefined);
      this.defineAcronymAfter(start, end, place.actor, place.actorId, 'government');
    } else {
      this.emitOrganisation(start, end);
    }
    return head + 1;
  }

  /** "US-Pakistan", "Pakistani-Americans": each part of a hyphenated word that names an actor. */
  private compoundParts(index: number): boolean {
    const run = this.run;
    let found = run.parts[index];
    if (found === undefined) {
      found = this.lexiconMatch(index) < 0 && hasDash(run.keys[index])
        ? this.findCompoundParts(run.keys[index], run.starts[index], run.ends[index], run.rawEnds[index])
        : null;
      run.parts[index] = found;
    }
    return found !== null;
  }

  private findCompoundParts(key: string, start: number, end: number, rawEnd: number): readonly PartMatch[] | null {
    // [partStart, partEnd] pairs.
    const bounds: number[] = [start];
    for (let i = 0; i < key.length; i++) {
      const code = key.charCodeAt(i);
      if (code === 0x2d || code === 0x2013) bounds.push(start + i, start + i + 1);
    }
    bounds.push(end);
    const found: PartMatch[] = [];
    const partCount = bounds.length / 2;
    for (let first = 0; first < partCount; first++) {
      // The longest span of parts that is a name: "IS-K" in "US-IS-K".
      for (let last = partCount - 1; last >= first; last--) {
        const partStart = bounds[2 * first];
        const partEnd = bounds[2 * last + 1];
        const node = this.roots.get(this.text.slice(partStart, partEnd));
        const partRawEnd = last === partCount - 1 ? rawEnd : partEnd;
        const matchEnd = node !== undefined && startsName(node) ? this.walk(node, partEnd, partRawEnd) : NONE;
        if (matchEnd >= 0 && this.matchedTarget) {
          found.push({ start: partStart, end: matchEnd, target: this.matchedTarget });
          first = last;
          break;
        }
      }
    }
    return found.length > 0 ? found : null;
  }

  private emitCompoundParts(index: number): void {
    for (const part of this.run.parts[index] ?? []) this.emitKnownName(part.start, part.end, part.target, undefined);
  }

  // --- Titles ---------------------------------------------------------------------------------

  /** Index after the longest title starting at `index`, or NONE. */
  private titleEnd(index: number): number {
    const run = this.run;
    if ((this.classOf(index) & TITLE_START) === 0) return NONE;
    let node = TITLES.get(run.keys[index]);
    let end = NONE;
    let token = index;
    while (node) {
      if (node.complete) end = token + 1;
      token++;
      if (token >= this.count || !node.next || run.joins[token] === AND) break;
      node = node.next.get(run.keys[token]);
    }
    return end;
  }

  /** "Prime Minister Shehbaz Sharif": the index after the name, or NONE; caches the name. */
  private titledName(index: number): number {
    const run = this.run;
    const cached = run.nameEnds[index];
    if (cached !== NOT_COMPUTED) return cached;
    let nameStart = NONE;
    let nameEnd = NONE;
    const title = this.titleEnd(index);
    if (title !== NONE && title < this.count && run.joins[title] === SPACE) {
      if (this.lexiconMatch(title) >= 0) {
        if (run.matchTargets[title]?.kind === 'person') {
          nameStart = title;
          nameEnd = this.tokenAfter(title, run.matchEnds[title]);
        }
      } else {
        let token = title;
        while (
          token < this.count
          && token - title < 3
          && (token === title || run.joins[token] === SPACE || run.joins[token] === PARTICLE)
          && this.isPersonalWord(token)
          && (token === title || this.lexiconMatch(token) < 0)
        ) token++;
        if (token > title) {
          nameStart = title;
          nameEnd = token;
        }
      }
    }
    run.nameStarts[index] = nameStart;
    run.nameEnds[index] = nameEnd;
    return nameEnd;
  }

  private isPersonalWord(index: number): boolean {
    if (this.classOf(index) & (COMMON | CALENDAR | ORGANISATION | NOT_ACTOR_HEAD | NOT_PERSONAL | TITLE_START)) return false;
    return isNameShaped(this.run.keys[index]);
  }

  private emitTitledName(index: number): void {
    const run = this.run;
    const first = run.nameStarts[index];
    const after = run.nameEnds[index];
    const start = run.starts[first];
    if (run.matchEnds[first] >= 0) {
      const person = run.matchTargets[first] as LexiconTarget;
      const end = run.matchEnds[first];
      if (end > this.consumedUntil) this.consumedUntil = end;
      this.emit(start, end, person.actor, person.actorId, 'person', 'title', undefined);
      if (person.surname !== undefined) this.rememberPerson(person.surname, person.actor, person.actorId, 'alias');
      return;
    }
    const end = run.ends[after - 1];
    const known = after - first === 1 ? this.knownPeople?.get(run.keys[first]) : undefined;
    if (known) {
      this.emit(start, end, known.actor, known.actorId, 'person', 'title', undefined);
      return;
    }
    const name = this.nameOf(start, end);
    const actorId = `person:${slugify(name)}`;
    this.emit(start, end, name, actorId, 'person', 'title', undefined);
    this.rememberSurname(start, end, name, actorId, 'capitalised-name');
    this.defineAcronymAfter(start, end, name, actorId, 'person');
  }

  /** Once "Ishaq Dar" is known in the paragraph, "Dar" alone is him. */
  private rememberSurname(start: number, end: number, actor: string, actorId: string, rule: ActorRule): void {
    const lastSpace = this.text.lastIndexOf(' ', end - 1);
    if (lastSpace > start) this.rememberPerson(this.text.slice(lastSpace + 1, end), actor, actorId, rule);
  }

  private rememberPerson(surname: string, actor: string, actorId: string, rule: ActorRule): void {
    const people = (this.knownPeople ??= new Map());
    if (people.get(surname)?.actorId !== actorId) people.set(surname, { actor, actorId, rule });
  }

  // --- Unknown names --------------------------------------------------------------------------

  /**
   * The end of the run of unknown capitalised words from `index`; "State Bank of Pakistan"
   * takes in the state, which is left in `runState`.
   */
  private unknownRunEnd(index: number): number {
    const run = this.run;
    let token = index + 1;
    this.runState = undefined;
    while (token < this.count) {
      const matchEnd = this.lexiconMatch(token);
      if (matchEnd >= 0) {
        const target = run.matchTargets[token] as LexiconTarget;
        if (run.joins[token] === OF && !target.notActor && target.kind === 'state' && !this.runState && this.hasOrganisationWord(index, token)) {
          this.runState = { target, start: run.starts[token], end: matchEnd };
          if (matchEnd > this.consumedUntil) this.consumedUntil = matchEnd;
          token = this.tokenAfter(token, matchEnd);
          continue;
        }
        break;
      }
      if (this.compoundParts(token) || this.titledName(token) >= 0 || this.classOf(token) & CALENDAR) break;
      token++;
    }
    return token;
  }

  private hasOrganisationWord(from: number, to: number): boolean {
    for (let token = from; token < to; token++) if (this.classOf(token) & ORGANISATION) return true;
    return false;
  }

  private emitUnknownRun(from: number, to: number, state: AbsorbedState | undefined): void {
    const run = this.run;
    let first = from;
    let after = to;
    while (first < after && this.classOf(first) & COMMON) first++;
    while (after > first && this.classOf(after - 1) & COMMON) after--;
    if (first >= after) return;
    while (after - 1 > first && ROMAN_NUMERALS.has(run.keys[after - 1])) after--;
    const title = this.titleEnd(first);
    if (title !== NONE && title >= after) return;
    // The word that says what the name is: "Commission" in "... Commission of Pakistan".
    let head = after - 1;
    while (state && head > first && run.starts[head] >= state.start) head--;

    for (let token = first + 1; token <= head; token++) {
      if (run.joins[token] !== AND) continue;
      const leftEndsInHead = (this.classOf(token - 1) & ORGANISATION) !== 0;
      const rightEndsInHead = (this.classOf(head) & ORGANISATION) !== 0;
      // "Termez and Peshawar" are two names; "Securities and Exchange Commission" is one.
      if ((leftEndsInHead && after - token >= 2) || (!this.hasOrganisationWord(first, token) && !rightEndsInHead)) {
        this.emitUnknownRun(first, token, undefined);
        this.emitUnknownRun(token, after, state);
        return;
      }
    }

    if (after - first === 1 && !state) {
      this.resolveUnknownWord(run.starts[first], run.ends[first], run.rawEnds[first], run.keys[first], this.isBesideCapitals(first));
      return;
    }
    let shouted = true;
    for (let token = first; token < after && shouted; token++) shouted = isShouted(run.keys[token]);
    if (shouted) {
      for (let token = first; token < after; token++) {
        this.resolveUnknownWord(run.starts[token], run.ends[token], run.rawEnds[token], run.keys[token], this.isBesideCapitals(token));
      }
      return;
    }
    if (this.isHeadline()) return;
    // "Indus Waters Treaty", "Year of the Horse", "Operation Zarb-e-Azb": events and documents.
    const namesAThing = (this.classOf(head) & NOT_ACTOR_HEAD)
      || ((this.classOf(first) & NOT_ACTOR_HEAD) && run.joins[first + 1] !== SPACE)
      || run.keys[first] === 'Operation';
    if (namesAThing) return;

    const start = run.starts[first];
    const end = state ? Math.max(state.end, run.ends[after - 1]) : run.ends[after - 1];
    // "Ministry of Foreign Affairs of Pakistan", "Embassy of Pakistan": the state's government.
    if (state && (this.classOf(first) | this.classOf(head)) & GOVERNMENT) {
      this.emit(start, end, state.target.actor, state.target.actorId, 'government', 'capitalised-name', undefined);
      this.defineAcronymAfter(start, end, state.target.actor, state.target.actorId, 'government');
    } else if (!state && this.looksLikePerson(first, after)) {
      const name = this.nameOf(start, end);
      const actorId = `person:${slugify(name)}`;
      this.emit(start, end, name, actorId, 'person', 'capitalised-name', undefined);
      this.rememberSurname(start, end, name, actorId, 'capitalised-name');
      this.defineAcronymAfter(start, end, name, actorId, 'person');
    } else {
      this.emitOrganisation(start, end);
    }
  }

  /** Next to another unknown word in capitals ("LET US", "BIG DEAL"): a headline's word. */
  private isBesideCapitals(index: number): boolean {
    const run = this.run;
    return (index > 0 && run.joins[index] === SPACE && this.isHeadlineWord(index - 1))
      || (index + 1 < this.count && run.joins[index + 1] === SPACE && this.isHeadlineWord(index + 1));
  }

  /** A word in capitals that names nothing known; "US" among such words is the pronoun. */
  private isHeadlineWord(index: number): boolean {
    const key = this.run.keys[index];
    return isShouted(key) && (key === 'US' || this.lexiconMatch(index) < 0);
  }

  /** "Firstname Lastname": two to four name-shaped words and none from an organisation's name. */
  private looksLikePerson(from: number, to: number): boolean {
    const run = this.run;
    if (to - from < 2 || to - from > 4) return false;
    for (let token = from; token < to; token++) {
      if (token > from && run.joins[token] !== SPACE && run.joins[token] !== PARTICLE) return false;
      if (!this.isPersonalWord(token)) return false;
    }
    return true;
  }

  private emitOrganisation(start: number, end: number): void {
    const name = this.nameOf(start, end);
    const actorId = `organisation:${slugify(name)}`;
    this.emit(start, end, name, actorId, 'organisation', 'capitalised-name', undefined);
    this.defineAcronymAfter(start, end, name, actorId, 'organisation');
  }

  /**
   * A line in title case without final punctuation is a headline: its capitals say nothing
   * about names ("How Islamabad Built a Standalone Relationship").
   */
  private isHeadline(): boolean {
    if (this.headline === NOT_COMPUTED) this.headline = this.computeHeadline() ? 1 : 0;
    return this.headline === 1;
  }

  private computeHeadline(): boolean {
    const { text, codes, base } = this;
    let last = this.sentenceEnd - 1;
    while (last > this.sentenceStart && !isWordCode(codes[last - base]) && !'.!?…'.includes(text[last])) last--;
    if ('.!?…'.includes(text[last])) return false;
    let capitalised = 0;
    let lowerCase = 0;
    let at = this.sentenceStart;
    while (at < this.sentenceEnd) {
      if (!isWordCode(codes[at - base])) {
        at++;
        continue;
      }
      const wordEnd = scanWordEnd(codes, base, at, this.sentenceEnd);
      const code = codes[at - base];
      if (isUpperCode(code)) capitalised++;
      else if (isLowerCode(code) && wordEnd - at > 3) lowerCase++;
      at = wordEnd;
    }
    return capitalised >= 2 && lowerCase * 4 <= capitalised;
  }

  // --- Output ---------------------------------------------------------------------------------

  /** "Frontier Works Organisation (FWO)": the acronym names the same actor from here on. */
  private defineAcronymAfter(start: number, end: number, actor: string, actorId: string, kind: ActorKind): void {
    const text = this.text;
    const open = this.bracketAfter(end);
    if (open < 0) return;
    let close = open + 1;
    while (close < this.sentenceEnd && close - open <= 9 && isWordCode(text.charCodeAt(close)) && text.charCodeAt(close) !== 0x2e) close++;
    if (text.charCodeAt(close) !== 0x29) return;
    const acronym = text.slice(open + 1, close);
    if (!/^[A-Z][A-Za-z]*(?:-[A-Z]+)?$/.test(acronym) || acronym.replace(/[^A-Z]/g, '').length < 2) return;
    if (acronym.charAt(0) !== text.charAt(start).toUpperCase() || startsName(this.roots.get(acronym))) return;
    this.definitions.push({ acronym, actor, actorId, kind, start: open + 1, end: close });
    this.emit(open + 1, close, actor, actorId, kind, 'acronym-defined', acronym);
    if (close > this.consumedUntil) this.consumedUntil = close;
  }

  /** Where "(" opens right after a name ending at `end`, one space between allowed; else -1. */
  private bracketAfter(end: number): number {
    const open = isInlineSpace(this.text.charCodeAt(end)) ? end + 1 : end;
    return this.text.charCodeAt(open) === 0x28 ? open : -1;
  }

  private nameOf(start: number, end: number): string {
    const name = this.text.slice(start, end);
    return /[\t\u00a0]| {2}/.test(name) ? name.replace(/[ \t\u00a0]+/g, ' ') : name;
  }

  /** `text`, when the caller has the exact span text already, saves slicing it again. */
  private emit(start: number, end: number, actor: string, actorId: string, kind: ActorKind, rule: ActorRule, text: string | undefined): void {
    const spanText = text !== undefined && text.length === end - start ? text : this.text.slice(start, end);
    this.mentions.push({ start, end, text: spanText, actor, actorId, kind, rule });
  }
}

/**
 * The actors mentioned in one paragraph, given its sentence spans (absolute offsets, sorted).
 * Acronyms it cannot resolve come back with rule 'acronym' and id `acronym:XYZ`;
 * `resolveAcronyms` settles them once the whole document's definitions are known. With `into`,
 * they are appended to its arrays (a document's, paragraph after paragraph) and it is returned.
 * `givenCodes` are the text's character codes from `givenBase` on (`charCodes`), covering the
 * sentences and a character either side; without them the scan copies its own.
 */
export function findActors(
  text: string,
  sentences: readonly Span[],
  lexicon: ActorLexicon,
  into?: ActorScan,
  givenCodes?: Uint16Array,
  givenBase = 0,
): ActorScan {
  const found = into ?? { mentions: [], definitions: [] };
  if (sentences.length === 0) return found;
  let codes = givenCodes;
  let base = givenBase;
  if (codes === undefined) {
    // The scanner reads a character either side of the sentences; beyond that, only the text.
    base = Math.max(0, sentences[0].start - 1);
    codes = charCodes(text, base, Math.min(text.length, sentences[sentences.length - 1].end + 1));
  }
  new ParagraphScanner(text, codes, base, lexicon, found.mentions, found.definitions).scan(sentences);
  return found;
}

/**
 * Settles what only the whole document knows, in one pass over its mentions:
 * - acronyms defined anywhere in it ("Frontier Works Organisation (FWO)"): a mention with rule
 *   'acronym' becomes the actor defined, rule 'acronym-defined'. Where an acronym is defined
 *   twice, a mention takes the nearest definition before it (the first, if it precedes them all);
 * - titled surnames ("Mr. Jafri") of a person named in full in another paragraph ("Commerce
 *   Minister Haroon Jafri"), when only one person in the document has that surname.
 */
export function resolveAcronyms(mentions: readonly ActorMention[], definitions: readonly AcronymDefinition[]): readonly ActorMention[] {
  return resolveAgainst(mentions, indexDefinitions(definitions, new Map()));
}

/** Acronym → its definitions by offset. */
export type DefinitionIndex = Map<string, AcronymDefinition[]>;

/**
 * Adds `definitions` to `index` and returns it. Streaming a long text adds each paragraph's as
 * it comes, rather than indexing every definition so far again for each paragraph.
 */
export function indexDefinitions(definitions: readonly AcronymDefinition[], index: DefinitionIndex): DefinitionIndex {
  for (const definition of definitions) {
    const list = index.get(definition.acronym);
    if (!list) {
      index.set(definition.acronym, [definition]);
      continue;
    }
    list.push(definition);
    if (list[list.length - 2].start > definition.start) list.sort((a, b) => a.start - b.start);
  }
  return index;
}

/** `resolveAcronyms` with the definitions already indexed. */
export function resolveAgainst(mentions: readonly ActorMention[], byAcronym: DefinitionIndex): readonly ActorMention[] {
  const bySurname = peopleBySurname(mentions);
  // Most documents change no mention: the array is copied only from the first that changes.
  let resolved: ActorMention[] | undefined;
  for (let index = 0; index < mentions.length; index++) {
    const mention = mentions[index];
    const settled = settleMention(mention, byAcronym, bySurname);
    if (settled !== mention) resolved ??= mentions.slice(0, index);
    resolved?.push(settled);
  }
  return resolved ?? mentions;
}

function settleMention(
  mention: ActorMention,
  byAcronym: ReadonlyMap<string, readonly AcronymDefinition[]>,
  bySurname: ReadonlyMap<string, ActorMention | undefined>,
): ActorMention {
  if (mention.rule === 'acronym') {
    const list = byAcronym.get(mention.actorId.slice('acronym:'.length));
    if (!list) return mention;
    const definition = list.length === 1 ? list[0] : nearestBefore(list, mention.start);
    return { ...mention, actor: definition.actor, actorId: definition.actorId, kind: definition.kind, rule: 'acronym-defined' };
  }
  if (mention.kind === 'person' && mention.actorId.startsWith('person:') && mention.actor.indexOf(' ') < 0) {
    const person = bySurname.get(mention.actor);
    if (person) return { ...mention, actor: person.actor, actorId: person.actorId };
  }
  return mention;
}

/** Surname → the one person in the document with a full name ending in it. */
function peopleBySurname(mentions: readonly ActorMention[]): Map<string, ActorMention | undefined> {
  const bySurname = new Map<string, ActorMention | undefined>();
  for (const mention of mentions) {
    if (mention.kind !== 'person') continue;
    const lastSpace = mention.actor.lastIndexOf(' ');
    if (lastSpace < 0) continue;
    const surname = mention.actor.slice(lastSpace + 1);
    const known = bySurname.get(surname);
    if (!bySurname.has(surname)) bySurname.set(surname, mention);
    else if (known && known.actorId !== mention.actorId) bySurname.set(surname, undefined);
  }
  return bySurname;
}

function nearestBefore(sorted: readonly AcronymDefinition[], offset: number): AcronymDefinition {
  let low = 0;
  let high = sorted.length - 1;
  let found = 0;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (sorted[middle].start <= offset) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return sorted[found];
}

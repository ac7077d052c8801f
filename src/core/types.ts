/**
 * The engine's vocabulary. Every offset is in UTF-16 code units (JavaScript string indices),
 * which is how VS Code counts, and every range is half-open: `text.slice(start, end)`.
 */

export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface QuotedSpan extends Span {
  readonly text: string;
}

/** What a segment of text is, before we decide whether it is a claim. */
export type SegmentRole =
  | 'sentence'
  | 'question'
  | 'headline'
  | 'byline'
  | 'dateline'
  | 'caption'
  | 'fragment';

export interface Segment extends Span {
  readonly role: SegmentRole;
  /** Index of the paragraph the segment belongs to. */
  readonly paragraph: number;
}

export interface Paragraph extends Span {
  readonly index: number;
}

// ---------------------------------------------------------------------------------------------
// Figures

export type FigureKind = 'money' | 'percent' | 'date' | 'duration' | 'quantity';

export interface MoneyValue {
  readonly amount: number;
  /** ISO 4217 code: USD, PKR, EUR, GBP, INR, CNY, JPY ... */
  readonly currency: string;
  /** For ranges such as "$2-3 billion". */
  readonly amountMax?: number;
}

export interface PercentValue {
  readonly amount: number;
  readonly unit: 'percent' | 'percentage-point';
  readonly amountMax?: number;
}

export interface DateValue {
  /**
   * ISO 8601 at the precision the text gives: "2026-02-19", "2025-12", "2024", or "--06" for a
   * month without a year ("the May cease-fire" → "--05"). Fiscal years are "FY2025".
   */
  readonly iso: string;
  /** The last day/month of a range ("April 8 to 9" → iso "--04-08", isoEnd "--04-09"). */
  readonly isoEnd?: string;
}

export type DurationUnit = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year' | 'decade' | 'century';

export interface DurationValue {
  readonly amount: number;
  readonly unit: DurationUnit;
  readonly amountMax?: number;
}

export interface QuantityValue {
  readonly amount: number;
  /** What is counted, as written ("troops", "refugees"), or the scale name ("Level"). */
  readonly unit?: string;
  readonly amountMax?: number;
}

export type FigureValue = MoneyValue | PercentValue | DateValue | DurationValue | QuantityValue;

export interface Figure extends QuotedSpan {
  readonly kind: FigureKind;
  readonly value?: FigureValue;
}

// ---------------------------------------------------------------------------------------------
// Actors

export type ActorKind = 'state' | 'government' | 'person' | 'organisation' | 'armed-group' | 'group' | 'bloc';

/** One entry of the lexicon: a canonical actor and the names it goes by. */
export interface ActorEntry {
  /** Stable id, e.g. "united-states". */
  readonly id: string;
  /** Canonical display name, e.g. "United States". */
  readonly name: string;
  readonly kind: ActorKind;
  /** Other names, metonyms and demonyms, matched case-sensitively as written. */
  readonly aliases: readonly string[];
  /**
   * The mention kind of particular aliases where it differs from `kind`: "Trump administration"
   * is the government of the United States, a state.
   */
  readonly aliasKinds?: Readonly<Record<string, ActorKind>>;
  /** For a government or a person: the state it belongs to (an actor id). */
  readonly memberOf?: string;
  /** Where the entry came from, shown in hovers. */
  readonly origin?: 'builtin' | 'countries' | 'workspace' | 'text';
}

/** How a mention was resolved, shown in hovers so the analyst sees why. */
export type ActorRule =
  | 'lexicon'
  | 'alias'
  | 'demonym'
  | 'title'
  | 'acronym-defined'
  | 'capitalised-name'
  | 'acronym';

export interface ActorMention extends QuotedSpan {
  /** Canonical name of the actor. */
  readonly actor: string;
  readonly actorId: string;
  readonly kind: ActorKind;
  readonly rule: ActorRule;
}

// ---------------------------------------------------------------------------------------------
// Claims

export type ClaimType = 'fact' | 'forecast' | 'assessment' | 'prescription' | 'attribution';

/** ICD 203 estimative levels, from least to most likely. */
export type Likelihood =
  | 'almost-no-chance'
  | 'very-unlikely'
  | 'unlikely'
  | 'even-chance'
  | 'likely'
  | 'very-likely'
  | 'almost-certain';

export const LIKELIHOODS: readonly Likelihood[] = [
  'almost-no-chance',
  'very-unlikely',
  'unlikely',
  'even-chance',
  'likely',
  'very-likely',
  'almost-certain',
];

/** A word or phrase that suggested a claim's type, likelihood or source. */
export interface Cue extends QuotedSpan {
  /** e.g. ["forecast"], ["likelihood:unlikely", "negation"], ["attribution"]. */
  readonly signals: readonly string[];
}

export interface Claim extends QuotedSpan {
  readonly type: ClaimType;
  readonly likelihood?: Likelihood;
  readonly cues: readonly Cue[];
  /** For attributed claims: who says so ("officials say", "according to diplomatic sources"). */
  readonly source?: QuotedSpan;
  readonly paragraph: number;
}

export type NonClaimReason =
  | 'headline'
  | 'byline'
  | 'dateline'
  | 'caption'
  | 'question'
  | 'greeting'
  | 'condolence'
  | 'fragment';

export interface NonClaim extends QuotedSpan {
  readonly reason: NonClaimReason;
  readonly paragraph: number;
}

// ---------------------------------------------------------------------------------------------
// Results

export interface Analysis {
  /** Length of the analysed text in UTF-16 code units. */
  readonly length: number;
  readonly paragraphs: readonly Paragraph[];
  readonly segments: readonly Segment[];
  readonly claims: readonly Claim[];
  readonly nonClaims: readonly NonClaim[];
  readonly figures: readonly Figure[];
  readonly actors: readonly ActorMention[];
}

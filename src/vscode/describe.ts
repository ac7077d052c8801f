import { describeTag } from '../core/taxonomy';
import type { ActorKind, ClaimType, DurationValue, Figure, FigureKind, Likelihood, MoneyValue, PercentValue, QuantityValue, DateValue } from '../core/types';

// Words for what the engine found, shared by hovers, the outline and the status bar. No vscode
// import: this is plain formatting.

export const FIGURE_KIND_LABELS: Readonly<Record<FigureKind, string>> = {
  money: 'Money',
  percent: 'Percent',
  date: 'Date',
  duration: 'Duration',
  quantity: 'Quantity',
};

export const ACTOR_KIND_LABELS: Readonly<Record<ActorKind, string>> = {
  state: 'State',
  government: 'Government',
  person: 'Person',
  organisation: 'Organisation',
  'armed-group': 'Armed group',
  group: 'Group',
  bloc: 'Bloc',
};

export function claimTypeLabel(type: ClaimType): string {
  return describeTag(`type:${type}`)?.value.label ?? type;
}

export function claimTypeDefinition(type: ClaimType): string | undefined {
  return describeTag(`type:${type}`)?.value.definition;
}

export function likelihoodLabel(likelihood: Likelihood): string {
  return describeTag(`likelihood:${likelihood}`)?.value.label ?? likelihood;
}

const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });

function amount(value: number, max: number | undefined): string {
  return max === undefined || max === value ? numberFormat.format(value) : `${numberFormat.format(value)}–${numberFormat.format(max)}`;
}

function plural(unit: string, value: number, max: number | undefined): string {
  return (max ?? value) === 1 ? unit : `${unit}s`;
}

/** A figure's normalised value in words: "2,000,000,000 USD", "18 percent", "2027-12". */
export function describeFigureValue(figure: Figure): string | undefined {
  const value = figure.value;
  if (!value) return undefined;
  switch (figure.kind) {
    case 'money': {
      const money = value as MoneyValue;
      return `${amount(money.amount, money.amountMax)} ${money.currency}`;
    }
    case 'percent': {
      const percent = value as PercentValue;
      const unit = percent.unit === 'percentage-point' ? plural('percentage point', percent.amount, percent.amountMax) : 'percent';
      return `${amount(percent.amount, percent.amountMax)} ${unit}`;
    }
    case 'date': {
      const date = value as DateValue;
      return date.isoEnd ? `${date.iso} to ${date.isoEnd}` : date.iso;
    }
    case 'duration': {
      const duration = value as DurationValue;
      return `${amount(duration.amount, duration.amountMax)} ${plural(duration.unit, duration.amount, duration.amountMax)}`;
    }
    case 'quantity': {
      const quantity = value as QuantityValue;
      const counted = amount(quantity.amount, quantity.amountMax);
      return quantity.unit ? `${counted} ${quantity.unit}` : counted;
    }
  }
}

/** "3 claims", "1 claim". */
export function count(n: number, noun: string): string {
  return `${n} ${n === 1 ? noun : `${noun}s`}`;
}

function isBlank(code: number): boolean {
  return code <= 0x20 || code === 0xa0 || code === 0x3000 || code === 0xfeff || (code >= 0x2000 && code <= 0x200b);
}

/**
 * The first words of `text.slice(start, end)`, for outline names: never empty, never longer than
 * `maxChars` (plus "…" when cut). Scans only as far as it needs: a large document has thousands
 * of paragraphs, named again on every edit.
 */
export function firstWords(text: string, start = 0, end = text.length, maxWords = 8, maxChars = 60): string {
  let result = '';
  let words = 0;
  let at = start;
  while (at < end && isBlank(text.charCodeAt(at))) at++;
  while (at < end) {
    if (words === maxWords) return `${result}…`;
    let wordEnd = at;
    while (wordEnd < end && !isBlank(text.charCodeAt(wordEnd))) wordEnd++;
    const longer = result === '' ? text.slice(at, Math.min(wordEnd, at + maxChars + 1)) : `${result} ${text.slice(at, wordEnd)}`;
    if (longer.length > maxChars) return `${longer.slice(0, maxChars).trimEnd()}…`;
    result = longer;
    words++;
    at = wordEnd;
    while (at < end && isBlank(text.charCodeAt(at))) at++;
  }
  return result === '' ? '(empty)' : result;
}

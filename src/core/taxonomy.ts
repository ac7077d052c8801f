import { LIKELIHOODS, type ClaimType, type Likelihood } from './types';

/**
 * The fixed taxonomy analysts tag claims with. Tags are strings `facet:value`. Changing a value's
 * meaning is a new taxonomy version: sidecars record the id and version they were made with.
 */

export type FacetId = 'type' | 'domain' | 'outlook' | 'evidence' | 'likelihood';

/** How many values of a facet one claim may carry. */
export type FacetCardinality = 'exactly-one' | 'at-most-one' | 'any';

export interface TaxonomyValue {
  readonly id: string;
  readonly label: string;
  readonly definition: string;
  readonly example: string;
}

export interface Facet {
  readonly id: FacetId;
  readonly label: string;
  readonly cardinality: FacetCardinality;
  readonly definition: string;
  readonly values: readonly TaxonomyValue[];
}

export interface Taxonomy {
  readonly id: string;
  readonly version: number;
  readonly facets: readonly Facet[];
}

const typeValues: readonly (TaxonomyValue & { id: ClaimType })[] = [
  {
    id: 'fact',
    label: 'Fact',
    definition: 'A verifiable statement about the past or the present.',
    example: 'Remittances rose to $31 billion in the last fiscal year.',
  },
  {
    id: 'forecast',
    label: 'Forecast',
    definition: 'What will, may or is expected to happen.',
    example: 'The new tariff will weigh on textile exports next year.',
  },
  {
    id: 'assessment',
    label: 'Assessment',
    definition: 'An evaluation or judgement, without a forecast.',
    example: 'The ministry has handled the talks with unusual skill.',
  },
  {
    id: 'prescription',
    label: 'Prescription',
    definition: 'What should, must or could be done.',
    example: 'Both capitals should revive the dormant trade council.',
  },
  {
    id: 'attribution',
    label: 'Attribution',
    definition: 'What a named or unnamed source says, believes or describes.',
    example: 'Officials say the visit was planned months ago.',
  },
];

const domainValues: readonly TaxonomyValue[] = [
  { id: 'security', label: 'Security', definition: 'Armed conflict, terrorism, defence and policing.', example: 'Attacks on border posts doubled this spring.' },
  { id: 'trade', label: 'Trade', definition: 'Exports, imports, tariffs and market access.', example: 'The tariff cut opens the market to rice exporters.' },
  { id: 'investment', label: 'Investment', definition: 'Capital flows into projects and firms.', example: 'A Gulf fund pledged to build two refineries.' },
  { id: 'finance', label: 'Finance', definition: 'Budgets, debt, currency, banking and crypto.', example: 'The central bank held its policy rate for a third time.' },
  { id: 'aid', label: 'Aid', definition: 'Development and humanitarian assistance.', example: 'Flood relief funding ran out in March.' },
  { id: 'diplomacy', label: 'Diplomacy', definition: 'Relations, visits, talks and agreements between governments.', example: 'The foreign minister will visit Ankara next week.' },
  { id: 'geopolitics', label: 'Geopolitics', definition: 'Rivalry and alignment among powers.', example: 'The port gives Beijing a foothold on the Arabian Sea.' },
  { id: 'governance', label: 'Governance', definition: 'Institutions, law, elections and reform at home.', example: 'Parliament passed the tax amendment without debate.' },
  { id: 'society', label: 'Society', definition: 'People, diaspora, migration, health and education.', example: 'Remittances from the diaspora keep many households afloat.' },
  { id: 'energy', label: 'Energy', definition: 'Oil, gas, power, minerals and climate.', example: 'Circular debt in the power sector keeps growing.' },
  { id: 'technology', label: 'Technology', definition: 'Digital economy, telecoms and emerging technology.', example: 'The new data law worries cloud providers.' },
];

const outlookValues: readonly TaxonomyValue[] = [
  { id: 'optimistic', label: 'Optimistic', definition: 'Expects or presents a favourable outcome.', example: 'The deal could unlock a decade of growth.' },
  { id: 'pessimistic', label: 'Pessimistic', definition: 'Expects or presents an unfavourable outcome.', example: 'These efforts will fall short.' },
  { id: 'mixed', label: 'Mixed', definition: 'Weighs favourable against unfavourable outcomes.', example: 'Exports will grow, but not enough to close the gap.' },
];

const evidenceValues: readonly TaxonomyValue[] = [
  { id: 'sourced', label: 'Sourced', definition: 'Backed by a named or unnamed source.', example: 'According to the ministry, 40 firms applied.' },
  { id: 'figure-backed', label: 'Figure-backed', definition: 'Backed by a figure in the claim.', example: 'Exports fell 12 per cent in the first quarter.' },
  { id: 'unsupported', label: 'Unsupported', definition: 'Asserted without source or figure.', example: 'Everyone knows the plan will fail.' },
];

const likelihoodDefinitions: Readonly<Record<Likelihood, readonly [label: string, definition: string, example: string]>> = {
  'almost-no-chance': ['Almost no chance', 'ICD 203: 1–5 per cent; remote.', 'There is almost no chance the treaty is ratified this year.'],
  'very-unlikely': ['Very unlikely', 'ICD 203: 5–20 per cent; highly improbable.', 'A full withdrawal is very unlikely before the elections.'],
  unlikely: ['Unlikely', 'ICD 203: 20–45 per cent; improbable.', 'The talks likely won’t produce a deal.'],
  'even-chance': ['Roughly even chance', 'ICD 203: 45–55 per cent; roughly even odds.', 'The loan may or may not be approved in June.'],
  likely: ['Likely', 'ICD 203: 55–80 per cent; probable.', 'The central bank will probably cut rates again.'],
  'very-likely': ['Very likely', 'ICD 203: 80–95 per cent; highly probable.', 'Inflation is very likely to ease by the autumn.'],
  'almost-certain': ['Almost certain', 'ICD 203: 95–99 per cent; nearly certain.', 'The budget will almost certainly miss its target.'],
};

export const TAXONOMY: Taxonomy = {
  id: 'policy-lens/claims',
  version: 1,
  facets: [
    {
      id: 'type',
      label: 'Type',
      cardinality: 'exactly-one',
      definition: 'What kind of statement the claim is.',
      values: typeValues,
    },
    {
      id: 'domain',
      label: 'Domain',
      cardinality: 'any',
      definition: 'The policy areas the claim is about.',
      values: domainValues,
    },
    {
      id: 'outlook',
      label: 'Outlook',
      cardinality: 'at-most-one',
      definition: 'Whether the claim sees things going well or badly.',
      values: outlookValues,
    },
    {
      id: 'evidence',
      label: 'Evidence',
      cardinality: 'at-most-one',
      definition: 'What the claim rests on.',
      values: evidenceValues,
    },
    {
      id: 'likelihood',
      label: 'Likelihood',
      cardinality: 'at-most-one',
      definition: 'The probability the claim expresses, on the ICD 203 scale.',
      values: LIKELIHOODS.map((id) => {
        const [label, definition, example] = likelihoodDefinitions[id];
        return { id, label, definition, example };
      }),
    },
  ],
};

export interface TagInfo {
  readonly tag: string;
  readonly facet: Facet;
  readonly value: TaxonomyValue;
}

const tagIndex: ReadonlyMap<string, TagInfo> = new Map(
  TAXONOMY.facets.flatMap((facet) =>
    facet.values.map((value): [string, TagInfo] => [`${facet.id}:${value.id}`, { tag: `${facet.id}:${value.id}`, facet, value }]),
  ),
);

/** Every tag of the taxonomy, in taxonomy order. */
export const ALL_TAGS: readonly string[] = [...tagIndex.keys()];

export function describeTag(tag: string): TagInfo | undefined {
  return tagIndex.get(tag);
}

export function isKnownTag(tag: string): boolean {
  return tagIndex.has(tag);
}

export function facetOf(tag: string): string {
  const colon = tag.indexOf(':');
  return colon < 0 ? '' : tag.slice(0, colon);
}

export type TagProblem =
  | { readonly kind: 'unknown-tag'; readonly tag: string }
  | { readonly kind: 'missing-type' }
  | { readonly kind: 'too-many'; readonly facet: FacetId; readonly tags: readonly string[] };

/**
 * Checks a claim's tags against each facet's rule. A claim with no tags at all is untagged, not
 * wrong, so `missing-type` is reported only when some other tag is present.
 */
export function checkTags(tags: readonly string[]): TagProblem[] {
  const problems: TagProblem[] = [];
  for (const tag of tags) {
    if (!isKnownTag(tag)) problems.push({ kind: 'unknown-tag', tag });
  }
  for (const facet of TAXONOMY.facets) {
    const inFacet = tags.filter((tag) => facetOf(tag) === facet.id && isKnownTag(tag));
    if (facet.cardinality !== 'any' && inFacet.length > 1) {
      problems.push({ kind: 'too-many', facet: facet.id, tags: inFacet });
    }
    if (facet.cardinality === 'exactly-one' && inFacet.length === 0 && tags.length > 0) {
      problems.push({ kind: 'missing-type' });
    }
  }
  return problems;
}

/**
 * Adds a tag, replacing any other value of a single-valued facet, so that the result always
 * respects the facet rules. Tags the taxonomy does not know are kept untouched.
 */
export function addTag(tags: readonly string[], tag: string): string[] {
  const facetId = facetOf(tag);
  const facet = TAXONOMY.facets.find((f) => f.id === facetId);
  const singleValued = facet !== undefined && facet.cardinality !== 'any';
  const kept = tags.filter((existing) => existing !== tag && !(singleValued && facetOf(existing) === facetId));
  return sortTags([...kept, tag]);
}

export function removeTag(tags: readonly string[], tag: string): string[] {
  return tags.filter((existing) => existing !== tag);
}

/** Taxonomy order for known tags, then unknown tags alphabetically: stable in files and UI. */
export function sortTags(tags: readonly string[]): string[] {
  const rank = (tag: string): number => {
    const index = ALL_TAGS.indexOf(tag);
    return index < 0 ? ALL_TAGS.length : index;
  };
  return [...new Set(tags)].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

import { describeTag, facetOf, isKnownTag, sortTags, TAXONOMY } from '../../core/taxonomy';
import type { ClaimType } from '../../core/types';

// The facet rules as the tag picker applies them while the analyst clicks. Pure (no vscode
// import) so that unit tests cover them; the picker only turns them into UI.

const SINGLE_VALUED = new Set(TAXONOMY.facets.filter((facet) => facet.cardinality !== 'any').map((facet) => facet.id as string));

export interface PickResult {
  /** The selection with at most one value per single-valued facet. */
  readonly tags: string[];
  /** Tags dropped because a later pick in the same facet replaced them. */
  readonly replaced: string[];
}

/**
 * A picker with `canPickMany` lets the analyst tick two types. Rather than refuse, the newest
 * pick in a single-valued facet wins, like a radio button: ticking Forecast while Fact is ticked
 * moves the tick. `previous` is the selection before the click, `selected` after it.
 */
export function applyPickRules(previous: readonly string[], selected: readonly string[]): PickResult {
  const before = new Set(previous);
  const replaced: string[] = [];
  const kept = new Set(selected);
  for (const facet of SINGLE_VALUED) {
    const inFacet = selected.filter((tag) => isKnownTag(tag) && facetOf(tag) === facet);
    if (inFacet.length < 2) continue;
    const fresh = inFacet.filter((tag) => !before.has(tag));
    const winner = fresh.length > 0 ? fresh[fresh.length - 1] : inFacet[inFacet.length - 1];
    for (const tag of inFacet) {
      if (tag === winner) continue;
      kept.delete(tag);
      replaced.push(tag);
    }
  }
  return { tags: selected.filter((tag) => kept.has(tag)), replaced };
}

/**
 * Why the picked tags cannot be saved as they are, or undefined when they can. No tags at all
 * is allowed: it removes the claim's tags.
 */
export function pickProblem(tags: readonly string[]): string | undefined {
  if (tags.length === 0) return undefined;
  const types = tags.filter((tag) => isKnownTag(tag) && facetOf(tag) === 'type');
  if (types.length === 0) return 'Pick a Type: a tagged claim needs exactly one (Fact, Forecast, Assessment, Prescription or Attribution).';
  return undefined;
}

/** "Type: Forecast", or the tag itself for one the taxonomy does not know. */
export function tagLabel(tag: string): string {
  const info = describeTag(tag);
  return info ? `${info.facet.label}: ${info.value.label}` : tag;
}

/** Value labels in taxonomy order, for compact descriptions: "Forecast · Trade · Likely". */
export function shortTagList(tags: readonly string[]): string {
  return sortTags(tags)
    .map((tag) => describeTag(tag)?.value.label ?? tag)
    .join(' · ');
}

/** Parses tags given to a command by a keybinding or a script: a string or an array of strings. */
export function parseTagList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return value.trim() === '' ? [] : [value.trim()];
  if (!Array.isArray(value)) return undefined;
  const tags = value.filter((tag): tag is string => typeof tag === 'string').map((tag) => tag.trim()).filter((tag) => tag !== '');
  return tags.length === value.length ? tags : undefined;
}

/** The claim type among the tags (the first known `type:` tag), if any. */
export function typeOfTags(tags: readonly string[]): ClaimType | undefined {
  for (const tag of tags) {
    if (facetOf(tag) === 'type' && isKnownTag(tag)) return tag.slice('type:'.length) as ClaimType;
  }
  return undefined;
}

import type { ClaimFilter } from '../../core/claimIndex';
import { describeTag } from '../../core/taxonomy';

// The words the Claims view uses for its filter: a short description beside the view's title
// and a sentence in its message. Pure, so unit tests pin the wording.

function tagWord(tag: string): string {
  return describeTag(tag)?.value.label ?? tag;
}

/** "untagged · Forecast · Trade · actor: IMF · “loan”"; empty when nothing is filtered. */
export function filterDescription(filter: ClaimFilter): string {
  const parts: string[] = [];
  if (filter.untaggedOnly) parts.push('untagged');
  for (const tag of filter.tags ?? []) parts.push(tagWord(tag));
  if (filter.actor) parts.push(`actor: ${filter.actor}`);
  if (filter.text) parts.push(`“${filter.text}”`);
  return parts.join(' · ');
}

/**
 * "Showing untagged claims tagged Forecast and Trade that mention IMF and contain “loan”." —
 * undefined when nothing is filtered.
 */
export function filterMessage(filter: ClaimFilter): string | undefined {
  const conditions: string[] = [];
  const tags = filter.tags ?? [];
  if (tags.length > 0) conditions.push(`tagged ${joinAnd(tags.map(tagWord))}`);
  if (filter.actor) conditions.push(`that mention ${filter.actor}`);
  if (filter.text) conditions.push(`that contain “${filter.text}”`);
  if (!filter.untaggedOnly && conditions.length === 0) return undefined;
  const subject = filter.untaggedOnly ? 'untagged claims' : 'claims';
  return `Showing ${subject}${conditions.length > 0 ? ' ' + joinAnd(conditions, ', ') : ''}.`;
}

function joinAnd(words: readonly string[], separator = ', '): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(separator)} and ${words[words.length - 1]}`;
}

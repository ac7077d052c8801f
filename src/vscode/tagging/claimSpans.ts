import type { Span } from '../../core/types';

// Which claim a command acts on, and which untagged claim comes next. Pure: spans in, span out.

/** An annotated span of the text as commands see it. */
export interface AnnotatedSpan extends Span {
  readonly tags: readonly string[];
}

/**
 * The claim at the cursor: among detected claims and annotations, the shortest that contains
 * `offset`, or, failing that, one that ends exactly there (the cursor just after a full stop).
 */
export function claimSpanAt<T extends Span>(spans: readonly T[], offset: number): T | undefined {
  let inside: T | undefined;
  let touching: T | undefined;
  for (const span of spans) {
    if (span.start <= offset && offset < span.end) {
      if (!inside || span.end - span.start < inside.end - inside.start) inside = span;
    } else if (span.end === offset && span.start < offset) {
      if (!touching || span.end - span.start < touching.end - touching.start) touching = span;
    }
  }
  return inside ?? touching;
}

/**
 * The claims an analyst still has to decide on, in text order: detected claims with no tags
 * on their exact range, and annotated spans without tags (a manual claim whose tags were
 * removed, or one with only a note).
 */
export function untaggedSpans(claims: readonly Span[], annotations: readonly AnnotatedSpan[]): Span[] {
  const byRange = new Map<string, AnnotatedSpan>();
  for (const annotation of annotations) byRange.set(`${annotation.start}:${annotation.end}`, annotation);
  const untagged: Span[] = [];
  const seen = new Set<string>();
  for (const claim of claims) {
    const key = `${claim.start}:${claim.end}`;
    seen.add(key);
    const annotation = byRange.get(key);
    if (!annotation || annotation.tags.length === 0) untagged.push({ start: claim.start, end: claim.end });
  }
  for (const annotation of annotations) {
    const key = `${annotation.start}:${annotation.end}`;
    if (!seen.has(key) && annotation.tags.length === 0) untagged.push({ start: annotation.start, end: annotation.end });
  }
  return untagged.sort((a, b) => a.start - b.start || a.end - b.end);
}

/**
 * The next untagged claim after the cursor: the first that starts after `selectionStart`,
 * wrapping to the first of the text, like going through problems. Undefined when none is left.
 */
export function nextUntaggedSpan(claims: readonly Span[], annotations: readonly AnnotatedSpan[], selectionStart: number): Span | undefined {
  const untagged = untaggedSpans(claims, annotations);
  return untagged.find((span) => span.start > selectionStart) ?? untagged[0];
}

/**
 * A selection made into a claim: without the blanks at either end (a double-click or a drag
 * often takes a space), or undefined when nothing but blanks is selected.
 */
export function trimSpan(text: string, span: Span): Span | undefined {
  let { start, end } = span;
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return start < end ? { start, end } : undefined;
}

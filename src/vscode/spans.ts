import type { Span } from '../core/types';

// Pure span helpers (no vscode import), shared by hovers, navigation and decorations.

/** The innermost of `spans` that contains `offset` (half-open), or undefined. */
export function spanAt<T extends Span>(spans: readonly T[], offset: number): T | undefined {
  let best: T | undefined;
  for (const span of spans) {
    if (span.start <= offset && offset < span.end && (!best || span.end - span.start < best.end - best.start)) best = span;
  }
  return best;
}

/** The spans that overlap `window`; every span when there is no window. */
export function spansIn<T extends Span>(spans: readonly T[], window: Span | undefined): readonly T[] {
  if (!window) return spans;
  return spans.filter((span) => span.end > window.start && span.start < window.end);
}

export type Direction = 'next' | 'previous';

/**
 * The claim to go to from the current selection. "Next" is the first claim that starts after
 * the selection starts; "previous" the last one that starts before it, so from the middle of a
 * claim "previous" goes to that claim's start. Both wrap around, like going through problems.
 */
export function adjacentSpan<T extends Span>(spans: readonly T[], selectionStart: number, direction: Direction): T | undefined {
  if (spans.length === 0) return undefined;
  if (direction === 'next') {
    return spans.find((span) => span.start > selectionStart) ?? spans[0];
  }
  for (let index = spans.length - 1; index >= 0; index--) {
    if (spans[index].start < selectionStart) return spans[index];
  }
  return spans[spans.length - 1];
}

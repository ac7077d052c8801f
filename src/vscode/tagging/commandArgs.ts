import { parseTagList } from './tagRules';

// Arguments of the tagging commands, as keybindings (JSON) and scripts pass them. Pure: the
// vscode layer turns the result into a document and offsets.

/** A position as JSON can carry it: `{ line, character }`, zero-based like vscode.Position. */
export interface PlainPosition {
  readonly line: number;
  readonly character: number;
}

export interface PlainRange {
  readonly start: PlainPosition;
  readonly end: PlainPosition;
}

/**
 * What a command acts on and with what. `uri` is a string (a vscode.Uri's `toString()`, or a
 * file path); without it the active editor. Without `range` or `offset`, the selection.
 */
export interface TargetArgs {
  readonly uri?: string;
  readonly range?: PlainRange;
  readonly offset?: number;
  /** The tags to add (tagClaim) or remove (untagClaim); with them, no UI is shown. */
  readonly tags?: readonly string[];
  /** tagClaim: replace all tags instead of adding. */
  readonly replace?: boolean;
  /** editNote: the note to set ('' removes it); with it, no input box. */
  readonly note?: string;
  /** attachOrphan: which orphaned annotation. */
  readonly annotationId?: string;
  /** Act on the claim selected in the Claims panel (keybindings scoped to the panel). */
  readonly fromClaimsView?: boolean;
}

export type ParsedArgs = { readonly ok: true; readonly args: TargetArgs } | { readonly ok: false; readonly error: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function position(value: unknown): PlainPosition | undefined {
  if (!isRecord(value)) return undefined;
  const { line, character } = value;
  return Number.isInteger(line) && Number.isInteger(character) && (line as number) >= 0 && (character as number) >= 0
    ? { line: line as number, character: character as number }
    : undefined;
}

/** A vscode.Range, `{ start, end }` of positions, or `[startLine, startCharacter, endLine, endCharacter]`. */
function range(value: unknown): PlainRange | undefined {
  if (Array.isArray(value) && value.length === 4 && value.every((n) => Number.isInteger(n) && n >= 0)) {
    const [startLine, startCharacter, endLine, endCharacter] = value as number[];
    return { start: { line: startLine, character: startCharacter }, end: { line: endLine, character: endCharacter } };
  }
  if (!isRecord(value)) return undefined;
  const start = position(value.start);
  const end = position(value.end);
  return start && end ? { start, end } : undefined;
}

/** A vscode.Uri (anything with a scheme and a `toString`) or a string. */
function uriString(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (isRecord(value) && typeof value.scheme === 'string' && typeof value.toString === 'function') return String(value);
  return undefined;
}

/**
 * Reads a command's argument object. Unknown fields are ignored (a keybinding written for a
 * later version still works); fields of the wrong type are an error naming the field.
 */
export function parseTargetArgs(value: unknown): ParsedArgs {
  if (value === undefined || value === null) return { ok: true, args: {} };
  if (!isRecord(value)) return { ok: false, error: 'expected an object such as { "tags": ["type:fact"] }' };
  const args: { -readonly [K in keyof TargetArgs]: TargetArgs[K] } = {};
  if (value.uri !== undefined) {
    args.uri = uriString(value.uri);
    if (args.uri === undefined) return { ok: false, error: '"uri" must be a URI or a string' };
  }
  if (value.range !== undefined) {
    args.range = range(value.range);
    if (args.range === undefined) return { ok: false, error: '"range" must be { "start": { "line", "character" }, "end": { … } } or [startLine, startCharacter, endLine, endCharacter]' };
  }
  if (value.offset !== undefined) {
    if (!Number.isInteger(value.offset) || (value.offset as number) < 0) return { ok: false, error: '"offset" must be a whole number ≥ 0' };
    args.offset = value.offset as number;
  }
  if (value.tags !== undefined) {
    args.tags = parseTagList(value.tags);
    if (args.tags === undefined) return { ok: false, error: '"tags" must be a tag or a list of tags such as ["type:fact", "domain:trade"]' };
  }
  if (value.replace !== undefined) {
    if (typeof value.replace !== 'boolean') return { ok: false, error: '"replace" must be true or false' };
    args.replace = value.replace;
  }
  if (value.note !== undefined) {
    if (typeof value.note !== 'string') return { ok: false, error: '"note" must be a string' };
    args.note = value.note;
  }
  if (value.annotationId !== undefined) {
    if (typeof value.annotationId !== 'string' || value.annotationId === '') return { ok: false, error: '"annotationId" must be a string' };
    args.annotationId = value.annotationId;
  }
  if (value.fromClaimsView !== undefined) {
    if (typeof value.fromClaimsView !== 'boolean') return { ok: false, error: '"fromClaimsView" must be true or false' };
    args.fromClaimsView = value.fromClaimsView;
  }
  return { ok: true, args };
}

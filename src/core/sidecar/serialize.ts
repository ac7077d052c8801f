import type { z } from 'zod';
import { checkTags, sortTags, TAXONOMY, type TagProblem } from '../taxonomy';
import { SIDECAR_VERSION, sidecarSchema, type Annotation, type Sidecar } from './schema';
import { formatJsonPath, lineAndColumn } from '../jsonText';

/**
 * Reading and writing sidecars. The text is made for git: one canonical form (fixed key order,
 * sorted annotations and tags, 2-space indent, trailing newline), so that changing one annotation
 * changes only its own lines and two analysts' edits merge.
 */

/** The canonical text of a sidecar. Annotations are sorted by (start, end, id), tags with `sortTags`. */
export function serializeSidecar(sidecar: Sidecar): string {
  const annotations = [...sidecar.annotations].sort(compareAnnotations);
  // JSON.stringify keeps insertion order for non-numeric keys: these literals fix the key order.
  const canonical = {
    ...(sidecar.$schema === undefined ? {} : { $schema: sidecar.$schema }),
    version: sidecar.version,
    document: { fileName: sidecar.document.fileName, sha256: sidecar.document.sha256, length: sidecar.document.length },
    taxonomy: { id: sidecar.taxonomy.id, version: sidecar.taxonomy.version },
    annotations: [],
  };
  const head = JSON.stringify(canonical, undefined, 2);
  if (annotations.length === 0) return head + '\n';
  // The same text JSON.stringify would give for the whole file, built from per-annotation pieces
  // so that a save after one tag change re-serialises one annotation, not five thousand.
  const body = annotations.map(annotationJson).join(',\n');
  return `${head.slice(0, head.length - '[]\n}'.length)}[\n${body}\n  ]\n}\n`;
}

/**
 * Annotations are immutable values (every change makes a new object), so an annotation's JSON
 * can be kept for as long as the object lives: a weak map, not state anyone can observe.
 */
const ANNOTATION_JSON = new WeakMap<Annotation, string>();

function annotationJson(annotation: Annotation): string {
  let json = ANNOTATION_JSON.get(annotation);
  if (json === undefined) {
    // Split on "\n" only: a regex ^ with the m flag also breaks at U+2028, which JSON keeps raw.
    json = '    ' + JSON.stringify(canonicalAnnotation(annotation), undefined, 2).split('\n').join('\n    ');
    ANNOTATION_JSON.set(annotation, json);
  }
  return json;
}

function compareAnnotations(a: Annotation, b: Annotation): number {
  return a.target.start - b.target.start || a.target.end - b.target.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function canonicalAnnotation(annotation: Annotation): Annotation {
  const { target } = annotation;
  return {
    id: annotation.id,
    target: { start: target.start, end: target.end, exact: target.exact, prefix: target.prefix, suffix: target.suffix },
    tags: sortTags(annotation.tags),
    ...(annotation.note === undefined ? {} : { note: annotation.note }),
    ...(annotation.author === undefined ? {} : { author: annotation.author }),
    created: annotation.created,
    modified: annotation.modified,
    origin: annotation.origin,
  };
}

// ---------------------------------------------------------------------------------------------
// Parsing

/**
 * Something to show the analyst about a file that was read: the file is kept as it is.
 * - `tags`: a tag problem (unknown tag, facet rule) of one annotation, from `checkTags`;
 * - `taxonomy`: the file was tagged with another taxonomy or version than this build's.
 */
export type SidecarProblem =
  | {
      readonly kind: 'tags';
      readonly annotationId: string;
      /** JSON path of the annotation's tags, e.g. `annotations[3].tags`. */
      readonly path: string;
      readonly problem: TagProblem;
      readonly message: string;
    }
  | {
      readonly kind: 'taxonomy';
      readonly path: 'taxonomy';
      readonly found: { readonly id: string; readonly version: number };
      readonly message: string;
    };

/**
 * - `invalid-json`: not JSON at all (empty, truncated, a merge conflict); `line` and `column`
 *   (1-based, UTF-16 columns) say where;
 * - `schema`: JSON, but not a sidecar; `path` says where;
 * - `newer-version`: written by a newer Policy Lens; leave the file alone.
 */
export type SidecarErrorKind = 'invalid-json' | 'schema' | 'newer-version';

export type ParseSidecarResult =
  | { readonly ok: true; readonly sidecar: Sidecar; readonly problems: readonly SidecarProblem[] }
  | {
      readonly ok: false;
      readonly kind: SidecarErrorKind;
      /** Names the file and the first error, e.g. `x.annotations.json: annotations[3].target.start: expected a number, found a string ("12")`. */
      readonly message: string;
      readonly line?: number;
      readonly column?: number;
      readonly path?: readonly (string | number)[];
    };

/**
 * Reads a sidecar's text. Never throws: every failure is a result, with a message naming
 * `fileName` and the first error. Tags the taxonomy does not know are kept and listed in
 * `problems`.
 */
export function parseSidecar(text: string, fileName: string): ParseSidecarResult {
  try {
    return parseUnsafe(text, fileName);
  } catch (error) {
    // Not expected; but a sidecar that cannot be read must never take the caller down.
    return { ok: false, kind: 'schema', message: `${fileName}: could not be read: ${String(error)}` };
  }
}

function parseUnsafe(text: string, fileName: string): ParseSidecarResult {
  // Editors on Windows may add a BOM; JSON.parse rejects it.
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (source.trim() === '') {
    return { ok: false, kind: 'invalid-json', message: `${fileName}: the file is empty; expected a JSON object.`, line: 1, column: 1 };
  }

  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch (error) {
    const syntax = findJsonSyntaxError(source);
    if (syntax === undefined) {
      return { ok: false, kind: 'invalid-json', message: `${fileName}: not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
    }
    const { line, column } = lineAndColumn(text, syntax.offset + (source === text ? 0 : 1));
    return { ok: false, kind: 'invalid-json', message: `${fileName}: not valid JSON at line ${line}, column ${column}: ${syntax.message}.`, line, column };
  }

  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { ok: false, kind: 'schema', message: `${fileName}: expected a JSON object at the top level, found ${describeValue(data)}.`, path: [] };
  }
  const version = (data as Record<string, unknown>).version;
  if (typeof version === 'number' && version > SIDECAR_VERSION) {
    return {
      ok: false,
      kind: 'newer-version',
      message: `${fileName}: written by a newer version of Policy Lens (sidecar version ${version}; this version reads version ${SIDECAR_VERSION}). Update Policy Lens to open it; the file was left as it is.`,
      path: ['version'],
    };
  }

  const parsed = sidecarSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const more = parsed.error.issues.length - 1;
    const { path, description } = describeIssue(issue);
    const tail = more > 0 ? ` (and ${more} more ${more === 1 ? 'error' : 'errors'})` : '';
    return { ok: false, kind: 'schema', message: `${fileName}: ${formatPath(path)}: ${description}${tail}.`, path };
  }
  const sidecar: Sidecar = parsed.data;

  const inconsistency = findInconsistency(sidecar);
  if (inconsistency !== undefined) {
    return { ok: false, kind: 'schema', message: `${fileName}: ${formatPath(inconsistency.path)}: ${inconsistency.description}.`, path: inconsistency.path };
  }
  return { ok: true, sidecar, problems: findProblems(sidecar) };
}

/** Rules that tie fields together, which JSON Schema cannot say; checked once the shape is right. */
function findInconsistency(sidecar: Sidecar): { path: (string | number)[]; description: string } | undefined {
  const seen = new Map<string, number>();
  for (const [index, annotation] of sidecar.annotations.entries()) {
    const { target } = annotation;
    if (target.end <= target.start) {
      return { path: ['annotations', index, 'target', 'end'], description: `end (${target.end}) must be greater than start (${target.start})` };
    }
    if (target.exact.length !== target.end - target.start) {
      return {
        path: ['annotations', index, 'target', 'exact'],
        description: `the quote has ${target.exact.length} characters but start..end covers ${target.end - target.start}`,
      };
    }
    const earlier = seen.get(annotation.id);
    if (earlier !== undefined) {
      return { path: ['annotations', index, 'id'], description: `duplicate id "${annotation.id}" (also annotations[${earlier}])` };
    }
    seen.set(annotation.id, index);
  }
  return undefined;
}

function findProblems(sidecar: Sidecar): SidecarProblem[] {
  const problems: SidecarProblem[] = [];
  const { taxonomy } = sidecar;
  if (taxonomy.id !== TAXONOMY.id || taxonomy.version !== TAXONOMY.version) {
    problems.push({
      kind: 'taxonomy',
      path: 'taxonomy',
      found: { id: taxonomy.id, version: taxonomy.version },
      message: `tagged with taxonomy ${taxonomy.id} version ${taxonomy.version}; this version of Policy Lens uses ${TAXONOMY.id} version ${TAXONOMY.version}`,
    });
  }
  for (const [index, annotation] of sidecar.annotations.entries()) {
    for (const problem of checkTags(annotation.tags)) {
      problems.push({
        kind: 'tags',
        annotationId: annotation.id,
        path: `annotations[${index}].tags`,
        problem,
        message: `${annotation.id}: ${describeTagProblem(problem)}`,
      });
    }
  }
  return problems;
}

function describeTagProblem(problem: TagProblem): string {
  switch (problem.kind) {
    case 'unknown-tag':
      return `unknown tag "${problem.tag}" (kept as it is)`;
    case 'missing-type':
      return 'no type: tag (a tagged claim needs exactly one)';
    case 'too-many':
      return `more than one ${problem.facet}: tag (${problem.tags.join(', ')})`;
  }
}

/** `annotations[3].target.start`, or `(top level)`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(top level)' : formatJsonPath(path);
}

function describeIssue(issue: z.core.$ZodIssue): { path: (string | number)[]; description: string } {
  const path = issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key));
  switch (issue.code) {
    case 'invalid_type': {
      const expected = issue.expected === 'int' ? 'a whole number' : withArticle(issue.expected);
      if (issue.input === undefined) return { path, description: `missing; expected ${expected}` };
      if (issue.expected === 'int' && typeof issue.input === 'number') {
        return { path, description: `expected a whole number, found ${issue.input}` };
      }
      return { path, description: `expected ${expected}, found ${describeValue(issue.input)}` };
    }
    case 'invalid_value': {
      const options = issue.values.map((value) => JSON.stringify(value)).join(' or ');
      if (issue.input === undefined) return { path, description: `missing; expected ${options}` };
      return { path, description: `expected ${options}, found ${describeValue(issue.input)}` };
    }
    case 'unrecognized_keys':
      // Point at the first unknown key itself.
      return { path: [...path, issue.keys[0]], description: `unknown field${issue.keys.length > 1 ? ` (also ${issue.keys.slice(1).map((k) => `"${k}"`).join(', ')})` : ''}` };
    case 'too_small':
      if (issue.origin === 'string') {
        return { path, description: Number(issue.minimum) <= 1 ? 'must not be empty' : `must have at least ${issue.minimum} characters` };
      }
      return { path, description: `must be at least ${issue.minimum}${issue.inclusive ? '' : ' (exclusive)'}, found ${describeValue(issue.input)}` };
    case 'too_big':
      if (issue.origin === 'string') return { path, description: `must have at most ${issue.maximum} characters` };
      return { path, description: `must be at most ${issue.maximum}, found ${describeValue(issue.input)}` };
    case 'invalid_format':
      return { path, description: `${formatName(issue.format)}, found ${describeValue(issue.input)}` };
    default:
      return { path, description: issue.message };
  }
}

function formatName(format: string): string {
  switch (format) {
    case 'datetime':
      return 'expected an ISO 8601 date and time such as 2025-01-31T09:30:00Z';
    case 'regex':
      return 'not in the expected form';
    default:
      return `expected a ${format}`;
  }
}

function withArticle(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string': {
      const shown = value.length > 40 ? value.slice(0, 40) + '…' : value;
      return `a string (${JSON.stringify(shown)})`;
    }
    case 'number':
      return `a number (${value})`;
    case 'boolean':
      return `a boolean (${value})`;
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}


// ---------------------------------------------------------------------------------------------
// Where is the JSON broken? V8's messages do not always give a position, and their wording
// changes between Node versions, so a small scanner of the JSON grammar finds the first error.

type ScanState = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'comma-or-close' | 'end';

/** Offset and description of the first syntax error, or undefined for valid JSON. */
export function findJsonSyntaxError(text: string): { offset: number; message: string } | undefined {
  const stack: ('{' | '[')[] = [];
  let state: ScanState = 'value';
  let i = 0;
  const afterValue = (): ScanState => (stack.length === 0 ? 'end' : 'comma-or-close');
  for (;;) {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
    if (i >= text.length) {
      return state === 'end' ? undefined : { offset: i, message: `unexpected end of file; ${expectation(state, stack)}` };
    }
    const c = text[i];
    switch (state) {
      case 'end':
        return { offset: i, message: `unexpected ${showChar(c)} after the end of the JSON value` };
      case 'key-or-close':
      case 'key':
        if (state === 'key-or-close' && c === '}') {
          stack.pop();
          i++;
          state = afterValue();
          break;
        }
        if (c !== '"') return { offset: i, message: `unexpected ${showChar(c)}; ${expectation(state, stack)}` };
        {
          const scanned = scanString(text, i);
          if (typeof scanned !== 'number') return scanned;
          i = scanned;
        }
        state = 'colon';
        break;
      case 'colon':
        if (c !== ':') return { offset: i, message: `unexpected ${showChar(c)}; expected ':' after a property name` };
        i++;
        state = 'value';
        break;
      case 'comma-or-close': {
        const close = stack[stack.length - 1] === '{' ? '}' : ']';
        if (c === ',') {
          i++;
          state = close === '}' ? 'key' : 'value';
        } else if (c === close) {
          stack.pop();
          i++;
          state = afterValue();
        } else {
          return { offset: i, message: `unexpected ${showChar(c)}; ${expectation(state, stack)}` };
        }
        break;
      }
      case 'value':
      case 'value-or-close': {
        if (state === 'value-or-close' && c === ']') {
          stack.pop();
          i++;
          state = afterValue();
          break;
        }
        if (c === '{' || c === '[') {
          stack.push(c);
          i++;
          state = c === '{' ? 'key-or-close' : 'value-or-close';
          break;
        }
        let scanned: number | { offset: number; message: string };
        if (c === '"') scanned = scanString(text, i);
        else if (c === '-' || (c >= '0' && c <= '9')) scanned = scanNumber(text, i);
        else scanned = scanLiteral(text, i);
        if (typeof scanned !== 'number') return scanned;
        i = scanned;
        state = afterValue();
        break;
      }
    }
  }
}

function expectation(state: ScanState, stack: readonly ('{' | '[')[]): string {
  switch (state) {
    case 'value':
      return 'expected a value';
    case 'value-or-close':
      return "expected a value or ']'";
    case 'key':
      return 'expected a property name in double quotes';
    case 'key-or-close':
      return "expected a property name in double quotes or '}'";
    case 'colon':
      return "expected ':'";
    case 'comma-or-close':
      return stack[stack.length - 1] === '{' ? "expected ',' or '}'" : "expected ',' or ']'";
    case 'end':
      return 'expected the end of the file';
  }
}

function showChar(c: string): string {
  return c === "'" ? `"'"` : `'${c}'`;
}

function scanString(text: string, start: number): number | { offset: number; message: string } {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) return { offset: i, message: 'a string cannot contain a line break or control character (unclosed string?)' };
    if (c === 0x5c) {
      const next = text[i + 1];
      if (next === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return { offset: i, message: 'invalid \\u escape in a string' };
        i += 6;
      } else if (next !== undefined && '"\\/bfnrt'.includes(next)) {
        i += 2;
      } else {
        return { offset: i, message: 'invalid escape in a string' };
      }
    } else {
      i++;
    }
  }
  return { offset: start, message: 'unclosed string' };
}

function scanNumber(text: string, start: number): number | { offset: number; message: string } {
  const match = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
  match.lastIndex = start;
  const found = match.exec(text);
  if (found === null) return { offset: start, message: 'invalid number' };
  const end = start + found[0].length;
  // "1." or "1e": the regex stops before them; flag the dangling part rather than what follows.
  if (end < text.length && /[.eE0-9]/.test(text[end])) return { offset: end, message: 'invalid number' };
  return end;
}

function scanLiteral(text: string, start: number): number | { offset: number; message: string } {
  for (const literal of ['true', 'false', 'null']) {
    if (text.startsWith(literal, start)) return start + literal.length;
  }
  return { offset: start, message: `unexpected ${showChar(text[start])}; expected a value (strings need double quotes)` };
}

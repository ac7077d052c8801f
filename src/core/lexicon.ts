/**
 * The actor lexicon: canonical actors and the names they go by, from three layers — the
 * generated country list, the curated builtin list, and a workspace's `.policy-lens/actors.json`
 * — validated by one zod schema and indexed once into a word trie for `findActors`.
 */
import * as z from 'zod/mini';
import { formatJsonPath, lineAndColumn } from './jsonText';
import { initialsBit, nameWords, slugify, WORD_CLASSES } from './actors';
import type { ActorEntry, ActorKind } from './types';
import builtinFile from './lexicon/builtin.json';
import countriesFile from './lexicon/countries.json';

// ---------------------------------------------------------------------------------------------
// Schema

export const ACTOR_KINDS = ['state', 'government', 'person', 'organisation', 'armed-group', 'group', 'bloc'] as const satisfies readonly ActorKind[];

const actorKindSchema = z.enum(ACTOR_KINDS);

/** A name the finder can match: words on one line, starting with a capital ("al-" aside). */
const NAME_PATTERN = /^(?:[a-z]{1,4}[-–])?[A-ZÀ-ÖØ-Þ0-9][0-9A-Za-z_.’'\-–À-ÖØ-öø-ɏ]*(?: [0-9A-Za-z_.’'\-–À-ÖØ-öø-ɏ]+)*$/;
const NAME_RULE =
  'must start with a capital letter and hold only letters, digits, apostrophes, dots and hyphens, '
  + 'words separated by single spaces (leave out a leading "the")';

const nameSchema = z.string().check(z.regex(NAME_PATTERN, NAME_RULE));

const lexiconEntrySchema = z.strictObject({
  id: z.optional(z.string().check(z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case letters and digits joined by hyphens, e.g. "frontier-works"'))),
  name: z.string().check(z.minLength(1, 'must not be empty')),
  kind: actorKindSchema,
  aliases: z.optional(z.array(nameSchema)),
  demonyms: z.optional(z.array(nameSchema)),
  aliasKinds: z.optional(z.record(z.string(), actorKindSchema)),
  memberOf: z.optional(z.string().check(z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be the id of another actor, e.g. "pakistan"'))),
});

const ENTRY_FIELDS = Object.keys(lexiconEntrySchema.shape);

type LexiconEntryInput = z.infer<typeof lexiconEntrySchema>;

/**
 * A lexicon file: `builtin.json`, `countries.json`, or a workspace's `.policy-lens/actors.json`.
 * Duplicates inside one file are errors; a later file overrides an earlier one instead.
 */
export const lexiconFileSchema = z
  .strictObject({
    $schema: z.optional(z.string()),
    description: z.optional(z.string()),
    actors: z.array(lexiconEntrySchema),
    notActors: z.optional(z.array(nameSchema)),
  }).check(z.superRefine((file, context) => {
    const idOwners = new Map<string, number>();
    const nameOwners = new Map<string, number>();
    file.actors.forEach((entry, index) => {
      const id = entry.id ?? slugify(entry.name);
      const earlierId = idOwners.get(id);
      if (earlierId !== undefined) {
        context.addIssue({
          code: 'custom',
          path: ['actors', index, entry.id === undefined ? 'name' : 'id'],
          message: `gives the id "${id}", which actors[${earlierId}] already has`,
        });
      }
      idOwners.set(id, index);

      const ownNames = new Set<string>();
      const claim = (name: string, path: (string | number)[]): void => {
        if (ownNames.has(name)) {
          context.addIssue({ code: 'custom', path, message: `repeats "${name}"` });
          return;
        }
        ownNames.add(name);
        const owner = nameOwners.get(name);
        if (owner !== undefined) {
          context.addIssue({ code: 'custom', path, message: `"${name}" is already a name of actors[${owner}]` });
        }
        nameOwners.set(name, index);
      };
      claim(entry.name, ['actors', index, 'name']);
      entry.aliases?.forEach((alias, aliasIndex) => claim(alias, ['actors', index, 'aliases', aliasIndex]));
      entry.demonyms?.forEach((demonym, demonymIndex) => claim(demonym, ['actors', index, 'demonyms', demonymIndex]));
      for (const alias of Object.keys(entry.aliasKinds ?? {})) {
        if (!ownNames.has(alias)) {
          context.addIssue({
            code: 'custom',
            path: ['actors', index, 'aliasKinds', alias],
            message: `names "${alias}", which is not a name of actors[${index}]`,
          });
        }
      }
    });
    file.notActors?.forEach((name, index) => {
      const owner = nameOwners.get(name);
      if (owner !== undefined) {
        context.addIssue({ code: 'custom', path: ['notActors', index], message: `"${name}" is also a name of actors[${owner}]` });
      }
    });
  }));

export type LexiconFile = z.infer<typeof lexiconFileSchema>;

/** An `ActorEntry` as read from a lexicon file; `demonyms` says which aliases are demonyms. */
export interface LexiconEntry extends ActorEntry {
  readonly demonyms?: readonly string[];
}

/** One file's worth of lexicon: later layers override earlier ones. */
export interface LexiconLayer {
  readonly entries: readonly LexiconEntry[];
  /** Names that are never actors (regions, provinces, projects, generic acronyms). */
  readonly notActors?: readonly string[];
}

function entriesOf(file: LexiconFile, origin: NonNullable<ActorEntry['origin']>): LexiconEntry[] {
  return file.actors.map((input: LexiconEntryInput): LexiconEntry => {
    const demonyms = input.demonyms ?? [];
    return {
      id: input.id ?? slugify(input.name),
      name: input.name,
      kind: input.kind,
      // ActorEntry promises every other name in `aliases`, demonyms included.
      aliases: [...(input.aliases ?? []), ...demonyms],
      ...(demonyms.length > 0 ? { demonyms } : {}),
      ...(input.aliasKinds ? { aliasKinds: input.aliasKinds } : {}),
      ...(input.memberOf ? { memberOf: input.memberOf } : {}),
      origin,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Reading a user's file

/**
 * Validates a workspace lexicon file. Errors name the file, the line and the field, so the
 * user can fix the file; the builtin lexicon is unaffected either way.
 */
export function parseLexiconFile(
  jsonText: string,
  fileName: string,
): { entries: LexiconEntry[]; notActors: string[] } | { error: string } {
  const text = jsonText.charCodeAt(0) === 0xfeff ? jsonText.slice(1) : jsonText;
  if (text.trim() === '') {
    return { error: `${fileName} line 1: the file is empty; expected an object like {"actors": []}` };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(message);
    const offset = position ? Number(position[1]) : text.length;
    const { line, column } = lineAndColumn(text, offset);
    const reason = message.replace(/ in JSON at position \d+.*$/, '').replace(/\s*\(line \d+ column \d+\)$/, '');
    return { error: `${fileName} line ${line}, column ${column}: invalid JSON: ${reason}` };
  }

  const result = lexiconFileSchema.safeParse(data);
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => describeIssue(text, data, issue))
      .sort((a, b) => a.offset - b.offset);
    const first = problems[0];
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    return { error: `${fileName} line ${lineAndColumn(text, first.offset).line}: ${first.message}${more}` };
  }
  return { entries: entriesOf(result.data, 'workspace'), notActors: [...(result.data.notActors ?? [])] };
}

type IssuePath = readonly PropertyKey[];

function describeIssue(text: string, data: unknown, issue: z.core.$ZodIssue): { offset: number; message: string } {
  const path: IssuePath = issue.path;
  const where = formatJsonPath(path);
  const got = valueAt(data, path);
  if (got === undefined && issue.code !== 'unrecognized_keys' && issue.code !== 'custom') {
    return { offset: locateJsonPath(text, path, false), message: `${where} is required` };
  }
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = issue.keys[0];
      const allowed = path.length === 0 ? Object.keys(lexiconFileSchema.shape) : ENTRY_FIELDS;
      return {
        offset: locateJsonPath(text, [...path, key], true),
        message: `${where === '' ? 'the file' : where} has an unknown field "${key}" (allowed: ${allowed.join(', ')})`,
      };
    }
    case 'invalid_value':
      return {
        offset: locateJsonPath(text, path, false),
        message: `${where} must be one of ${issue.values.map(String).join(', ')} (got ${JSON.stringify(got)})`,
      };
    case 'invalid_type':
      return {
        offset: locateJsonPath(text, path, false),
        message: `${where} must be ${issue.expected === 'array' || issue.expected === 'object' ? 'an' : 'a'} ${issue.expected} (got ${JSON.stringify(got)})`,
      };
    default:
      return {
        offset: locateJsonPath(text, path, false),
        message: `${where === '' ? 'the file' : where} ${issue.message}${issue.code === 'custom' ? '' : ` (got ${JSON.stringify(got)})`}`,
      };
  }
}

function valueAt(data: unknown, path: IssuePath): unknown {
  let value = data;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}


// A small scanner over text that JSON.parse has accepted: enough to find where a path is.

function skipJsonWhitespace(text: string, pos: number): number {
  let at = pos;
  while (at < text.length) {
    const code = text.charCodeAt(at);
    if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) break;
    at++;
  }
  return at;
}

function skipJsonString(text: string, pos: number): number {
  let at = pos + 1;
  while (at < text.length) {
    const code = text.charCodeAt(at);
    if (code === 0x5c) at += 2;
    else if (code === 0x22) return at + 1;
    else at++;
  }
  return at;
}

function skipJsonValue(text: string, pos: number): number {
  const first = text.charCodeAt(pos);
  if (first === 0x22) return skipJsonString(text, pos);
  if (first === 0x7b || first === 0x5b) {
    let depth = 0;
    let at = pos;
    while (at < text.length) {
      const code = text.charCodeAt(at);
      if (code === 0x22) {
        at = skipJsonString(text, at);
        continue;
      }
      if (code === 0x7b || code === 0x5b) depth++;
      else if (code === 0x7d || code === 0x5d) {
        depth--;
        if (depth === 0) return at + 1;
      }
      at++;
    }
    return at;
  }
  let at = pos;
  while (at < text.length && !',}] \t\r\n'.includes(text[at])) at++;
  return at;
}

/** Offset of the value at `path` (or of its key), or of the deepest container that exists. */
function locateJsonPath(text: string, path: IssuePath, atKey: boolean): number {
  let pos = skipJsonWhitespace(text, 0);
  for (let depth = 0; depth < path.length; depth++) {
    const segment = path[depth];
    const open = text.charCodeAt(pos);
    let keyStart = -1;
    let valueStart = -1;
    let at = skipJsonWhitespace(text, pos + 1);
    if (open === 0x7b) {
      while (at < text.length && text.charCodeAt(at) === 0x22) {
        const keyEnd = skipJsonString(text, at);
        const key: unknown = JSON.parse(text.slice(at, keyEnd));
        const colon = skipJsonWhitespace(text, keyEnd);
        const value = skipJsonWhitespace(text, colon + 1);
        if (key === String(segment)) {
          keyStart = at;
          valueStart = value;
          break;
        }
        at = skipJsonWhitespace(text, skipJsonValue(text, value));
        if (text.charCodeAt(at) !== 0x2c) break;
        at = skipJsonWhitespace(text, at + 1);
      }
    } else if (open === 0x5b && typeof segment === 'number') {
      for (let index = 0; at < text.length && text.charCodeAt(at) !== 0x5d; index++) {
        if (index === segment) {
          valueStart = at;
          break;
        }
        at = skipJsonWhitespace(text, skipJsonValue(text, at));
        if (text.charCodeAt(at) !== 0x2c) break;
        at = skipJsonWhitespace(text, at + 1);
      }
    }
    if (valueStart < 0) return pos;
    if (atKey && depth === path.length - 1 && keyStart >= 0) return keyStart;
    pos = valueStart;
  }
  return pos;
}

// ---------------------------------------------------------------------------------------------
// The index

/** What a name found in a text resolves to. */
export interface LexiconTarget {
  readonly actor: string;
  readonly actorId: string;
  readonly kind: ActorKind;
  readonly rule: 'lexicon' | 'alias' | 'demonym';
  /** A region, province, project or generic acronym: consumed, never reported. */
  readonly notActor: boolean;
  /** For a person with a full name: the last word, which alone names them once they are met. */
  readonly surname: string | undefined;
}

/** A word in the trie: a complete name ends here when `target` is set. */
export interface LexiconNode {
  readonly target: LexiconTarget | undefined;
  readonly next: ReadonlyMap<string, LexiconNode> | undefined;
  /** 256 bits: the `initialsBit` of every key of `next` is set. */
  readonly nextInitials: Uint32Array;
  /** For a first word: the finder's vocabulary flags for it (`WORD_CLASSES` in actors.ts). */
  readonly wordClass: number;
}

interface MutableNode {
  target: LexiconTarget | undefined;
  next: Map<string, MutableNode> | undefined;
  nextInitials: Uint32Array;
  wordClass: number;
}

/** Shared by the nodes that nothing follows; never written. */
const NO_INITIALS = new Uint32Array(0);

interface MergedEntry {
  id: string;
  name: string;
  kind: ActorKind;
  aliases: string[];
  demonyms: Set<string>;
  aliasKinds: Record<string, ActorKind>;
  memberOf: string | undefined;
  origin: ActorEntry['origin'];
}

const NOT_AN_ACTOR: LexiconTarget = Object.freeze({
  actor: '',
  actorId: '',
  kind: 'group',
  rule: 'lexicon',
  notActor: true,
  surname: undefined,
});

/** Writing variants a text may use for the same name: straight or curly apostrophe, - or –. */
function spellingVariants(name: string): string[] {
  const variants = [name];
  const add = (variant: string): void => {
    if (!variants.includes(variant)) variants.push(variant);
  };
  if (name.includes('’')) add(name.replace(/’/g, "'"));
  if (name.includes("'")) add(name.replace(/'/g, '’'));
  if (name.includes('-')) add(name.replace(/-/g, '–'));
  if (name.includes('–')) add(name.replace(/–/g, '-'));
  return variants;
}

/**
 * Every actor the finder knows by name, indexed once: a trie keyed on the first word of each
 * name, so a capitalised word in a text costs one Map lookup.
 */
export class ActorLexicon {
  readonly layers: readonly LexiconLayer[];
  /** The merged entries, one per id. */
  readonly entries: readonly LexiconEntry[];
  /** First word of every name → the rest of the names that start with it. */
  readonly roots: ReadonlyMap<string, LexiconNode>;
  private readonly byId: ReadonlyMap<string, LexiconEntry>;

  constructor(...layers: readonly LexiconLayer[]) {
    this.layers = layers;
    const merged = mergeById(layers);
    const entries = [...merged.values()].map(toEntry);
    this.entries = entries;
    this.byId = new Map(entries.map((entry) => [entry.id, entry]));
    this.roots = buildTrie(layers, merged);
  }

  /** A new lexicon with `entries` layered over this one: its names and ids win. */
  extend(entries: readonly LexiconEntry[], notActors: readonly string[] = []): ActorLexicon {
    return new ActorLexicon(...this.layers, { entries, notActors });
  }

  get(id: string): LexiconEntry | undefined {
    return this.byId.get(id);
  }

  get size(): number {
    return this.entries.length;
  }
}

function mergeById(layers: readonly LexiconLayer[]): Map<string, MergedEntry> {
  const merged = new Map<string, MergedEntry>();
  for (const layer of layers) {
    for (const entry of layer.entries) {
      const existing = merged.get(entry.id);
      if (!existing) {
        merged.set(entry.id, {
          id: entry.id,
          name: entry.name,
          kind: entry.kind,
          aliases: [...entry.aliases],
          demonyms: new Set(entry.demonyms ?? []),
          aliasKinds: { ...entry.aliasKinds },
          memberOf: entry.memberOf,
          origin: entry.origin,
        });
        continue;
      }
      existing.name = entry.name;
      existing.kind = entry.kind;
      existing.memberOf = entry.memberOf ?? existing.memberOf;
      existing.origin = entry.origin ?? existing.origin;
      for (const alias of entry.aliases) if (!existing.aliases.includes(alias)) existing.aliases.push(alias);
      for (const demonym of entry.demonyms ?? []) existing.demonyms.add(demonym);
      Object.assign(existing.aliasKinds, entry.aliasKinds);
    }
  }
  return merged;
}

function toEntry(merged: MergedEntry): LexiconEntry {
  return {
    id: merged.id,
    name: merged.name,
    kind: merged.kind,
    aliases: merged.aliases,
    ...(merged.demonyms.size > 0 ? { demonyms: [...merged.demonyms] } : {}),
    ...(Object.keys(merged.aliasKinds).length > 0 ? { aliasKinds: merged.aliasKinds } : {}),
    ...(merged.memberOf ? { memberOf: merged.memberOf } : {}),
    ...(merged.origin ? { origin: merged.origin } : {}),
  };
}

function buildTrie(layers: readonly LexiconLayer[], merged: ReadonlyMap<string, MergedEntry>): Map<string, MutableNode> {
  // Who owns each name: a later layer wins; within a layer an actor wins over "not an actor".
  const owners = new Map<string, LexiconTarget>();
  const targets = new Map<string, LexiconTarget>();
  const targetFor = (entry: MergedEntry, name: string): LexiconTarget => {
    const kind = entry.aliasKinds[name] ?? entry.kind;
    const rule = name === entry.name ? 'lexicon' : entry.demonyms.has(name) ? 'demonym' : 'alias';
    const key = `${entry.id}\u0000${kind}\u0000${rule}`;
    let target = targets.get(key);
    if (!target) {
      const lastSpace = entry.name.lastIndexOf(' ');
      const surname = kind === 'person' && lastSpace > 0 ? entry.name.slice(lastSpace + 1) : undefined;
      target = Object.freeze({ actor: entry.name, actorId: entry.id, kind, rule, notActor: false, surname });
      targets.set(key, target);
    }
    return target;
  };
  for (const layer of layers) {
    for (const name of layer.notActors ?? []) owners.set(name, NOT_AN_ACTOR);
    for (const entry of layer.entries) {
      const mergedEntry = merged.get(entry.id);
      if (!mergedEntry) continue;
      for (const name of [entry.name, ...entry.aliases]) owners.set(name, targetFor(mergedEntry, name));
    }
  }
  // A merged entry's name may come from a later layer than the one that listed it.
  for (const entry of merged.values()) {
    if (!owners.has(entry.name)) owners.set(entry.name, targetFor(entry, entry.name));
  }

  const roots = new Map<string, MutableNode>();
  for (const [name, target] of owners) {
    for (const variant of spellingVariants(name)) {
      const words = nameWords(variant);
      if (!words) continue;
      let level = roots;
      let node: MutableNode | undefined;
      for (const word of words) {
        node = level.get(word);
        if (!node) {
          node = { target: undefined, next: undefined, nextInitials: NO_INITIALS, wordClass: 0 };
          level.set(internalised(word), node);
        }
        level = node.next ??= new Map();
      }
      if (node) node.target = target;
    }
  }
  finishNodes(roots);
  // One lookup then tells the finder both whether a name starts with a word and what the word is.
  for (const [word, wordClass] of WORD_CLASSES) {
    const node = roots.get(word);
    if (node) node.wordClass = wordClass;
    else roots.set(word, { target: undefined, next: undefined, nextInitials: NO_INITIALS, wordClass });
  }
  return roots;
}

/**
 * The engine's own copy of a string. Names read by JSON.parse or cut by `slice` may be views
 * into a larger string; as Map keys those make every lookup of the finder slower.
 */
function internalised(word: string): string {
  return Object.keys({ [word]: true })[0];
}

/**
 * Leaves get `next: undefined`, so the finder's "any longer name?" test is one property read,
 * and every other node the initials of the words that may follow it.
 */
function finishNodes(level: Map<string, MutableNode>): void {
  for (const node of level.values()) {
    if (!node.next) continue;
    if (node.next.size === 0) {
      node.next = undefined;
      continue;
    }
    node.nextInitials = new Uint32Array(8);
    for (const word of node.next.keys()) {
      // After a one-letter word the text has any character, so it cannot be filtered on.
      if (word.length === 1) node.nextInitials.fill(0xffffffff);
      const bit = initialsBit(word.charCodeAt(0), word.charCodeAt(1));
      node.nextInitials[bit >>> 5] |= 1 << (bit & 31);
    }
    finishNodes(node.next);
  }
}

// ---------------------------------------------------------------------------------------------
// The builtin lexicon

/** Countries, then the curated list over them (metonyms, people, organisations, not-actors). */
/**
 * The shipped lexicon. Built once and shared: it is immutable (`extend` returns a new lexicon)
 * and validating and indexing the JSON costs more than analysing a typical article.
 */
export const loadBuiltinLexicon: () => ActorLexicon = (() => {
  let built: ActorLexicon | undefined;
  return () => {
    if (!built) {
      const countries = lexiconFileSchema.parse(countriesFile);
      const builtin = lexiconFileSchema.parse(builtinFile);
      built = new ActorLexicon(
        { entries: entriesOf(countries, 'countries'), notActors: countries.notActors ?? [] },
        { entries: entriesOf(builtin, 'builtin'), notActors: builtin.notActors ?? [] },
      );
    }
    return built;
  };
})();

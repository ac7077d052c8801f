import { createHash } from 'node:crypto';
import * as z from 'zod/mini';

/**
 * The sidecar file (`<text file name>.annotations.json`) that keeps an analyst's tags beside the
 * text. The zod schema is the single source of truth: `schemas/annotations.schema.json` is
 * generated from it (`scripts/generate-schema.ts`) and a unit test keeps the two in step.
 *
 * Offsets are UTF-16 code units, ranges half-open, as everywhere in the engine (see `types.ts`).
 */

/** The sidecar format version this build reads and writes. */
export const SIDECAR_VERSION = 1;

/** Sidecar file name for a text file: `brief.policy.txt` → `brief.policy.txt.annotations.json`. */
export const SIDECAR_SUFFIX = '.annotations.json';

/** Name of the generated JSON Schema file, for building a `$schema` reference. */
export const SIDECAR_SCHEMA_FILE_NAME = 'annotations.schema.json';

/** How many characters of context a target keeps on each side (W3C TextQuoteSelector). */
export const CONTEXT_LENGTH = 32;

export function sidecarFileNameFor(textFileName: string): string {
  return textFileName + SIDECAR_SUFFIX;
}

// Ids end up in tree item ids, command arguments and diagnostics: keep them plain.
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const SHA256_PATTERN = /^[0-9a-f]{64}$/;

const offset = z.int().check(z.nonnegative());

export const textTargetSchema = z
  .strictObject({
    start: offset.check(z.meta({ description: 'Start of the quote, in UTF-16 code units from the start of the text.' })),
    end: offset.check(z.meta({ description: 'End of the quote (exclusive), in UTF-16 code units.' })),
    exact: z.string().check(z.minLength(1)).check(z.meta({ description: 'The quoted text: text.slice(start, end) when the annotation was saved.' })),
    prefix: z.string().check(z.maxLength(CONTEXT_LENGTH)).check(z.meta({ description: `Up to ${CONTEXT_LENGTH} characters before the quote.` })),
    suffix: z.string().check(z.maxLength(CONTEXT_LENGTH)).check(z.meta({ description: `Up to ${CONTEXT_LENGTH} characters after the quote.` })),
  }).check(z.meta({
    description:
      'Where the annotation is: a W3C TextPositionSelector (start, end) and TextQuoteSelector (exact, prefix, suffix) in one. ' +
      'The quote and its context re-anchor the annotation when the text changes outside the editor.',
  }));

export const annotationSchema = z
  .strictObject({
    id: z.string().check(z.regex(ID_PATTERN)).check(z.meta({ description: 'Stable id, unique within the file.' })),
    target: textTargetSchema,
    tags: z.array(z.string()).check(z.meta({
      description:
        'Tags `facet:value` from the taxonomy named in `taxonomy`. Tags the taxonomy does not know are kept and reported, never dropped.',
    })),
    note: z.optional(z.string()).check(z.meta({ description: "The analyst's note." })),
    author: z.optional(z.string()).check(z.meta({ description: 'Who made or last changed the annotation.' })),
    created: z.iso.datetime({ offset: true }).check(z.meta({ description: 'ISO 8601 time the annotation was created.' })),
    modified: z.iso.datetime({ offset: true }).check(z.meta({ description: 'ISO 8601 time the annotation was last changed.' })),
    origin: z.enum(['detected', 'manual']).check(z.meta({
      description: '`detected`: a claim the engine found and the analyst kept; `manual`: a span the analyst selected.',
    })),
  }).check(z.meta({ description: 'One tagged span of the text.' }));

export const sidecarSchema = z
  .strictObject({
    $schema: z.optional(z.string()).check(z.meta({ description: 'Reference to this JSON Schema, for editors.' })),
    version: z.literal(SIDECAR_VERSION).check(z.meta({ description: 'Sidecar format version.' })),
    document: z
      .strictObject({
        fileName: z.string().check(z.minLength(1)).check(z.meta({ description: 'Name of the annotated text file, which sits beside this file.' })),
        sha256: z.string().check(z.regex(SHA256_PATTERN)).check(z.meta({ description: 'SHA-256 (lowercase hex) of the text, encoded as UTF-8, when last saved.' })),
        length: offset.check(z.meta({ description: 'Length of the text in UTF-16 code units when last saved.' })),
      }).check(z.meta({ description: 'The text the offsets refer to.' })),
    taxonomy: z
      .strictObject({
        id: z.string().check(z.minLength(1)).check(z.meta({ description: 'Taxonomy id, e.g. policy-lens/claims.' })),
        version: z.int().check(z.positive()).check(z.meta({ description: 'Taxonomy version the tags were made with.' })),
      }).check(z.meta({ description: 'The taxonomy the tags come from.' })),
    annotations: z.array(annotationSchema),
  }).check(z.meta({
    title: 'Policy Lens annotations',
    description: 'Tags an analyst put on the claims of one policy text, kept beside the text as <text file name>.annotations.json.',
  }));

/** A target: position and quote of an annotated span. */
export interface TextTarget {
  readonly start: number;
  readonly end: number;
  /** `text.slice(start, end)` when the target was made. */
  readonly exact: string;
  /** Up to {@link CONTEXT_LENGTH} characters before `start`. */
  readonly prefix: string;
  /** Up to {@link CONTEXT_LENGTH} characters after `end`. */
  readonly suffix: string;
}

export type AnnotationOrigin = 'detected' | 'manual';

export interface Annotation {
  readonly id: string;
  readonly target: TextTarget;
  readonly tags: readonly string[];
  readonly note?: string;
  readonly author?: string;
  /** ISO 8601. */
  readonly created: string;
  /** ISO 8601. */
  readonly modified: string;
  readonly origin: AnnotationOrigin;
}

export interface DocumentInfo {
  readonly fileName: string;
  readonly sha256: string;
  readonly length: number;
}

export interface TaxonomyRef {
  readonly id: string;
  readonly version: number;
}

export interface Sidecar {
  readonly $schema?: string;
  readonly version: typeof SIDECAR_VERSION;
  readonly document: DocumentInfo;
  readonly taxonomy: TaxonomyRef;
  readonly annotations: readonly Annotation[];
}

// The hand-written readonly interfaces carry the JSDoc; these lines fail to compile if they and the
// zod schema ever disagree.
type Equivalent<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type DeepReadonly<T> = T extends readonly (infer E)[] ? readonly DeepReadonly<E>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;
const schemaMatchesTypes: Equivalent<DeepReadonly<z.output<typeof sidecarSchema>>, Sidecar> = true;
void schemaMatchesTypes;

/** What an annotation id is derived from. `nonce` is randomness supplied by the caller. */
export interface AnnotationIdSeed {
  readonly fileName: string;
  readonly start: number;
  readonly end: number;
  /** ISO 8601 time of creation. */
  readonly time: string;
  /** Random text from the caller (e.g. `crypto.randomUUID()`); keeps this function pure. */
  readonly nonce: string;
}

const ID_DIGITS = 10;
const ID_SPACE = 36n ** BigInt(ID_DIGITS);

/**
 * `a-` and 10 base-36 characters (about 52 bits) hashed from the seed: deterministic for a given
 * seed, so the randomness stays with the caller and tests can pin ids.
 */
export function annotationId(seed: AnnotationIdSeed, attempt = 0): string {
  const hash = createHash('sha256')
    .update(JSON.stringify([seed.fileName, seed.start, seed.end, seed.time, seed.nonce, attempt]))
    .digest();
  const value = hash.readBigUInt64BE(0) % ID_SPACE;
  return 'a-' + value.toString(36).padStart(ID_DIGITS, '0');
}

/** Like {@link annotationId}, but never one of `taken` (rehashes on the astronomically rare clash). */
export function uniqueAnnotationId(seed: AnnotationIdSeed, taken: ReadonlySet<string>): string {
  for (let attempt = 0; ; attempt++) {
    const id = annotationId(seed, attempt);
    if (!taken.has(id)) return id;
  }
}

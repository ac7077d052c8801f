import type { AnnotationEntry } from './annotationStore';
import type { ReanchorResult } from './sidecar/anchoring';
import type { Annotation, AnnotationOrigin } from './sidecar/schema';
import { ALL_TAGS, facetOf, isKnownTag, TAXONOMY } from './taxonomy';
import type { ActorMention, ClaimType, Likelihood, Span } from './types';

/**
 * The model behind the Claims panel: every policy text of the workspace with its detected
 * claims and its annotations, and the tree built from them, grouped by document (document → type
 * → claim) or by tag (tag → document → claim), filtered, with counts. No VS Code here: the tree
 * provider asks for nodes by id and turns them into tree items, and refreshes the nodes a change
 * event names.
 */

// ---------------------------------------------------------------------------------------------
// What the index holds

/** A claim the engine detected in a document. */
export interface IndexedClaim extends Span {
  readonly text: string;
  /** The suggested type. */
  readonly type: ClaimType;
  readonly likelihood?: Likelihood;
  /** Canonical names of the actors mentioned in the claim, in order of first mention. */
  readonly actors: readonly string[];
}

/** An annotation as the panel needs it. Orphans keep their last target. */
export interface IndexedAnnotation extends Span {
  readonly id: string;
  /** The quoted text. */
  readonly exact: string;
  readonly tags: readonly string[];
  readonly note?: string;
  readonly origin: AnnotationOrigin;
  readonly orphaned: boolean;
  /** The text was edited and the analyst should look again (see `AnnotationStore`). */
  readonly recheck?: boolean;
}

export interface IndexedDocument {
  /** The document's URI as a string; the key of the index. */
  readonly uri: string;
  /** Path inside the workspace, with `/`, for labels and sorting. */
  readonly relativePath: string;
  readonly claims: readonly IndexedClaim[];
  readonly annotations: readonly IndexedAnnotation[];
  /** Why the sidecar cannot be used (broken, newer version): tagging is read-only until resolved. */
  readonly sidecarProblem?: string;
}

/** Claims with the actors each mentions, from an analysis. */
export function indexedClaims(
  claims: readonly (Span & { readonly text: string; readonly type: ClaimType; readonly likelihood?: Likelihood })[],
  actors: readonly ActorMention[],
): IndexedClaim[] {
  // Both lists are in text order: one pass over the mentions.
  const mentions = [...actors].sort((a, b) => a.start - b.start);
  let first = 0;
  return claims.map((claim) => {
    while (first < mentions.length && mentions[first].start < claim.start) first++;
    const names: string[] = [];
    for (let index = first; index < mentions.length && mentions[index].start < claim.end; index++) {
      const name = mentions[index].actor;
      if (mentions[index].end <= claim.end && !names.includes(name)) names.push(name);
    }
    return {
      start: claim.start,
      end: claim.end,
      text: claim.text,
      type: claim.type,
      ...(claim.likelihood === undefined ? {} : { likelihood: claim.likelihood }),
      actors: names,
    };
  });
}

/** From an `AnnotationStore` (`store.all()`). */
export function indexedAnnotationsFromStore(entries: readonly AnnotationEntry[]): IndexedAnnotation[] {
  return entries.map((entry) => toIndexed(entry.annotation, entry.orphan !== undefined, entry.recheck !== undefined));
}

/** From a loaded sidecar re-anchored with `reanchorSidecar` (annotations and their results, in the same order). */
export function indexedAnnotationsFromReanchor(annotations: readonly Annotation[], results: readonly ReanchorResult[]): IndexedAnnotation[] {
  return annotations.map((annotation, index) => toIndexed(annotation, results[index]?.status === 'orphaned', false));
}

function toIndexed(annotation: Annotation, orphaned: boolean, recheck: boolean): IndexedAnnotation {
  return {
    id: annotation.id,
    start: annotation.target.start,
    end: annotation.target.end,
    exact: annotation.target.exact,
    tags: annotation.tags,
    ...(annotation.note === undefined ? {} : { note: annotation.note }),
    origin: annotation.origin,
    orphaned,
    ...(recheck ? { recheck } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Filter and grouping

export type ClaimGrouping = 'by-document' | 'by-tag';

/** Every part narrows: a claim must pass all that are set. */
export interface ClaimFilter {
  /** Only claims without tags. */
  readonly untaggedOnly?: boolean;
  /** Only claims that carry every one of these tags. */
  readonly tags?: readonly string[];
  /** Only claims that mention this actor (canonical name, any case). */
  readonly actor?: string;
  /** Only claims whose text or note contains this (any case). */
  readonly text?: string;
}

export function isFilterActive(filter: ClaimFilter): boolean {
  return filter.untaggedOnly === true || (filter.tags?.length ?? 0) > 0 || !!filter.actor || !!filter.text;
}

/**
 * A filter from stored UI state (workspaceState survives reloads and versions): anything that is
 * not a filter, or parts of one, is dropped rather than trusted.
 */
export function normalizeFilter(value: unknown): ClaimFilter {
  if (typeof value !== 'object' || value === null) return {};
  const raw = value as Record<string, unknown>;
  const tags = Array.isArray(raw.tags) ? raw.tags.filter((tag): tag is string => typeof tag === 'string' && tag !== '') : [];
  const actor = typeof raw.actor === 'string' ? raw.actor.trim() : '';
  const text = typeof raw.text === 'string' ? raw.text.trim() : '';
  return {
    ...(raw.untaggedOnly === true ? { untaggedOnly: true } : {}),
    ...(tags.length > 0 ? { tags: [...new Set(tags)] } : {}),
    ...(actor ? { actor } : {}),
    ...(text ? { text } : {}),
  };
}

export function normalizeGrouping(value: unknown): ClaimGrouping {
  return value === 'by-tag' ? 'by-tag' : 'by-document';
}

// ---------------------------------------------------------------------------------------------
// Tree nodes

/** A claim's group in the by-document tree: its type tag, else the suggested type, else `untyped`. */
export type TypeGroup = ClaimType | 'untyped';

export const ORPHANED_NODE_ID = 'orphaned';
export const UNTAGGED_NODE_ID = 'untagged';

interface NodeBase {
  /** Stable across refreshes and reloads: use it as the TreeItem id. */
  readonly id: string;
  readonly parentId: string | undefined;
}

export interface DocumentNode extends NodeBase {
  readonly kind: 'document';
  readonly uri: string;
  readonly relativePath: string;
  /** Claims below, after the filter. */
  readonly count: number;
  /** Untagged claims of the document, regardless of the filter. */
  readonly untagged: number;
  readonly sidecarProblem?: string;
}

export interface TypeNode extends NodeBase {
  readonly kind: 'type';
  readonly uri: string;
  readonly type: TypeGroup;
  readonly count: number;
}

export interface TagNode extends NodeBase {
  readonly kind: 'tag';
  /** Undefined for the group of untagged claims. */
  readonly tag: string | undefined;
  readonly known: boolean;
  readonly count: number;
}

export interface OrphanedNode extends NodeBase {
  readonly kind: 'orphaned';
  readonly count: number;
}

export interface ClaimNode extends NodeBase {
  readonly kind: 'claim';
  readonly uri: string;
  readonly relativePath: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** The analyst's tags; empty for an untagged claim. */
  readonly tags: readonly string[];
  /** The engine's suggestion, for detected claims: shown while the claim is untagged. */
  readonly suggestedType?: ClaimType;
  readonly suggestedLikelihood?: Likelihood;
  readonly annotationId?: string;
  readonly origin: AnnotationOrigin;
  readonly note?: string;
  readonly actors: readonly string[];
  readonly recheck: boolean;
}

export interface OrphanNode extends NodeBase {
  readonly kind: 'orphan';
  readonly uri: string;
  readonly relativePath: string;
  readonly annotationId: string;
  /** The quote that could not be found. */
  readonly exact: string;
  readonly tags: readonly string[];
  readonly note?: string;
}

export type ClaimTreeNode = DocumentNode | TypeNode | TagNode | OrphanedNode | ClaimNode | OrphanNode;

/** What changed, for the tree provider. */
export interface ClaimIndexChange {
  /** Documents whose entries changed (added, replaced or removed). */
  readonly documents: readonly string[];
  /** Nodes to refresh; undefined: the whole tree (documents added or removed, grouping or filter changed). */
  readonly nodes: readonly string[] | undefined;
}

// ---------------------------------------------------------------------------------------------
// The index

interface ClaimView {
  /** Annotation id, or `<start>-<end>` for an untagged detected claim. */
  readonly key: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly suggested: IndexedClaim | undefined;
  readonly annotation: IndexedAnnotation | undefined;
  readonly tags: readonly string[];
  readonly group: TypeGroup;
  readonly actors: readonly string[];
}

/** A filter made ready to test many claims: case-insensitive matching without lower-casing every text. */
interface Matcher {
  readonly untaggedOnly: boolean;
  readonly tags: readonly string[];
  readonly actor: string | undefined;
  readonly text: RegExp | undefined;
}

interface DocState {
  readonly doc: IndexedDocument;
  readonly claims: readonly ClaimView[];
  readonly orphans: readonly IndexedAnnotation[];
  readonly untagged: number;
  filtered?: { readonly version: number; readonly claims: readonly ClaimView[]; readonly orphans: readonly IndexedAnnotation[] };
}

/** What a node id stands for; ids are never parsed, since tags from files may hold any character. `undefined` tag: the untagged group. */
type NodeKey =
  | { readonly kind: 'document'; readonly uri: string }
  | { readonly kind: 'type'; readonly uri: string; readonly type: TypeGroup }
  | { readonly kind: 'tag'; readonly tag: string | undefined }
  | { readonly kind: 'tag-document'; readonly tag: string | undefined; readonly uri: string }
  | { readonly kind: 'orphaned' }
  | { readonly kind: 'claim'; readonly uri: string; readonly key: string }
  | { readonly kind: 'tag-claim'; readonly tag: string | undefined; readonly uri: string; readonly key: string }
  | { readonly kind: 'orphan'; readonly uri: string; readonly id: string };

/** Type groups in taxonomy order, claims of no type last. */
const TYPE_ORDER: readonly TypeGroup[] = [...(TAXONOMY.facets.find((facet) => facet.id === 'type')?.values ?? []).map((value) => value.id as ClaimType), 'untyped'];

export class ClaimIndex {
  private readonly docs = new Map<string, DocState>();
  /** Document URIs by path; kept while only the contents of documents change. */
  private sortedUris: string[] | undefined;
  private groupingValue: ClaimGrouping;
  private filterValue: ClaimFilter;
  private matcher: Matcher;
  /** Bumped when the filter changes: each document's filtered lists are cached against it. */
  private filterVersion = 0;
  private tagTotals: { readonly version: string; readonly counts: Map<string | undefined, number> } | undefined;
  private dataVersion = 0;
  private usageCache: { readonly version: number; readonly usage: Map<string, number> } | undefined;
  private readonly keys = new Map<string, NodeKey>();
  private readonly listeners = new Set<(change: ClaimIndexChange) => void>();
  private readonly collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

  constructor(options: { readonly grouping?: ClaimGrouping; readonly filter?: ClaimFilter } = {}) {
    this.groupingValue = options.grouping ?? 'by-document';
    this.filterValue = normalizeFilter(options.filter ?? {});
    this.matcher = compileFilter(this.filterValue);
  }

  // -------------------------------------------------------------------------------------------
  // Contents

  get grouping(): ClaimGrouping {
    return this.groupingValue;
  }

  get filter(): ClaimFilter {
    return this.filterValue;
  }

  get documentCount(): number {
    return this.docs.size;
  }

  getDocument(uri: string): IndexedDocument | undefined {
    return this.docs.get(uri)?.doc;
  }

  setGrouping(grouping: ClaimGrouping): void {
    if (grouping === this.groupingValue) return;
    this.groupingValue = grouping;
    this.keys.clear();
    this.emit({ documents: [], nodes: undefined });
  }

  setFilter(filter: ClaimFilter): void {
    this.filterValue = normalizeFilter(filter);
    this.matcher = compileFilter(this.filterValue);
    this.filterVersion++;
    this.emit({ documents: [], nodes: undefined });
  }

  /** Adds or replaces one document. */
  setDocument(doc: IndexedDocument): void {
    this.setDocuments([doc]);
  }

  /** Adds or replaces documents, with one change event (the indexer calls this per batch). */
  setDocuments(docs: readonly IndexedDocument[]): void {
    if (docs.length === 0) return;
    let structural = this.groupingValue === 'by-tag';
    const nodes = new Set<string>();
    const orphansBefore = this.hasVisibleOrphans();
    for (const doc of docs) {
      const previous = this.docs.get(doc.uri);
      const next = buildState(doc);
      this.docs.set(doc.uri, next);
      if (!previous || previous.doc.relativePath !== doc.relativePath) {
        this.sortedUris = undefined;
        structural = true;
        if (!previous) continue;
      }
      // A document that appears or disappears under the filter changes the top level.
      if (isFilterActive(this.filterValue) && (this.filtered(previous).claims.length > 0) !== (this.filtered(next).claims.length > 0)) structural = true;
      nodes.add(documentId(doc.uri));
      if (previous.orphans.length > 0 || next.orphans.length > 0) nodes.add(ORPHANED_NODE_ID);
    }
    this.afterChange();
    if (orphansBefore !== this.hasVisibleOrphans()) structural = true;
    this.emit({ documents: docs.map((doc) => doc.uri), nodes: structural ? undefined : [...nodes] });
  }

  removeDocument(uri: string): void {
    if (!this.docs.delete(uri)) return;
    this.sortedUris = undefined;
    this.afterChange();
    this.emit({ documents: [uri], nodes: undefined });
  }

  clear(): void {
    const uris = [...this.docs.keys()];
    this.docs.clear();
    this.sortedUris = undefined;
    this.afterChange();
    this.emit({ documents: uris, nodes: undefined });
  }

  private afterChange(): void {
    this.dataVersion++;
  }

  // -------------------------------------------------------------------------------------------
  // Counts

  /** Untagged claims in the workspace, regardless of the filter: the view's badge. */
  untaggedCount(): number {
    let count = 0;
    for (const state of this.docs.values()) count += state.untagged;
    return count;
  }

  /** Orphaned annotations in the workspace, regardless of the filter. */
  orphanCount(): number {
    let count = 0;
    for (const state of this.docs.values()) count += state.orphans.length;
    return count;
  }

  /**
   * How many annotations carry each tag (orphans included; the filter does not apply): the
   * Taxonomy view's counts. Tags no taxonomy value has are included, so they can be found.
   */
  tagUsage(): ReadonlyMap<string, number> {
    if (this.usageCache?.version !== this.dataVersion) {
      const usage = new Map<string, number>();
      for (const state of this.docs.values()) {
        for (const annotation of state.doc.annotations) {
          for (const tag of annotation.tags) usage.set(tag, (usage.get(tag) ?? 0) + 1);
        }
      }
      this.usageCache = { version: this.dataVersion, usage };
    }
    return this.usageCache.usage;
  }

  // -------------------------------------------------------------------------------------------
  // Tree

  /** The children of a node (undefined: the top level), fresh. */
  getChildren(parentId?: string): ClaimTreeNode[] {
    if (parentId === undefined) return this.topLevel();
    const key = this.keys.get(parentId);
    return key ? this.childrenOf(parentId, key) : [];
  }

  /** A node by id, with current counts; undefined once it is gone (or never handed out). */
  getNode(id: string): ClaimTreeNode | undefined {
    const key = this.keys.get(id);
    return key && this.resolve(id, key);
  }

  getParentId(id: string): string | undefined {
    return this.getNode(id)?.parentId;
  }

  /**
   * The id of a claim's node in the current grouping, for `TreeView.reveal` (by tag: under its
   * first tag, or the untagged group). Its ancestors become known to `getNode` too.
   */
  claimNodeId(uri: string, start: number, end: number): string | undefined {
    const state = this.docs.get(uri);
    const claim = state?.claims.find((view) => view.start === start && view.end === end);
    if (!state || !claim) return undefined;
    if (this.groupingValue === 'by-document') {
      this.register(documentId(uri), { kind: 'document', uri });
      this.register(typeId(uri, claim.group), { kind: 'type', uri, type: claim.group });
      return this.register(claimId(uri, claim.key), { kind: 'claim', uri, key: claim.key });
    }
    const tag = claim.tags[0];
    this.register(tagId(tag), { kind: 'tag', tag });
    this.register(tagDocumentId(tag, uri), { kind: 'tag-document', tag, uri });
    return this.register(tagClaimId(tag, uri, claim.key), { kind: 'tag-claim', tag, uri, key: claim.key });
  }

  private register(id: string, key: NodeKey): string {
    this.keys.set(id, key);
    return id;
  }

  private topLevel(): ClaimTreeNode[] {
    const nodes: ClaimTreeNode[] = [];
    if (this.groupingValue === 'by-document') {
      const active = isFilterActive(this.filterValue);
      for (const state of this.sorted()) {
        const count = this.filtered(state).claims.length;
        if (active && count === 0) continue;
        const id = this.register(documentId(state.doc.uri), { kind: 'document', uri: state.doc.uri });
        nodes.push(documentNode(state, id, undefined, count));
      }
    } else {
      const totals = this.tagCounts();
      const tags = [...totals.keys()].filter((tag): tag is string => tag !== undefined);
      for (const tag of sortTagKeys(tags)) nodes.push(this.tagNode(tag, totals.get(tag) ?? 0));
      const untagged = totals.get(undefined) ?? 0;
      if (untagged > 0) nodes.push(this.tagNode(undefined, untagged));
    }
    const orphans = this.visibleOrphanCount();
    if (orphans > 0) nodes.push({ kind: 'orphaned', id: this.register(ORPHANED_NODE_ID, { kind: 'orphaned' }), parentId: undefined, count: orphans });
    return nodes;
  }

  private childrenOf(parentId: string, key: NodeKey): ClaimTreeNode[] {
    switch (key.kind) {
      case 'document': {
        const state = this.docs.get(key.uri);
        if (!state) return [];
        const counts = new Map<TypeGroup, number>();
        for (const claim of this.filtered(state).claims) counts.set(claim.group, (counts.get(claim.group) ?? 0) + 1);
        return TYPE_ORDER.filter((type) => counts.has(type)).map((type): TypeNode => ({
          kind: 'type',
          id: this.register(typeId(key.uri, type), { kind: 'type', uri: key.uri, type }),
          parentId,
          uri: key.uri,
          type,
          count: counts.get(type) ?? 0,
        }));
      }
      case 'type': {
        const state = this.docs.get(key.uri);
        if (!state) return [];
        return this.filtered(state)
          .claims.filter((claim) => claim.group === key.type)
          .map((claim) => claimNode(state, claim, parentId, this.register(claimId(key.uri, claim.key), { kind: 'claim', uri: key.uri, key: claim.key })));
      }
      case 'tag': {
        const nodes: ClaimTreeNode[] = [];
        for (const state of this.sorted()) {
          let count = 0;
          for (const claim of this.filtered(state).claims) if (hasTag(claim, key.tag)) count++;
          if (count === 0) continue;
          const id = this.register(tagDocumentId(key.tag, state.doc.uri), { kind: 'tag-document', tag: key.tag, uri: state.doc.uri });
          nodes.push(documentNode(state, id, parentId, count));
        }
        return nodes;
      }
      case 'tag-document': {
        const state = this.docs.get(key.uri);
        if (!state) return [];
        return this.filtered(state)
          .claims.filter((claim) => hasTag(claim, key.tag))
          .map((claim) =>
            claimNode(state, claim, parentId, this.register(tagClaimId(key.tag, key.uri, claim.key), { kind: 'tag-claim', tag: key.tag, uri: key.uri, key: claim.key })),
          );
      }
      case 'orphaned': {
        const nodes: ClaimTreeNode[] = [];
        for (const state of this.sorted()) {
          for (const orphan of this.filtered(state).orphans) {
            const id = this.register(orphanId(state.doc.uri, orphan.id), { kind: 'orphan', uri: state.doc.uri, id: orphan.id });
            nodes.push(orphanNode(state.doc, orphan, id));
          }
        }
        return nodes;
      }
      case 'claim':
      case 'tag-claim':
      case 'orphan':
        return [];
    }
  }

  private resolve(id: string, key: NodeKey): ClaimTreeNode | undefined {
    switch (key.kind) {
      case 'document': {
        const state = this.docs.get(key.uri);
        return state && documentNode(state, id, undefined, this.filtered(state).claims.length);
      }
      case 'tag-document': {
        const state = this.docs.get(key.uri);
        return state && documentNode(state, id, tagId(key.tag), this.filtered(state).claims.filter((claim) => hasTag(claim, key.tag)).length);
      }
      case 'type': {
        const state = this.docs.get(key.uri);
        if (!state) return undefined;
        const count = this.filtered(state).claims.filter((claim) => claim.group === key.type).length;
        return { kind: 'type', id, parentId: documentId(key.uri), uri: key.uri, type: key.type, count };
      }
      case 'tag':
        return this.tagNode(key.tag, this.tagCounts().get(key.tag) ?? 0);
      case 'orphaned':
        return { kind: 'orphaned', id, parentId: undefined, count: this.visibleOrphanCount() };
      case 'claim':
      case 'tag-claim': {
        const state = this.docs.get(key.uri);
        const claim = state?.claims.find((view) => view.key === key.key);
        if (!state || !claim) return undefined;
        const parentId = key.kind === 'claim' ? typeId(key.uri, claim.group) : tagDocumentId(key.tag, key.uri);
        return claimNode(state, claim, parentId, id);
      }
      case 'orphan': {
        const state = this.docs.get(key.uri);
        const orphan = state?.orphans.find((annotation) => annotation.id === key.id);
        return state && orphan && orphanNode(state.doc, orphan, id);
      }
    }
  }

  private tagNode(tag: string | undefined, count: number): TagNode {
    const id = this.register(tagId(tag), { kind: 'tag', tag });
    return { kind: 'tag', id, parentId: undefined, tag, known: tag !== undefined && isKnownTag(tag), count };
  }

  // -------------------------------------------------------------------------------------------
  // Filtering

  private filtered(state: DocState): NonNullable<DocState['filtered']> {
    if (state.filtered?.version !== this.filterVersion) {
      const matcher = this.matcher;
      state.filtered = isFilterActive(this.filterValue)
        ? {
            version: this.filterVersion,
            claims: state.claims.filter((claim) => passes(claim, matcher)),
            orphans: state.orphans.filter((orphan) => orphanPasses(orphan, matcher)),
          }
        : { version: this.filterVersion, claims: state.claims, orphans: state.orphans };
    }
    return state.filtered;
  }

  private tagCounts(): Map<string | undefined, number> {
    const version = `${this.filterVersion}:${this.dataVersion}`;
    if (this.tagTotals?.version !== version) {
      const counts = new Map<string | undefined, number>();
      for (const state of this.docs.values()) {
        for (const claim of this.filtered(state).claims) {
          if (claim.tags.length === 0) counts.set(undefined, (counts.get(undefined) ?? 0) + 1);
          for (const tag of claim.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
        }
      }
      this.tagTotals = { version, counts };
    }
    return this.tagTotals.counts;
  }

  private visibleOrphanCount(): number {
    let count = 0;
    for (const state of this.docs.values()) count += this.filtered(state).orphans.length;
    return count;
  }

  private hasVisibleOrphans(): boolean {
    for (const state of this.docs.values()) if (this.filtered(state).orphans.length > 0) return true;
    return false;
  }

  private sorted(): DocState[] {
    this.sortedUris ??= [...this.docs.values()]
      .sort((a, b) => this.collator.compare(a.doc.relativePath, b.doc.relativePath) || (a.doc.uri < b.doc.uri ? -1 : 1))
      .map((state) => state.doc.uri);
    const states: DocState[] = [];
    for (const uri of this.sortedUris) {
      const state = this.docs.get(uri);
      if (state) states.push(state);
    }
    return states;
  }

  // -------------------------------------------------------------------------------------------
  // Events

  onDidChange(listener: (change: ClaimIndexChange) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private emit(change: ClaimIndexChange): void {
    for (const listener of [...this.listeners]) listener(change);
  }
}

// ---------------------------------------------------------------------------------------------

/**
 * A document's claims as the panel shows them: each detected claim with the annotation on its
 * exact range, if any; then annotations on other ranges (manual selections, or detected claims
 * the engine no longer finds) as claims of their own. Orphans apart.
 */
function buildState(doc: IndexedDocument): DocState {
  const byRange = new Map<string, IndexedAnnotation>();
  const orphans: IndexedAnnotation[] = [];
  const others: IndexedAnnotation[] = [];
  const ordered = [...doc.annotations].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const annotation of ordered) {
    if (annotation.orphaned) {
      orphans.push(annotation);
      continue;
    }
    const key = `${annotation.start}-${annotation.end}`;
    if (byRange.has(key)) others.push(annotation);
    else byRange.set(key, annotation);
  }
  const claimed = new Set<string>();
  const views: ClaimView[] = [];
  for (const claim of doc.claims) {
    const key = `${claim.start}-${claim.end}`;
    const annotation = byRange.get(key);
    if (annotation) claimed.add(key);
    views.push(makeView(claim, annotation, annotation ? annotation.id : key));
  }
  for (const [key, annotation] of byRange) if (!claimed.has(key)) others.push(annotation);
  for (const annotation of others) views.push(makeView(undefined, annotation, annotation.id));
  views.sort((a, b) => a.start - b.start || a.end - b.end || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  orphans.sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : 1));
  let untagged = 0;
  for (const view of views) if (view.tags.length === 0) untagged++;
  return { doc, claims: views, orphans, untagged };
}

function makeView(claim: IndexedClaim | undefined, annotation: IndexedAnnotation | undefined, key: string): ClaimView {
  const tags = annotation?.tags ?? [];
  const typeTag = tags.find((tag) => facetOf(tag) === 'type' && isKnownTag(tag));
  const group: TypeGroup = typeTag ? (typeTag.slice('type:'.length) as ClaimType) : (claim?.type ?? 'untyped');
  return {
    key,
    start: claim?.start ?? annotation?.start ?? 0,
    end: claim?.end ?? annotation?.end ?? 0,
    text: claim?.text ?? annotation?.exact ?? '',
    suggested: claim,
    annotation,
    tags,
    group,
    actors: claim?.actors ?? [],
  };
}

function compileFilter(filter: ClaimFilter): Matcher {
  return {
    untaggedOnly: filter.untaggedOnly === true,
    tags: filter.tags ?? [],
    actor: filter.actor ? filter.actor.toLowerCase() : undefined,
    text: filter.text ? new RegExp(filter.text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&'), 'iu') : undefined,
  };
}

function passes(claim: ClaimView, matcher: Matcher): boolean {
  if (matcher.untaggedOnly && claim.tags.length > 0) return false;
  if (!matcher.tags.every((tag) => claim.tags.includes(tag))) return false;
  const { actor, text } = matcher;
  // Comparing lengths first spares lower-casing every name of every claim.
  if (actor !== undefined && !claim.actors.some((name) => name.length === actor.length && name.toLowerCase() === actor)) return false;
  if (text && !text.test(claim.text) && !(claim.annotation?.note !== undefined && text.test(claim.annotation.note))) return false;
  return true;
}

function orphanPasses(orphan: IndexedAnnotation, matcher: Matcher): boolean {
  if (matcher.untaggedOnly && orphan.tags.length > 0) return false;
  if (!matcher.tags.every((tag) => orphan.tags.includes(tag))) return false;
  // Orphans have no analysis, so no actors to match.
  if (matcher.actor !== undefined) return false;
  if (matcher.text && !matcher.text.test(orphan.exact) && !(orphan.note !== undefined && matcher.text.test(orphan.note))) return false;
  return true;
}

function hasTag(claim: ClaimView, tag: string | undefined): boolean {
  return tag === undefined ? claim.tags.length === 0 : claim.tags.includes(tag);
}

/** Taxonomy order, then tags the taxonomy does not know, alphabetically. */
function sortTagKeys(tags: readonly string[]): string[] {
  const rank = new Map(ALL_TAGS.map((tag, index) => [tag, index]));
  return [...tags].sort((a, b) => (rank.get(a) ?? ALL_TAGS.length) - (rank.get(b) ?? ALL_TAGS.length) || (a < b ? -1 : a > b ? 1 : 0));
}

function documentNode(state: DocState, id: string, parentId: string | undefined, count: number): DocumentNode {
  const { doc } = state;
  return {
    kind: 'document',
    id,
    parentId,
    uri: doc.uri,
    relativePath: doc.relativePath,
    count,
    untagged: state.untagged,
    ...(doc.sidecarProblem === undefined ? {} : { sidecarProblem: doc.sidecarProblem }),
  };
}

function claimNode(state: DocState, claim: ClaimView, parentId: string, id: string): ClaimNode {
  const { annotation, suggested } = claim;
  return {
    kind: 'claim',
    id,
    parentId,
    uri: state.doc.uri,
    relativePath: state.doc.relativePath,
    start: claim.start,
    end: claim.end,
    text: claim.text,
    tags: claim.tags,
    ...(suggested ? { suggestedType: suggested.type } : {}),
    ...(suggested?.likelihood === undefined ? {} : { suggestedLikelihood: suggested.likelihood }),
    ...(annotation ? { annotationId: annotation.id } : {}),
    origin: annotation?.origin ?? 'detected',
    ...(annotation?.note === undefined ? {} : { note: annotation.note }),
    actors: claim.actors,
    recheck: annotation?.recheck === true,
  };
}

function orphanNode(doc: IndexedDocument, orphan: IndexedAnnotation, id: string): OrphanNode {
  return {
    kind: 'orphan',
    id,
    parentId: ORPHANED_NODE_ID,
    uri: doc.uri,
    relativePath: doc.relativePath,
    annotationId: orphan.id,
    exact: orphan.exact,
    tags: orphan.tags,
    ...(orphan.note === undefined ? {} : { note: orphan.note }),
  };
}

// Node ids only need to be unique and stable; a space separates parts, since URIs never contain
// one. A claim is known by its annotation id when it has one (stable while the text is edited),
// else by its range.
function documentId(uri: string): string {
  return `doc:${uri}`;
}

function typeId(uri: string, type: TypeGroup): string {
  return `doc:${uri} type:${type}`;
}

function claimId(uri: string, key: string): string {
  return `claim:${uri} ${key}`;
}

function orphanId(uri: string, id: string): string {
  return `orphan:${uri} ${id}`;
}

function tagId(tag: string | undefined): string {
  return tag === undefined ? UNTAGGED_NODE_ID : `tag:${tag}`;
}

function tagDocumentId(tag: string | undefined, uri: string): string {
  return `${tagId(tag)} doc:${uri}`;
}

function tagClaimId(tag: string | undefined, uri: string, key: string): string {
  return `${tagId(tag)} claim:${uri} ${key}`;
}

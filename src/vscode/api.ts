import * as vscode from 'vscode';
import type { AnnotationEntry } from '../core/annotationStore';
import type { Analysis } from '../core/types';
import type { SidecarStateReport } from './annotations/sidecarService';
import type { ClaimsViewState } from './claims/claimsView';
import type { IndexReport } from './claims/workspaceClaims';
import type { DecorationRanges, PolicyDecorator, UpdateTiming } from './decorator';
import type { PolicyTextLanguageAssigner } from './languageAssignment';
import type { PolicyDocumentStore } from './policyDocuments';
import type { PolicyStatusBar } from './statusBar';
import type { NotificationRecord, Notifier } from './notifier';
import type { Restartable } from './restartable';
import type { TaggingFeature } from './taggingFeature';
import type { LexiconProblem, WorkspaceLexicons } from './workspaceLexicon';

export type { DecorationRanges, UpdateTiming, LexiconProblem, SidecarStateReport, ClaimsViewState, IndexReport, NotificationRecord };

/** A tree item as a view shows it (label, description, tooltip resolved), for tests. */
export interface TreeItemSnapshot {
  readonly id: string;
  readonly label: string;
  readonly description: string | undefined;
  /** Markdown source of the tooltip, resolved as on hover. */
  readonly tooltip: string | undefined;
  readonly contextValue: string | undefined;
  readonly collapsible: boolean;
  /** The codicon id, e.g. "circle-filled". */
  readonly icon: string | undefined;
  readonly command: { readonly command: string; readonly arguments: readonly unknown[] } | undefined;
}

export interface TreeNodeSnapshot extends TreeItemSnapshot {
  readonly children: readonly TreeNodeSnapshot[];
}

/**
 * What `activate()` returns: a read-only window on the extension's state, for integration tests
 * (`vscode.extensions.getExtension('policy-lens.policy-lens').exports`).
 */
export interface PolicyLensApi {
  /** How long the body of activate() took, in milliseconds. */
  readonly activationMs: number;
  /** The analysis of an open policy text, up to date with its last edit. */
  getAnalysis(uri: vscode.Uri): Analysis | undefined;
  /** The ranges last drawn in a visible policy text, per layer. */
  getDecorations(uri: vscode.Uri): DecorationRanges | undefined;
  /** What the last redraw of a document cost: analysis since the previous one, plus drawing. */
  lastUpdateTiming(uri: vscode.Uri): UpdateTiming | undefined;
  /** `analysisMs + decorationMs` of {@link lastUpdateTiming}. */
  lastUpdateMs(uri: vscode.Uri): number | undefined;
  /** Fires with the document's uri and version after its decorations were redrawn. */
  readonly onDidUpdateDecorations: vscode.Event<{ readonly uri: vscode.Uri; readonly version: number }>;
  /** The status-bar text, or undefined when the item is hidden. */
  getStatusBarText(): string | undefined;
  /** Broken workspace actors files (each folder then uses the built-in lexicon). */
  getLexiconProblems(): readonly LexiconProblem[];
  /** Settles once every actors-file change seen so far has been applied. */
  whenLexiconsLoaded(): Promise<void>;
  /** Whether "Treat File as Policy Text" remembered this file for the workspace. */
  isRememberedAsPolicyText(uri: vscode.Uri): boolean;

  // Issue 4: tagging, sidecars, the Claims and Taxonomy views.

  /** The state of an open policy text's annotations and sidecar; undefined when not tracked. */
  getSidecarState(uri: vscode.Uri): SidecarStateReport | undefined;
  /** An open policy text's annotations (anchored in text order, then orphans). */
  getAnnotations(uri: vscode.Uri): readonly AnnotationEntry[] | undefined;
  /** Settles once every open document's annotations are loaded and nothing is queued. */
  whenAnnotationsIdle(): Promise<void>;
  /** Writes every pending sidecar change now; settles when all are on disk. */
  flushSaves(): Promise<void>;
  /** What "Set Aside and Start Afresh" does for a broken sidecar; resolves to the backup's path. */
  setAsideSidecar(uri: vscode.Uri): Promise<string | undefined>;
  /** Settles when the workspace index (and every file change seen so far) is done. */
  whenIndexed(): Promise<IndexReport>;
  /** Indexes the workspace again, as "Re-index Policy Texts" does. */
  reindex(): Promise<IndexReport>;
  /** The Claims view's items under a node (undefined: the top level). */
  getTreeChildren(id?: string): readonly TreeItemSnapshot[];
  /** The whole Claims tree, `depth` levels down. */
  getClaimTree(depth?: number): readonly TreeNodeSnapshot[];
  /** The Claims view: badge, description, message, filter, grouping, selection. */
  getClaimsView(): ClaimsViewState;
  /** The Taxonomy view's items under a node (undefined: the facets). */
  getTaxonomyChildren(id?: string): readonly TreeItemSnapshot[];
  /** The last messages shown to the analyst (errors, warnings, information), oldest first. */
  getNotifications(): readonly NotificationRecord[];
  /**
   * Saves, then disposes the tagging feature (sidecars, index, views, commands) and builds it
   * again from disk and workspaceState, as a window reload would.
   */
  simulateReload(): Promise<void>;
}

export interface ApiParts {
  readonly activationMs: number;
  readonly store: PolicyDocumentStore;
  readonly decorator: PolicyDecorator;
  readonly statusBar: PolicyStatusBar;
  readonly lexicons: WorkspaceLexicons;
  readonly assigner: PolicyTextLanguageAssigner;
  readonly tagging: Restartable<TaggingFeature>;
  readonly notifier: Notifier;
}

export function createApi({ activationMs, store, decorator, statusBar, lexicons, assigner, tagging, notifier }: ApiParts): PolicyLensApi {
  const openDocument = (uri: vscode.Uri) => vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  return {
    activationMs,
    getAnalysis: (uri) => {
      const document = openDocument(uri);
      return document && store.analysisOf(document);
    },
    getDecorations: (uri) => decorator.reportFor(uri)?.ranges,
    lastUpdateTiming: (uri) => decorator.reportFor(uri)?.timing,
    lastUpdateMs: (uri) => {
      const timing = decorator.reportFor(uri)?.timing;
      return timing && timing.analysisMs + timing.decorationMs;
    },
    onDidUpdateDecorations: (listener, thisArgs, disposables) =>
      decorator.onDidDecorate((report) => listener.call(thisArgs, { uri: report.document.uri, version: report.version }), undefined, disposables),
    getStatusBarText: () => statusBar.text,
    getLexiconProblems: () => lexicons.problems(),
    whenLexiconsLoaded: () => lexicons.whenLoaded(),
    isRememberedAsPolicyText: (uri) => assigner.isRemembered(uri),
    getSidecarState: (uri) => tagging.current.sidecars.report(uri),
    getAnnotations: (uri) => tagging.current.sidecars.annotationsOf(uri)?.store?.all(),
    whenAnnotationsIdle: () => tagging.current.sidecars.whenIdle(),
    flushSaves: () => tagging.current.sidecars.flushAll(),
    setAsideSidecar: async (uri) => tagging.current.sidecars.annotationsOf(uri)?.setAside(),
    whenIndexed: () => tagging.current.claims.whenIndexed(),
    reindex: () => tagging.current.claims.reindex(),
    getTreeChildren: (id) => snapshotChildren(tagging.current.claimsView.provider, id),
    getClaimTree: (depth = 4) => snapshotTree(tagging.current.claimsView.provider, undefined, depth),
    getClaimsView: () => tagging.current.claimsView.state(),
    getTaxonomyChildren: (id) => snapshotChildren(tagging.current.taxonomyView.provider, id),
    getNotifications: () => [...notifier.notifications],
    simulateReload: async () => {
      const feature = await tagging.restart((old) => old.flush());
      await feature.sidecars.whenIdle();
      await feature.claims.whenIndexed();
    },
  };
}

interface SnapshotProvider {
  getChildren(id?: string): string[];
  getTreeItem(id: string): vscode.TreeItem;
  resolveTreeItem?(item: vscode.TreeItem, id: string): vscode.TreeItem;
}

function snapshotChildren(provider: SnapshotProvider, id: string | undefined): TreeItemSnapshot[] {
  return provider.getChildren(id).map((child) => snapshotItem(provider, child));
}

function snapshotTree(provider: SnapshotProvider, id: string | undefined, depth: number): TreeNodeSnapshot[] {
  return provider.getChildren(id).map((child) => {
    const item = snapshotItem(provider, child);
    return { ...item, children: depth > 1 && item.collapsible ? snapshotTree(provider, child, depth - 1) : [] };
  });
}

function snapshotItem(provider: SnapshotProvider, id: string): TreeItemSnapshot {
  const item = provider.getTreeItem(id);
  const resolved = provider.resolveTreeItem?.(item, id) ?? item;
  const label = typeof resolved.label === 'string' ? resolved.label : (resolved.label?.label ?? '');
  const tooltip = resolved.tooltip instanceof vscode.MarkdownString ? resolved.tooltip.value : resolved.tooltip;
  const description = typeof resolved.description === 'string' ? resolved.description : undefined;
  return {
    id: resolved.id ?? id,
    label,
    description,
    tooltip,
    contextValue: resolved.contextValue,
    collapsible: resolved.collapsibleState !== undefined && resolved.collapsibleState !== vscode.TreeItemCollapsibleState.None,
    icon: resolved.iconPath instanceof vscode.ThemeIcon ? resolved.iconPath.id : undefined,
    command: resolved.command ? { command: resolved.command.command, arguments: resolved.command.arguments ?? [] } : undefined,
  };
}

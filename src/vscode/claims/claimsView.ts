import * as vscode from 'vscode';
import { normalizeFilter, normalizeGrouping, isFilterActive, type ClaimFilter, type ClaimGrouping } from '../../core/claimIndex';
import type { Span } from '../../core/types';
import type { SidecarService } from '../annotations/sidecarService';
import { CLAIMS_VIEW_ID, ContextKey } from '../commandIds';
import type { ConfigurationService } from '../config';
import { count } from '../describe';
import { Disposable } from '../disposable';
import { isPolicyText } from '../language';
import type { PolicyDocumentStore } from '../policyDocuments';
import { claimSpanAt } from '../tagging/claimSpans';
import { ClaimTreeProvider } from './claimTreeProvider';
import { filterDescription, filterMessage } from './filterText';
import type { IndexProgress, WorkspaceClaims } from './workspaceClaims';

/** workspaceState keys: the Claims view's filter and grouping survive a reload. */
const FILTER_KEY = 'policyLens.claimsView.filter';
const GROUPING_KEY = 'policyLens.claimsView.grouping';

/** The tree follows the cursor once it rests: moving through a text must not make the view jump. */
const FOLLOW_DELAY_MS = 250;
/** The badge changes with every tag: count at most this often. */
const BADGE_DELAY_MS = 100;

/** The view's filter and grouping as saved for this workspace (anything unreadable is dropped). */
export function savedClaimsViewState(memento: vscode.Memento): { readonly filter: ClaimFilter; readonly grouping: ClaimGrouping } {
  return { filter: normalizeFilter(memento.get<unknown>(FILTER_KEY)), grouping: normalizeGrouping(memento.get<unknown>(GROUPING_KEY)) };
}

/** What the extension API reports about the view. */
export interface ClaimsViewState {
  readonly visible: boolean;
  readonly badge: number | undefined;
  readonly description: string | undefined;
  readonly message: string | undefined;
  readonly filter: ClaimFilter;
  readonly grouping: ClaimGrouping;
  readonly selection: readonly string[];
}

/**
 * The Claims view: the tree of {@link WorkspaceClaims}, its badge (untagged claims), the filter
 * and grouping (saved per workspace), indexing progress in its message, and following the cursor
 * of the active policy text.
 */
export class ClaimsView extends Disposable {
  readonly provider: ClaimTreeProvider;
  readonly treeView: vscode.TreeView<string>;
  private followTimer: ReturnType<typeof setTimeout> | undefined;
  private badgeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly claims: WorkspaceClaims,
    private readonly memento: vscode.Memento,
    private readonly config: ConfigurationService,
    private readonly documents: PolicyDocumentStore,
    private readonly sidecars: SidecarService,
  ) {
    super();
    this.provider = this.register(new ClaimTreeProvider(claims.index));
    this.treeView = this.register(vscode.window.createTreeView(CLAIMS_VIEW_ID, { treeDataProvider: this.provider, showCollapseAll: true }));
    this.register({
      dispose: () => {
        clearTimeout(this.followTimer);
        clearTimeout(this.badgeTimer);
      },
    });
    const indexChanged = claims.index.onDidChange(() => this.scheduleBadge());
    this.register({ dispose: () => indexChanged.dispose() });
    this.register(claims.onDidChangeProgress((progress) => this.showState(progress)));
    this.register(
      this.treeView.onDidChangeVisibility(({ visible }) => {
        if (!visible) return;
        claims.start();
        const editor = vscode.window.activeTextEditor;
        if (editor) this.scheduleFollow(editor);
      }),
    );
    this.register(vscode.window.onDidChangeTextEditorSelection(({ textEditor }) => this.scheduleFollow(textEditor)));
    this.register(vscode.window.onDidChangeActiveTextEditor((editor) => editor && this.scheduleFollow(editor)));
    this.showState(claims.indexing);
    this.updateBadge();
  }

  get filter(): ClaimFilter {
    return this.claims.index.filter;
  }

  get grouping(): ClaimGrouping {
    return this.claims.index.grouping;
  }

  async setFilter(filter: ClaimFilter): Promise<void> {
    this.claims.index.setFilter(filter);
    await this.memento.update(FILTER_KEY, isFilterActive(this.claims.index.filter) ? this.claims.index.filter : undefined);
    this.showState(this.claims.indexing);
  }

  async setGrouping(grouping: ClaimGrouping): Promise<void> {
    this.claims.index.setGrouping(grouping);
    await this.memento.update(GROUPING_KEY, grouping);
    this.showState(this.claims.indexing);
  }

  state(): ClaimsViewState {
    const badge = this.treeView.badge;
    return {
      visible: this.treeView.visible,
      badge: badge?.value,
      description: this.treeView.description,
      message: this.treeView.message,
      filter: this.filter,
      grouping: this.grouping,
      selection: this.treeView.selection,
    };
  }

  /** Selects the claim on exactly this range in the tree; resolves to its node id, if shown. */
  async reveal(uri: vscode.Uri, span: Span, focus = false): Promise<string | undefined> {
    this.claims.flushDocument(uri);
    const id = this.claims.index.claimNodeId(uri.toString(), span.start, span.end);
    if (!id) return undefined;
    if (this.treeView.selection.length === 1 && this.treeView.selection[0] === id && !focus) return id;
    try {
      await this.treeView.reveal(id, { select: true, focus, expand: false });
      return id;
    } catch {
      // Hidden by the filter, or the tree changed meanwhile: nothing to select.
      return undefined;
    }
  }

  private showState(progress: IndexProgress | undefined): void {
    const filter = this.filter;
    const filtered = isFilterActive(filter);
    this.treeView.description = filtered ? filterDescription(filter) : undefined;
    this.treeView.message = progress
      ? `Indexing policy texts: ${progress.done.toLocaleString('en-US')} of ${progress.total.toLocaleString('en-US')}…`
      : filtered
        ? `${filterMessage(filter) ?? ''} Clear the filter with the ✕ in the title.`
        : undefined;
    void vscode.commands.executeCommand('setContext', ContextKey.claimsFiltered, filtered);
    void vscode.commands.executeCommand('setContext', ContextKey.claimsGrouping, this.grouping);
    void vscode.commands.executeCommand('setContext', ContextKey.claimsIndexing, progress !== undefined);
  }

  private scheduleBadge(): void {
    if (this.badgeTimer !== undefined) return;
    this.badgeTimer = setTimeout(() => {
      this.badgeTimer = undefined;
      this.updateBadge();
    }, BADGE_DELAY_MS);
  }

  private updateBadge(): void {
    const untagged = this.claims.index.untaggedCount();
    this.treeView.badge = untagged > 0 ? { value: untagged, tooltip: `${count(untagged, 'untagged claim')} in the workspace` } : undefined;
  }

  private scheduleFollow(editor: vscode.TextEditor): void {
    if (!this.config.current.claimsFollowCursor || !this.treeView.visible || !isPolicyText(editor.document)) return;
    clearTimeout(this.followTimer);
    this.followTimer = setTimeout(() => {
      this.followTimer = undefined;
      if (editor === vscode.window.activeTextEditor) void this.follow(editor);
    }, FOLLOW_DELAY_MS);
  }

  private async follow(editor: vscode.TextEditor, retry = true): Promise<void> {
    if (!this.treeView.visible || editor.document.isClosed) return;
    const document = editor.document;
    const analysis = this.documents.analysisOf(document);
    if (!analysis) return;
    const spans: Span[] = [...analysis.claims, ...this.sidecars.anchoredIn(document).map((annotation) => annotation.target)];
    const span = claimSpanAt(spans, document.offsetAt(editor.selection.active));
    if (!span) return;
    const id = await this.reveal(document.uri, span);
    if (!retry) return;
    // A refresh of the tree (the document just opened, or its tags changed) can drop a reveal or
    // the selection it made: look again a little later, once.
    clearTimeout(this.followTimer);
    this.followTimer = setTimeout(() => {
      this.followTimer = undefined;
      const selected = id !== undefined && this.treeView.selection.length === 1 && this.treeView.selection[0] === id;
      if (!selected && editor === vscode.window.activeTextEditor) void this.follow(editor, false);
    }, FOLLOW_DELAY_MS * 2);
  }

}

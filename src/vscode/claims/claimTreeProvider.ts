import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ClaimIndex, ClaimIndexChange, ClaimNode, ClaimTreeNode, DocumentNode, OrphanNode, TagNode, TypeGroup } from '../../core/claimIndex';
import { isFilterActive } from '../../core/claimIndex';
import { describeTag } from '../../core/taxonomy';
import { CommandId } from '../commandIds';
import { claimTypeLabel, count, firstWords, likelihoodLabel } from '../describe';
import { Disposable } from '../disposable';
import { shortTagList, tagLabel, typeOfTags } from '../tagging/tagRules';

/** Node refreshes (a tag changed) reach the view this soon, batched with any others. */
const NODE_REFRESH_DELAY_MS = 15;
/**
 * Whole-tree refreshes (indexing delivers a batch every few dozen milliseconds) at most this
 * often, and less often for a large workspace: each one makes VS Code ask for every top-level
 * node again, which for thousands of documents holds the extension host for a good while.
 */
const FULL_REFRESH_INTERVAL_MS = 300;
const FULL_REFRESH_MS_PER_DOCUMENT = 0.75;
/**
 * Claims are labelled by their first words (the whole text is in the tooltip): a whole sentence
 * would push the description, the tags or the suggestion, out of a side bar's width.
 */
const LABEL_WORDS = 7;
const LABEL_CHARS = 46;
const MAX_LABEL_CHARS = 160;
/** Below this many documents, each opens expanded: a small workspace is read at a glance. */
const EXPAND_DOCUMENTS_UP_TO = 5;

/** Context values the manifest's menus key on (`viewItem == claim-untagged`). */
export const ClaimItemContext = {
  document: 'document',
  documentBroken: 'document-broken',
  type: 'claim-type',
  tag: 'tag',
  untaggedGroup: 'untagged-group',
  orphaned: 'orphaned',
  claimTagged: 'claim-tagged',
  claimUntagged: 'claim-untagged',
  claimManual: 'claim-manual',
  orphan: 'orphan',
} as const;

export function typeColour(type: TypeGroup): vscode.ThemeColor | undefined {
  return type === 'untyped' ? undefined : new vscode.ThemeColor(`policyLens.claim.${type}Marker`);
}

/**
 * The Claims view's data: {@link ClaimIndex} nodes, by id. Refreshes only the nodes a change
 * names (the index says which), batched; ids are the index's, stable across refreshes and
 * reloads, so VS Code keeps what was expanded and selected. Tooltips are built when hovered.
 */
export class ClaimTreeProvider extends Disposable implements vscode.TreeDataProvider<string> {
  private readonly changed = this.register(new vscode.EventEmitter<string | string[] | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  /** Nodes handed out by the last getChildren calls, so getTreeItem need not resolve them again. */
  private readonly nodes = new Map<string, ClaimTreeNode>();
  private readonly pendingNodes = new Set<string>();
  private pendingAll = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastFullRefresh = 0;

  constructor(private readonly index: ClaimIndex) {
    super();
    const subscription = index.onDidChange((change) => this.onIndexChange(change));
    this.register({ dispose: () => subscription.dispose() });
    this.register({ dispose: () => clearTimeout(this.timer) });
  }

  getChildren(id?: string): string[] {
    const children = this.index.getChildren(id);
    for (const node of children) this.nodes.set(node.id, node);
    return children.map((node) => node.id);
  }

  getParent(id: string): string | undefined {
    return this.index.getParentId(id);
  }

  /** The node behind an id (what commands run from the view receive). */
  nodeOf(id: string): ClaimTreeNode | undefined {
    return this.nodes.get(id) ?? this.index.getNode(id);
  }

  getTreeItem(id: string): vscode.TreeItem {
    const node = this.nodeOf(id);
    if (!node) return new vscode.TreeItem('(gone)');
    const item = this.itemFor(node);
    item.id = node.id;
    return item;
  }

  resolveTreeItem(item: vscode.TreeItem, id: string): vscode.TreeItem {
    const node = this.nodeOf(id);
    if (node) item.tooltip = tooltipFor(node);
    return item;
  }

  private itemFor(node: ClaimTreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'document':
        return this.documentItem(node);
      case 'type': {
        const item = new vscode.TreeItem(node.type === 'untyped' ? 'No type' : claimTypeLabel(node.type), vscode.TreeItemCollapsibleState.Expanded);
        item.description = String(node.count);
        item.iconPath = new vscode.ThemeIcon('circle-filled', typeColour(node.type));
        item.contextValue = ClaimItemContext.type;
        return item;
      }
      case 'tag':
        return tagItem(node);
      case 'orphaned': {
        const item = new vscode.TreeItem('Orphaned', vscode.TreeItemCollapsibleState.Collapsed);
        item.description = String(node.count);
        item.iconPath = new vscode.ThemeIcon('debug-disconnect', new vscode.ThemeColor('list.warningForeground'));
        item.contextValue = ClaimItemContext.orphaned;
        return item;
      }
      case 'claim':
        return claimItem(node);
      case 'orphan':
        return orphanItem(node);
    }
  }

  private documentItem(node: DocumentNode): vscode.TreeItem {
    const name = path.posix.basename(node.relativePath);
    const expand = this.index.documentCount <= EXPAND_DOCUMENTS_UP_TO || node.parentId !== undefined;
    const item = new vscode.TreeItem(name, expand ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    const folder = path.posix.dirname(node.relativePath);
    // Under a tag, the count of claims with that tag; at the top, the document's progress.
    const counts =
      node.parentId !== undefined
        ? String(node.count)
        : isFilterActive(this.index.filter)
          ? `${node.count} matching`
          : node.untagged > 0
            ? `${count(node.count, 'claim')} · ${node.untagged} untagged`
            : `${count(node.count, 'claim')} · all tagged`;
    item.description = folder === '.' ? counts : `${folder} · ${counts}`;
    item.resourceUri = vscode.Uri.parse(node.uri);
    if (node.sidecarProblem) {
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.errorForeground'));
      item.description = `annotations file broken · ${item.description}`;
      item.contextValue = ClaimItemContext.documentBroken;
    } else {
      item.iconPath = vscode.ThemeIcon.File;
      item.contextValue = ClaimItemContext.document;
    }
    return item;
  }

  // -------------------------------------------------------------------------------------------

  private onIndexChange(change: ClaimIndexChange): void {
    if (change.nodes === undefined) {
      this.pendingAll = true;
    } else {
      for (const id of change.nodes) this.pendingNodes.add(id);
    }
    if (this.timer !== undefined) return;
    const interval = Math.max(FULL_REFRESH_INTERVAL_MS, this.index.documentCount * FULL_REFRESH_MS_PER_DOCUMENT);
    const wait = this.pendingAll ? Math.max(NODE_REFRESH_DELAY_MS, this.lastFullRefresh + interval - Date.now()) : NODE_REFRESH_DELAY_MS;
    this.timer = setTimeout(() => this.fire(), wait);
  }

  private fire(): void {
    this.timer = undefined;
    if (this.pendingAll) {
      this.pendingAll = false;
      this.pendingNodes.clear();
      this.nodes.clear();
      this.lastFullRefresh = Date.now();
      this.changed.fire(undefined);
      return;
    }
    const ids = [...this.pendingNodes];
    this.pendingNodes.clear();
    for (const id of ids) this.nodes.delete(id);
    if (ids.length > 0) this.changed.fire(ids);
  }

  /** Whether a refresh is waiting to be sent to the view (for the extension API). */
  get refreshPending(): boolean {
    return this.timer !== undefined;
  }
}

function tagItem(node: TagNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.tag === undefined ? 'Untagged' : tagLabel(node.tag), vscode.TreeItemCollapsibleState.Collapsed);
  item.description = node.tag !== undefined && !node.known ? `not in the taxonomy · ${node.count}` : String(node.count);
  const type = node.tag === undefined ? undefined : typeOfTags([node.tag]);
  item.iconPath =
    node.tag === undefined
      ? new vscode.ThemeIcon('circle-large-outline')
      : type
        ? new vscode.ThemeIcon('circle-filled', typeColour(type))
        : node.known
          ? new vscode.ThemeIcon('tag')
          : new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
  item.contextValue = node.tag === undefined ? ClaimItemContext.untaggedGroup : ClaimItemContext.tag;
  return item;
}

/** A claim's label in the view: its first words. */
export function claimLabel(text: string): string {
  return firstWords(text, 0, text.length, LABEL_WORDS, LABEL_CHARS);
}

function oneLine(text: string, max = MAX_LABEL_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}

function claimItem(node: ClaimNode): vscode.TreeItem {
  const item = new vscode.TreeItem(claimLabel(node.text), vscode.TreeItemCollapsibleState.None);
  const tagged = node.tags.length > 0;
  const taggedType = typeOfTags(node.tags);
  const parts: string[] = [];
  if (tagged) parts.push(shortTagList(node.tags));
  else if (node.suggestedType) parts.push(`suggested: ${node.suggestedType}${node.suggestedLikelihood ? `, ${likelihoodLabel(node.suggestedLikelihood).toLowerCase()}` : ''}`);
  else parts.push('your selection, no tags');
  if (node.note !== undefined) parts.push('note');
  if (node.recheck) parts.push('check tags');
  item.description = parts.join(' · ');
  const colour = typeColour(taggedType ?? node.suggestedType ?? 'untyped');
  item.iconPath = node.recheck
    ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
    : new vscode.ThemeIcon(tagged ? 'circle-filled' : 'circle-outline', colour);
  item.contextValue = tagged ? ClaimItemContext.claimTagged : node.suggestedType ? ClaimItemContext.claimUntagged : ClaimItemContext.claimManual;
  item.command = { command: CommandId.openClaim, title: 'Open Claim', arguments: [node.uri, node.start, node.end] };
  item.accessibilityInformation = { label: `${oneLine(node.text, 400)}, ${tagged ? `tagged ${shortTagList(node.tags)}` : 'untagged'}` };
  return item;
}

function orphanItem(node: OrphanNode): vscode.TreeItem {
  const item = new vscode.TreeItem(claimLabel(node.exact), vscode.TreeItemCollapsibleState.None);
  const name = path.posix.basename(node.relativePath);
  item.description = node.tags.length > 0 ? `${name} · ${shortTagList(node.tags)}` : name;
  item.iconPath = new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('list.warningForeground'));
  item.contextValue = ClaimItemContext.orphan;
  item.command = { command: CommandId.openClaim, title: 'Open Document', arguments: [node.uri, undefined, undefined] };
  return item;
}

function tooltipFor(node: ClaimTreeNode): vscode.MarkdownString | string | undefined {
  const markdown = new vscode.MarkdownString(undefined, true);
  switch (node.kind) {
    case 'document':
      markdown.appendMarkdown(`**${escape(node.relativePath)}**\n\n${node.untagged} untagged`);
      if (node.sidecarProblem) markdown.appendMarkdown(`\n\n$(warning) ${escape(node.sidecarProblem)}\n\nTags of this text cannot be changed until the annotations file is fixed or set aside.`);
      return markdown;
    case 'type':
      return node.type === 'untyped' ? 'Selections tagged without a type' : `${claimTypeLabel(node.type)}: ${describeTag(`type:${node.type}`)?.value.definition ?? ''}`;
    case 'tag': {
      if (node.tag === undefined) return 'Claims without tags: the engine suggests a type; accept it or tag them.';
      const info = describeTag(node.tag);
      return info ? `${info.facet.label}: ${info.value.label} — ${info.value.definition}` : `"${node.tag}" is not in the taxonomy; it is kept as it was found in the annotations file.`;
    }
    case 'orphaned':
      return 'Annotations whose text could not be found after the text changed. They are kept: select the right text and run "Attach Orphaned Annotation" to place one again.';
    case 'claim': {
      const type = typeOfTags(node.tags);
      const heading = type
        ? `**${claimTypeLabel(type)}** · tagged${node.suggestedType && node.suggestedType !== type ? ` (suggested: ${claimTypeLabel(node.suggestedType)})` : ''}`
        : node.suggestedType
          ? `Suggested: **${claimTypeLabel(node.suggestedType)}**${node.suggestedLikelihood ? ` · ${likelihoodLabel(node.suggestedLikelihood)}` : ''} · not tagged yet`
          : '**Your selection** · no type yet';
      markdown.appendMarkdown(`${heading}\n\n> ${escape(oneLine(node.text, 2000))}`);
      appendTagsAndNote(markdown, node.tags, node.note);
      if (node.actors.length > 0) markdown.appendMarkdown(`\n\n$(person) ${node.actors.map(escape).join(', ')}`);
      if (node.recheck) markdown.appendMarkdown('\n\n$(warning) The text of this claim was edited since it was tagged: check the tags.');
      markdown.appendMarkdown(`\n\n$(file) ${escape(node.relativePath)}${node.origin === 'manual' ? ' · a selection, not a detected sentence' : ''}`);
      return markdown;
    }
    case 'orphan':
      markdown.appendMarkdown(`**Orphaned** · its text was not found in ${escape(node.relativePath)}\n\n> ${escape(oneLine(node.exact, 2000))}`);
      appendTagsAndNote(markdown, node.tags, node.note);
      markdown.appendMarkdown('\n\nSelect the text it belongs to and run **Attach Orphaned Annotation** (inline action).');
      return markdown;
  }
}

function appendTagsAndNote(markdown: vscode.MarkdownString, tags: readonly string[], note: string | undefined): void {
  if (tags.length > 0) markdown.appendMarkdown(`\n\n$(tag) ${tags.map((tag) => escape(tagLabel(tag))).join(' · ')}`);
  if (note !== undefined) markdown.appendMarkdown(`\n\n$(note) ${escape(note)}`);
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}

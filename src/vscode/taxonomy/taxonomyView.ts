import * as vscode from 'vscode';
import type { ClaimIndex } from '../../core/claimIndex';
import { describeTag, isKnownTag, TAXONOMY, type Facet, type FacetCardinality } from '../../core/taxonomy';
import { typeColour } from '../claims/claimTreeProvider';
import { CommandId, TAXONOMY_VIEW_ID } from '../commandIds';
import { count } from '../describe';
import { Disposable } from '../disposable';
import { typeOfTags } from '../tagging/tagRules';

/** Counts change with every tag; the view is small, so it is redrawn whole, a little later. */
const REFRESH_DELAY_MS = 200;

const CARDINALITY_WORDS: Readonly<Record<FacetCardinality, string>> = {
  'exactly-one': 'exactly one',
  'at-most-one': 'at most one',
  any: 'any number',
};

const FACET_PREFIX = 'facet:';
const VALUE_PREFIX = 'value:';
const UNKNOWN_GROUP = 'unknown';
const UNKNOWN_PREFIX = 'unknown:';

export const TaxonomyItemContext = {
  facet: 'taxonomy-facet',
  value: 'taxonomy-value',
  unknownGroup: 'taxonomy-unknown-group',
  unknownTag: 'taxonomy-unknown-tag',
} as const;

/**
 * The Taxonomy view: the codebook at hand while tagging. Facets (with their rule), their values
 * (definition and example in the tooltip) and how often each is used across the workspace;
 * clicking a value shows the claims tagged with it. Tags found in files but not in the taxonomy
 * are listed too, so they can be found and fixed.
 */
export class TaxonomyTreeProvider extends Disposable implements vscode.TreeDataProvider<string> {
  private readonly changed = this.register(new vscode.EventEmitter<undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private shownUsage = '';

  constructor(private readonly index: ClaimIndex) {
    super();
    const subscription = index.onDidChange(() => this.schedule());
    this.register({ dispose: () => subscription.dispose() });
    this.register({ dispose: () => clearTimeout(this.timer) });
  }

  getChildren(id?: string): string[] {
    if (id === undefined) {
      const facets = TAXONOMY.facets.map((facet) => FACET_PREFIX + facet.id);
      return this.unknownTags().length > 0 ? [...facets, UNKNOWN_GROUP] : facets;
    }
    if (id === UNKNOWN_GROUP) return this.unknownTags().map((tag) => UNKNOWN_PREFIX + tag);
    const facet = this.facetOf(id);
    return facet && id.startsWith(FACET_PREFIX) ? facet.values.map((value) => `${VALUE_PREFIX}${facet.id}:${value.id}`) : [];
  }

  getParent(id: string): string | undefined {
    if (id.startsWith(VALUE_PREFIX)) return FACET_PREFIX + id.slice(VALUE_PREFIX.length).split(':')[0];
    if (id.startsWith(UNKNOWN_PREFIX)) return UNKNOWN_GROUP;
    return undefined;
  }

  getTreeItem(id: string): vscode.TreeItem {
    const usage = this.index.tagUsage();
    if (id === UNKNOWN_GROUP) {
      const item = new vscode.TreeItem('Not in the taxonomy', vscode.TreeItemCollapsibleState.Expanded);
      item.id = id;
      item.description = count(this.unknownTags().length, 'tag');
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
      item.tooltip = 'Tags found in annotations files that this taxonomy does not define. They are kept as they are; each is also shown as a problem on its claim.';
      item.contextValue = TaxonomyItemContext.unknownGroup;
      return item;
    }
    if (id.startsWith(UNKNOWN_PREFIX)) {
      const tag = id.slice(UNKNOWN_PREFIX.length);
      const item = new vscode.TreeItem(tag, vscode.TreeItemCollapsibleState.None);
      item.id = id;
      item.description = String(usage.get(tag) ?? 0);
      item.iconPath = new vscode.ThemeIcon('tag');
      item.contextValue = TaxonomyItemContext.unknownTag;
      item.command = { command: CommandId.filterByTag, title: 'Show Claims with This Tag', arguments: [tag] };
      return item;
    }
    if (id.startsWith(FACET_PREFIX)) {
      const facet = this.facetOf(id);
      const item = new vscode.TreeItem(facet?.label ?? id, vscode.TreeItemCollapsibleState.Expanded);
      item.id = id;
      if (facet) {
        const used = facet.values.reduce((sum, value) => sum + (usage.get(`${facet.id}:${value.id}`) ?? 0), 0);
        item.description = `${CARDINALITY_WORDS[facet.cardinality]} · ${used} used`;
        item.tooltip = new vscode.MarkdownString(`**${facet.label}** (${CARDINALITY_WORDS[facet.cardinality]} per claim)\n\n${facet.definition}`);
      }
      item.iconPath = new vscode.ThemeIcon('symbol-enum');
      item.contextValue = TaxonomyItemContext.facet;
      return item;
    }
    const tag = id.slice(VALUE_PREFIX.length);
    const info = describeTag(tag);
    const item = new vscode.TreeItem(info?.value.label ?? tag, vscode.TreeItemCollapsibleState.None);
    item.id = id;
    item.description = String(usage.get(tag) ?? 0);
    const type = typeOfTags([tag]);
    item.iconPath = type ? new vscode.ThemeIcon('circle-filled', typeColour(type)) : new vscode.ThemeIcon('tag');
    if (info) {
      const tooltip = new vscode.MarkdownString();
      tooltip.appendMarkdown(`**${info.facet.label}: ${info.value.label}** \`${tag}\`\n\n${info.value.definition}\n\n*e.g.* “${info.value.example}”\n\n`);
      tooltip.appendMarkdown(`${usage.get(tag) ?? 0} in the workspace · click to show them in the Claims panel`);
      item.tooltip = tooltip;
    }
    item.contextValue = TaxonomyItemContext.value;
    item.command = { command: CommandId.filterByTag, title: 'Show Claims with This Tag', arguments: [tag] };
    item.accessibilityInformation = { label: `${info?.facet.label ?? ''} ${info?.value.label ?? tag}, used ${usage.get(tag) ?? 0} times` };
    return item;
  }

  private facetOf(id: string): Facet | undefined {
    const facetId = id.startsWith(FACET_PREFIX) ? id.slice(FACET_PREFIX.length) : id.slice(VALUE_PREFIX.length).split(':')[0];
    return TAXONOMY.facets.find((facet) => facet.id === facetId);
  }

  private unknownTags(): string[] {
    return [...this.index.tagUsage().keys()].filter((tag) => !isKnownTag(tag)).sort();
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const usage = JSON.stringify([...this.index.tagUsage()].sort());
      if (usage === this.shownUsage) return;
      this.shownUsage = usage;
      this.changed.fire(undefined);
    }, REFRESH_DELAY_MS);
  }
}

/** The Taxonomy view in the Policy Lens container. */
export class TaxonomyView extends Disposable {
  readonly provider: TaxonomyTreeProvider;
  readonly treeView: vscode.TreeView<string>;

  constructor(index: ClaimIndex) {
    super();
    this.provider = this.register(new TaxonomyTreeProvider(index));
    this.treeView = this.register(vscode.window.createTreeView(TAXONOMY_VIEW_ID, { treeDataProvider: this.provider, showCollapseAll: true }));
    this.treeView.description = `${TAXONOMY.id} v${TAXONOMY.version}`;
  }
}

import * as vscode from 'vscode';
import type { Analysis, ClaimType, FigureKind } from '../core/types';
import type { ClaimTypes } from './claimTypes';
import { CommandId } from './commandIds';
import { claimTypeLabel, count, FIGURE_KIND_LABELS } from './describe';
import { Disposable } from './disposable';
import type { PolicyDecorator } from './decorator';
import type { PolicyDocumentStore } from './policyDocuments';

/** "$(law) 44 claims · 13 figures · 21 actors" for the active policy text; opens the Claims panel. */
export class PolicyStatusBar extends Disposable {
  private readonly item = this.register(vscode.window.createStatusBarItem('policyLens.summary', vscode.StatusBarAlignment.Right, 100));

  constructor(
    private readonly store: PolicyDocumentStore,
    private readonly claimTypes: ClaimTypes,
    private readonly decorator: PolicyDecorator,
  ) {
    super();
    this.item.name = 'Policy Lens';
    this.item.command = CommandId.showClaimsPanel;
    this.register(vscode.window.onDidChangeActiveTextEditor(() => this.refresh()));
    // Redraws are already debounced while typing: count when they happen, not per keystroke.
    this.register(decorator.onDidDecorate(({ document }) => document === vscode.window.activeTextEditor?.document && this.refresh()));
    this.register(vscode.workspace.onDidOpenTextDocument(() => this.refresh()));
    this.refresh();
  }

  /** The text shown, or undefined when hidden (for the extension API). */
  get text(): string | undefined {
    return this.visible ? this.item.text : undefined;
  }

  private visible = false;

  private refresh(): void {
    const document = vscode.window.activeTextEditor?.document;
    // Counted once the decorator has drawn it: before that the workspace actors may not be loaded.
    const analysis = document && this.decorator.reportFor(document.uri) ? this.store.analysisOf(document) : undefined;
    if (!document || !analysis) {
      this.item.hide();
      this.visible = false;
      return;
    }
    const actors = new Set(analysis.actors.map((actor) => actor.actorId)).size;
    this.item.text = `$(law) ${count(analysis.claims.length, 'claim')} · ${count(analysis.figures.length, 'figure')} · ${count(analysis.actors.length, 'actor')}`;
    this.item.tooltip = this.tooltip(document, analysis, actors);
    this.item.accessibilityInformation = {
      label: `Policy Lens: ${count(analysis.claims.length, 'claim')}, ${count(analysis.figures.length, 'figure')}, ${count(analysis.actors.length, 'actor mention')}`,
    };
    this.item.show();
    this.visible = true;
  }

  private tooltip(document: vscode.TextDocument, analysis: Analysis, distinctActors: number): vscode.MarkdownString {
    const claimsByType = new Map<ClaimType, number>();
    for (const claim of analysis.claims) {
      const type = this.claimTypes.of(document, claim).type;
      claimsByType.set(type, (claimsByType.get(type) ?? 0) + 1);
    }
    const figuresByKind = new Map<FigureKind, number>();
    for (const figure of analysis.figures) figuresByKind.set(figure.kind, (figuresByKind.get(figure.kind) ?? 0) + 1);
    const breakdown = <K extends string>(counts: Map<K, number>, label: (key: K) => string) =>
      [...counts].sort((a, b) => b[1] - a[1]).map(([key, n]) => `${label(key)} ${n}`).join(' · ') || 'none';

    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown('**Policy Lens**\n\n');
    tooltip.appendMarkdown(`**Claims:** ${breakdown(claimsByType, claimTypeLabel)}\n\n`);
    tooltip.appendMarkdown(`**Figures:** ${breakdown(figuresByKind, (kind) => FIGURE_KIND_LABELS[kind])}\n\n`);
    tooltip.appendMarkdown(`**Actors:** ${count(analysis.actors.length, 'mention')} of ${count(distinctActors, 'actor')}\n\n`);
    tooltip.appendMarkdown('Click to show the Claims panel.');
    return tooltip;
  }
}

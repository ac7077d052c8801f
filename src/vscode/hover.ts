import * as vscode from 'vscode';
import type { AnnotationEntry } from '../core/annotationStore';
import type { ActorLexicon } from '../core/lexicon';
import { describeTag } from '../core/taxonomy';
import type { ActorMention, ActorRule, Analysis, Claim, Figure } from '../core/types';
import type { ClaimTypes } from './claimTypes';
import type { ConfigurationService } from './config';
import { ACTOR_KIND_LABELS, claimTypeDefinition, claimTypeLabel, count, describeFigureValue, FIGURE_KIND_LABELS, likelihoodLabel } from './describe';
import type { PolicyDocumentStore } from './policyDocuments';
import { spanAt } from './spans';
import { typeOfTags } from './tagging/tagRules';

const RULE_WORDS: Readonly<Record<ActorRule, string>> = {
  lexicon: 'its name',
  alias: 'an alias',
  demonym: 'a demonym',
  title: 'a title',
  'acronym-defined': 'an acronym defined in this text',
  'capitalised-name': 'a capitalised name (not in the lexicon)',
  acronym: 'an acronym (not in the lexicon)',
};

/** Aliases shown in a hover: enough to recognise the actor, not a wall of names. */
const MAX_ALIASES = 8;

/**
 * Explains what is under the mouse, innermost first: a figure or an actor, else the claim. Only
 * shown layers are explained, so hiding a layer also quiets its hovers.
 */
export class PolicyHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly store: PolicyDocumentStore,
    private readonly config: ConfigurationService,
    private readonly claimTypes: ClaimTypes,
  ) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const analysis = this.store.analysisOf(document);
    if (!analysis) return undefined;
    const offset = document.offsetAt(position);
    const layers = this.config.current.layers;
    const range = (span: { start: number; end: number }) => new vscode.Range(document.positionAt(span.start), document.positionAt(span.end));

    const figure = layers.figures ? spanAt(analysis.figures, offset) : undefined;
    if (figure) return new vscode.Hover(figureMarkdown(figure), range(figure));
    const actor = layers.actors ? spanAt(analysis.actors, offset) : undefined;
    if (actor) return new vscode.Hover(actorMarkdown(actor, analysis, this.store.lexiconOf(document)), range(actor));
    if (!layers.claims) return undefined;
    const claim = spanAt(analysis.claims, offset);
    // A manual claim inside (or across) detected ones is the analyst's: it wins when shorter.
    const manual = this.claimTypes.annotationAt(document, offset);
    const manualSpan = manual && !manual.orphan && manual.annotation.target.end > offset ? manual.annotation.target : undefined;
    if (manual && manualSpan && (!claim || manualSpan.end - manualSpan.start < claim.end - claim.start)) {
      return new vscode.Hover(manualMarkdown(manual), range(manualSpan));
    }
    if (claim) return new vscode.Hover(this.claimMarkdown(document, claim), range(claim));
    return undefined;
  }

  private claimMarkdown(document: vscode.TextDocument, claim: Claim): vscode.MarkdownString {
    const { type, tagged } = this.claimTypes.of(document, claim);
    const markdown = new vscode.MarkdownString();
    const origin = tagged ? (type === claim.type ? 'tagged' : `tagged (suggested: ${claimTypeLabel(claim.type)})`) : 'suggested';
    markdown.appendMarkdown(`**${claimTypeLabel(type)}** claim · ${origin}`);
    const definition = claimTypeDefinition(type);
    if (definition) markdown.appendMarkdown(`  \n*${escape(definition)}*`);
    const annotation = this.claimTypes.annotationFor(document, claim);
    if (annotation) appendAnnotation(markdown, annotation);
    const facts: string[] = [];
    if (claim.likelihood) facts.push(`Likelihood: **${likelihoodLabel(claim.likelihood)}**`);
    if (claim.source) facts.push(`Source: ${quote(claim.source.text)}`);
    if (facts.length > 0) markdown.appendMarkdown(`\n\n${facts.join(' · ')}`);
    const cues = uniqueCues(claim);
    if (cues.length > 0) markdown.appendMarkdown(`\n\nCues: ${cues.join(' · ')}`);
    return markdown;
  }
}

/** A span the analyst selected and annotated, where the engine found no claim. */
function manualMarkdown(entry: AnnotationEntry): vscode.MarkdownString {
  const type = typeOfTags(entry.annotation.tags);
  const markdown = new vscode.MarkdownString();
  markdown.appendMarkdown(type ? `**${claimTypeLabel(type)}** claim · tagged (your selection)` : '**Claim** · your selection, no type yet');
  const definition = type && claimTypeDefinition(type);
  if (definition) markdown.appendMarkdown(`  \n*${escape(definition)}*`);
  appendAnnotation(markdown, entry);
  return markdown;
}

/** The analyst's tags (by facet, with labels), note, and who changed them when. */
function appendAnnotation(markdown: vscode.MarkdownString, entry: AnnotationEntry): void {
  const { annotation } = entry;
  if (annotation.tags.length > 0) {
    const lines = annotation.tags.map((tag) => {
      const info = describeTag(tag);
      return info ? `${escape(info.facet.label)}: **${escape(info.value.label)}**` : `\`${tag.replace(/`/g, "'")}\` *(not in the taxonomy)*`;
    });
    markdown.appendMarkdown(`\n\n$(tag) ${lines.join(' · ')}`);
  }
  if (annotation.note !== undefined) markdown.appendMarkdown(`\n\n$(note) ${escape(annotation.note.replace(/\s+/g, ' ').trim())}`);
  if (entry.recheck) {
    const why = entry.recheck === 'not-a-sentence' ? 'its text was edited and is no longer one sentence' : 'its text was edited since it was tagged';
    markdown.appendMarkdown(`\n\n$(warning) Check the tags: ${why}.`);
  }
  const when = annotation.modified.slice(0, 10);
  markdown.appendMarkdown(`\n\n*${annotation.author ? `${escape(annotation.author)}, ` : ''}${escape(when)}*`);
  // Codicons in the tags and note lines.
  markdown.supportThemeIcons = true;
}

export function figureMarkdown(figure: Figure): vscode.MarkdownString {
  const value = describeFigureValue(figure);
  const label = FIGURE_KIND_LABELS[figure.kind];
  return new vscode.MarkdownString(value ? `**${label}:** ${escape(value)}` : `**${label}** · no normalised value`);
}

export function actorMarkdown(mention: ActorMention, analysis: Analysis, lexicon: ActorLexicon): vscode.MarkdownString {
  const entry = lexicon.get(mention.actorId);
  const mentions = analysis.actors.filter((other) => other.actorId === mention.actorId).length;
  const markdown = new vscode.MarkdownString();
  markdown.appendMarkdown(`**${escape(mention.actor)}** · ${ACTOR_KIND_LABELS[mention.kind]}`);
  if (entry && entry.kind !== mention.kind) markdown.appendMarkdown(` (of ${escape(entry.name)}, ${ACTOR_KIND_LABELS[entry.kind].toLowerCase()})`);
  const aliases = (entry?.aliases ?? []).filter((alias) => alias !== mention.actor);
  if (aliases.length > 0) {
    const shown = aliases.slice(0, MAX_ALIASES).map(escape).join(', ');
    const more = aliases.length > MAX_ALIASES ? ` and ${aliases.length - MAX_ALIASES} more` : '';
    markdown.appendMarkdown(`  \nAlso: ${shown}${more}`);
  }
  const origin = entry?.origin === 'workspace' ? ' · from the workspace actors file' : '';
  markdown.appendMarkdown(`\n\n${count(mentions, 'mention')} in this text · found by ${RULE_WORDS[mention.rule]}${origin}`);
  return markdown;
}

function uniqueCues(claim: Claim): string[] {
  const seen = new Set<string>();
  const cues: string[] = [];
  for (const cue of claim.cues) {
    const signals = cue.signals.map((signal) => signal.replace(':', ': ')).join(', ');
    const key = `${cue.text}\u0000${signals}`;
    if (seen.has(key)) continue;
    seen.add(key);
    cues.push(signals ? `${quote(cue.text)} (${escape(signals)})` : quote(cue.text));
  }
  return cues;
}

/** Text from the document, shown as a quotation that Markdown cannot reinterpret. */
function quote(text: string): string {
  return `“${escape(text.replace(/\s+/g, ' ').trim())}”`;
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}

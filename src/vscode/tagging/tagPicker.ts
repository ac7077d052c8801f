import * as vscode from 'vscode';
import { isKnownTag, sortTags, TAXONOMY, type FacetCardinality } from '../../core/taxonomy';
import type { ClaimType, Likelihood } from '../../core/types';
import { firstWords } from '../describe';
import type { Notifier } from '../notifier';
import { applyPickRules, pickProblem } from './tagRules';

const CARDINALITY_WORDS: Readonly<Record<FacetCardinality, string>> = {
  'exactly-one': 'pick one',
  'at-most-one': 'at most one',
  any: 'any number',
};

interface TagItem extends vscode.QuickPickItem {
  readonly tag?: string;
}

export interface TagPickerOptions {
  /** The claim's tags now. */
  readonly current: readonly string[];
  /** The engine's suggestion, pre-selected for an untagged claim so that Enter accepts it. */
  readonly suggested?: { readonly type: ClaimType; readonly likelihood?: Likelihood };
  readonly claimText: string;
  readonly notifier: Notifier;
}

/**
 * The tag picker: every taxonomy value under its facet, with its definition, the claim's tags
 * ticked. The facet rules hold while clicking: in a facet that takes one value, a new tick moves
 * the old one (as a radio button does), and Enter without a Type says why and stays open.
 * Resolves to the tags to set, or undefined when dismissed.
 */
export function pickTags(options: TagPickerOptions): Promise<string[] | undefined> {
  const { current, suggested } = options;
  const initial = current.length > 0 ? [...current] : suggested ? [`type:${suggested.type}`, ...(suggested.likelihood ? [`likelihood:${suggested.likelihood}`] : [])] : [];
  const suggestedTags = new Set(suggested ? [`type:${suggested.type}`, ...(suggested.likelihood ? [`likelihood:${suggested.likelihood}`] : [])] : []);

  const items: TagItem[] = [];
  for (const facet of TAXONOMY.facets) {
    items.push({ label: `${facet.label} — ${CARDINALITY_WORDS[facet.cardinality]}`, kind: vscode.QuickPickItemKind.Separator });
    for (const value of facet.values) {
      const tag = `${facet.id}:${value.id}`;
      items.push({ label: value.label, description: suggestedTags.has(tag) ? `${tag} · suggested` : tag, detail: value.definition, tag });
    }
  }
  const unknown = current.filter((tag) => !isKnownTag(tag));
  if (unknown.length > 0) {
    items.push({ label: 'Not in the taxonomy — kept unless you untick them', kind: vscode.QuickPickItemKind.Separator });
    for (const tag of unknown) items.push({ label: tag, description: 'from the annotations file', tag });
  }

  const picker = vscode.window.createQuickPick<TagItem>();
  picker.canSelectMany = true;
  picker.matchOnDescription = true;
  picker.matchOnDetail = true;
  picker.title = `Tag “${firstWords(options.claimText, 0, options.claimText.length, 10, 70)}”`;
  picker.placeholder = current.length === 0 && suggested ? 'Suggestion ticked · Enter applies · type to filter' : 'One Type, other facets as they apply · type to filter';
  picker.items = items;
  let selected = sortTags(initial);
  picker.selectedItems = items.filter((item) => item.tag !== undefined && selected.includes(item.tag));

  return new Promise((resolve) => {
    let settled = false;
    const finish = (tags: string[] | undefined) => {
      if (settled) return;
      settled = true;
      resolve(tags);
      picker.hide();
    };
    const subscriptions = [
      picker.onDidChangeSelection((chosen) => {
        const tags = chosen.flatMap((item) => (item.tag === undefined ? [] : [item.tag]));
        const { tags: kept, replaced } = applyPickRules(selected, tags);
        selected = sortTags(kept);
        if (replaced.length > 0) picker.selectedItems = items.filter((item) => item.tag !== undefined && selected.includes(item.tag));
      }),
      picker.onDidAccept(() => {
        const problem = pickProblem(selected);
        if (problem) {
          picker.placeholder = problem;
          void options.notifier.error(problem);
          return;
        }
        finish(selected);
      }),
      picker.onDidHide(() => {
        finish(undefined);
        subscriptions.forEach((subscription) => subscription.dispose());
        picker.dispose();
      }),
    ];
    picker.show();
  });
}

/** Which of the claim's tags to remove; undefined when dismissed. */
export async function pickTagsToRemove(tags: readonly string[], claimText: string): Promise<string[] | undefined> {
  const items = sortTags(tags).map((tag) => {
    const facet = TAXONOMY.facets.find((candidate) => tag.startsWith(`${candidate.id}:`));
    const value = facet?.values.find((candidate) => `${facet.id}:${candidate.id}` === tag);
    return { label: value?.label ?? tag, description: facet ? `${facet.label} · ${tag}` : 'not in the taxonomy', tag };
  });
  const chosen = await vscode.window.showQuickPick(items, {
    canPickMany: true,
    title: `Remove tags from “${firstWords(claimText, 0, claimText.length, 10, 70)}”`,
    placeHolder: 'Tick the tags to remove',
  });
  return chosen?.map((item) => item.tag);
}

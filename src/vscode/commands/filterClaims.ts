import * as vscode from 'vscode';
import { normalizeFilter, type ClaimFilter } from '../../core/claimIndex';
import { describeTag, TAXONOMY } from '../../core/taxonomy';
import type { ClaimsView } from '../claims/claimsView';
import type { WorkspaceClaims } from '../claims/workspaceClaims';
import { CommandId } from '../commandIds';

type FilterChoice = vscode.QuickPickItem & { readonly choice: 'untagged' | 'tags' | 'actor' | 'text' | 'clear' };

/**
 * Policy Lens: Filter Claims… (the Claims view's title bar). Asks what to filter by: untagged
 * only, tags, an actor, text. With a filter object (`{ untaggedOnly?, tags?, actor?, text? }`,
 * from a keybinding or script) sets it as is. The filter is saved for the workspace. Resolves
 * to the filter now in force.
 */
export function registerFilterClaimsCommand(view: ClaimsView, claims: WorkspaceClaims): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.filterClaims, async (arg?: unknown): Promise<ClaimFilter> => {
    if (arg !== undefined && typeof arg === 'object' && arg !== null) {
      await view.setFilter(normalizeFilter(arg));
      return view.filter;
    }
    const current = view.filter;
    const items: FilterChoice[] = [
      {
        label: `$(${current.untaggedOnly ? 'check' : 'circle-large-outline'}) Untagged only`,
        description: current.untaggedOnly ? 'on: select to show all claims' : 'claims still to decide on',
        choice: 'untagged',
      },
      { label: '$(tag) By tag…', description: current.tags?.map((tag) => describeTag(tag)?.value.label ?? tag).join(', ') || 'claims that carry tags', choice: 'tags' },
      { label: '$(person) By actor…', description: current.actor ?? 'claims that mention an actor', choice: 'actor' },
      { label: '$(search) By text…', description: current.text ? `“${current.text}”` : 'words in the claim or its note', choice: 'text' },
    ];
    if (Object.keys(current).length > 0) items.push({ label: '$(clear-all) Clear Filter', choice: 'clear' });
    const picked = await vscode.window.showQuickPick(items, { title: 'Filter Claims', placeHolder: 'Each part narrows the list; they combine.' });
    if (!picked) return view.filter;
    switch (picked.choice) {
      case 'untagged':
        await view.setFilter({ ...current, untaggedOnly: !current.untaggedOnly });
        break;
      case 'tags': {
        const chosen = await pickFilterTags(current.tags ?? [], claims);
        if (chosen) await view.setFilter({ ...current, tags: chosen });
        break;
      }
      case 'actor': {
        const actor = await pickActor(claims, current.actor);
        if (actor !== undefined) await view.setFilter({ ...current, actor });
        break;
      }
      case 'text': {
        const text = await vscode.window.showInputBox({ title: 'Filter Claims by Text', value: current.text ?? '', prompt: 'Claims whose text or note contains this, in any case. Empty: no text filter.' });
        if (text !== undefined) await view.setFilter({ ...current, text });
        break;
      }
      case 'clear':
        await view.setFilter({});
        break;
    }
    return view.filter;
  });
}

async function pickFilterTags(current: readonly string[], claims: WorkspaceClaims): Promise<string[] | undefined> {
  const usage = claims.index.tagUsage();
  const items: (vscode.QuickPickItem & { tag?: string })[] = [];
  for (const facet of TAXONOMY.facets) {
    items.push({ label: facet.label, kind: vscode.QuickPickItemKind.Separator });
    for (const value of facet.values) {
      const tag = `${facet.id}:${value.id}`;
      items.push({ label: value.label, description: `${usage.get(tag) ?? 0} · ${tag}`, tag, picked: current.includes(tag) });
    }
  }
  const unknown = [...usage.keys()].filter((tag) => !describeTag(tag)).sort();
  if (unknown.length > 0) {
    items.push({ label: 'Not in the taxonomy', kind: vscode.QuickPickItemKind.Separator });
    for (const tag of unknown) items.push({ label: tag, description: String(usage.get(tag) ?? 0), tag, picked: current.includes(tag) });
  }
  const chosen = await vscode.window.showQuickPick(items, { canPickMany: true, title: 'Show Claims Tagged With…', placeHolder: 'A claim must carry every tag you tick', matchOnDescription: true });
  return chosen?.flatMap((item) => (item.tag ? [item.tag] : []));
}

async function pickActor(claims: WorkspaceClaims, current: string | undefined): Promise<string | undefined> {
  const names = claims.actorNames();
  const none = '(any actor)';
  const picked = await vscode.window.showQuickPick([none, ...names], { title: 'Show Claims That Mention…', placeHolder: current ? `now: ${current}` : 'an actor found in the claims' });
  if (picked === undefined) return undefined;
  return picked === none ? '' : picked;
}

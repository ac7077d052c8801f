import * as vscode from 'vscode';
import type { Annotation } from '../../core/sidecar/schema';
import { CommandId } from '../commandIds';
import { resolveClaim, type TaggingServices } from '../tagging/claimTarget';
import { shortTagList } from '../tagging/tagRules';

/**
 * Policy Lens: Accept Suggested Type — the engine's type becomes the claim's type tag, with its
 * likelihood unless the analyst already set one. Resolves to the annotation afterwards.
 */
export function registerAcceptSuggestionCommand(services: TaggingServices): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.acceptSuggestion, async (arg?: unknown): Promise<Annotation | undefined> => {
    const target = await resolveClaim(arg, services);
    if (!target) return undefined;
    if (!target.detected) {
      void services.notifier.error('this selection is not a claim the engine found, so there is no suggestion: use Tag Claim… instead.');
      return undefined;
    }
    const result = target.store.acceptSuggestion(target.span);
    if (result) services.notifier.status(`Tagged ${shortTagList(result.tags)}`);
    return result;
  });
}

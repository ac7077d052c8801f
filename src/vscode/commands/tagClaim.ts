import * as vscode from 'vscode';
import type { Annotation } from '../../core/sidecar/schema';
import { addTag, isKnownTag } from '../../core/taxonomy';
import { CommandId } from '../commandIds';
import { resolveClaim, type TaggingServices } from '../tagging/claimTarget';
import { pickTags } from '../tagging/tagPicker';
import { pickProblem, shortTagList } from '../tagging/tagRules';

/**
 * Policy Lens: Tag Claim… — on the claim at the cursor, the selection (a manual claim unless it
 * is exactly a detected one) or a Claims panel item. Without `tags` it opens the tag picker;
 * with `{ uri?, range? | offset?, tags, replace? }` (keybindings, scripts) it adds the tags
 * (replacing the value of a single-valued facet), or with `replace` sets exactly those.
 * Resolves to the annotation afterwards (undefined when nothing changed or it was refused).
 */
export function registerTagClaimCommand(services: TaggingServices): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.tagClaim, async (arg?: unknown): Promise<Annotation | undefined> => {
    const target = await resolveClaim(arg, services);
    if (!target) return undefined;
    const { store, span, args, detected, annotation, document } = target;
    let tags: string[] | undefined;
    if (args.tags) {
      const unknown = args.tags.filter((tag) => !isKnownTag(tag));
      if (unknown.length > 0) {
        void services.notifier.error(`unknown tag ${unknown.map((tag) => `"${tag}"`).join(', ')}: tags come from the taxonomy, such as type:fact or domain:trade.`);
        return undefined;
      }
      tags = args.tags.reduce<string[]>((acc, tag) => addTag(acc, tag), args.replace ? [] : [...(annotation?.tags ?? [])]);
      const problem = pickProblem(tags);
      if (problem) {
        void services.notifier.error(problem);
        return undefined;
      }
    } else {
      tags = await pickTags({
        current: annotation?.tags ?? [],
        ...(detected ? { suggested: { type: detected.type, ...(detected.likelihood ? { likelihood: detected.likelihood } : {}) } } : {}),
        claimText: document.getText().slice(span.start, span.end),
        notifier: services.notifier,
      });
      if (!tags) return undefined;
    }
    const result = store.setTags(span, tags);
    services.notifier.status(result && result.tags.length > 0 ? `Tagged ${shortTagList(result.tags)}` : 'Tags removed');
    return result;
  });
}

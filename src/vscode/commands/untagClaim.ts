import * as vscode from 'vscode';
import type { Annotation } from '../../core/sidecar/schema';
import { CommandId } from '../commandIds';
import { resolveClaim, type TaggingServices } from '../tagging/claimTarget';
import { pickTagsToRemove } from '../tagging/tagPicker';

/**
 * Policy Lens: Remove Tag… — asks which of the claim's tags to remove, or removes `tags` from
 * `{ uri?, range? | offset?, tags }`. A detected claim left with no tags and no note is untagged
 * again. Resolves to the annotation afterwards (undefined when it was removed or nothing changed).
 */
export function registerUntagClaimCommand(services: TaggingServices): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.untagClaim, async (arg?: unknown): Promise<Annotation | undefined> => {
    const target = await resolveClaim(arg, services);
    if (!target) return undefined;
    const { store, span, args, annotation, document } = target;
    if (!annotation || annotation.tags.length === 0) {
      void services.notifier.info('this claim has no tags to remove.');
      return annotation;
    }
    const remove = args.tags ?? (await pickTagsToRemove(annotation.tags, document.getText().slice(span.start, span.end)));
    if (!remove || remove.length === 0) return annotation;
    const result = store.setTags(span, annotation.tags.filter((tag) => !remove.includes(tag)));
    services.notifier.status(`Removed ${remove.length === 1 ? 'a tag' : `${remove.length} tags`}`);
    return result;
  });
}

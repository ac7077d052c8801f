import * as vscode from 'vscode';
import type { Annotation } from '../../core/sidecar/schema';
import { CommandId } from '../commandIds';
import { firstWords } from '../describe';
import { resolveClaim, type TaggingServices } from '../tagging/claimTarget';

/**
 * Policy Lens: Edit Note… — the analyst's note on a claim (an empty note removes it). With
 * `{ uri?, range? | offset?, note }` it sets the note without asking. Resolves to the annotation
 * afterwards.
 */
export function registerEditNoteCommand(services: TaggingServices): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.editNote, async (arg?: unknown): Promise<Annotation | undefined> => {
    const target = await resolveClaim(arg, services);
    if (!target) return undefined;
    const { store, span, args, annotation, document } = target;
    const text = document.getText().slice(span.start, span.end);
    const note =
      args.note ??
      (await vscode.window.showInputBox({
        title: `Note on “${firstWords(text, 0, text.length, 10, 70)}”`,
        value: annotation?.note ?? '',
        prompt: 'Kept with the tags in the annotations file. Leave empty to remove the note.',
        placeHolder: 'e.g. check against the ministry figures',
      }));
    if (note === undefined) return annotation;
    const result = store.setNote(span, note.trim() === '' ? undefined : note);
    services.notifier.status(note.trim() === '' ? 'Note removed' : 'Note saved');
    return result;
  });
}

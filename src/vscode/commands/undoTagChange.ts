import * as vscode from 'vscode';
import type { SidecarService } from '../annotations/sidecarService';
import { CommandId } from '../commandIds';
import type { Notifier } from '../notifier';
import { historyTarget } from '../tagging/claimTarget';

/**
 * Policy Lens: Undo Tag Change — steps back through tag changes of the active policy text (or,
 * from the Claims panel, of the text tagged last). Ctrl+Z in the editor undoes text, not tags.
 * Resolves to the ids of the annotations it changed, or undefined when there was nothing to undo.
 */
export function registerUndoTagChangeCommand(sidecars: SidecarService, notifier: Notifier): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.undoTagChange, async (): Promise<string[] | undefined> => {
    const store = await historyTarget(sidecars, notifier);
    if (!store) return undefined;
    const label = store.undoLabel;
    const ids = store.undo();
    if (ids) notifier.status(`Undid ${label ?? 'tag change'}`);
    else void notifier.info('no tag change to undo.');
    return ids;
  });
}

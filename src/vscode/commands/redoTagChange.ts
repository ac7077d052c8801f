import * as vscode from 'vscode';
import type { SidecarService } from '../annotations/sidecarService';
import { CommandId } from '../commandIds';
import type { Notifier } from '../notifier';
import { historyTarget } from '../tagging/claimTarget';

/** Policy Lens: Redo Tag Change — the reverse of Undo Tag Change. */
export function registerRedoTagChangeCommand(sidecars: SidecarService, notifier: Notifier): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.redoTagChange, async (): Promise<string[] | undefined> => {
    const store = await historyTarget(sidecars, notifier);
    if (!store) return undefined;
    const label = store.redoLabel;
    const ids = store.redo();
    if (ids) notifier.status(`Redid ${label ?? 'tag change'}`);
    else void notifier.info('no tag change to redo.');
    return ids;
  });
}

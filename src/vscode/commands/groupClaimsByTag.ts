import * as vscode from 'vscode';
import type { ClaimsView } from '../claims/claimsView';
import { CommandId } from '../commandIds';

/** Policy Lens: Group Claims by Tag (tag → document → claim); the title bar toggles it with By Document. */
export function registerGroupClaimsByTagCommand(view: ClaimsView): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.groupClaimsByTag, () => view.setGrouping('by-tag'));
}

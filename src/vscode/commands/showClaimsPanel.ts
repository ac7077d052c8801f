import * as vscode from 'vscode';
import { CLAIMS_VIEW_ID, CommandId } from '../commandIds';

/** Policy Lens: Show Claims Panel — also what the status-bar item runs. Resolves to true once focused. */
export function registerShowClaimsPanelCommand(): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.showClaimsPanel, async (): Promise<boolean> => {
    await vscode.commands.executeCommand(`${CLAIMS_VIEW_ID}.focus`);
    return true;
  });
}

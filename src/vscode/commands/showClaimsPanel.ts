import * as vscode from 'vscode';
import { CLAIMS_VIEW_ID, CommandId } from '../commandIds';

/**
 * Policy Lens: Show Claims Panel — also what the status-bar item runs. Focuses the Claims view
 * when it exists (it lands in a later issue; the command id stays). Resolves to whether it did.
 */
export function registerShowClaimsPanelCommand(): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.showClaimsPanel, async (): Promise<boolean> => {
    const focusView = `${CLAIMS_VIEW_ID}.focus`;
    if ((await vscode.commands.getCommands(true)).includes(focusView)) {
      await vscode.commands.executeCommand(focusView);
      return true;
    }
    void vscode.window.showInformationMessage('Policy Lens: the Claims panel is not available in this version yet.');
    return false;
  });
}

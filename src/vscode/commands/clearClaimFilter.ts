import * as vscode from 'vscode';
import type { ClaimsView } from '../claims/claimsView';
import { CommandId } from '../commandIds';

/** Policy Lens: Clear Claim Filter (the ✕ in the Claims view's title bar while filtered). */
export function registerClearClaimFilterCommand(view: ClaimsView): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.clearClaimFilter, () => view.setFilter({}));
}

import * as vscode from 'vscode';
import { CommandId } from '../commandIds';
import { goToClaim } from '../claimNavigation';
import type { PolicyDocumentStore } from '../policyDocuments';

/** Policy Lens: Go to Previous Claim (ctrl+alt+[). */
export function registerPreviousClaimCommand(store: PolicyDocumentStore): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.previousClaim, () => goToClaim(store, 'previous'));
}

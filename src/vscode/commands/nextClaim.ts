import * as vscode from 'vscode';
import { CommandId } from '../commandIds';
import { goToClaim } from '../claimNavigation';
import type { PolicyDocumentStore } from '../policyDocuments';

/** Policy Lens: Go to Next Claim (ctrl+alt+]). */
export function registerNextClaimCommand(store: PolicyDocumentStore): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.nextClaim, () => goToClaim(store, 'next'));
}

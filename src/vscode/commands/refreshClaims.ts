import * as vscode from 'vscode';
import type { IndexReport, WorkspaceClaims } from '../claims/workspaceClaims';
import { CommandId } from '../commandIds';

/**
 * Policy Lens: Re-index Policy Texts — reads every policy text of the workspace again (file
 * watchers keep the index current; this is for changes they cannot see, such as a network
 * drive). Resolves to what the run did.
 */
export function registerRefreshClaimsCommand(claims: WorkspaceClaims): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.refreshClaims, (): Promise<IndexReport> => claims.reindex());
}

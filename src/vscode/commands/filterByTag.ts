import * as vscode from 'vscode';
import type { ClaimsView } from '../claims/claimsView';
import { CLAIMS_VIEW_ID, CommandId } from '../commandIds';

/** Internal (`_policyLens.filterByTag`), run by a Taxonomy view value: shows the claims with that tag. */
export function registerFilterByTagCommand(view: ClaimsView): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.filterByTag, async (tag: unknown): Promise<void> => {
    if (typeof tag !== 'string') return;
    await view.setFilter({ tags: [tag] });
    await vscode.commands.executeCommand(`${CLAIMS_VIEW_ID}.focus`);
  });
}

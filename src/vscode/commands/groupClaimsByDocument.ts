import * as vscode from 'vscode';
import type { ClaimsView } from '../claims/claimsView';
import { CommandId } from '../commandIds';

/** Policy Lens: Group Claims by Document (document → type → claim), the default. */
export function registerGroupClaimsByDocumentCommand(view: ClaimsView): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.groupClaimsByDocument, () => view.setGrouping('by-document'));
}

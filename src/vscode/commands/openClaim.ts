import * as vscode from 'vscode';
import { CommandId } from '../commandIds';

/**
 * Internal (`_policyLens.openClaim`), run by a Claims panel item: opens the document and selects
 * the claim, keeping the focus in the panel so the analyst can go on through the list (and tag
 * with the panel's keys). Without a range (an orphan) it just opens the document.
 */
export function registerOpenClaimCommand(): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.openClaim, async (uri: unknown, start?: unknown, end?: unknown): Promise<vscode.TextEditor | undefined> => {
    if (typeof uri !== 'string') return undefined;
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    const hasRange = typeof start === 'number' && typeof end === 'number' && start <= end && end <= document.getText().length;
    const editor = await vscode.window.showTextDocument(document, { preserveFocus: true, preview: true });
    if (hasRange) {
      // Anchor at the end, cursor at the start, as Go to Next Claim selects.
      editor.selection = new vscode.Selection(document.positionAt(end), document.positionAt(start));
      editor.revealRange(editor.selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
    return editor;
  });
}

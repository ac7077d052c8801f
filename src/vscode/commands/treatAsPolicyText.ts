import * as vscode from 'vscode';
import { CommandId } from '../commandIds';
import type { PolicyTextLanguageAssigner } from '../languageAssignment';

/**
 * Policy Lens: Treat File as Policy Text. Takes the file from the explorer or editor-tab menu
 * (a Uri argument), else the active editor; switches it and remembers it for this workspace.
 * Resolves to the document, now in the policy-text language.
 */
export function registerTreatAsPolicyTextCommand(assigner: PolicyTextLanguageAssigner): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.treatAsPolicyText, async (uri?: unknown): Promise<vscode.TextDocument | undefined> => {
    const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
    if (!target) {
      void vscode.window.showInformationMessage('Policy Lens: open a text file first, or pick one in the Explorer.');
      return undefined;
    }
    const document = await assigner.treatAsPolicyText(await vscode.workspace.openTextDocument(target));
    if (!vscode.window.visibleTextEditors.some((editor) => editor.document === document)) {
      await vscode.window.showTextDocument(document);
    }
    return document;
  });
}

import * as vscode from 'vscode';
import type { PolicyDocumentStore } from './policyDocuments';
import { adjacentSpan, type Direction } from './spans';

/**
 * Selects the next or previous claim of the active policy text and centres it. Resolves to the
 * selected range (for tests and keybinding chains), or undefined when there is no claim.
 */
export function goToClaim(store: PolicyDocumentStore, direction: Direction): vscode.Range | undefined {
  const editor = vscode.window.activeTextEditor;
  const analysis = editor && store.analysisOf(editor.document);
  if (!editor || !analysis) return undefined;
  const document = editor.document;
  const claim = adjacentSpan(analysis.claims, document.offsetAt(editor.selection.start), direction);
  if (!claim) {
    void vscode.window.showInformationMessage('Policy Lens: no claim in this text.');
    return undefined;
  }
  const range = new vscode.Range(document.positionAt(claim.start), document.positionAt(claim.end));
  // Anchor at the end, active at the start: the cursor lands where the claim begins.
  editor.selection = new vscode.Selection(range.end, range.start);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenter);
  return range;
}

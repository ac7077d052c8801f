import * as vscode from 'vscode';
import type { Span } from '../core/types';
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
  return selectSpan(editor, claim);
}

/**
 * Selects a claim and centres it. Anchor at the end, active at the start: the cursor lands where
 * the claim begins, and the selection is the claim, so tagging commands act on it.
 */
export function selectSpan(editor: vscode.TextEditor, span: Span, reveal = vscode.TextEditorRevealType.InCenter): vscode.Range {
  const document = editor.document;
  const range = new vscode.Range(document.positionAt(span.start), document.positionAt(span.end));
  editor.selection = new vscode.Selection(range.end, range.start);
  editor.revealRange(range, reveal);
  return range;
}

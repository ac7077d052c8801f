import type * as vscode from 'vscode';

export const POLICY_TEXT_LANGUAGE = 'policy-text';
export const PLAIN_TEXT_LANGUAGE = 'plaintext';

export function isPolicyText(document: vscode.TextDocument): boolean {
  return document.languageId === POLICY_TEXT_LANGUAGE;
}

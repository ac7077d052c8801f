import * as vscode from 'vscode';
import type { SidecarService } from '../annotations/sidecarService';
import { selectSpan } from '../claimNavigation';
import { CommandId } from '../commandIds';
import { isPolicyText } from '../language';
import type { Notifier } from '../notifier';
import type { PolicyDocumentStore } from '../policyDocuments';
import { nextUntaggedSpan } from '../tagging/claimSpans';

/**
 * Policy Lens: Go to Next Untagged Claim — from the cursor through the active policy text,
 * wrapping around; selects the claim, so the tagging keys act on it next. Resolves to the
 * selected range, or undefined when every claim is tagged.
 */
export function registerNextUntaggedClaimCommand(documents: PolicyDocumentStore, sidecars: SidecarService, notifier: Notifier): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.nextUntaggedClaim, async (): Promise<vscode.Range | undefined> => {
    const editor = vscode.window.activeTextEditor;
    const analysis = editor && isPolicyText(editor.document) ? documents.analysisOf(editor.document) : undefined;
    if (!editor || !analysis) {
      void notifier.error('open a policy text first.');
      return undefined;
    }
    const annotations = sidecars.annotationsOf(editor.document);
    await annotations?.whenIdle();
    const anchored = (annotations?.store?.anchored() ?? []).map((annotation) => ({ ...annotation.target, tags: annotation.tags }));
    const span = nextUntaggedSpan(analysis.claims, anchored, editor.document.offsetAt(editor.selection.start));
    if (!span) {
      void notifier.info(`every claim in ${vscode.workspace.asRelativePath(editor.document.uri)} is tagged.`);
      return undefined;
    }
    return selectSpan(editor, span, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  });
}

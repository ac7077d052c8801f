import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { ClaimTreeNode } from '../../core/claimIndex';
import { CommandId } from '../commandIds';
import type { Notifier } from '../notifier';

/**
 * Policy Lens: Open Annotations File — the sidecar of the active policy text, a Claims panel
 * document, or a Uri (explorer). Resolves to whether it opened one.
 */
export function registerOpenAnnotationsFileCommand(nodeOf: (id: string) => ClaimTreeNode | undefined, notifier: Notifier): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.openAnnotationsFile, async (arg?: unknown): Promise<boolean> => {
    const node = typeof arg === 'string' ? nodeOf(arg) : undefined;
    const text = node && 'uri' in node ? vscode.Uri.parse(node.uri) : arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    if (!text || text.scheme !== 'file') {
      void notifier.error('open a policy text saved in a folder first.');
      return false;
    }
    const sidecar = vscode.Uri.file(`${text.fsPath}.annotations.json`);
    if (!fs.existsSync(sidecar.fsPath)) {
      void notifier.info(`${vscode.workspace.asRelativePath(text)} has no annotations file yet: it is written when you tag a claim.`);
      return false;
    }
    await vscode.window.showTextDocument(sidecar, { preview: true });
    return true;
  });
}

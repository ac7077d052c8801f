import * as vscode from 'vscode';
import type { Annotation } from '../../core/sidecar/schema';
import type { Span } from '../../core/types';
import { CommandId } from '../commandIds';
import { firstWords } from '../describe';
import { claimSpanAt, trimSpan } from '../tagging/claimSpans';
import { resolveDocument, type TaggingServices } from '../tagging/claimTarget';
import { shortTagList } from '../tagging/tagRules';

/**
 * Policy Lens: Attach Orphaned Annotation — puts an annotation whose text could not be found on
 * the current selection (or the claim at the cursor), keeping its tags and note. Run from an
 * orphan in the Claims panel, or from the palette (it then asks which orphan), or with
 * `{ uri?, annotationId, range? }`. Resolves to the attached annotation.
 */
export function registerAttachOrphanCommand(services: TaggingServices): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.attachOrphan, async (arg?: unknown): Promise<Annotation | undefined> => {
    const target = await resolveDocument(arg, services);
    if (!target) return undefined;
    const { document, store, args, node } = target;
    const orphans = store.orphans();
    if (orphans.length === 0) {
      void services.notifier.info(`${vscode.workspace.asRelativePath(document.uri)} has no orphaned annotations.`);
      return undefined;
    }
    let id = node?.kind === 'orphan' ? node.annotationId : args.annotationId;
    if (id === undefined) {
      const chosen = await vscode.window.showQuickPick(
        orphans.map((entry) => ({
          label: firstWords(entry.annotation.target.exact, 0, entry.annotation.target.exact.length, 12, 80),
          description: shortTagList(entry.annotation.tags),
          detail: entry.orphan?.message,
          id: entry.annotation.id,
        })),
        { title: 'Attach which orphaned annotation to the selection?' },
      );
      if (!chosen) return undefined;
      id = chosen.id;
    }
    if (!orphans.some((entry) => entry.annotation.id === id)) {
      void services.notifier.error(`${id} is not an orphaned annotation of ${vscode.workspace.asRelativePath(document.uri)}.`);
      return undefined;
    }

    let span: Span | undefined;
    const text = document.getText();
    if (args.range) {
      const start = document.offsetAt(new vscode.Position(args.range.start.line, args.range.start.character));
      const end = document.offsetAt(new vscode.Position(args.range.end.line, args.range.end.character));
      span = trimSpan(text, { start: Math.min(start, end), end: Math.max(start, end) });
    } else {
      const editor = vscode.window.activeTextEditor;
      if (editor?.document === document) {
        span = editor.selection.isEmpty
          ? claimSpanAt(services.sidecars.claimsOf(document), document.offsetAt(editor.selection.active))
          : trimSpan(text, { start: document.offsetAt(editor.selection.start), end: document.offsetAt(editor.selection.end) });
      }
    }
    if (!span) {
      const entry = orphans.find((candidate) => candidate.annotation.id === id);
      await vscode.window.showTextDocument(document, { preview: false });
      void services.notifier.info(`select the text “${firstWords(entry?.annotation.target.exact ?? '', 0, undefined, 8, 50)}” belongs to, then run Attach Orphaned Annotation again.`);
      return undefined;
    }
    try {
      const attached = store.attachOrphan(id, span.start, span.end);
      services.notifier.status('Orphaned annotation attached');
      return attached;
    } catch (error) {
      void services.notifier.error(error instanceof Error ? error.message : String(error));
      return undefined;
    }
  });
}

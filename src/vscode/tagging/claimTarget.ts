import * as vscode from 'vscode';
import type { AnnotationStore, DetectedClaim } from '../../core/annotationStore';
import type { ClaimTreeNode } from '../../core/claimIndex';
import type { Annotation } from '../../core/sidecar/schema';
import type { Span } from '../../core/types';
import type { DocumentAnnotations } from '../annotations/documentAnnotations';
import type { SidecarService } from '../annotations/sidecarService';
import { isPolicyText } from '../language';
import type { Notifier } from '../notifier';
import { claimSpanAt, trimSpan } from './claimSpans';
import { parseTargetArgs, type TargetArgs } from './commandArgs';

/** What the tagging commands need from the rest of the extension. */
export interface TaggingServices {
  readonly sidecars: SidecarService;
  readonly notifier: Notifier;
  /** The Claims view's node for an id (commands run from the view get the id). */
  nodeOf(id: string): ClaimTreeNode | undefined;
  /** The node selected in the Claims view. */
  selectedNode(): ClaimTreeNode | undefined;
}

/** A claim a command acts on, in a document whose tags can be changed. */
export interface ClaimTarget {
  readonly document: vscode.TextDocument;
  readonly annotations: DocumentAnnotations;
  readonly store: AnnotationStore;
  /** The claim's exact range in the current text. */
  readonly span: Span;
  /** The engine's claim on exactly that range, if it is one (else a tag makes a manual claim). */
  readonly detected: DetectedClaim | undefined;
  /** The annotation already on that range. */
  readonly annotation: Annotation | undefined;
  readonly args: TargetArgs;
}

/** A document whose tags can be changed, and the arguments that came with the command. */
export interface DocumentTarget {
  readonly document: vscode.TextDocument;
  readonly annotations: DocumentAnnotations;
  readonly store: AnnotationStore;
  readonly args: TargetArgs;
  /** A node of the Claims view, when the command was run from it. */
  readonly node: ClaimTreeNode | undefined;
}

/**
 * The document a command acts on, from its argument: a Claims view node id, `{ uri, … }` from a
 * keybinding or script, a Uri, or nothing (the active editor). Says why (and resolves to
 * undefined) when it is not a policy text whose tags can be changed.
 */
export async function resolveDocument(raw: unknown, services: TaggingServices): Promise<DocumentTarget | undefined> {
  const { notifier } = services;
  let node: ClaimTreeNode | undefined;
  let args: TargetArgs = {};
  if (typeof raw === 'string') {
    node = services.nodeOf(raw);
    if (!node) {
      void notifier.error('that item is no longer in the Claims panel; it may have changed. Try again.');
      return undefined;
    }
    if (node.kind === 'claim' || node.kind === 'orphan' || node.kind === 'document') args = { uri: node.uri };
  } else if (raw instanceof vscode.Uri) {
    args = { uri: raw.toString() };
  } else {
    const parsed = parseTargetArgs(raw);
    if (!parsed.ok) {
      void notifier.error(`bad command arguments: ${parsed.error}.`);
      return undefined;
    }
    args = parsed.args;
    if (args.fromClaimsView) {
      node = services.selectedNode();
      if (!node || node.kind !== 'claim') {
        void notifier.error('select a claim in the Claims panel first.');
        return undefined;
      }
      args = { ...args, uri: node.uri };
    }
  }

  let document: vscode.TextDocument | undefined;
  if (args.uri !== undefined) {
    const uri = args.uri.includes(':') && !/^[A-Za-z]:[\\/]/.test(args.uri) ? vscode.Uri.parse(args.uri) : vscode.Uri.file(args.uri);
    try {
      document = vscode.workspace.textDocuments.find((open) => open.uri.toString() === uri.toString()) ?? (await vscode.workspace.openTextDocument(uri));
    } catch (error) {
      void notifier.error(`cannot open ${uri.toString(true)}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  } else {
    document = vscode.window.activeTextEditor?.document;
    if (!document) {
      void notifier.error('open a policy text first, or run this from the Claims panel.');
      return undefined;
    }
  }
  if (!isPolicyText(document)) {
    void notifier.error(`${vscode.workspace.asRelativePath(document.uri)} is not a policy text (use "Treat File as Policy Text" first).`);
    return undefined;
  }
  const annotations = services.sidecars.annotationsOf(document);
  if (!annotations) {
    void notifier.error(`tags are kept in a file beside the text: save ${document.uri.scheme === 'untitled' ? 'this text' : vscode.workspace.asRelativePath(document.uri)} to a folder first.`);
    return undefined;
  }
  await annotations.whenIdle();
  const reason = annotations.readOnlyReason();
  if (reason || !annotations.store) {
    void explainReadOnly(annotations, notifier);
    return undefined;
  }
  annotations.syncClaims();
  return { document, annotations, store: annotations.store, args, node };
}

/** Says why a document's tags cannot be changed, with the way out when there is one. */
export async function explainReadOnly(annotations: DocumentAnnotations, notifier: Notifier): Promise<void> {
  const reason = annotations.readOnlyReason() ?? 'its annotations are not available.';
  if (!annotations.broken) {
    void notifier.error(reason);
    return;
  }
  const open = 'Open File';
  const setAside = 'Set Aside and Start Afresh';
  const choice = await notifier.error(reason, open, setAside);
  if (choice === open) await annotations.openSidecar();
  else if (choice === setAside) await annotations.setAside();
}

/**
 * The claim a command acts on: the tree node's claim; else `range` (a selection: a manual claim
 * unless it is exactly a detected one) or `offset` (the claim there); else the active editor's
 * selection, or the claim at its cursor.
 */
export async function resolveClaim(raw: unknown, services: TaggingServices): Promise<ClaimTarget | undefined> {
  const target = await resolveDocument(raw, services);
  if (!target) return undefined;
  const { document, store, args, node } = target;
  const claims = services.sidecars.claimsOf(document);
  const text = document.getText();
  const candidates = (): Span[] => [...claims, ...store.anchored().map((annotation) => annotation.target)];

  let span: Span | undefined;
  if (node) {
    span = nodeSpan(node, store, text, claims);
    if (!span) {
      void services.notifier.error('that claim changed since the Claims panel showed it; try again.');
      return undefined;
    }
  } else if (args.range) {
    const start = document.offsetAt(new vscode.Position(args.range.start.line, args.range.start.character));
    const end = document.offsetAt(new vscode.Position(args.range.end.line, args.range.end.character));
    span = start === end ? claimSpanAt(candidates(), start) : trimSpan(text, { start: Math.min(start, end), end: Math.max(start, end) });
  } else if (args.offset !== undefined) {
    span = claimSpanAt(candidates(), Math.min(args.offset, text.length));
  } else {
    const editor = vscode.window.activeTextEditor;
    if (editor && editor.document === document) {
      const selection = editor.selection;
      span = selection.isEmpty
        ? claimSpanAt(candidates(), document.offsetAt(selection.active))
        : trimSpan(text, { start: document.offsetAt(selection.start), end: document.offsetAt(selection.end) });
    }
  }
  if (!span) {
    void services.notifier.error('put the cursor on a claim, or select the text to tag.');
    return undefined;
  }
  const found = span;
  return {
    document,
    annotations: target.annotations,
    store,
    span: found,
    detected: claims.find((claim) => claim.start === found.start && claim.end === found.end),
    annotation: store.annotationForRange(found.start, found.end),
    args,
  };
}

/**
 * Where a tree node's claim is now. The panel may lag the editor by a keystroke: an annotated
 * claim is found by its id; another by its text, where it was or nearest to it.
 */
function nodeSpan(node: ClaimTreeNode, store: AnnotationStore, text: string, claims: readonly DetectedClaim[]): Span | undefined {
  if (node.kind !== 'claim') return undefined;
  if (node.annotationId) {
    const entry = store.get(node.annotationId);
    if (entry && !entry.orphan) return entry.annotation.target;
  }
  if (text.slice(node.start, node.end) === node.text) return { start: node.start, end: node.end };
  let best: Span | undefined;
  for (const claim of claims) {
    if (claim.end - claim.start !== node.text.length || text.slice(claim.start, claim.end) !== node.text) continue;
    if (!best || Math.abs(claim.start - node.start) < Math.abs(best.start - node.start)) best = claim;
  }
  return best;
}

/** The store undo and redo act on: the active policy text's, else the one tagged last. */
export async function historyTarget(sidecars: SidecarService, notifier: Notifier): Promise<AnnotationStore | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  const annotations = (active && sidecars.annotationsOf(active)) ?? (sidecars.lastChanged && sidecars.annotationsOf(sidecars.lastChanged));
  if (!annotations) {
    void notifier.info('no tag change to undo or redo: open a policy text.');
    return undefined;
  }
  await annotations.whenIdle();
  if (annotations.readOnlyReason() || !annotations.store) {
    void explainReadOnly(annotations, notifier);
    return undefined;
  }
  return annotations.store;
}

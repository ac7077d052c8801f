import * as vscode from 'vscode';
import type { AnnotationEntry } from '../core/annotationStore';
import type { Annotation } from '../core/sidecar/schema';
import type { Claim, ClaimType, Span } from '../core/types';

/**
 * The type an analyst tagged a claim with, when there is one. Every view (decorations, hovers,
 * outline, status bar) shows the tagged type over the engine's suggestion.
 */
export interface ClaimTypeOverride {
  typeOf(document: vscode.TextDocument, claim: Claim): ClaimType | undefined;
  /** Fires with the document whose tags changed (undefined: all of them). */
  readonly onDidChange: vscode.Event<vscode.Uri | undefined>;
}

/** The tags themselves, for views that show more than the type (hovers, tag markers). */
export interface ClaimAnnotationSource extends ClaimTypeOverride {
  /** The annotation on exactly this range. */
  annotationFor(document: vscode.TextDocument, span: Span): AnnotationEntry | undefined;
  /** The innermost annotation at an offset (manual claims are not in the analysis). */
  annotationAt(document: vscode.TextDocument, offset: number): AnnotationEntry | undefined;
  /** Anchored annotations in text order. */
  anchoredIn(document: vscode.TextDocument): readonly Annotation[];
}

export interface EffectiveClaimType {
  readonly type: ClaimType;
  /** True when an analyst chose the type; false when it is the engine's suggestion. */
  readonly tagged: boolean;
}

/** The type views show for a claim: the tagged one, else the suggested one. */
export class ClaimTypes {
  constructor(private readonly override: ClaimAnnotationSource | undefined) {}

  get onDidChange(): vscode.Event<vscode.Uri | undefined> | undefined {
    return this.override?.onDidChange;
  }

  of(document: vscode.TextDocument, claim: Claim): EffectiveClaimType {
    const tagged = this.override?.typeOf(document, claim);
    return tagged ? { type: tagged, tagged: true } : { type: claim.type, tagged: false };
  }

  annotationFor(document: vscode.TextDocument, span: Span): AnnotationEntry | undefined {
    return this.override?.annotationFor(document, span);
  }

  annotationAt(document: vscode.TextDocument, offset: number): AnnotationEntry | undefined {
    return this.override?.annotationAt(document, offset);
  }

  anchoredIn(document: vscode.TextDocument): readonly Annotation[] {
    return this.override?.anchoredIn(document) ?? [];
  }
}

/**
 * A stable {@link ClaimAnnotationSource} in front of one that can be replaced: the decorator,
 * hovers and outline are created once, while the tagging services behind them are re-created
 * when the extension API simulates a window reload.
 */
export class ClaimAnnotationRelay implements ClaimAnnotationSource, vscode.Disposable {
  private source: ClaimAnnotationSource | undefined;
  private subscription: vscode.Disposable | undefined;
  private readonly changed = new vscode.EventEmitter<vscode.Uri | undefined>();
  readonly onDidChange = this.changed.event;

  setSource(source: ClaimAnnotationSource | undefined): void {
    this.subscription?.dispose();
    this.source = source;
    this.subscription = source?.onDidChange((uri) => this.changed.fire(uri));
    this.changed.fire(undefined);
  }

  typeOf(document: vscode.TextDocument, claim: Claim): ClaimType | undefined {
    return this.source?.typeOf(document, claim);
  }

  annotationFor(document: vscode.TextDocument, span: Span): AnnotationEntry | undefined {
    return this.source?.annotationFor(document, span);
  }

  annotationAt(document: vscode.TextDocument, offset: number): AnnotationEntry | undefined {
    return this.source?.annotationAt(document, offset);
  }

  anchoredIn(document: vscode.TextDocument): readonly Annotation[] {
    return this.source?.anchoredIn(document) ?? [];
  }

  dispose(): void {
    this.subscription?.dispose();
    this.changed.dispose();
  }
}

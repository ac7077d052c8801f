import type * as vscode from 'vscode';
import type { Claim, ClaimType } from '../core/types';

/**
 * The type an analyst tagged a claim with, when there is one. Tagging lands in a later issue:
 * it will implement this, and every view (decorations, hovers, outline, status bar) shows the
 * tagged type over the engine's suggestion without changing.
 */
export interface ClaimTypeOverride {
  typeOf(document: vscode.TextDocument, claim: Claim): ClaimType | undefined;
  /** Fires with the document whose tags changed (undefined: all of them). */
  readonly onDidChange: vscode.Event<vscode.Uri | undefined>;
}

export interface EffectiveClaimType {
  readonly type: ClaimType;
  /** True when an analyst chose the type; false when it is the engine's suggestion. */
  readonly tagged: boolean;
}

/** The type views show for a claim: the tagged one, else the suggested one. */
export class ClaimTypes {
  constructor(private readonly override: ClaimTypeOverride | undefined) {}

  get onDidChange(): vscode.Event<vscode.Uri | undefined> | undefined {
    return this.override?.onDidChange;
  }

  of(document: vscode.TextDocument, claim: Claim): EffectiveClaimType {
    const tagged = this.override?.typeOf(document, claim);
    return tagged ? { type: tagged, tagged: true } : { type: claim.type, tagged: false };
  }
}

import * as vscode from 'vscode';
import type { ActorKind, ClaimType, FigureKind } from '../core/types';
import type { Layer } from './config';

export const CLAIM_TYPES: readonly ClaimType[] = ['fact', 'forecast', 'assessment', 'prescription', 'attribution'];
const FIGURE_KINDS: readonly FigureKind[] = ['money', 'percent', 'date', 'duration', 'quantity'];
const ACTOR_KINDS: readonly ActorKind[] = ['state', 'government', 'person', 'organisation', 'armed-group', 'group', 'bloc'];

/** "armed-group" → "armedGroup", as colour ids are spelled in package.json. */
function colourKey(kind: string): string {
  return kind.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());
}

/**
 * The decoration types, created once for the life of the extension (creating them per update
 * leaks and flickers). All colours come from `contributes.colors`, so themes can restyle them.
 * The three layers use three different channels — background, text colour, underline — so they
 * stay readable on top of each other and calm enough to read a whole article with.
 */
export class DecorationStyles implements vscode.Disposable {
  readonly claims: ReadonlyMap<ClaimType, vscode.TextEditorDecorationType>;
  readonly figures: ReadonlyMap<FigureKind, vscode.TextEditorDecorationType>;
  readonly actors: ReadonlyMap<ActorKind, vscode.TextEditorDecorationType>;
  /**
   * The mark of a claim an analyst tagged: a thin bar in the type's colour just before it, and
   * the same colour in the overview ruler. Untagged claims show only their faint suggested
   * background, so what is left to decide stands out without adding noise to what is done.
   */
  readonly taggedMarkers: ReadonlyMap<ClaimType, vscode.TextEditorDecorationType>;

  constructor() {
    this.claims = new Map(
      CLAIM_TYPES.map((type) => [
        type,
        vscode.window.createTextEditorDecorationType({
          backgroundColor: new vscode.ThemeColor(`policyLens.claim.${type}Background`),
          // Typing at the end of a sentence extends the claim until the next redraw.
          rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
        }),
      ]),
    );
    this.taggedMarkers = new Map(
      CLAIM_TYPES.map((type) => {
        const colour = new vscode.ThemeColor(`policyLens.claim.${type}Marker`);
        return [
          type,
          vscode.window.createTextEditorDecorationType({
            before: { contentText: '\u200b', width: '3px', height: '1em', backgroundColor: colour, margin: '0 3px 0 0' },
            overviewRulerColor: colour,
            overviewRulerLane: vscode.OverviewRulerLane.Left,
            rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
          }),
        ];
      }),
    );
    this.figures = new Map(
      FIGURE_KINDS.map((kind) => [
        kind,
        vscode.window.createTextEditorDecorationType({
          color: new vscode.ThemeColor(`policyLens.figure.${colourKey(kind)}Foreground`),
          rangeBehavior: vscode.DecorationRangeBehavior.OpenOpen,
        }),
      ]),
    );
    this.actors = new Map(
      ACTOR_KINDS.map((kind) => [
        kind,
        vscode.window.createTextEditorDecorationType({
          borderStyle: 'none none dotted none',
          borderWidth: '0 0 1px 0',
          borderColor: new vscode.ThemeColor(`policyLens.actor.${colourKey(kind)}Underline`),
          rangeBehavior: vscode.DecorationRangeBehavior.OpenOpen,
        }),
      ]),
    );
  }

  typesOf(layer: Layer): ReadonlyMap<string, vscode.TextEditorDecorationType> {
    return layer === 'claims' ? this.claims : layer === 'figures' ? this.figures : this.actors;
  }

  dispose(): void {
    for (const styles of [this.claims, this.taggedMarkers, this.figures, this.actors]) {
      for (const type of styles.values()) type.dispose();
    }
  }
}

import * as vscode from 'vscode';
import type { Analysis, ClaimType } from '../core/types';
import type { ClaimTypes } from './claimTypes';
import type { ConfigurationService } from './config';
import { claimTypeLabel, count, firstWords, likelihoodLabel } from './describe';
import type { PolicyDocumentStore } from './policyDocuments';

/** Outline icons: a claim's kind of statement, as close as symbol kinds get. */
const CLAIM_SYMBOL_KINDS: Readonly<Record<ClaimType, vscode.SymbolKind>> = {
  fact: vscode.SymbolKind.Constant,
  forecast: vscode.SymbolKind.Event,
  assessment: vscode.SymbolKind.Boolean,
  prescription: vscode.SymbolKind.Method,
  attribution: vscode.SymbolKind.String,
};

interface CachedSymbols {
  readonly version: number;
  readonly maxSymbols: number;
  readonly symbols: vscode.DocumentSymbol[];
}

/**
 * The Outline of a policy text: its paragraphs (named by their first words), their claims inside.
 * Capped by `policyLens.outline.maxSymbols`, like `json.maxItemsComputed`: VS Code asks again
 * after every pause in typing (Outline, breadcrumbs, sticky scroll), and turning tens of
 * thousands of symbols into UI stalls the extension host for hundreds of milliseconds.
 */
export class PolicyDocumentSymbolProvider implements vscode.DocumentSymbolProvider {
  /** Outline, breadcrumbs and sticky scroll may all ask for the same version. */
  private readonly cache = new WeakMap<vscode.TextDocument, CachedSymbols>();

  constructor(
    private readonly store: PolicyDocumentStore,
    private readonly config: ConfigurationService,
    private readonly claimTypes: ClaimTypes,
  ) {}

  provideDocumentSymbols(document: vscode.TextDocument): vscode.DocumentSymbol[] {
    const maxSymbols = this.config.current.outlineMaxSymbols;
    const cached = this.cache.get(document);
    if (cached && cached.version === document.version && cached.maxSymbols === maxSymbols) return cached.symbols;
    const analysis = this.store.analysisOf(document);
    const symbols = analysis ? this.symbolsOf(document, analysis, maxSymbols) : [];
    this.cache.set(document, { version: document.version, maxSymbols, symbols });
    return symbols;
  }

  private symbolsOf(document: vscode.TextDocument, analysis: Analysis, maxSymbols: number): vscode.DocumentSymbol[] {
    const text = document.getText();
    const toRange = (start: number, end: number) => new vscode.Range(document.positionAt(start), document.positionAt(end));
    const symbols: vscode.DocumentSymbol[] = [];
    let budget = maxSymbols;
    let claimIndex = 0;
    for (const paragraph of analysis.paragraphs) {
      if (budget === 0) {
        const rest = toRange(paragraph.start, analysis.length);
        const name = `Outline stops here: ${count(maxSymbols, 'symbol')} (policyLens.outline.maxSymbols)`;
        symbols.push(new vscode.DocumentSymbol(name, '', vscode.SymbolKind.Null, rest, new vscode.Range(rest.start, rest.start)));
        break;
      }
      budget--;
      const range = toRange(paragraph.start, paragraph.end);
      const symbol = new vscode.DocumentSymbol(firstWords(text, paragraph.start, paragraph.end), '', vscode.SymbolKind.Namespace, range, range);
      // Claims come in paragraph order: one pass over them for the whole document.
      while (claimIndex < analysis.claims.length && analysis.claims[claimIndex].paragraph < paragraph.index) claimIndex++;
      let claims = 0;
      for (; claimIndex < analysis.claims.length && analysis.claims[claimIndex].paragraph === paragraph.index; claimIndex++) {
        claims++;
        if (budget === 0) continue;
        budget--;
        const claim = analysis.claims[claimIndex];
        const { type, tagged } = this.claimTypes.of(document, claim);
        const detail = [claimTypeLabel(type), claim.likelihood ? likelihoodLabel(claim.likelihood).toLowerCase() : undefined, tagged ? 'tagged' : undefined]
          .filter(Boolean)
          .join(' · ');
        const claimRange = toRange(claim.start, claim.end);
        symbol.children.push(new vscode.DocumentSymbol(firstWords(claim.text), detail, CLAIM_SYMBOL_KINDS[type], claimRange, claimRange));
      }
      symbol.detail = claims > 0 ? count(claims, 'claim') : '';
      symbols.push(symbol);
    }
    return symbols;
  }
}

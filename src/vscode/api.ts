import * as vscode from 'vscode';
import type { Analysis } from '../core/types';
import type { DecorationRanges, PolicyDecorator, UpdateTiming } from './decorator';
import type { PolicyTextLanguageAssigner } from './languageAssignment';
import type { PolicyDocumentStore } from './policyDocuments';
import type { PolicyStatusBar } from './statusBar';
import type { LexiconProblem, WorkspaceLexicons } from './workspaceLexicon';

export type { DecorationRanges, UpdateTiming, LexiconProblem };

/**
 * What `activate()` returns: a read-only window on the extension's state, for integration tests
 * (`vscode.extensions.getExtension('policy-lens.policy-lens').exports`).
 */
export interface PolicyLensApi {
  /** How long the body of activate() took, in milliseconds. */
  readonly activationMs: number;
  /** The analysis of an open policy text, up to date with its last edit. */
  getAnalysis(uri: vscode.Uri): Analysis | undefined;
  /** The ranges last drawn in a visible policy text, per layer. */
  getDecorations(uri: vscode.Uri): DecorationRanges | undefined;
  /** What the last redraw of a document cost: analysis since the previous one, plus drawing. */
  lastUpdateTiming(uri: vscode.Uri): UpdateTiming | undefined;
  /** `analysisMs + decorationMs` of {@link lastUpdateTiming}. */
  lastUpdateMs(uri: vscode.Uri): number | undefined;
  /** Fires with the document's uri and version after its decorations were redrawn. */
  readonly onDidUpdateDecorations: vscode.Event<{ readonly uri: vscode.Uri; readonly version: number }>;
  /** The status-bar text, or undefined when the item is hidden. */
  getStatusBarText(): string | undefined;
  /** Broken workspace actors files (each folder then uses the built-in lexicon). */
  getLexiconProblems(): readonly LexiconProblem[];
  /** Settles once every actors-file change seen so far has been applied. */
  whenLexiconsLoaded(): Promise<void>;
  /** Whether "Treat File as Policy Text" remembered this file for the workspace. */
  isRememberedAsPolicyText(uri: vscode.Uri): boolean;
}

export interface ApiParts {
  readonly activationMs: number;
  readonly store: PolicyDocumentStore;
  readonly decorator: PolicyDecorator;
  readonly statusBar: PolicyStatusBar;
  readonly lexicons: WorkspaceLexicons;
  readonly assigner: PolicyTextLanguageAssigner;
}

export function createApi({ activationMs, store, decorator, statusBar, lexicons, assigner }: ApiParts): PolicyLensApi {
  const openDocument = (uri: vscode.Uri) => vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  return {
    activationMs,
    getAnalysis: (uri) => {
      const document = openDocument(uri);
      return document && store.analysisOf(document);
    },
    getDecorations: (uri) => decorator.reportFor(uri)?.ranges,
    lastUpdateTiming: (uri) => decorator.reportFor(uri)?.timing,
    lastUpdateMs: (uri) => {
      const timing = decorator.reportFor(uri)?.timing;
      return timing && timing.analysisMs + timing.decorationMs;
    },
    onDidUpdateDecorations: (listener, thisArgs, disposables) =>
      decorator.onDidDecorate((report) => listener.call(thisArgs, { uri: report.document.uri, version: report.version }), undefined, disposables),
    getStatusBarText: () => statusBar.text,
    getLexiconProblems: () => lexicons.problems(),
    whenLexiconsLoaded: () => lexicons.whenLoaded(),
    isRememberedAsPolicyText: (uri) => assigner.isRemembered(uri),
  };
}

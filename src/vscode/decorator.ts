import * as vscode from 'vscode';
import type { Analysis, Span } from '../core/types';
import type { ClaimTypes } from './claimTypes';
import { LAYERS, type ConfigurationService, type Layer } from './config';
import type { DecorationStyles } from './decorationStyles';
import { Disposable } from './disposable';
import { isPolicyText } from './language';
import type { PolicyDocumentStore } from './policyDocuments';
import { spansIn } from './spans';
import { typeOfTags } from './tagging/tagRules';

/**
 * Above this length only the text around the visible ranges is decorated, and the window moves
 * as the editor scrolls: a 1 MB text has tens of thousands of spans, and sending them all to the
 * renderer on every keystroke is what makes an editor lag, not the analysis.
 */
export const LARGE_DOCUMENT_CHARS = 256 * 1024;
/** Lines decorated above and below the visible ones in a large document. */
const WINDOW_MARGIN_LINES = 300;
/** Redraw a large document's window this soon after scrolling stops. */
const SCROLL_DELAY_MS = 50;

/** The ranges drawn in a document, per layer (sorted) and per style ("figures.money", "tagged.fact"). */
export interface DecorationRanges {
  /** Detected claims, and manual claims an analyst tagged with a type. */
  readonly claims: readonly vscode.Range[];
  /** Claims with a type tag: the marker before each (drawn with the claims layer). */
  readonly tagged: readonly vscode.Range[];
  readonly figures: readonly vscode.Range[];
  readonly actors: readonly vscode.Range[];
  readonly byStyle: Readonly<Record<string, readonly vscode.Range[]>>;
  /** For a large document, the part that was decorated; undefined when all of it was. */
  readonly window: vscode.Range | undefined;
  /** The document version they were drawn for. */
  readonly version: number;
}

export interface UpdateTiming {
  /** Time the engine spent bringing the analysis up to date since the previous redraw. */
  readonly analysisMs: number;
  /** Time spent turning the analysis into decorations and handing them to the editor. */
  readonly decorationMs: number;
  readonly reanalysedParagraphs: number;
}

export interface DecorationReport {
  readonly document: vscode.TextDocument;
  readonly version: number;
  readonly ranges: DecorationRanges;
  readonly timing: UpdateTiming;
}

interface EditorState {
  readonly version: number;
  /** The layers shown when it was drawn, e.g. "claims,actors". */
  readonly layers: string;
  /** The lines decorated in a large document; undefined when the whole text was. */
  readonly windowLines: vscode.Range | undefined;
}

/**
 * Draws the three layers in visible policy-text editors: at once when an editor appears or a
 * layer is toggled, debounced per document while typing.
 */
export class PolicyDecorator extends Disposable {
  private readonly drawn = new WeakMap<vscode.TextEditor, EditorState>();
  private readonly reports = new Map<string, DecorationReport>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly drew = this.register(new vscode.EventEmitter<DecorationReport>());
  /** Fires after a document's decorations were redrawn. */
  readonly onDidDecorate = this.drew.event;
  private ready = false;

  constructor(
    private readonly store: PolicyDocumentStore,
    private readonly config: ConfigurationService,
    private readonly styles: DecorationStyles,
    private readonly claimTypes: ClaimTypes,
    /** Settles once the workspace actors files were read: drawing earlier would draw twice. */
    lexiconsLoaded: Promise<unknown>,
  ) {
    super();
    this.register({ dispose: () => this.timers.forEach((timer) => clearTimeout(timer)) });
    this.register(vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((editor) => this.drawIfStale(editor))));
    this.register(vscode.window.onDidChangeActiveTextEditor((editor) => editor && this.drawIfStale(editor)));
    this.register(vscode.window.onDidChangeTextEditorVisibleRanges((event) => this.onScroll(event.textEditor)));
    // A language change arrives as close + open of the same document: draw or clear its editors.
    this.register(vscode.workspace.onDidOpenTextDocument((document) => this.drawDocument(document, true)));
    this.register(vscode.workspace.onDidCloseTextDocument((document) => this.forget(document)));
    this.register(
      store.onDidChangeAnalysis(({ document, reason }) =>
        reason === 'edit' ? this.schedule(document, this.config.current.decorationDebounceMs) : this.drawDocument(document, true),
      ),
    );
    this.register(
      config.onDidChange((event) => {
        if (LAYERS.some((layer) => event.affectsConfiguration(`policyLens.layers.${layer}`))) this.drawAll(true);
      }),
    );
    const typesChanged = claimTypes.onDidChange;
    if (typesChanged) {
      this.register(typesChanged((uri) => (uri ? this.drawUri(uri) : this.drawAll(true))));
    }
    const start = () => {
      this.ready = true;
      this.drawAll(false);
    };
    // A failed actors file is reported by WorkspaceLexicons; drawing goes on with the built-in actors.
    lexiconsLoaded.then(start, start);
  }

  /** What was last drawn for a document, or undefined if it is not decorated. */
  reportFor(uri: vscode.Uri): DecorationReport | undefined {
    return this.reports.get(uri.toString());
  }

  private forget(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.reports.delete(key);
  }

  private schedule(document: vscode.TextDocument, delayMs: number): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.drawDocument(document, false);
      }, delayMs),
    );
  }

  private drawAll(force: boolean): void {
    const documents = new Set(vscode.window.visibleTextEditors.map((editor) => editor.document));
    for (const document of documents) this.drawDocument(document, force);
  }

  private drawUri(uri: vscode.Uri): void {
    const document = vscode.window.visibleTextEditors.find((editor) => editor.document.uri.toString() === uri.toString())?.document;
    if (document) this.drawDocument(document, true);
  }

  private drawIfStale(editor: vscode.TextEditor): void {
    const state = this.drawn.get(editor);
    if (!state || state.version !== editor.document.version || state.layers !== this.layersKey()) {
      this.drawDocument(editor.document, false);
    }
  }

  private onScroll(editor: vscode.TextEditor): void {
    const state = this.drawn.get(editor);
    if (!state?.windowLines) return;
    const visible = visibleLines(editor);
    const slack = WINDOW_MARGIN_LINES / 2;
    const atTop = state.windowLines.start.line === 0;
    const atBottom = state.windowLines.end.line >= editor.document.lineCount - 1;
    const covered =
      (atTop || visible.start.line - state.windowLines.start.line >= slack) &&
      (atBottom || state.windowLines.end.line - visible.end.line >= slack);
    if (!covered) this.schedule(editor.document, SCROLL_DELAY_MS);
  }

  private drawDocument(document: vscode.TextDocument, force: boolean): void {
    if (!this.ready || this.isDisposed) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    const editors = vscode.window.visibleTextEditors.filter((editor) => editor.document === document);
    if (editors.length === 0) return;
    if (!isPolicyText(document)) {
      for (const editor of editors) this.clear(editor);
      this.reports.delete(key);
      return;
    }
    const stale = force || editors.some((editor) => {
      const state = this.drawn.get(editor);
      return !state || state.version !== document.version || state.layers !== this.layersKey();
    });
    if (!stale && !editors.some((editor) => this.drawn.get(editor)?.windowLines)) return;

    const analysis = this.store.analysisOf(document);
    if (!analysis) return;
    const cost = this.store.takeCost(document);
    const started = performance.now();
    // Several editors of one document (split view): each gets its own window; report the first.
    const [ranges] = editors.map((editor) => this.draw(editor, analysis));
    const report: DecorationReport = {
      document,
      version: document.version,
      ranges,
      timing: { analysisMs: cost.analysisMs, decorationMs: performance.now() - started, reanalysedParagraphs: cost.reanalysedParagraphs },
    };
    this.reports.set(key, report);
    this.drew.fire(report);
  }

  private draw(editor: vscode.TextEditor, analysis: Analysis): DecorationRanges {
    const document = editor.document;
    const layers = this.config.current.layers;
    const windowLines = analysis.length > LARGE_DOCUMENT_CHARS ? decoratedLines(editor) : undefined;
    const window = windowLines ? { start: document.offsetAt(windowLines.start), end: document.offsetAt(windowLines.end) } : undefined;
    const toRange = (span: Span) => new vscode.Range(document.positionAt(span.start), document.positionAt(span.end));

    const byStyle: Record<string, vscode.Range[]> = {};
    const collect = (layer: Layer, spans: readonly (Span & { readonly style: string })[]) => {
      const perStyle = new Map<string, vscode.Range[]>();
      for (const span of spans) {
        let list = perStyle.get(span.style);
        if (!list) perStyle.set(span.style, (list = []));
        list.push(toRange(span));
      }
      for (const [style, type] of this.styles.typesOf(layer)) {
        const list = layers[layer] ? (perStyle.get(style) ?? []) : [];
        editor.setDecorations(type, list);
        if (list.length > 0) byStyle[`${layer}.${style}`] = list;
      }
    };
    const claimSpans = layers.claims
      ? spansIn(analysis.claims, window).map((claim) => ({ start: claim.start, end: claim.end, style: this.claimTypes.of(document, claim).type as string }))
      : [];
    const markers = layers.claims ? this.taggedSpans(document, analysis, window) : [];
    // A manual claim (a selection the engine does not see as a claim) gets its type's background too.
    for (const marker of markers) if (marker.manual) claimSpans.push(marker);
    collect('claims', claimSpans);
    const perType = new Map<string, vscode.Range[]>();
    for (const marker of markers) {
      let list = perType.get(marker.style);
      if (!list) perType.set(marker.style, (list = []));
      list.push(toRange(marker));
    }
    for (const [type, style] of this.styles.taggedMarkers) {
      const list = perType.get(type) ?? [];
      editor.setDecorations(style, list);
      if (list.length > 0) byStyle[`tagged.${type}`] = list;
    }
    collect('figures', layers.figures ? spansIn(analysis.figures, window).map((figure) => ({ start: figure.start, end: figure.end, style: figure.kind })) : []);
    collect('actors', layers.actors ? spansIn(analysis.actors, window).map((actor) => ({ start: actor.start, end: actor.end, style: actor.kind })) : []);

    this.drawn.set(editor, { version: document.version, layers: this.layersKey(), windowLines });
    const layerRanges = (layer: Layer | 'tagged') =>
      Object.entries(byStyle)
        .filter(([style]) => style.startsWith(`${layer}.`))
        .flatMap(([, list]) => list)
        .sort((a, b) => a.start.compareTo(b.start) || a.end.compareTo(b.end));
    return {
      claims: layerRanges('claims'),
      tagged: layerRanges('tagged'),
      figures: layerRanges('figures'),
      actors: layerRanges('actors'),
      byStyle,
      window: windowLines,
      version: document.version,
    };
  }

  /** Annotations with a type tag, in the window: `manual` when the engine found no claim on that range. */
  private taggedSpans(document: vscode.TextDocument, analysis: Analysis, window: Span | undefined): (Span & { style: string; manual: boolean })[] {
    const anchored = this.claimTypes.anchoredIn(document);
    if (anchored.length === 0) return [];
    const detected = new Set<string>();
    for (const claim of spansIn(analysis.claims, window)) detected.add(`${claim.start}:${claim.end}`);
    const spans: (Span & { style: string; manual: boolean })[] = [];
    for (const annotation of anchored) {
      const { start, end } = annotation.target;
      if (window && (end <= window.start || start >= window.end)) continue;
      const type = typeOfTags(annotation.tags);
      if (type) spans.push({ start, end, style: type, manual: !detected.has(`${start}:${end}`) });
    }
    return spans;
  }

  private clear(editor: vscode.TextEditor): void {
    if (!this.drawn.has(editor)) return;
    for (const layer of LAYERS) {
      for (const type of this.styles.typesOf(layer).values()) editor.setDecorations(type, []);
    }
    for (const type of this.styles.taggedMarkers.values()) editor.setDecorations(type, []);
    this.drawn.delete(editor);
  }

  private layersKey(): string {
    const layers = this.config.current.layers;
    return LAYERS.filter((layer) => layers[layer]).join(',');
  }
}

function visibleLines(editor: vscode.TextEditor): vscode.Range {
  const visible = editor.visibleRanges;
  if (visible.length === 0) return new vscode.Range(editor.selection.active, editor.selection.active);
  return visible.reduce((all, range) => all.union(range));
}

function decoratedLines(editor: vscode.TextEditor): vscode.Range {
  const visible = visibleLines(editor);
  const document = editor.document;
  const lastLine = document.lineCount - 1;
  const first = Math.max(0, visible.start.line - WINDOW_MARGIN_LINES);
  const last = Math.min(lastLine, visible.end.line + WINDOW_MARGIN_LINES);
  return new vscode.Range(first, 0, last, document.lineAt(last).range.end.character);
}

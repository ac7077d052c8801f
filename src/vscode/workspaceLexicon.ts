import * as vscode from 'vscode';
import { loadBuiltinLexicon, parseLexiconFile, type ActorLexicon } from '../core/lexicon';
import { Disposable } from './disposable';
import type { LexiconSource } from './policyDocuments';

/** Where a workspace folder keeps its own actors, added to the built-in lexicon. */
export const ACTORS_FILE = '.policy-lens/actors.json';

/** Saving a file fires several watcher events; read it once they settle. */
const RELOAD_DELAY_MS = 100;

/** Why a workspace actors file is not in use. */
export interface LexiconProblem {
  readonly file: vscode.Uri;
  /** One line, naming the file, and the line and field when known. */
  readonly message: string;
  /** 1-based, as the engine reports it. */
  readonly line: number | undefined;
  readonly field: string | undefined;
}

interface FolderLexicon {
  readonly lexicon: ActorLexicon;
  readonly problem: LexiconProblem | undefined;
}

/**
 * The actor lexicon of each workspace folder: the built-in one, extended with the folder's
 * `.policy-lens/actors.json`. The file is watched; when it breaks, the folder keeps working with
 * the built-in actors, the analyst is told the file, line and field, and a diagnostic stays on
 * the line until the file is fixed.
 */
export class WorkspaceLexicons extends Disposable implements LexiconSource {
  private builtinLexicon: ActorLexicon | undefined;
  private readonly folders = new Map<string, FolderLexicon>();
  private readonly watchers = new Map<string, vscode.Disposable>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly pendingLoads = new Set<Promise<void>>();
  private readonly diagnostics = this.register(vscode.languages.createDiagnosticCollection('policy-lens-actors'));
  private readonly changed = this.register(new vscode.EventEmitter<vscode.WorkspaceFolder | undefined>());
  readonly onDidChange = this.changed.event;

  constructor() {
    super();
    this.register({
      dispose: () => {
        this.timers.forEach((timer) => clearTimeout(timer));
        this.watchers.forEach((watcher) => watcher.dispose());
      },
    });
    this.register(
      vscode.workspace.onDidChangeWorkspaceFolders(({ added, removed }) => {
        for (const folder of removed) this.forget(folder);
        for (const folder of added) this.watch(folder);
      }),
    );
    for (const folder of vscode.workspace.workspaceFolders ?? []) this.watch(folder);
  }

  /** Settles when every actors file read so far has been applied (for the first draw and tests). */
  async whenLoaded(): Promise<void> {
    while (this.pendingLoads.size > 0 || this.timers.size > 0) {
      await Promise.all([...this.pendingLoads, ...(this.timers.size > 0 ? [delay(RELOAD_DELAY_MS)] : [])]);
    }
  }

  lexiconFor(uri: vscode.Uri): ActorLexicon {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    return (folder && this.folders.get(folder.uri.toString())?.lexicon) ?? this.builtin();
  }

  problems(): readonly LexiconProblem[] {
    return [...this.folders.values()].flatMap((folder) => (folder.problem ? [folder.problem] : []));
  }

  private builtin(): ActorLexicon {
    // Loaded on first use, not at activation: activation stays short.
    this.builtinLexicon ??= loadBuiltinLexicon();
    return this.builtinLexicon;
  }

  private watch(folder: vscode.WorkspaceFolder): void {
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, ACTORS_FILE));
    const reload = () => this.scheduleLoad(folder);
    const subscriptions = [watcher, watcher.onDidCreate(reload), watcher.onDidChange(reload), watcher.onDidDelete(reload)];
    this.watchers.set(folder.uri.toString(), { dispose: () => subscriptions.forEach((s) => s.dispose()) });
    this.track(this.load(folder, false));
  }

  private forget(folder: vscode.WorkspaceFolder): void {
    const key = folder.uri.toString();
    this.watchers.get(key)?.dispose();
    this.watchers.delete(key);
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    const known = this.folders.get(key);
    if (known?.problem) this.diagnostics.delete(known.problem.file);
    this.folders.delete(key);
  }

  private scheduleLoad(folder: vscode.WorkspaceFolder): void {
    const key = folder.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.track(this.load(folder, true));
      }, RELOAD_DELAY_MS),
    );
  }

  private track(load: Promise<void>): void {
    this.pendingLoads.add(load);
    void load.finally(() => this.pendingLoads.delete(load));
  }

  private async load(folder: vscode.WorkspaceFolder, announce: boolean): Promise<void> {
    const file = vscode.Uri.joinPath(folder.uri, ACTORS_FILE);
    const key = folder.uri.toString();
    const previous = this.folders.get(key);
    let next: FolderLexicon | undefined;
    try {
      const bytes = await vscode.workspace.fs.readFile(file);
      next = this.parse(file, new TextDecoder('utf-8').decode(bytes));
    } catch (error) {
      if (!(error instanceof vscode.FileSystemError && error.code === 'FileNotFound')) {
        next = { lexicon: this.builtin(), problem: problemOf(file, `cannot read ${vscode.workspace.asRelativePath(file)}: ${messageOf(error)}`) };
      }
    }
    if (this.isDisposed || this.watchers.get(key) === undefined) return;
    if (next) this.folders.set(key, next);
    else this.folders.delete(key);

    if (previous?.problem) this.diagnostics.delete(previous.problem.file);
    if (next?.problem) {
      const line = Math.max(0, (next.problem.line ?? 1) - 1);
      const diagnostic = new vscode.Diagnostic(new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER), next.problem.message, vscode.DiagnosticSeverity.Error);
      diagnostic.source = 'Policy Lens';
      this.diagnostics.set(next.problem.file, [diagnostic]);
      if (next.problem.message !== previous?.problem?.message) void this.announce(next.problem);
    }
    // The first read of a folder without an actors file changes nothing.
    if (announce || next) this.changed.fire(folder);
  }

  private parse(file: vscode.Uri, text: string): FolderLexicon {
    const parsed = parseLexiconFile(text, vscode.workspace.asRelativePath(file));
    if ('error' in parsed) {
      const { message, line, field } = describeError(parsed.error);
      return { lexicon: this.builtin(), problem: problemOf(file, message, line, field) };
    }
    return { lexicon: this.builtin().extend(parsed.entries, parsed.notActors), problem: undefined };
  }

  private async announce(problem: LexiconProblem): Promise<void> {
    const open = 'Open actors.json';
    const choice = await vscode.window.showErrorMessage(`Policy Lens: ${problem.message}. Using the built-in actors until it is fixed.`, open);
    if (choice !== open) return;
    const line = Math.max(0, (problem.line ?? 1) - 1);
    await vscode.window.showTextDocument(problem.file, { selection: new vscode.Range(line, 0, line, 0) });
  }
}

function problemOf(file: vscode.Uri, message: string, line?: number, field?: string): LexiconProblem {
  return { file, message, line, field };
}

/**
 * Splits the engine's one-line error ("actors.json line 7: actors[1].kind must be one of …")
 * into the line for the diagnostic and the field for the API; the message stays whole.
 */
function describeError(error: string): { message: string; line: number | undefined; field: string | undefined } {
  const located = /\bline (\d+)(?:, column \d+)?: (.*)$/s.exec(error);
  // The engine starts the message with the path of the field ("actors[1].kind", "notActors[0]").
  const path = located && /^((?:\$schema|description|actors|notActors)(?:\[[^\]]+\]|\.[A-Za-z_$][\w$]*)*) /.exec(located[2]);
  const unknown = located && /has an unknown field "([^"]+)"/.exec(located[2]);
  const field = unknown ? (path ? `${path[1]}.${unknown[1]}` : unknown[1]) : path?.[1];
  return { message: error, line: located ? Number(located[1]) : undefined, field };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

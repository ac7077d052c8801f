import * as vscode from 'vscode';
import type { ConfigurationService } from './config';
import { Disposable } from './disposable';
import { PLAIN_TEXT_LANGUAGE, POLICY_TEXT_LANGUAGE } from './language';

/** workspaceState key: the files the analyst chose to treat as policy text (uri strings). */
const REMEMBERED_KEY = 'policyLens.languageAssignment.treatedAsPolicyText';

/** Schemes of files a person opens; not output channels, diff sides or settings. */
const FILE_SCHEMES = new Set(['file', 'vscode-remote', 'vscode-vfs']);

/**
 * Opens as policy text the plain-text files that `policyLens.filePatterns` names or that the
 * analyst chose with "Treat File as Policy Text". The built-in patterns (`*.policy.txt`, seed
 * names) are in the manifest, where VS Code applies them before any extension runs.
 */
export class PolicyTextLanguageAssigner extends Disposable {
  /**
   * Documents already looked at. VS Code reports a language change as close + open of the same
   * document object, so seeing one again means the user (or we) changed its language: we do not
   * switch it back.
   */
  private readonly examined = new WeakSet<vscode.TextDocument>();

  constructor(
    private readonly config: ConfigurationService,
    private readonly workspaceState: vscode.Memento,
  ) {
    super();
    this.register(vscode.workspace.onDidOpenTextDocument((document) => this.examine(document)));
    this.register(
      config.onDidChange((event) => {
        if (!event.affectsConfiguration('policyLens.filePatterns')) return;
        // Adding a pattern is an explicit wish: apply it to open files as well.
        for (const document of vscode.workspace.textDocuments) {
          if (document.languageId === PLAIN_TEXT_LANGUAGE && this.matchesFilePatterns(document)) void this.switchLanguage(document);
        }
      }),
    );
    for (const document of vscode.workspace.textDocuments) this.examine(document);
  }

  /** Makes a document policy text now and whenever it is opened again in this workspace. */
  async treatAsPolicyText(document: vscode.TextDocument): Promise<vscode.TextDocument> {
    const remembered = this.remembered();
    const key = document.uri.toString();
    if (!remembered.includes(key)) await this.workspaceState.update(REMEMBERED_KEY, [...remembered, key].sort());
    return document.languageId === POLICY_TEXT_LANGUAGE ? document : this.switchLanguage(document);
  }

  isRemembered(uri: vscode.Uri): boolean {
    return this.remembered().includes(uri.toString());
  }

  /** The files remembered for this workspace, for the Claims panel to index with the rest. */
  rememberedUris(): vscode.Uri[] {
    return this.remembered().map((uri) => vscode.Uri.parse(uri));
  }

  private remembered(): readonly string[] {
    const value = this.workspaceState.get<unknown>(REMEMBERED_KEY);
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  }

  private examine(document: vscode.TextDocument): void {
    if (this.examined.has(document)) return;
    this.examined.add(document);
    if (document.languageId !== PLAIN_TEXT_LANGUAGE || !FILE_SCHEMES.has(document.uri.scheme)) return;
    if (this.isRemembered(document.uri) || this.matchesFilePatterns(document)) void this.switchLanguage(document);
  }

  private matchesFilePatterns(document: vscode.TextDocument): boolean {
    if (!FILE_SCHEMES.has(document.uri.scheme)) return false;
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    return this.config.filePatternsFor(document.uri).some((pattern) => {
      // Like files.associations: a pattern without "/" matches the file name, one with "/" the
      // path inside the workspace folder (or an absolute path).
      const glob: vscode.GlobPattern = !pattern.includes('/')
        ? `**/${pattern}`
        : folder && !pattern.startsWith('/')
          ? new vscode.RelativePattern(folder, pattern)
          : pattern;
      return vscode.languages.match({ pattern: glob }, document) > 0;
    });
  }

  private async switchLanguage(document: vscode.TextDocument): Promise<vscode.TextDocument> {
    try {
      return await vscode.languages.setTextDocumentLanguage(document, POLICY_TEXT_LANGUAGE);
    } catch (error) {
      // The document may have been closed meanwhile: nothing to switch.
      console.warn(`[policy-lens] could not open ${document.uri.toString(true)} as policy text: ${String(error)}`);
      return document;
    }
  }
}

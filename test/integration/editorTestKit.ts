// Shared by the Policy Lens editor suites (language, decorations, hovers, navigation, actors
// file, performance): the extension's API, fixture files and waiting without fixed sleeps.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { analyze } from '../../src/core/analyze';
import { loadBuiltinLexicon, parseLexiconFile, type ActorLexicon } from '../../src/core/lexicon';
import type { Analysis } from '../../src/core/types';
import type { PolicyLensApi } from '../../src/extension';

export const EXTENSION_ID = 'policy-lens.policy-lens';
export const POLICY_TEXT = 'policy-text';
/** An original fixture with every claim type, figure kind and several actor kinds. */
export const OUTLOOK_FIXTURE = 'fiscal-outlook.policy.txt';

/** The fixture workspace's actors file, added to the built-in lexicon. */
export const ACTORS_FILE = ['.policy-lens', 'actors.json'] as const;

/** The lexicon the extension should be using for fixture files: built-in + the actors file. */
export async function fixtureLexicon(): Promise<ActorLexicon> {
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(fixtureUri(...ACTORS_FILE)));
  const parsed = parseLexiconFile(text, ACTORS_FILE.join('/'));
  if ('error' in parsed) assert.fail(`the fixture actors file is broken: ${JSON.stringify(parsed.error)}`);
  return loadBuiltinLexicon().extend(parsed.entries);
}

/**
 * What the engine finds in a document, independently of the extension: with the workspace
 * actors for a file in the fixture workspace, with the built-in ones for any other file.
 */
export async function engineAnalysis(document: vscode.TextDocument): Promise<Analysis> {
  const inWorkspace = vscode.workspace.getWorkspaceFolder(document.uri) !== undefined;
  return analyze(document.getText(), { lexicon: inWorkspace ? await fixtureLexicon() : loadBuiltinLexicon() });
}

/**
 * A copy of a fixture outside the workspace, for tests that edit: whatever happens to the
 * editor (auto save, a crash), the fixture itself is never changed. Deleted by `dispose()`.
 */
export async function temporaryCopy(name: string): Promise<vscode.Uri & vscode.Disposable> {
  const copy = vscode.Uri.file(path.join(os.tmpdir(), `policy-lens-${process.pid}-${name}`));
  await vscode.workspace.fs.writeFile(copy, await vscode.workspace.fs.readFile(fixtureUri(name)));
  return Object.assign(copy, { dispose: () => fs.rmSync(copy.fsPath, { force: true }) });
}

export async function policyLens(): Promise<PolicyLensApi> {
  const extension = vscode.extensions.getExtension<PolicyLensApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not loaded`);
  return extension.isActive ? extension.exports : extension.activate();
}

export function fixtureUri(...path: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open (test/fixtures/workspace)');
  return vscode.Uri.joinPath(folder.uri, ...path);
}

export async function showFixture(...path: string[]): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(fixtureUri(...path));
  return vscode.window.showTextDocument(document);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

type Maybe<T> = T | undefined | null | false;

/** Polls until `probe` returns something truthy; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Maybe<T> | Promise<Maybe<T>>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

/** The decorations drawn for the document's current version. */
export function decorationsOf(api: PolicyLensApi, document: vscode.TextDocument, timeoutMs = 5000) {
  return waitFor(
    `decorations of ${document.uri.path} at version ${document.version}`,
    () => {
      const drawn = api.getDecorations(document.uri);
      return drawn?.version === document.version && drawn;
    },
    timeoutMs,
  );
}

/** Offsets of ranges, comparable with the engine's spans. */
export function offsets(document: vscode.TextDocument, ranges: readonly vscode.Range[]): [number, number][] {
  return ranges.map((range) => [document.offsetAt(range.start), document.offsetAt(range.end)]);
}

export function spans(items: readonly { start: number; end: number }[]): [number, number][] {
  return items.map((item) => [item.start, item.end]);
}

/**
 * Turns auto save off for suites that edit (VS Code for the web saves after a second by
 * default); resolves to a function that puts the user's value back.
 */
export async function withoutAutoSave(): Promise<() => Thenable<void>> {
  const files = vscode.workspace.getConfiguration('files');
  const before = files.inspect<string>('autoSave')?.globalValue;
  await files.update('autoSave', 'off', vscode.ConfigurationTarget.Global);
  return () => vscode.workspace.getConfiguration('files').update('autoSave', before, vscode.ConfigurationTarget.Global);
}

/** Reverts and closes every editor, so no dirty fixture asks to be saved. */
export async function closeAllWithoutSaving(): Promise<void> {
  for (let guard = 0; guard < 20 && vscode.window.visibleTextEditors.length > 0; guard++) {
    const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
    await vscode.window.showTextDocument(editor.document, editor.viewColumn);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** The Markdown of the hovers at a position, joined. */
export async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

/** Markdown source without the backslash escapes, for matching words. */
export function unescapeMarkdown(markdown: string): string {
  return markdown.replace(/\\(.)/g, '$1');
}

/** The position of the `nth` occurrence of `needle` (plus `delta` characters). */
export function positionOf(document: vscode.TextDocument, needle: string, delta = 0, nth = 0): vscode.Position {
  let index = -1;
  for (let i = 0; i <= nth; i++) {
    index = document.getText().indexOf(needle, index + 1);
    assert.ok(index >= 0, `"${needle}" (occurrence ${nth + 1}) is not in ${document.uri.path}`);
  }
  return document.positionAt(index + delta);
}

// Shared by the tagging suites (commands, sidecar lifecycle, Claims and Taxonomy views, JSON
// validation, performance): copies of fixture texts inside the workspace, their sidecars on
// disk, and waiting for the extension's state through its API.
import * as assert from 'assert';
import { createHash, randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { PolicyLensApi } from '../../src/extension';
import { closeAllWithoutSaving, fixtureUri, policyLens, waitFor, withoutAutoSave } from './editorTestKit';

/** The name every test annotation is signed with (`policyLens.analyst`). */
export const TEST_ANALYST = 'Integration Tester';
/** A text with every claim type, whose first forecast carries a likelihood (see the fixture). */
export const FISHERIES = ['annotated', 'coastal-fisheries.policy.txt'] as const;
export const GRAIN = ['annotated', 'grain-reserve.policy.txt'] as const;
export const OUTLOOK = ['fiscal-outlook.policy.txt'] as const;

/** Where the suites put their copies: inside the workspace (so they are indexed), one folder per run. */
export const SCRATCH_FOLDER = 'tagging-scratch';

/**
 * A copy of a fixture text inside the workspace (the harness runs on a temporary copy of the
 * fixture workspace, so nothing here touches the repository), without its sidecar unless asked.
 * `dispose()` deletes the copy, its sidecar and any backups of it.
 */
export async function scratchCopy(fixture: readonly string[], options: { withSidecar?: boolean; name?: string } = {}): Promise<vscode.Uri & vscode.Disposable> {
  const source = fixtureUri(...fixture);
  const name = options.name ?? `${randomBytes(3).toString('hex')}-${path.basename(source.fsPath)}`;
  const target = fixtureUri(SCRATCH_FOLDER, name);
  fs.mkdirSync(path.dirname(target.fsPath), { recursive: true });
  fs.copyFileSync(source.fsPath, target.fsPath);
  if (options.withSidecar) {
    // The sidecar names its text: rename it with the copy.
    const sidecar = fs.readFileSync(`${source.fsPath}.annotations.json`, 'utf8').replace(`"fileName": "${path.basename(source.fsPath)}"`, `"fileName": "${name}"`);
    fs.writeFileSync(`${target.fsPath}.annotations.json`, sidecar);
  }
  return Object.assign(target, {
    dispose: () => {
      for (const file of fs.readdirSync(path.dirname(target.fsPath))) {
        if (file === name || file.startsWith(`${name}.annotations.json`)) fs.rmSync(path.join(path.dirname(target.fsPath), file), { force: true });
      }
    },
  });
}

export function sidecarPath(uri: vscode.Uri): string {
  return `${uri.fsPath}.annotations.json`;
}

export function readSidecar(uri: vscode.Uri): string | undefined {
  try {
    return fs.readFileSync(sidecarPath(uri), 'utf8');
  } catch {
    return undefined;
  }
}

/** Opens a policy text in an editor and waits until its annotations are loaded (or found broken). */
export async function openTagged(uri: vscode.Uri): Promise<{ api: PolicyLensApi; editor: vscode.TextEditor; document: vscode.TextDocument }> {
  const api = await policyLens();
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document);
  await waitFor(`the annotations of ${path.basename(uri.fsPath)} to load`, () => {
    const state = api.getSidecarState(uri)?.state;
    return state === 'ready' || state === 'broken';
  });
  await api.whenAnnotationsIdle();
  return { api, editor, document };
}

/** Offsets of a sentence of the document. */
export function spanOf(document: vscode.TextDocument, quote: string): { start: number; end: number } {
  const start = document.getText().indexOf(quote);
  assert.ok(start >= 0, `"${quote}" is not in ${document.uri.path}`);
  return { start, end: start + quote.length };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Sets `policyLens.analyst` for the suite; resolves to a function that puts it back. */
export async function withAnalyst(name = TEST_ANALYST): Promise<() => Thenable<void>> {
  const section = vscode.workspace.getConfiguration('policyLens');
  const before = section.inspect<string>('analyst')?.globalValue;
  await section.update('analyst', name, vscode.ConfigurationTarget.Global);
  return () => vscode.workspace.getConfiguration('policyLens').update('analyst', before, vscode.ConfigurationTarget.Global);
}

/** Waits for the sidecar on disk to satisfy `probe` (the save is debounced). */
export async function sidecarOnDisk<T>(api: PolicyLensApi, uri: vscode.Uri, what: string, probe: (text: string | undefined) => T | undefined | false, timeoutMs = 5000): Promise<T> {
  await api.flushSaves();
  return waitFor(`${what} in ${path.basename(sidecarPath(uri))}`, () => probe(readSidecar(uri)), timeoutMs);
}

/** The parsed sidecar on disk (fails when there is none). */
export function sidecarJson(uri: vscode.Uri): { annotations: { id: string; target: { start: number; end: number; exact: string }; tags: string[]; note?: string; origin: string }[] } {
  const text = readSidecar(uri);
  assert.ok(text !== undefined, `no sidecar for ${uri.fsPath}`);
  return JSON.parse(text);
}

/**
 * The hooks every tagging suite needs: auto-save off and a known analyst for the suite, editors
 * closed and scratch copies removed after each test. Tests push what to dispose to the list.
 * `beforeRestore` runs at the end of the suite, before the settings are put back.
 */
export function taggingSuiteHooks(beforeRestore?: () => Promise<void>): vscode.Disposable[] {
  let restoreAutoSave: () => Thenable<void>;
  let restoreAnalyst: () => Thenable<void>;
  const cleanup: vscode.Disposable[] = [];
  suiteSetup(async () => {
    restoreAutoSave = await withoutAutoSave();
    restoreAnalyst = await withAnalyst();
  });
  suiteTeardown(async () => {
    await beforeRestore?.();
    await restoreAnalyst();
    await restoreAutoSave();
  });
  teardown(async () => {
    await closeAllWithoutSaving();
    cleanup.splice(0).forEach((item) => item.dispose());
  });
  return cleanup;
}

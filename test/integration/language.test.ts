// Which files open as policy text: the manifest's patterns, policyLens.filePatterns, and
// "Treat File as Policy Text" (remembered for the workspace).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { closeAllWithoutSaving, fixtureUri, policyLens, POLICY_TEXT, sleep, waitFor } from './editorTestKit';

suite('language: which files are policy text', () => {
  suiteSetup(async () => {
    await policyLens();
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('policyLens').update('filePatterns', undefined, vscode.ConfigurationTarget.Global);
    await closeAllWithoutSaving();
  });

  const byName: ReadonlyArray<readonly [string, string, string]> = [
    ['000_6a4175332d62ce25.txt', POLICY_TEXT, 'a seed name (three digits, underscore, 16 hex digits)'],
    ['fiscal-outlook.policy.txt', POLICY_TEXT, '*.policy.txt'],
    ['notes.txt', 'plaintext', 'another .txt'],
    ['123_not-a-seed.txt', 'plaintext', 'three digits and underscore but no hex name'],
  ];
  for (const [name, languageId, why] of byName) {
    test(`${name} opens as ${languageId}: ${why}`, async () => {
      const document = await vscode.workspace.openTextDocument(fixtureUri(name));
      // Give the extension a chance to (wrongly) switch it.
      await sleep(100);
      assert.strictEqual(document.languageId, languageId);
    });
  }

  test('policyLens.filePatterns switches matching plain-text files, by file name or by path', async () => {
    const patterns = ['*-minutes.txt', 'briefings/**/*.txt'];
    await vscode.workspace.getConfiguration('policyLens').update('filePatterns', patterns, vscode.ConfigurationTarget.Global);
    for (const path of [['council-minutes.txt'], ['briefings', 'ministerial-note.txt']]) {
      const document = await vscode.workspace.openTextDocument(fixtureUri(...path));
      await waitFor(`${path.join('/')} to become ${POLICY_TEXT}`, () => document.languageId === POLICY_TEXT);
    }
    const other = await vscode.workspace.openTextDocument(fixtureUri('notes.txt'));
    assert.strictEqual(other.languageId, 'plaintext', 'a file no pattern names stays plain text');
  });

  test('"Treat File as Policy Text" switches the file, remembers it, and respects a later change back', async () => {
    const api = await policyLens();
    const uri = fixtureUri('draft-remarks.txt');
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    assert.strictEqual(editor.document.languageId, 'plaintext');
    assert.strictEqual(api.isRememberedAsPolicyText(uri), false);

    const switched = await vscode.commands.executeCommand<vscode.TextDocument>('policyLens.treatAsPolicyText');
    assert.strictEqual(switched?.languageId, POLICY_TEXT);
    assert.strictEqual(api.isRememberedAsPolicyText(uri), true, 'remembered in workspaceState for next time');
    await waitFor('the status bar to show the switched file', () => api.getStatusBarText()?.includes('claim'));

    // The analyst changes their mind with "Change Language Mode": we must not switch it back.
    const reverted = await vscode.languages.setTextDocumentLanguage(switched, 'plaintext');
    await sleep(200);
    assert.strictEqual(reverted.languageId, 'plaintext');
    assert.strictEqual(api.getDecorations(uri), undefined, 'no decorations left on a plain-text file');
  });
});

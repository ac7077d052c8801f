// A real VS Code (not a mock) runs Policy Lens: the extension loads and the policy-text
// language is given to the right files of the fixture workspace (test/fixtures/workspace).
import * as assert from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'policy-lens.policy-lens';
const LANGUAGE_ID = 'policy-text';

function fixture(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open (test/fixtures/workspace)');
  return vscode.Uri.joinPath(folder.uri, name);
}

suite('smoke: Policy Lens in a real VS Code', () => {
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('vscode.version is a real release, at least the engine we declare', () => {
    console.log(`    vscode ${vscode.version}, ${vscode.env.appName}, uiKind ${vscode.UIKind[vscode.env.uiKind]}`);
    const match = /^(\d+)\.(\d+)\.(\d+)/.exec(vscode.version);
    assert.ok(match, `unexpected vscode.version ${vscode.version}`);
    const [major, minor] = [Number(match[1]), Number(match[2])];
    assert.ok(major > 1 || (major === 1 && minor >= 90), `vscode ${vscode.version} is older than the engine ^1.90.0`);
  });

  test('the fixture workspace is open', async () => {
    const stat = await vscode.workspace.fs.stat(fixture('notes.txt'));
    assert.strictEqual(stat.type, vscode.FileType.File);
  });

  test(`the extension ${EXTENSION_ID} is present and activates`, async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not loaded`);
    await extension.activate();
    assert.strictEqual(extension.isActive, true);
  });

  test(`the ${LANGUAGE_ID} language is contributed`, async () => {
    const languages = await vscode.languages.getLanguages();
    assert.ok(languages.includes(LANGUAGE_ID), `${LANGUAGE_ID} is not among ${languages.length} languages`);
  });

  const expectations: ReadonlyArray<readonly [string, string]> = [
    ['000_6a4175332d62ce25.txt', LANGUAGE_ID],
    ['004_0f3ada08bff3d650.txt', LANGUAGE_ID],
    ['brief.policy.txt', LANGUAGE_ID],
    ['notes.txt', 'plaintext'],
  ];
  for (const [name, languageId] of expectations) {
    test(`${name} opens as ${languageId}`, async () => {
      const document = await vscode.workspace.openTextDocument(fixture(name));
      assert.strictEqual(document.languageId, languageId);
      assert.ok(document.getText().trim().length > 0, `${name} is empty`);
    });
  }
});

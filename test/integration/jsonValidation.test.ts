// Sidecars are self-describing: `$schema: policy-lens:/schemas/annotations-1.schema.json` is
// served by the extension, so VS Code's own JSON language service validates them as they are
// edited by hand, with no network.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { closeAllWithoutSaving, policyLens, waitFor } from './editorTestKit';
import { FISHERIES, readSidecar, scratchCopy, sidecarPath } from './taggingTestKit';

suite('JSON validation of sidecars', () => {
  const cleanup: vscode.Disposable[] = [];

  teardown(async () => {
    await closeAllWithoutSaving();
    cleanup.splice(0).forEach((item) => item.dispose());
  });

  test('the policy-lens: scheme serves the schema the sidecars name', async () => {
    await policyLens();
    const schema = await vscode.workspace.openTextDocument(vscode.Uri.parse('policy-lens:/schemas/annotations-1.schema.json'));
    const json = JSON.parse(schema.getText());
    assert.strictEqual(json.title, 'Policy Lens annotations');
    assert.deepStrictEqual(Object.keys(json.properties), ['$schema', 'version', 'document', 'taxonomy', 'annotations']);
    await assert.rejects(Promise.resolve(vscode.workspace.openTextDocument(vscode.Uri.parse('policy-lens:/schemas/annotations-9.schema.json'))));
  });

  test('a sidecar with a schema error gets a diagnostic from the JSON language service', async function () {
    this.timeout(60_000);
    const copy = await scratchCopy(FISHERIES, { withSidecar: true });
    cleanup.push(copy);
    const broken = (readSidecar(copy) ?? '').replace('"origin": "detected"', '"origin": "guessed"');
    fs.writeFileSync(sidecarPath(copy), broken);
    const sidecar = vscode.Uri.file(sidecarPath(copy));
    const document = await vscode.workspace.openTextDocument(sidecar);
    await vscode.window.showTextDocument(document);
    assert.strictEqual(document.languageId, 'json');
    const diagnostic = await waitFor(
      'a diagnostic from the JSON language service',
      () => vscode.languages.getDiagnostics(sidecar).find((candidate) => candidate.source !== 'Policy Lens' && /detected|manual/.test(candidate.message)),
      45_000,
    );
    const line = document.lineAt(diagnostic.range.start.line).text;
    console.log(`    ${diagnostic.source ?? 'json'}: ${diagnostic.message} (line ${diagnostic.range.start.line + 1}: ${line.trim()})`);
    assert.match(line, /"origin": "guessed"/);
  });

  test('a sidecar without $schema is validated through the manifest\'s jsonValidation (*.annotations.json)', async function () {
    this.timeout(60_000);
    const copy = await scratchCopy(FISHERIES, { withSidecar: true });
    cleanup.push(copy);
    const text = (readSidecar(copy) ?? '').replace(/^ {2}"\$schema": .*\n/m, '').replace('"version": 1,', '"version": "one",');
    assert.ok(!text.includes('$schema'));
    fs.writeFileSync(sidecarPath(copy), text);
    const sidecar = vscode.Uri.file(sidecarPath(copy));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(sidecar));
    const diagnostic = await waitFor('a diagnostic from the JSON language service', () => vscode.languages.getDiagnostics(sidecar).find((candidate) => candidate.source !== 'Policy Lens'), 45_000);
    assert.strictEqual(diagnostic.range.start.line, 1, `${diagnostic.message} on the version line`);
  });
});

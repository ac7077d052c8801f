// Next/previous claim and the Outline (document symbols) of a policy text.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { claimTypeLabel } from '../../src/vscode/describe';
import { closeAllWithoutSaving, decorationsOf, engineAnalysis, offsets, OUTLOOK_FIXTURE, policyLens, showFixture, temporaryCopy, waitFor } from './editorTestKit';

suite('navigation: next/previous claim and the outline', () => {
  suiteSetup(async () => {
    const api = await policyLens();
    await api.whenLexiconsLoaded();
  });

  suiteTeardown(closeAllWithoutSaving);

  test('next and previous claim select the claim, from the cursor, wrapping around', async () => {
    const api = await policyLens();
    const editor = await showFixture(OUTLOOK_FIXTURE);
    await decorationsOf(api, editor.document);
    const claims = (await engineAnalysis(editor.document)).claims;
    assert.ok(claims.length >= 3);
    const selected = () => offsets(editor.document, [editor.selection])[0];
    const span = (index: number) => [claims[index].start, claims[index].end];

    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await vscode.commands.executeCommand('policyLens.nextClaim');
    assert.deepStrictEqual(selected(), span(0));
    assert.ok(editor.selection.active.isEqual(editor.selection.start), 'the cursor sits at the start of the claim');
    await vscode.commands.executeCommand('policyLens.nextClaim');
    assert.deepStrictEqual(selected(), span(1));
    await vscode.commands.executeCommand('policyLens.nextClaim');
    assert.deepStrictEqual(selected(), span(2));
    await vscode.commands.executeCommand('policyLens.previousClaim');
    assert.deepStrictEqual(selected(), span(1));
    await vscode.commands.executeCommand('policyLens.previousClaim');
    await vscode.commands.executeCommand('policyLens.previousClaim');
    assert.deepStrictEqual(selected(), span(claims.length - 1), 'previous from the first claim wraps to the last');
    await vscode.commands.executeCommand('policyLens.nextClaim');
    assert.deepStrictEqual(selected(), span(0), 'next from the last claim wraps to the first');
    const visible = editor.visibleRanges;
    assert.ok(visible.some((range) => range.contains(editor.selection)), 'the claim is revealed');
  });

  test('the outline lists paragraphs by their first words, with their claims inside', async () => {
    const editor = await showFixture(OUTLOOK_FIXTURE);
    const document = editor.document;
    const analysis = await engineAnalysis(document);
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri);
    assert.ok(symbols, 'document symbols');
    assert.strictEqual(symbols.length, analysis.paragraphs.length, 'one symbol per paragraph');
    symbols.forEach((symbol, index) => {
      const paragraph = analysis.paragraphs[index];
      const firstWord = document.getText().slice(paragraph.start, paragraph.end).split(/\s+/)[0];
      assert.ok(symbol.name.startsWith(firstWord), `"${symbol.name}" starts with "${firstWord}"`);
      assert.deepStrictEqual(offsets(document, [symbol.range])[0], [paragraph.start, paragraph.end]);
      const claims = analysis.claims.filter((claim) => claim.paragraph === index);
      assert.strictEqual(symbol.children.length, claims.length, `paragraph ${index} has ${claims.length} claims`);
      symbol.children.forEach((child, childIndex) => {
        assert.deepStrictEqual(offsets(document, [child.range])[0], [claims[childIndex].start, claims[childIndex].end]);
        assert.ok(child.detail.startsWith(claimTypeLabel(claims[childIndex].type)), `detail "${child.detail}" names the type`);
      });
    });
    const kinds = new Set(symbols.flatMap((symbol) => symbol.children.map((child) => child.kind)));
    const types = new Set(analysis.claims.map((claim) => claim.type));
    assert.strictEqual(kinds.size, types.size, 'one symbol kind per claim type');
  });

  test('policyLens.outline.maxSymbols caps the outline and says where it stops', async () => {
    const settings = vscode.workspace.getConfiguration('policyLens');
    await settings.update('outline.maxSymbols', 4, vscode.ConfigurationTarget.Global);
    // VS Code keeps a document version's outline: ask for a document it has not outlined yet.
    const copy = await temporaryCopy(OUTLOOK_FIXTURE);
    try {
      await waitFor('the setting to arrive', () => vscode.workspace.getConfiguration('policyLens').get('outline.maxSymbols') === 4);
      const document = await vscode.workspace.openTextDocument(copy);
      const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri);
      const counted = symbols.reduce((sum, symbol) => sum + 1 + symbol.children.length, 0);
      assert.strictEqual(counted, 4 + 1, 'four symbols and the marker');
      const marker = symbols[symbols.length - 1];
      assert.ok(marker.name.includes('policyLens.outline.maxSymbols'), marker.name);
      assert.strictEqual(document.offsetAt(marker.range.end), document.getText().length, 'the marker covers the rest of the text');
    } finally {
      await settings.update('outline.maxSymbols', undefined, vscode.ConfigurationTarget.Global);
      copy.dispose();
    }
  });
});

// The three decoration layers in a real editor: what is drawn matches the engine, layers can be
// toggled, and edits redraw (debounced) with the ranges moved and added.
import * as assert from 'assert';
import * as vscode from 'vscode';
import {
  closeAllWithoutSaving,
  decorationsOf,
  engineAnalysis,
  offsets,
  OUTLOOK_FIXTURE,
  policyLens,
  positionOf,
  showFixture,
  sleep,
  spans,
  temporaryCopy,
  waitFor,
  withoutAutoSave,
} from './editorTestKit';

suite('decorations: claims, figures and actors layers', () => {
  const settings = () => vscode.workspace.getConfiguration('policyLens');

  let restoreAutoSave: () => Thenable<void>;

  suiteSetup(async () => {
    const api = await policyLens();
    await api.whenLexiconsLoaded();
    restoreAutoSave = await withoutAutoSave();
  });

  suiteTeardown(() => restoreAutoSave());

  const cleanup: vscode.Disposable[] = [];

  teardown(async () => {
    for (const key of ['layers.claims', 'layers.figures', 'layers.actors', 'decorations.debounceMs']) {
      await settings().update(key, undefined, vscode.ConfigurationTarget.Global);
    }
    await closeAllWithoutSaving();
    cleanup.splice(0).forEach((item) => item.dispose());
  });

  test('each layer draws exactly what the engine finds, styled by type and kind', async () => {
    const api = await policyLens();
    const editor = await showFixture(OUTLOOK_FIXTURE);
    const drawn = await decorationsOf(api, editor.document);
    const expected = await engineAnalysis(editor.document);
    assert.ok(expected.claims.length >= 5 && expected.figures.length >= 5 && expected.actors.length >= 5, 'the fixture exercises every layer');

    assert.deepStrictEqual(offsets(editor.document, drawn.claims), spans(expected.claims));
    assert.deepStrictEqual(offsets(editor.document, drawn.figures), spans(expected.figures));
    assert.deepStrictEqual(offsets(editor.document, drawn.actors), spans([...expected.actors].sort((a, b) => a.start - b.start || a.end - b.end)));
    for (const claim of expected.claims) {
      const styled = offsets(editor.document, drawn.byStyle[`claims.${claim.type}`] ?? []);
      assert.ok(styled.some(([start, end]) => start === claim.start && end === claim.end), `claim "${claim.text}" is styled as ${claim.type}`);
    }
    for (const figure of expected.figures) {
      const styled = offsets(editor.document, drawn.byStyle[`figures.${figure.kind}`] ?? []);
      assert.ok(styled.some(([start, end]) => start === figure.start && end === figure.end), `figure "${figure.text}" is styled as ${figure.kind}`);
    }
    for (const actor of expected.actors) {
      const styled = offsets(editor.document, drawn.byStyle[`actors.${actor.kind}`] ?? []);
      assert.ok(styled.some(([start, end]) => start === actor.start && end === actor.end), `actor "${actor.text}" is styled as ${actor.kind}`);
    }
    assert.strictEqual(drawn.window, undefined, 'a small text is decorated whole');
    assert.deepStrictEqual(api.getAnalysis(editor.document.uri), expected);

    const status = api.getStatusBarText();
    console.log(`    status bar: ${status}`);
    assert.strictEqual(
      status,
      `$(law) ${expected.claims.length} claims · ${expected.figures.length} figures · ${expected.actors.length} actors`,
    );
  });

  test('policyLens.toggleLayer removes a layer and restores it; the setting follows', async () => {
    const api = await policyLens();
    const editor = await showFixture(OUTLOOK_FIXTURE);
    const before = await decorationsOf(api, editor.document);
    assert.ok(before.figures.length > 0);

    const shown = await vscode.commands.executeCommand<boolean>('policyLens.toggleLayer', 'figures');
    assert.strictEqual(shown, false);
    assert.strictEqual(settings().get('layers.figures'), false);
    const hidden = await waitFor('the figures layer to disappear', () => {
      const drawn = api.getDecorations(editor.document.uri);
      return drawn?.figures.length === 0 && drawn;
    });
    assert.deepStrictEqual(hidden.claims, before.claims, 'the other layers stay');
    assert.deepStrictEqual(hidden.actors, before.actors, 'the other layers stay');

    assert.strictEqual(await vscode.commands.executeCommand<boolean>('policyLens.toggleLayer', 'figures'), true);
    const restored = await waitFor('the figures layer to come back', () => {
      const drawn = api.getDecorations(editor.document.uri);
      return drawn && drawn.figures.length > 0 && drawn;
    });
    assert.deepStrictEqual(restored.figures, before.figures);

    // The setting alone does the same, e.g. when edited in settings.json.
    await settings().update('layers.claims', false, vscode.ConfigurationTarget.Global);
    await waitFor('the claims layer to disappear', () => api.getDecorations(editor.document.uri)?.claims.length === 0);
  });

  test('an edit redraws after the debounce, with later ranges moved and new ones added', async () => {
    const api = await policyLens();
    await settings().update('decorations.debounceMs', 400, vscode.ConfigurationTarget.Global);
    const copy = temporaryCopy(OUTLOOK_FIXTURE);
    cleanup.push(await copy);
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(await copy));
    const document = editor.document;
    const before = await decorationsOf(api, document);

    const anchor = positionOf(document, 'The finance ministry');
    const inserted = 'The levy raised $40 million in 2025. ';
    const lastFigureBefore = before.figures[before.figures.length - 1];
    assert.ok(await editor.edit((builder) => builder.insert(anchor, inserted)));
    const editedAt = Date.now();

    // Still the old drawing while the analyst types.
    await sleep(100);
    if (Date.now() - editedAt < 350) {
      assert.notStrictEqual(api.getDecorations(document.uri)?.version, document.version, 'redrawing waits for the debounce');
    }
    const after = await decorationsOf(api, document);
    const waited = Date.now() - editedAt;
    assert.ok(waited >= 350, `redrawn after ${waited} ms, before the 400 ms debounce`);

    const expected = await engineAnalysis(document);
    assert.deepStrictEqual(offsets(document, after.figures), spans(expected.figures));
    assert.deepStrictEqual(offsets(document, after.claims), spans(expected.claims));
    assert.ok(after.figures.length >= before.figures.length + 2, 'the new money figure and date are drawn');
    assert.ok(after.claims.length === before.claims.length + 1, 'the new sentence is a claim');
    const newFigure = offsets(document, after.figures).find(([start]) => document.getText().startsWith('$40 million', start));
    assert.ok(newFigure, 'the inserted "$40 million" is decorated');
    // Later paragraphs kept their ranges: the insertion is on an earlier line.
    assert.ok(after.figures[after.figures.length - 1].isEqual(lastFigureBefore), 'a figure on a later line did not move');
    // Ranges after the insertion on the same line moved right by its length.
    const followingBefore = before.figures.find((range) => range.start.line === anchor.line && range.start.isAfterOrEqual(anchor));
    assert.ok(followingBefore, 'the fixture has a figure after the insertion point on that line');
    const moved = followingBefore.start.translate(0, inserted.length);
    assert.ok(after.figures.some((range) => range.start.isEqual(moved)), 'a later figure on the same line moved by the inserted length');

    const timing = api.lastUpdateTiming(document.uri);
    console.log(`    edit: re-analysis ${timing?.analysisMs.toFixed(2)} ms (${timing?.reanalysedParagraphs} paragraph), decorations ${timing?.decorationMs.toFixed(2)} ms`);
  });
});

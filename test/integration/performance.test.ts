// Activation time, and what a keystroke costs in a 1 MB policy text (printed; the only
// assertion on time is the activation budget the issue sets).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { closeAllWithoutSaving, decorationsOf, fixtureUri, OUTLOOK_FIXTURE, policyLens, waitFor, withoutAutoSave } from './editorTestKit';

const ONE_MB = 1024 * 1024;

suite('performance', () => {
  let largeFile: string | undefined;
  let restoreAutoSave: () => Thenable<void>;

  suiteSetup(async () => {
    restoreAutoSave = await withoutAutoSave();
  });

  suiteTeardown(async () => {
    await closeAllWithoutSaving();
    if (largeFile) fs.rmSync(largeFile, { force: true });
    await restoreAutoSave();
  });

  test('activation stays under 100 ms', async () => {
    const api = await policyLens();
    console.log(`    activation: ${api.activationMs.toFixed(2)} ms (the body of activate())`);
    assert.ok(api.activationMs < 100, `activation took ${api.activationMs.toFixed(1)} ms`);
  });

  test('a one-character edit in a 1 MB policy text re-analyses one paragraph and redraws near the view', async function () {
    this.timeout(120_000);
    const api = await policyLens();
    // Our own fixture's paragraphs, numbered so no two are identical, up to 1 MB.
    const paragraphs = new TextDecoder().decode(await vscode.workspace.fs.readFile(fixtureUri(OUTLOOK_FIXTURE))).split('\n').filter(Boolean);
    const lines: string[] = [];
    let size = 0;
    for (let index = 0; size < ONE_MB; index++) {
      const line = `${paragraphs[index % paragraphs.length]} (${index + 1})`;
      lines.push(line, '');
      size += line.length + 2;
    }
    largeFile = path.join(os.tmpdir(), `policy-lens-large-${process.pid}.policy.txt`);
    fs.writeFileSync(largeFile, lines.join('\n'));

    let started = performance.now();
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.file(largeFile)));
    const document = editor.document;
    const first = await decorationsOf(api, document, 60_000);
    const opened = performance.now() - started;
    const firstTiming = api.lastUpdateTiming(document.uri);
    console.log(
      `    1 MB open: ${document.getText().length} chars, ${api.getAnalysis(document.uri)?.paragraphs.length} paragraphs; ` +
        `full analysis ${firstTiming?.analysisMs.toFixed(0)} ms, decorations ${firstTiming?.decorationMs.toFixed(1)} ms, shown in ${opened.toFixed(0)} ms`,
    );
    assert.ok(first.window, 'a large text is decorated around the visible ranges only');
    const window = first.window;
    for (const range of [...first.claims, ...first.figures, ...first.actors]) {
      assert.ok(range.end.isAfterOrEqual(window.start) && range.start.isBeforeOrEqual(window.end), 'every range is inside the window');
    }
    const allClaims = api.getAnalysis(document.uri)?.claims.length ?? 0;
    console.log(`    window: lines ${window.start.line}-${window.end.line} of ${document.lineCount}; ${first.claims.length} of ${allClaims} claims drawn`);

    // One character in the middle of the visible paragraph.
    const line = editor.visibleRanges[0].start.line + 2;
    const at = new vscode.Position(line, Math.floor(document.lineAt(line).text.length / 2));
    started = performance.now();
    assert.ok(await editor.edit((builder) => builder.insert(at, 'x')));
    const editApplied = performance.now() - started;
    await decorationsOf(api, document, 10_000);
    const timing = api.lastUpdateTiming(document.uri);
    assert.ok(timing);
    console.log(
      `    1 MB one-character edit: re-analysis ${timing.analysisMs.toFixed(2)} ms (${timing.reanalysedParagraphs} paragraph), ` +
        `decorations ${timing.decorationMs.toFixed(2)} ms, total ${(timing.analysisMs + timing.decorationMs).toFixed(2)} ms ` +
        `(edit round trip ${editApplied.toFixed(1)} ms, plus the debounce)`,
    );
    assert.strictEqual(timing.reanalysedParagraphs, 1, 'only the edited paragraph is analysed again');

    started = performance.now();
    const outline = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri);
    console.log(`    1 MB outline: ${outline.length} top-level symbols (capped by policyLens.outline.maxSymbols) in ${(performance.now() - started).toFixed(0)} ms`);

    // Scrolling to the end moves the decorated window there.
    const end = new vscode.Position(document.lineCount - 1, 0);
    editor.revealRange(new vscode.Range(end, end), vscode.TextEditorRevealType.InCenter);
    const moved = await waitFor('the window to follow the scroll', () => {
      const drawn = api.getDecorations(document.uri);
      return drawn?.window && drawn.window.end.line === document.lineCount - 1 && drawn;
    });
    console.log(`    after scrolling to the end: lines ${moved.window?.start.line}-${moved.window?.end.line}, ${moved.claims.length} claims drawn`);
  });
});

// The workspace actors file .policy-lens/actors.json: loaded, watched, reported clearly when
// broken (file, line, field) while the built-in actors keep working, and re-applied when fixed.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { ACTORS_FILE, closeAllWithoutSaving, decorationsOf, fixtureUri, hoverText, OUTLOOK_FIXTURE, policyLens, positionOf, showFixture, unescapeMarkdown, waitFor } from './editorTestKit';

const WORKSPACE_ACTOR = 'tana-basin-authority';

// Line 8 holds the kind: the error must point there.
const BROKEN = `{
  "description": "Actors of the Policy Lens test workspace, added to the built-in lexicon.",
  "actors": [
    {
      "id": "tana-basin-authority",
      "name": "Tana Basin Authority",
      "aliases": ["Basin Authority"],
      "kind": "river"
    }
  ]
}
`;

suite('workspace actors file (.policy-lens/actors.json)', () => {
  const file = fixtureUri(...ACTORS_FILE);
  let original: Uint8Array;

  suiteSetup(async () => {
    original = await vscode.workspace.fs.readFile(file);
    const api = await policyLens();
    await api.whenLexiconsLoaded();
  });

  suiteTeardown(async () => {
    await vscode.workspace.fs.writeFile(file, original);
    const api = await policyLens();
    await waitFor('the restored actors file to load', () => api.getLexiconProblems().length === 0, 10_000);
    await closeAllWithoutSaving();
  });

  const workspaceMentions = (api: Awaited<ReturnType<typeof policyLens>>, uri: vscode.Uri) =>
    api.getAnalysis(uri)?.actors.filter((actor) => actor.actorId === WORKSPACE_ACTOR).length ?? 0;

  test('its actors are found and decorated, and the hover says where they come from', async () => {
    const api = await policyLens();
    const document = (await showFixture(OUTLOOK_FIXTURE)).document;
    const drawn = await decorationsOf(api, document);
    assert.strictEqual(api.getLexiconProblems().length, 0);
    assert.ok(workspaceMentions(api, document.uri) > 0, 'the Tana Basin Authority is found');
    const start = document.offsetAt(positionOf(document, 'Tana Basin Authority'));
    assert.ok(drawn.actors.some((range) => document.offsetAt(range.start) === start), 'and underlined');
    const hover = unescapeMarkdown(await hoverText(document.uri, positionOf(document, 'Tana Basin Authority', 2)));
    assert.ok(hover.includes('Organisation') && hover.includes('from the workspace actors file'), hover);
  });

  test('a broken file is reported with its name, line and field; built-in actors keep working; fixing it re-applies it', async () => {
    const api = await policyLens();
    const document = (await showFixture(OUTLOOK_FIXTURE)).document;
    await decorationsOf(api, document);

    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(BROKEN));
    const [problem] = await waitFor('the broken actors file to be reported', () => api.getLexiconProblems().length > 0 && api.getLexiconProblems(), 10_000);
    console.log(`    reported: ${problem.message}`);
    assert.ok(problem.message.includes('.policy-lens/actors.json'), 'names the file');
    assert.strictEqual(problem.line, 8, 'the line of the bad kind');
    assert.strictEqual(problem.field, 'actors[0].kind');
    assert.ok(problem.message.includes('river'), 'says what was wrong');
    const diagnostics = vscode.languages.getDiagnostics(file);
    assert.strictEqual(diagnostics.length, 1, 'a diagnostic stays on the file');
    assert.strictEqual(diagnostics[0].range.start.line, 7);

    await waitFor('the workspace actor to be dropped', () => workspaceMentions(api, document.uri) === 0, 10_000);
    const analysis = api.getAnalysis(document.uri);
    assert.ok(analysis?.actors.some((actor) => actor.actorId === 'imf'), 'built-in actors are still found');
    assert.ok((api.getDecorations(document.uri)?.actors.length ?? 0) > 0, 'and still decorated');

    await vscode.workspace.fs.writeFile(file, original);
    await waitFor('the fixed file to be applied', () => api.getLexiconProblems().length === 0 && workspaceMentions(api, document.uri) > 0, 10_000);
    assert.strictEqual(vscode.languages.getDiagnostics(file).length, 0, 'the diagnostic is gone');
  });
});

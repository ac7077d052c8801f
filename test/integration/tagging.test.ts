// Tagging commands in a real editor, checked where it matters: the sidecar file on disk, byte for
// byte, and what the editor shows (decorations, hovers, problems).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { decorationsOf, hoverText, offsets, unescapeMarkdown, waitFor } from './editorTestKit';
import { FISHERIES, openTagged, readSidecar, scratchCopy, sha256, sidecarJson, sidecarOnDisk, spanOf, TEST_ANALYST, taggingSuiteHooks } from './taggingTestKit';

const FORECAST = 'Stocks will probably recover by 2028 if the seasonal closure holds.';
const AUCTION = 'The quota auction is a sensible reform that rewards careful operators.';
const PRESCRIPTION = 'The directorate should publish vessel tracking data every month.';
const CATCH = 'Port Elwin, 3 March 2026 — The fisheries directorate recorded a catch of 41,000 tonnes of sardine last season, down 12 percent on the year before.';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

suite('tagging: commands and the sidecar on disk', () => {
  const cleanup = taggingSuiteHooks();

  test('Tag Claim with arguments writes the sidecar in its exact canonical form', async () => {
    const uri = await scratchCopy(FISHERIES);
    cleanup.push(uri);
    const { api, document } = await openTagged(uri);
    assert.strictEqual(readSidecar(uri), undefined, 'a text nobody tagged has no sidecar');

    const claim = spanOf(document, FORECAST);
    // Given in an order the file must not keep: tags are written in taxonomy order.
    const tagged = await vscode.commands.executeCommand<{ id: string; created: string }>('policyLens.tagClaim', {
      uri: uri.toString(),
      offset: claim.start + 3,
      tags: ['domain:trade', 'type:forecast', 'likelihood:likely'],
    });
    assert.ok(tagged, 'the command resolves to the annotation');
    const text = await sidecarOnDisk(api, uri, 'the first annotation', (content) => content);

    const body = document.getText();
    const name = uri.path.split('/').pop() ?? '';
    const expected = {
      $schema: 'policy-lens:/schemas/annotations-1.schema.json',
      version: 1,
      document: { fileName: name, sha256: sha256(body), length: body.length },
      taxonomy: { id: 'policy-lens/claims', version: 1 },
      annotations: [
        {
          id: tagged.id,
          target: {
            start: claim.start,
            end: claim.end,
            exact: FORECAST,
            prefix: body.slice(claim.start - 32, claim.start),
            suffix: body.slice(claim.end, claim.end + 32),
          },
          tags: ['type:forecast', 'domain:trade', 'likelihood:likely'],
          author: TEST_ANALYST,
          created: tagged.created,
          modified: tagged.created,
          origin: 'detected',
        },
      ],
    };
    assert.match(tagged.id, /^a-[0-9a-z]{10}$/);
    assert.match(tagged.created, ISO);
    // Key order, 2-space indent and the trailing newline are all part of the format.
    assert.strictEqual(text, JSON.stringify(expected, undefined, 2) + '\n');
  });

  test('untag, note and accepting the suggestion each land in the file; a detected claim with nothing left is dropped', async () => {
    const copy = await scratchCopy(FISHERIES);
    cleanup.push(copy);
    const { api, document } = await openTagged(copy);
    const forecast = spanOf(document, FORECAST);
    const prescription = spanOf(document, PRESCRIPTION);

    // Accept: the engine's type and likelihood become tags.
    await vscode.commands.executeCommand('policyLens.acceptSuggestion', { uri: copy.toString(), offset: forecast.start });
    await vscode.commands.executeCommand('policyLens.tagClaim', { uri: copy.toString(), offset: prescription.start, tags: ['type:prescription', 'domain:governance'] });
    await vscode.commands.executeCommand('policyLens.editNote', { uri: copy.toString(), offset: prescription.start, note: 'Ask which data the ministry means.' });
    let saved = await sidecarOnDisk(api, copy, 'three changes', (text) => text?.includes('Ask which data') && text);
    let json = JSON.parse(saved);
    assert.deepStrictEqual(
      json.annotations.map((annotation: { target: { exact: string }; tags: string[]; note?: string }) => [annotation.target.exact, annotation.tags, annotation.note]),
      [
        [FORECAST, ['type:forecast', 'likelihood:likely'], undefined],
        [PRESCRIPTION, ['type:prescription', 'domain:governance'], 'Ask which data the ministry means.'],
      ],
    );

    // Untag one tag; then every tag of the forecast: it had no note, so it is untagged again.
    await vscode.commands.executeCommand('policyLens.untagClaim', { uri: copy.toString(), offset: prescription.start, tags: ['domain:governance'] });
    await vscode.commands.executeCommand('policyLens.untagClaim', { uri: copy.toString(), offset: forecast.start, tags: ['type:forecast', 'likelihood:likely'] });
    saved = await sidecarOnDisk(api, copy, 'the tags removed', (text) => text && !text.includes('domain:governance') && !text.includes(FORECAST) && text);
    json = JSON.parse(saved);
    assert.strictEqual(json.annotations.length, 1);
    assert.deepStrictEqual(json.annotations[0].tags, ['type:prescription']);
    assert.strictEqual(json.annotations[0].note, 'Ask which data the ministry means.');

    // An empty note removes it.
    await vscode.commands.executeCommand('policyLens.editNote', { uri: copy.toString(), offset: prescription.start, note: '' });
    await sidecarOnDisk(api, copy, 'the note removed', (text) => text && !text.includes('"note"'));
  });

  test('tagging refuses a second Type and unknown tags from arguments, and a detected-only command on a selection', async () => {
    const copy = await scratchCopy(FISHERIES);
    cleanup.push(copy);
    const { api, document, editor } = await openTagged(copy);
    const forecast = spanOf(document, FORECAST);
    const before = api.getNotifications().length;

    // Adding a type replaces the type: the facet takes one.
    await vscode.commands.executeCommand('policyLens.tagClaim', { uri: copy.toString(), offset: forecast.start, tags: ['type:forecast'] });
    await vscode.commands.executeCommand('policyLens.tagClaim', { uri: copy.toString(), offset: forecast.start, tags: ['type:assessment'] });
    assert.deepStrictEqual(api.getAnnotations(copy)?.map((entry) => entry.annotation.tags), [['type:assessment']]);

    assert.strictEqual(await vscode.commands.executeCommand('policyLens.tagClaim', { uri: copy.toString(), offset: forecast.start, tags: ['mood:hopeful'] }), undefined);
    // A claim needs a type before other tags.
    const catchClaim = spanOf(document, CATCH);
    assert.strictEqual(await vscode.commands.executeCommand('policyLens.tagClaim', { uri: copy.toString(), offset: catchClaim.start, tags: ['domain:trade'] }), undefined);
    // "The fisheries directorate" is no claim of its own: nothing to accept.
    const phrase = spanOf(document, 'The fisheries directorate');
    editor.selection = new vscode.Selection(document.positionAt(phrase.start), document.positionAt(phrase.end));
    assert.strictEqual(await vscode.commands.executeCommand('policyLens.acceptSuggestion'), undefined);
    const said = api.getNotifications().slice(before).map((note) => note.message);
    assert.ok(said.some((message) => /unknown tag "mood:hopeful"/.test(message)), said.join('\n'));
    assert.ok(said.some((message) => /Pick a Type/.test(message)), said.join('\n'));
    assert.ok(said.some((message) => /no suggestion/.test(message)), said.join('\n'));
  });

  test('a selection that is not a detected claim becomes a manual claim, decorated with its tagged type', async () => {
    const copy = await scratchCopy(FISHERIES);
    cleanup.push(copy);
    const { api, document, editor } = await openTagged(copy);
    const phrase = spanOf(document, 'a sensible reform');
    // A drag that took a space on each side.
    editor.selection = new vscode.Selection(document.positionAt(phrase.start - 1), document.positionAt(phrase.end + 1));
    const manual = await vscode.commands.executeCommand<{ origin: string; target: { start: number; end: number } }>('policyLens.tagClaim', { tags: ['type:assessment'] });
    assert.ok(manual);
    assert.strictEqual(manual.origin, 'manual');
    assert.deepStrictEqual([manual.target.start, manual.target.end], [phrase.start, phrase.end], 'the blanks around the selection are left out');

    const drawn = await waitFor('the manual claim to be drawn', async () => {
      const ranges = await decorationsOf(api, document);
      return offsets(document, ranges.byStyle['tagged.assessment'] ?? []).some(([start, end]) => start === phrase.start && end === phrase.end) && ranges;
    });
    assert.ok(offsets(document, drawn.claims).some(([start, end]) => start === phrase.start && end === phrase.end), 'a manual claim gets the background of its type');
    const hover = unescapeMarkdown(await hoverText(copy, document.positionAt(phrase.start + 3)));
    assert.match(hover, /Assessment\*\* claim · tagged \(your selection\)/);
    await sidecarOnDisk(api, copy, 'the manual claim', (text) => text?.includes('"origin": "manual"'));
    assert.deepStrictEqual(
      sidecarJson(copy).annotations.map((annotation) => [annotation.target.exact, annotation.origin]),
      [['a sensible reform', 'manual']],
    );
  });

  test('decorations, hovers and problems show what was tagged', async () => {
    const copy = await scratchCopy(FISHERIES, { withSidecar: true });
    cleanup.push(copy);
    const { api, document } = await openTagged(copy);
    const auction = spanOf(document, AUCTION);
    const prescription = spanOf(document, PRESCRIPTION);
    const drawn = await decorationsOf(api, document);
    // The engine suggests Fact; the analyst said Assessment: the tagged type is drawn.
    assert.ok(offsets(document, drawn.byStyle['claims.assessment'] ?? []).some(([start, end]) => start === auction.start && end === auction.end));
    assert.ok(!offsets(document, drawn.byStyle['claims.fact'] ?? []).some(([start, end]) => start === auction.start && end === auction.end));
    assert.deepStrictEqual(offsets(document, drawn.tagged).length, 3, 'a marker before each tagged claim');

    const hover = unescapeMarkdown(await hoverText(copy, document.positionAt(auction.start + 5)));
    assert.match(hover, /\*\*Assessment\*\* claim · tagged \(suggested: Fact\)/);
    assert.match(hover, /Domain: \*\*Governance\*\* · Outlook: \*\*Optimistic\*\*/);
    assert.match(hover, /Compare with the 2019 auction results\./);

    // The file's unknown tag is kept and shown as a problem on its claim.
    const problems = await waitFor('the unknown tag as a problem', () => {
      const found = vscode.languages.getDiagnostics(copy).filter((diagnostic) => diagnostic.source === 'Policy Lens');
      return found.length > 0 && found;
    });
    assert.strictEqual(problems.length, 1);
    assert.match(problems[0].message, /"mood:urgent" is not in the taxonomy/);
    assert.deepStrictEqual([document.offsetAt(problems[0].range.start), document.offsetAt(problems[0].range.end)], [prescription.start, prescription.end]);
    const hoverUnknown = unescapeMarkdown(await hoverText(copy, document.positionAt(prescription.start + 5)));
    assert.match(hoverUnknown, /mood:urgent` \*\(not in the taxonomy\)\*/);
  });

  test('next untagged claim goes through the text from the cursor, skipping tagged ones, and wraps', async () => {
    const copy = await scratchCopy(FISHERIES, { withSidecar: true });
    cleanup.push(copy);
    const { document, editor } = await openTagged(copy);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const visited: string[] = [];
    for (let step = 0; step < 4; step++) {
      const range = await vscode.commands.executeCommand<vscode.Range>('policyLens.nextUntaggedClaim');
      assert.ok(range);
      visited.push(document.getText(range));
      assert.ok(editor.selection.isEqual(new vscode.Selection(range.end, range.start)), 'the claim is selected, cursor at its start');
    }
    // Six claims, three tagged in the sidecar: the other three, then round again.
    assert.deepStrictEqual(visited, [
      CATCH,
      'Harbour officials say that fuel subsidies could end in June.',
      'The regional council has pledged €45 million for cold storage that will serve 900 small boats.',
      CATCH,
    ]);
  });

  test('the tagging keys: Ctrl+Alt+1..5 tag a type, Ctrl+Alt+Enter accepts, and none clashes with a VS Code default', async () => {
    const copy = await scratchCopy(FISHERIES);
    cleanup.push(copy);
    const { document, editor, api } = await openTagged(copy);
    const manifest = vscode.extensions.getExtension('policy-lens.policy-lens')?.packageJSON as { contributes: { keybindings: { key: string; command: string; when?: string; args?: unknown }[] } };
    const ours = manifest.contributes.keybindings;
    const editorKeys = ours.filter((binding) => binding.when?.includes('editorLangId == policy-text'));
    const typeKeys = editorKeys.filter((binding) => /^ctrl\+alt\+[1-5]$/.test(binding.key)).map((binding) => [binding.key, binding.args]);
    assert.deepStrictEqual(typeKeys, [
      ['ctrl+alt+1', { tags: ['type:fact'] }],
      ['ctrl+alt+2', { tags: ['type:forecast'] }],
      ['ctrl+alt+3', { tags: ['type:assessment'] }],
      ['ctrl+alt+4', { tags: ['type:prescription'] }],
      ['ctrl+alt+5', { tags: ['type:attribution'] }],
    ]);
    // What the keys run, run as the keybinding would, on the claim at the cursor.
    const run = async (key: string) => {
      const binding = editorKeys.find((candidate) => candidate.key === key);
      assert.ok(binding, `no editor binding for ${key}`);
      await vscode.commands.executeCommand(binding.command, binding.args);
    };
    const forecast = spanOf(document, FORECAST);
    editor.selection = new vscode.Selection(document.positionAt(forecast.start + 4), document.positionAt(forecast.start + 4));
    await run('ctrl+alt+3');
    assert.deepStrictEqual(api.getAnnotations(copy)?.map((entry) => entry.annotation.tags), [['type:assessment']]);
    await run('ctrl+alt+enter');
    assert.deepStrictEqual(api.getAnnotations(copy)?.map((entry) => entry.annotation.tags), [['type:forecast', 'likelihood:likely']]);
    await run('ctrl+alt+u');
    assert.strictEqual(document.getText(editor.selection), 'The quota auction is a sensible reform that rewards careful operators.');

    const defaults = (await vscode.workspace.openTextDocument(vscode.Uri.parse('vscode://defaultsettings/keybindings.json'))).getText();
    // The list shows contributed keybindings too: ours are not defaults.
    const defaultKeys = [...defaults.matchAll(/\{ "key": "([^"]+)",\s+"command": "([^"]+)"(?:,\s+"when": "([^"]*)")?/g)]
      .map(([, key, command, when]) => ({ key, command, when: when ?? '' }))
      .filter((binding) => !/^_?policyLens\./.test(binding.command));
    assert.ok(defaultKeys.length > 500, `read ${defaultKeys.length} default keybindings`);
    for (const binding of ours) {
      const clashes = defaultKeys.filter((other) => other.key === binding.key);
      for (const other of clashes) {
        // Shared keys are fine only where the default cannot apply at the same time.
        const apart =
          (binding.when?.includes('focusedView == policyLens.claims') && !/focusedView|listFocus/.test(other.when) && other.command !== 'undo' && other.command !== 'redo') ||
          (binding.when?.includes('focusedView == policyLens.claims') && (other.command === 'undo' || other.command === 'redo')) ||
          (binding.when?.includes('!findWidgetVisible') && /findWidgetVisible|inQuickInput|inChat|agentSessionsViewerFocused|chatHasToolConfirmation|accessibleViewInCodeBlock|terminalFocus|chatIsEnabled/.test(other.when));
        assert.ok(apart, `${binding.key} (${binding.command}) clashes with the default ${other.command} (${other.when || 'always'})`);
      }
    }
  });

  test('undo and redo step through tag changes, and the file follows', async () => {
    const copy = await scratchCopy(FISHERIES);
    cleanup.push(copy);
    const { api, document, editor } = await openTagged(copy);
    const forecast = spanOf(document, FORECAST);
    editor.selection = new vscode.Selection(document.positionAt(forecast.start), document.positionAt(forecast.start));
    await vscode.commands.executeCommand('policyLens.tagClaim', { tags: ['type:forecast'] });
    await vscode.commands.executeCommand('policyLens.tagClaim', { tags: ['outlook:optimistic'] });
    await sidecarOnDisk(api, copy, 'two tags', (text) => text?.includes('outlook:optimistic'));
    assert.ok(await vscode.commands.executeCommand('policyLens.undoTagChange'));
    await sidecarOnDisk(api, copy, 'the second tag undone', (text) => text && !text.includes('outlook:optimistic') && text.includes('type:forecast'));
    await vscode.commands.executeCommand('policyLens.undoTagChange');
    await sidecarOnDisk(api, copy, 'the first tag undone', (text) => text && !text.includes('type:forecast'));
    assert.strictEqual(await vscode.commands.executeCommand('policyLens.undoTagChange'), undefined, 'nothing more to undo');
    await vscode.commands.executeCommand('policyLens.redoTagChange');
    await vscode.commands.executeCommand('policyLens.redoTagChange');
    await sidecarOnDisk(api, copy, 'both tags redone', (text) => text?.includes('outlook:optimistic') && text.includes('type:forecast'));
    // Ctrl+Z in the editor is the editor's: it never touched the text.
    assert.strictEqual(document.isDirty, false);
  });
});

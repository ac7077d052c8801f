// The life of a sidecar around an open text: restored after a reload, kept on its text through
// edits in the editor and changes on disk, merged when it changes under unsaved work, and never
// overwritten when it cannot be read.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { PolicyLensApi } from '../../src/extension';
import { claimLabel } from '../../src/vscode/claims/claimTreeProvider';
import { decorationsOf, offsets, policyLens, waitFor } from './editorTestKit';
import { FISHERIES, GRAIN, openTagged, readSidecar, scratchCopy, sidecarJson, sidecarOnDisk, sidecarPath, spanOf, taggingSuiteHooks } from './taggingTestKit';

const FORECAST = 'Stocks will probably recover by 2028 if the seasonal closure holds.';
const AUCTION = 'The quota auction is a sensible reform that rewards careful operators.';
const PRESCRIPTION = 'The directorate should publish vessel tracking data every month.';
const HARBOUR = 'Harbour officials say that fuel subsidies could end in June.';

/** The Claims view's node of a document, and the claims under it (by-document grouping). */
function claimsOfDocument(api: PolicyLensApi, uri: vscode.Uri) {
  const name = path.basename(uri.fsPath);
  const documentNode = api.getTreeChildren().find((item) => item.label === name);
  if (!documentNode) return undefined;
  const claims = api.getTreeChildren(documentNode.id).flatMap((type) => api.getTreeChildren(type.id).map((claim) => ({ ...claim, type: type.label })));
  return { documentNode, claims };
}

suite('sidecar lifecycle: reload, anchoring, disk changes, broken files', () => {
  const cleanup = taggingSuiteHooks();

  test('after a reload, tags, decorations and the Claims panel are restored from the file', async () => {
    const copy = await scratchCopy(FISHERIES, { withSidecar: true });
    cleanup.push(copy);
    const { api, document } = await openTagged(copy);
    const harbour = spanOf(document, HARBOUR);
    await vscode.commands.executeCommand('policyLens.tagClaim', { uri: copy.toString(), offset: harbour.start, tags: ['type:attribution', 'evidence:sourced'] });
    await api.flushSaves();
    const before = api.getAnnotations(copy)?.map((entry) => [entry.annotation.id, entry.annotation.tags.join(' ')]);

    await api.simulateReload();

    await waitFor('the annotations to load again', () => api.getSidecarState(copy)?.state === 'ready');
    assert.deepStrictEqual(api.getAnnotations(copy)?.map((entry) => [entry.annotation.id, entry.annotation.tags.join(' ')]), before);
    const auction = spanOf(document, AUCTION);
    const drawn = await waitFor('decorations with the tagged types', async () => {
      const ranges = await decorationsOf(api, document);
      return ranges.tagged.length === 4 && ranges;
    });
    assert.ok(offsets(document, drawn.byStyle['claims.assessment'] ?? []).some(([start]) => start === auction.start), 'the tagged type, not the suggestion');
    const tree = await waitFor('the document in the Claims panel', () => claimsOfDocument(api, copy));
    assert.strictEqual(tree.claims.length, 6);
    const harbourItem = tree.claims.find((claim) => claim.label === claimLabel(HARBOUR));
    assert.strictEqual(harbourItem?.description, 'Attribution · Sourced');
    assert.strictEqual(harbourItem?.contextValue, 'claim-tagged');
  });

  test('an edit above a claim moves its anchor; saving the text writes the new offsets', async () => {
    const copy = await scratchCopy(FISHERIES, { withSidecar: true });
    cleanup.push(copy);
    const { api, document, editor } = await openTagged(copy);
    const before = spanOf(document, FORECAST);
    const inserted = 'Editorial note: figures revised on 5 March.\n\n';
    assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), inserted)));
    const moved = api.getAnnotations(copy)?.find((entry) => entry.annotation.target.exact === FORECAST);
    assert.strictEqual(moved?.annotation.target.start, before.start + inserted.length, 'the anchor moves with the edit at once');
    assert.strictEqual(document.getText().slice(moved.annotation.target.start, moved.annotation.target.end), FORECAST);

    assert.ok(await document.save());
    await sidecarOnDisk(api, copy, 'the moved offsets', (text) => text?.includes(`"start": ${before.start + inserted.length},`));
    const onDisk = sidecarJson(copy).annotations.find((annotation) => annotation.target.exact === FORECAST);
    assert.strictEqual(onDisk?.target.start, before.start + inserted.length);
  });

  test('the text changed on disk: annotations are found again by their quote, or orphaned, and an orphan can be attached again', async () => {
    const copy = await scratchCopy(FISHERIES, { withSidecar: true });
    cleanup.push(copy);
    const { api, document } = await openTagged(copy);
    const seen = api.getNotifications().length;
    const original = document.getText();
    // As a git pull would: a new first paragraph, and the auction sentence rewritten.
    const rewritten = 'The auction reform is sound and it rewards careful operators.';
    const changed = original.replace('Coastal Fisheries Recovery Plan\n', 'Coastal Fisheries Recovery Plan\n\nRevised after the council hearing of 4 March.\n').replace(AUCTION, rewritten);
    fs.writeFileSync(copy.fsPath, changed);

    await waitFor('the editor to reload the text', () => document.getText() === changed, 10_000);
    const orphan = await waitFor('the rewritten claim to be orphaned', () => api.getAnnotations(copy)?.find((entry) => entry.orphan !== undefined));
    assert.strictEqual(orphan.annotation.target.exact, AUCTION);
    const forecast = api.getAnnotations(copy)?.find((entry) => entry.annotation.target.exact === FORECAST);
    assert.strictEqual(forecast?.annotation.target.start, changed.indexOf(FORECAST), 'the other annotations are found again');
    const said = await waitFor('the analyst to be told', () => api.getNotifications().slice(seen).find((note) => /changed on disk: 1 annotation could not be placed/.test(note.message)));
    assert.match(said.message, /Orphaned in the Claims panel/);

    const orphanedGroup = await waitFor('the Orphaned group', () => api.getTreeChildren().find((item) => item.contextValue === 'orphaned'));
    const orphanItems = api.getTreeChildren(orphanedGroup.id);
    const item = orphanItems.find((candidate) => candidate.label === claimLabel(AUCTION));
    assert.ok(item, `orphans: ${orphanItems.map((candidate) => candidate.label).join(' | ')}`);
    assert.strictEqual(item.contextValue, 'orphan');

    // The analyst selects the rewritten sentence and attaches the orphan to it, from the panel.
    const editor = await vscode.window.showTextDocument(document);
    const target = spanOf(document, rewritten);
    editor.selection = new vscode.Selection(document.positionAt(target.start), document.positionAt(target.end));
    const attached = await vscode.commands.executeCommand<{ target: { exact: string }; tags: string[] }>('policyLens.attachOrphan', item.id);
    assert.strictEqual(attached?.target.exact, rewritten);
    assert.deepStrictEqual(attached.tags, ['type:assessment', 'domain:governance', 'outlook:optimistic']);
    await sidecarOnDisk(api, copy, 'the attached annotation', (text) => text?.includes(rewritten));
    await waitFor('the Orphaned group to empty', () => !api.getTreeChildren().some((node) => node.contextValue === 'orphaned' && api.getTreeChildren(node.id).some((child) => child.label === claimLabel(AUCTION))));
  });

  test('the sidecar changed on disk while tags were unsaved: both are kept, and the analyst is told', async () => {
    const copy = await scratchCopy(FISHERIES, { withSidecar: true });
    cleanup.push(copy);
    const { api, document } = await openTagged(copy);
    const seen = api.getNotifications().length;
    const onDisk = readSidecar(copy) ?? '';
    // A colleague's note, pulled while our new tag is still waiting to be saved.
    const theirs = onDisk.replace('"author": "Fixture Analyst",\n      "created": "2026-03-04T09:15:00.000Z",\n      "modified": "2026-03-04T09:15:00.000Z"', '"note": "Checked with the survey team.",\n      "author": "Colleague",\n      "created": "2026-03-04T09:15:00.000Z",\n      "modified": "2026-03-05T08:00:00.000Z"');
    assert.notStrictEqual(theirs, onDisk);
    const harbour = spanOf(document, HARBOUR);
    await vscode.commands.executeCommand('policyLens.tagClaim', { uri: copy.toString(), offset: harbour.start, tags: ['type:attribution'] });
    fs.writeFileSync(sidecarPath(copy), theirs);

    const merged = await waitFor('the merge to be announced', () => api.getNotifications().slice(seen).find((note) => /changed on disk and was merged with your unsaved tags/.test(note.message)), 10_000);
    assert.match(merged.message, /1 updated/);
    await sidecarOnDisk(api, copy, 'both changes', (text) => text?.includes('Checked with the survey team.') && text.includes(HARBOUR));
    const annotations = sidecarJson(copy).annotations;
    assert.strictEqual(annotations.length, 4);
  });

  test('the sidecar changed on disk with nothing unsaved: reloaded quietly', async () => {
    const copy = await scratchCopy(FISHERIES, { withSidecar: true });
    cleanup.push(copy);
    const { api } = await openTagged(copy);
    const seen = api.getNotifications().length;
    fs.writeFileSync(sidecarPath(copy), (readSidecar(copy) ?? '').replace('"type:prescription",\n        "mood:urgent"', '"type:prescription"'));
    await waitFor('the file to be reloaded', () => api.getAnnotations(copy)?.some((entry) => entry.annotation.target.exact === PRESCRIPTION && entry.annotation.tags.join() === 'type:prescription'));
    assert.deepStrictEqual(api.getNotifications().slice(seen), []);
  });

  test('a broken sidecar is never overwritten: tagging is refused with the reason, and it can be set aside', async () => {
    const copy = await scratchCopy(GRAIN, { withSidecar: true });
    cleanup.push(copy);
    const bytes = fs.readFileSync(sidecarPath(copy));
    const api = await policyLens();
    const notificationsBefore = api.getNotifications().length;
    const { document } = await openTagged(copy);
    const state = api.getSidecarState(copy);
    assert.strictEqual(state?.state, 'broken');
    const name = path.basename(sidecarPath(copy));
    const error = await waitFor('the error message', () => api.getNotifications().slice(notificationsBefore).find((note) => note.severity === 'error'));
    assert.match(error.message, new RegExp(`^${name.replace(/[.]/g, '\\.')}: not valid JSON at line 6, column \\d+`));
    assert.match(error.message, /read-only until the file is fixed or set aside/);
    const problem = await waitFor('a problem on the sidecar', () => vscode.languages.getDiagnostics(vscode.Uri.file(sidecarPath(copy))).find((diagnostic) => diagnostic.source === 'Policy Lens'));
    assert.strictEqual(problem.range.start.line, 5);

    const claim = spanOf(document, 'The audit office should inspect the northern depots before winter.');
    assert.strictEqual(await vscode.commands.executeCommand('policyLens.tagClaim', { uri: copy.toString(), offset: claim.start, tags: ['type:prescription'] }), undefined);
    assert.strictEqual(await vscode.commands.executeCommand('policyLens.acceptSuggestion', { uri: copy.toString(), offset: claim.start }), undefined);
    await api.flushSaves();
    assert.ok(fs.readFileSync(sidecarPath(copy)).equals(bytes), 'the broken file is byte for byte as it was');
    const refusals = api.getNotifications().slice(notificationsBefore).filter((note) => /cannot be changed until the file is fixed or set aside/.test(note.message));
    assert.strictEqual(refusals.length, 2, 'each attempt says why');

    const backup = await api.setAsideSidecar(copy);
    assert.ok(backup && fs.readFileSync(backup).equals(bytes), 'set aside with every byte kept');
    assert.ok(!fs.existsSync(sidecarPath(copy)));
    assert.strictEqual(api.getSidecarState(copy)?.state, 'ready');
    await vscode.commands.executeCommand('policyLens.tagClaim', { uri: copy.toString(), offset: claim.start, tags: ['type:prescription'] });
    await sidecarOnDisk(api, copy, 'a fresh sidecar', (text) => text?.includes('"type:prescription"'));
  });

  test('a sidecar that is JSON but not valid names the field; one from a newer version says so', async () => {
    const copy = await scratchCopy(FISHERIES, { withSidecar: true });
    cleanup.push(copy);
    const valid = readSidecar(copy) ?? '';
    fs.writeFileSync(sidecarPath(copy), valid.replace('"start": 249,', '"start": "249",'));
    const api = await policyLens();
    const seen = api.getNotifications().length;
    await openTagged(copy);
    const state = api.getSidecarState(copy);
    assert.strictEqual(state?.state, 'broken');
    assert.match(state.brokenMessage ?? '', /annotations\[1\]\.target\.start: expected a (whole )?number, found a string \("249"\)/);
    assert.ok(api.getNotifications().slice(seen).some((note) => note.severity === 'error' && note.message.includes('annotations[1].target.start')));

    // Fixed by hand: tagging works again.
    fs.writeFileSync(sidecarPath(copy), valid.replace('"version": 1,', '"version": 2,'));
    await waitFor('the newer version to be reported', () => /newer version of Policy Lens/.test(api.getSidecarState(copy)?.brokenMessage ?? ''), 10_000);
    fs.writeFileSync(sidecarPath(copy), valid);
    await waitFor('the fixed file to load', () => api.getSidecarState(copy)?.state === 'ready', 10_000);
    assert.strictEqual(api.getAnnotations(copy)?.length, 3);
  });
});

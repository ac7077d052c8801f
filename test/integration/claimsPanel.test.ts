// The Claims and Taxonomy views over the whole fixture workspace: every policy text indexed (open
// or not), grouped both ways with counts, the badge, the filter (kept across a reload), following
// the cursor, and staying current when files change on disk.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import type { PolicyLensApi, TreeItemSnapshot } from '../../src/vscode/api';
import { claimLabel } from '../../src/vscode/claims/claimTreeProvider';
import { fixtureUri, policyLens, waitFor } from './editorTestKit';
import { FISHERIES, openTagged, SCRATCH_FOLDER, scratchCopy, sidecarOnDisk, spanOf, taggingSuiteHooks } from './taggingTestKit';

const AUCTION = 'The quota auction is a sensible reform that rewards careful operators.';

function documentItem(api: PolicyLensApi, label: string): TreeItemSnapshot | undefined {
  return api.getTreeChildren().find((item) => item.label === label && item.contextValue?.startsWith('document'));
}

/** Type groups of a document, as "Label count", and its claims as "text — description". */
function documentTree(api: PolicyLensApi, label: string): { types: string[]; claims: string[] } {
  const document = documentItem(api, label);
  assert.ok(document, `${label} is in the Claims panel (top level: ${api.getTreeChildren().map((item) => item.label).join(', ')})`);
  const types = api.getTreeChildren(document.id);
  return {
    types: types.map((type) => `${type.label} ${type.description}`),
    claims: types.flatMap((type) => api.getTreeChildren(type.id).map((claim) => `${claim.label} — ${claim.description}`)),
  };
}

suite('Claims and Taxonomy views', () => {
  const cleanup = taggingSuiteHooks(async () => {
    const api = await policyLens();
    await vscode.commands.executeCommand('policyLens.clearClaimFilter');
    await vscode.commands.executeCommand('policyLens.groupClaimsByDocument');
    await api.whenIndexed();
  });

  // After the shared hooks, which Mocha runs first: auto-save is off and the analyst set by now.
  suiteSetup(async () => {
    const api = await policyLens();
    // Earlier suites' scratch copies are gone from disk; wait until they are gone from the index.
    await waitFor('earlier scratch copies to leave the index', async () => {
      await api.whenIndexed();
      return !JSON.stringify(api.getClaimTree(1)).includes(SCRATCH_FOLDER);
    }, 10_000);
  });

  // After the shared teardown has closed the editors and disposed of the scratch copies.
  teardown(async () => {
    await vscode.commands.executeCommand('policyLens.clearClaimFilter');
  });

  test('every policy text of the workspace is listed, open or not, by document → type → claim, with counts', async () => {
    const api = await policyLens();
    const report = await api.whenIndexed();
    console.log(`    indexed ${report.files} policy texts in ${report.ms.toFixed(0)} ms (${report.batches} batches)`);
    const labels = api.getTreeChildren().map((item) => item.label);
    for (const name of ['000_6a4175332d62ce25.txt', '004_0f3ada08bff3d650.txt', 'brief.policy.txt', 'fiscal-outlook.policy.txt', 'coastal-fisheries.policy.txt', 'grain-reserve.policy.txt']) {
      assert.ok(labels.includes(name), `${name} is listed: ${labels.join(', ')}`);
    }
    assert.ok(!labels.includes('notes.txt') && !labels.includes('123_not-a-seed.txt'), 'plain texts are not');

    assert.strictEqual(documentItem(api, 'fiscal-outlook.policy.txt')?.description, '8 claims · 8 untagged');
    assert.strictEqual(documentItem(api, 'coastal-fisheries.policy.txt')?.description, 'annotated · 6 claims · 3 untagged');
    const broken = documentItem(api, 'grain-reserve.policy.txt');
    assert.strictEqual(broken?.contextValue, 'document-broken');
    assert.match(broken.description ?? '', /^annotations file broken · /);
    assert.match(broken.tooltip ?? '', /not valid JSON/);

    const coastal = documentTree(api, 'coastal-fisheries.policy.txt');
    assert.deepStrictEqual(coastal.types, ['Fact 1', 'Forecast 2', 'Assessment 1', 'Prescription 1', 'Attribution 1']);
    assert.deepStrictEqual(coastal.claims, [
      `${claimLabel('Port Elwin, 3 March 2026 — The fisheries directorate recorded a catch of 41,000 tonnes of sardine last season, down 12 percent on the year before.')} — suggested: fact`,
      `${claimLabel('Stocks will probably recover by 2028 if the seasonal closure holds.')} — Forecast · Optimistic · Likely`,
      `${claimLabel('The regional council has pledged €45 million for cold storage that will serve 900 small boats.')} — suggested: forecast`,
      `${claimLabel(AUCTION)} — Assessment · Governance · Optimistic · note`,
      `${claimLabel('The directorate should publish vessel tracking data every month.')} — Prescription · mood:urgent`,
      `${claimLabel('Harbour officials say that fuel subsidies could end in June.')} — suggested: attribution, roughly even chance`,
    ]);
    assert.strictEqual(claimLabel(AUCTION), 'The quota auction is a sensible reform…', 'labels are the first words');
    const auction = api
      .getTreeChildren(documentItem(api, 'coastal-fisheries.policy.txt')?.id)
      .flatMap((type) => api.getTreeChildren(type.id))
      .find((claim) => claim.label === claimLabel(AUCTION));
    assert.strictEqual(auction?.contextValue, 'claim-tagged');
    assert.strictEqual(auction.icon, 'circle-filled');
    assert.match(auction.tooltip ?? '', /\*\*Assessment\*\* · tagged \(suggested: Fact\)/);
    assert.match(auction.tooltip ?? '', /Compare with the 2019 auction results/);
    assert.strictEqual(auction.command?.command, '_policyLens.openClaim');

    // The badge counts every untagged claim of the workspace.
    const untagged = api
      .getTreeChildren()
      .filter((item) => item.contextValue?.startsWith('document'))
      .reduce((sum, item) => sum + Number(/(\d+) untagged/.exec(item.description ?? '')?.[1] ?? 0), 0);
    assert.ok(untagged > 0);
    assert.strictEqual(api.getClaimsView().badge, untagged);
  });

  test('grouped by tag: tags in taxonomy order, unknown tags marked, the untagged last', async () => {
    const api = await policyLens();
    await api.whenIndexed();
    await vscode.commands.executeCommand('policyLens.groupClaimsByTag');
    try {
      const top = api.getTreeChildren().map((item) => `${item.label} (${item.description})`);
      assert.deepStrictEqual(top.slice(0, 8), [
        'Type: Forecast (1)',
        'Type: Assessment (1)',
        'Type: Prescription (1)',
        'Domain: Governance (1)',
        'Outlook: Optimistic (2)',
        'Likelihood: Likely (1)',
        'mood:urgent (not in the taxonomy · 1)',
        `Untagged (${api.getClaimsView().badge})`,
      ]);
      const optimistic = api.getTreeChildren().find((item) => item.label === 'Outlook: Optimistic');
      const documents = api.getTreeChildren(optimistic?.id);
      assert.deepStrictEqual(documents.map((item) => `${item.label} ${item.description}`), ['coastal-fisheries.policy.txt annotated · 2']);
      assert.deepStrictEqual(api.getTreeChildren(documents[0].id).map((item) => item.label), [claimLabel('Stocks will probably recover by 2028 if the seasonal closure holds.'), claimLabel(AUCTION)]);
    } finally {
      await vscode.commands.executeCommand('policyLens.groupClaimsByDocument');
    }
    assert.strictEqual(api.getClaimsView().grouping, 'by-document');
  });

  test('the filter narrows the tree, shows in the view, and is restored after a reload', async () => {
    const api = await policyLens();
    await api.whenIndexed();
    await vscode.commands.executeCommand('policyLens.filterClaims', { untaggedOnly: true });
    let view = api.getClaimsView();
    assert.strictEqual(view.description, 'untagged');
    assert.match(view.message ?? '', /^Showing untagged claims\./);
    assert.strictEqual(documentItem(api, 'coastal-fisheries.policy.txt')?.description, 'annotated · 3 matching');

    await vscode.commands.executeCommand('policyLens.filterClaims', { actor: 'International Monetary Fund', text: 'talks' });
    view = api.getClaimsView();
    assert.strictEqual(view.description, 'actor: International Monetary Fund · “talks”');
    assert.deepStrictEqual(api.getTreeChildren().map((item) => `${item.label} ${item.description}`), ['fiscal-outlook.policy.txt 1 matching']);

    await api.simulateReload();
    view = api.getClaimsView();
    assert.deepStrictEqual(view.filter, { actor: 'International Monetary Fund', text: 'talks' }, 'the filter came back from workspaceState');
    assert.deepStrictEqual(api.getTreeChildren().map((item) => item.label), ['fiscal-outlook.policy.txt']);

    await vscode.commands.executeCommand('policyLens.clearClaimFilter');
    assert.deepStrictEqual(api.getClaimsView().filter, {});
    assert.strictEqual(api.getClaimsView().description, undefined);
  });

  test('the Taxonomy view counts tags across the workspace; a value filters the Claims panel', async () => {
    const api = await policyLens();
    await api.whenIndexed();
    const facets = api.getTaxonomyChildren();
    assert.deepStrictEqual(
      facets.map((facet) => `${facet.label}: ${facet.description}`),
      ['Type: exactly one · 3 used', 'Domain: any number · 1 used', 'Outlook: at most one · 2 used', 'Evidence: at most one · 0 used', 'Likelihood: at most one · 1 used', 'Not in the taxonomy: 1 tag'],
    );
    const types = api.getTaxonomyChildren(facets[0].id);
    assert.deepStrictEqual(types.map((value) => `${value.label} ${value.description}`), ['Fact 0', 'Forecast 1', 'Assessment 1', 'Prescription 1', 'Attribution 0']);
    assert.match(types[2].tooltip ?? '', /An evaluation or judgement, without a forecast\./);
    assert.deepStrictEqual(api.getTaxonomyChildren(facets[5].id).map((value) => `${value.label} ${value.description}`), ['mood:urgent 1']);

    // Clicking a value runs its command: the Claims panel shows the claims with that tag.
    const assessment = types[2];
    assert.ok(assessment.command);
    await vscode.commands.executeCommand(assessment.command.command, ...assessment.command.arguments);
    assert.deepStrictEqual(api.getClaimsView().filter, { tags: ['type:assessment'] });
    assert.deepStrictEqual(api.getTreeChildren().map((item) => `${item.label} ${item.description}`), ['coastal-fisheries.policy.txt annotated · 1 matching']);
    await vscode.commands.executeCommand('policyLens.clearClaimFilter');

    // Tagging updates the counts.
    const copy = await scratchCopy(FISHERIES);
    cleanup.push(copy);
    const { document } = await openTagged(copy);
    await vscode.commands.executeCommand('policyLens.tagClaim', { uri: copy.toString(), offset: spanOf(document, AUCTION).start, tags: ['type:assessment'] });
    await waitFor('the count of Assessment to follow', () => api.getTaxonomyChildren(facets[0].id).find((value) => value.label === 'Assessment')?.description === '2');
  });

  test('clicking a claim opens it selected; the panel follows the cursor and the badge follows tagging', async () => {
    const api = await policyLens();
    await api.whenIndexed();
    assert.strictEqual(await vscode.commands.executeCommand('policyLens.showClaimsPanel'), true);
    await waitFor('the Claims view to be visible', () => api.getClaimsView().visible);

    const outlook = documentItem(api, 'fiscal-outlook.policy.txt');
    const claims = api.getTreeChildren(outlook?.id).flatMap((type) => api.getTreeChildren(type.id));
    const levy = claims.find((claim) => claim.label.startsWith('The new drought levy'));
    assert.ok(levy?.command);
    await vscode.commands.executeCommand(levy.command.command, ...levy.command.arguments);
    const editor = await waitFor('the editor', () => vscode.window.activeTextEditor?.document.uri.path.endsWith('fiscal-outlook.policy.txt') && vscode.window.activeTextEditor);
    assert.strictEqual(editor.document.getText(editor.selection), 'The new drought levy is a clumsy instrument that punishes small farmers.');

    // Moving the cursor into another claim selects it in the panel.
    const officials = editor.document.getText().indexOf('Officials in Nairobi');
    editor.selection = new vscode.Selection(editor.document.positionAt(officials + 10), editor.document.positionAt(officials + 10));
    const followed = claims.find((claim) => claim.label.startsWith('Officials in Nairobi'));
    await waitFor('the panel to follow the cursor', () => api.getClaimsView().selection[0] === followed?.id).catch((error) => {
      console.log(`    (selection ${JSON.stringify(api.getClaimsView().selection)}, expected ${followed?.id}, visible ${api.getClaimsView().visible})`);
      throw error;
    });

    const badge = api.getClaimsView().badge ?? 0;
    await vscode.commands.executeCommand('policyLens.tagClaim', { tags: ['type:attribution'] });
    try {
      await waitFor('the document to count one untagged claim fewer', () => documentItem(api, 'fiscal-outlook.policy.txt')?.description === '8 claims · 7 untagged');
      await waitFor('the badge to count fewer', () => (api.getClaimsView().badge ?? 0) < badge);
      await waitFor('the claim to show its tag', () =>
        api
          .getTreeChildren(documentItem(api, 'fiscal-outlook.policy.txt')?.id)
          .flatMap((type) => api.getTreeChildren(type.id))
          .some((claim) => claim.label.startsWith('Officials in Nairobi') && claim.description === 'Attribution'),
      );
    } finally {
      // Leave the fixture untagged for the other suites.
      await vscode.commands.executeCommand('policyLens.undoTagChange');
      await sidecarOnDisk(api, editor.document.uri, 'the tag undone', (text) => text === undefined || !text.includes('type:attribution'));
      fs.rmSync(`${editor.document.uri.fsPath}.annotations.json`, { force: true });
    }
  });

  test('a text nobody has open follows its files on disk: a new sidecar, a deleted text', async () => {
    const api = await policyLens();
    await api.whenIndexed();
    const copy = await scratchCopy(FISHERIES);
    cleanup.push(copy);
    const name = copy.path.split('/').pop() ?? '';
    await waitFor('the new text in the panel', () => documentItem(api, name)?.description === `${SCRATCH_FOLDER} · 6 claims · 6 untagged`, 10_000);
    // A sidecar arrives (a git pull): the closed text shows its tags.
    const sidecar = fs.readFileSync(`${fixtureUri(...FISHERIES).fsPath}.annotations.json`, 'utf8').replace('"fileName": "coastal-fisheries.policy.txt"', `"fileName": "${name}"`);
    fs.writeFileSync(`${copy.fsPath}.annotations.json`, sidecar);
    await waitFor('the tags of the closed text', () => documentItem(api, name)?.description === `${SCRATCH_FOLDER} · 6 claims · 3 untagged`, 10_000);
    copy.dispose();
    await waitFor('the deleted text to leave the panel', () => documentItem(api, name) === undefined, 10_000);
  });
});

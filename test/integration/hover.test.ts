// Hovers through VS Code's own hover command: figures in words, actors with their lexicon
// entry, claims with the type, likelihood, source and cues the engine used.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { claimTypeLabel, likelihoodLabel } from '../../src/vscode/describe';
import { closeAllWithoutSaving, decorationsOf, engineAnalysis, hoverText, OUTLOOK_FIXTURE, policyLens, positionOf, showFixture, unescapeMarkdown, waitFor } from './editorTestKit';

suite('hovers', () => {
  let document: vscode.TextDocument;

  suiteSetup(async () => {
    const api = await policyLens();
    await api.whenLexiconsLoaded();
    document = (await showFixture(OUTLOOK_FIXTURE)).document;
    await decorationsOf(api, document);
  });

  suiteTeardown(closeAllWithoutSaving);

  test('a figure shows its kind and normalised value in words', async () => {
    const hover = unescapeMarkdown(await hoverText(document.uri, positionOf(document, '$2 billion', 1)));
    console.log(`    ${hover.replace(/\n/g, ' | ')}`);
    assert.ok(hover.includes('Money:'), hover);
    assert.ok(hover.includes('2,000,000,000 USD'), hover);

    const percent = unescapeMarkdown(await hoverText(document.uri, positionOf(document, '4.5 percent', 1)));
    assert.ok(percent.includes('Percent:') && percent.includes('4.5 percent'), percent);
  });

  test('an actor shows its canonical name, kind, aliases and how often it appears', async () => {
    const analysis = await engineAnalysis(document);
    const mention = analysis.actors.find((actor) => actor.text === 'IMF');
    assert.ok(mention, 'the engine finds the IMF');
    const hover = unescapeMarkdown(await hoverText(document.uri, positionOf(document, 'IMF', 1)));
    console.log(`    ${hover.replace(/\n/g, ' | ')}`);
    assert.ok(hover.includes('International Monetary Fund'), 'canonical name');
    assert.ok(hover.includes('Organisation'), 'kind');
    const mentions = analysis.actors.filter((actor) => actor.actorId === mention.actorId).length;
    assert.ok(hover.includes(`${mentions} mention`), `mention count ${mentions}`);

    const bloc = unescapeMarkdown(await hoverText(document.uri, positionOf(document, 'European Union', 3)));
    assert.ok(bloc.includes('Bloc') && bloc.includes('Also:') && bloc.includes('EU'), `aliases from the lexicon: ${bloc}`);
  });

  test('a claim shows its suggested type, likelihood, source and cue words', async () => {
    const analysis = await engineAnalysis(document);
    for (const needle of ['miss its', 'should tie', 'say talks']) {
      const position = positionOf(document, needle, 1);
      const offset = document.offsetAt(position);
      const claim = analysis.claims.find((c) => c.start <= offset && offset < c.end);
      assert.ok(claim, `a claim contains "${needle}"`);
      const hover = unescapeMarkdown(await hoverText(document.uri, position));
      console.log(`    ${hover.replace(/\n+/g, ' | ')}`);
      assert.ok(hover.includes(`${claimTypeLabel(claim.type)}** claim`), `type ${claim.type}`);
      assert.ok(hover.includes('suggested'));
      if (claim.likelihood) assert.ok(hover.includes(likelihoodLabel(claim.likelihood)), `likelihood ${claim.likelihood}`);
      if (claim.source) assert.ok(hover.includes(claim.source.text), `source ${claim.source.text}`);
      for (const cue of claim.cues) assert.ok(hover.includes(`“${cue.text}”`), `cue ${cue.text}`);
    }
  });

  test('a hidden layer has no hovers', async () => {
    await vscode.workspace.getConfiguration('policyLens').update('layers.figures', false, vscode.ConfigurationTarget.Global);
    try {
      // The setting reaches the extension host a moment after update() resolves.
      await waitFor('the figure hover to go', async () => !unescapeMarkdown(await hoverText(document.uri, positionOf(document, '$2 billion', 1))).includes('Money:'));
    } finally {
      await vscode.workspace.getConfiguration('policyLens').update('layers.figures', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});

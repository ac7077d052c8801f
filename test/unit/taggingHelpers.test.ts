import * as assert from 'node:assert/strict';
import type { MergeSummary } from '../../src/core/annotationStore';
import { filterDescription, filterMessage } from '../../src/vscode/claims/filterText';
import { describeMerge, describeOrphansAfterLoad, describeReanchor, mergeChangedSomething } from '../../src/vscode/annotations/messages';
import { claimSpanAt, nextUntaggedSpan, trimSpan, untaggedSpans } from '../../src/vscode/tagging/claimSpans';
import { parseTargetArgs } from '../../src/vscode/tagging/commandArgs';
import { applyPickRules, parseTagList, pickProblem, shortTagList, tagLabel, typeOfTags } from '../../src/vscode/tagging/tagRules';

// The vscode-free helpers of the tagging layer: what the tag picker enforces, which claim a
// command acts on, how command arguments are read, and the words the analyst sees.

describe('tag picker rules', () => {
  it('moves the tick in a single-valued facet to the newest pick, like a radio button', () => {
    const { tags, replaced } = applyPickRules(['type:fact', 'domain:trade'], ['type:fact', 'domain:trade', 'type:forecast']);
    assert.deepEqual(tags, ['domain:trade', 'type:forecast']);
    assert.deepEqual(replaced, ['type:fact']);
  });

  it('applies to every facet that takes one value, and leaves multi-valued facets alone', () => {
    const previous = ['type:forecast', 'outlook:optimistic', 'likelihood:likely', 'domain:trade'];
    const selected = [...previous, 'outlook:mixed', 'likelihood:very-likely', 'domain:energy', 'evidence:sourced'];
    const { tags, replaced } = applyPickRules(previous, selected);
    assert.deepEqual(tags, ['type:forecast', 'domain:trade', 'outlook:mixed', 'likelihood:very-likely', 'domain:energy', 'evidence:sourced']);
    assert.deepEqual(replaced.sort(), ['likelihood:likely', 'outlook:optimistic']);
  });

  it('keeps the last of several values picked at once (no earlier selection to tell them apart)', () => {
    assert.deepEqual(applyPickRules([], ['type:fact', 'type:assessment']).tags, ['type:assessment']);
  });

  it('never touches tags the taxonomy does not know', () => {
    assert.deepEqual(applyPickRules(['mood:urgent'], ['mood:urgent', 'mood:calm', 'type:fact']).tags, ['mood:urgent', 'mood:calm', 'type:fact']);
  });

  it('asks for a Type before other tags, but lets the analyst remove every tag', () => {
    assert.match(pickProblem(['domain:trade']) ?? '', /Pick a Type/);
    assert.equal(pickProblem(['domain:trade', 'type:fact']), undefined);
    assert.equal(pickProblem([]), undefined);
  });

  it('labels tags by facet and value, and lists them in taxonomy order', () => {
    assert.equal(tagLabel('likelihood:even-chance'), 'Likelihood: Roughly even chance');
    assert.equal(tagLabel('mood:urgent'), 'mood:urgent');
    assert.equal(shortTagList(['likelihood:likely', 'domain:trade', 'type:forecast', 'mood:urgent']), 'Forecast · Trade · Likely · mood:urgent');
    assert.equal(typeOfTags(['domain:trade', 'type:prescription']), 'prescription');
    assert.equal(typeOfTags(['type:guess']), undefined);
  });

  it('reads tags given to a command as a string or a list, and refuses anything else', () => {
    assert.deepEqual(parseTagList('type:fact'), ['type:fact']);
    assert.deepEqual(parseTagList([' type:fact ', 'domain:aid']), ['type:fact', 'domain:aid']);
    assert.equal(parseTagList(['type:fact', 3]), undefined);
    assert.equal(parseTagList({ tag: 'type:fact' }), undefined);
  });
});

describe('claim spans', () => {
  const claims = [
    { start: 0, end: 20 },
    { start: 21, end: 50 },
    { start: 51, end: 80 },
  ];

  it('finds the claim at the cursor, the shortest when they nest, or the one just before it', () => {
    assert.deepEqual(claimSpanAt(claims, 25), { start: 21, end: 50 });
    assert.deepEqual(claimSpanAt([...claims, { start: 30, end: 35 }], 32), { start: 30, end: 35 });
    // After the full stop of the last claim of a paragraph.
    assert.deepEqual(claimSpanAt(claims, 80), { start: 51, end: 80 });
    // Between claims, touching one end: the claim it ends.
    assert.deepEqual(claimSpanAt(claims, 20), { start: 0, end: 20 });
    assert.equal(claimSpanAt(claims, 90), undefined);
  });

  it('lists untagged claims: detected ones without tags, and annotated spans whose tags were removed', () => {
    const annotations = [
      { start: 21, end: 50, tags: ['type:fact'] },
      { start: 51, end: 80, tags: [] },
      { start: 60, end: 65, tags: [] },
      { start: 2, end: 9, tags: ['type:assessment'] },
    ];
    assert.deepEqual(untaggedSpans(claims, annotations), [
      { start: 0, end: 20 },
      { start: 51, end: 80 },
      { start: 60, end: 65 },
    ]);
  });

  it('goes to the next untagged claim after the cursor, wrapping, and to none when all are tagged', () => {
    const annotations = [{ start: 21, end: 50, tags: ['type:fact'] }];
    assert.deepEqual(nextUntaggedSpan(claims, annotations, 0), { start: 51, end: 80 });
    assert.deepEqual(nextUntaggedSpan(claims, annotations, 51), { start: 0, end: 20 });
    const all = claims.map((claim) => ({ ...claim, tags: ['type:fact'] }));
    assert.equal(nextUntaggedSpan(claims, all, 0), undefined);
  });

  it('trims the blanks a selection took at either end', () => {
    const text = '  The levy is clumsy.\n';
    assert.deepEqual(trimSpan(text, { start: 0, end: text.length }), { start: 2, end: 21 });
    assert.equal(trimSpan(text, { start: 0, end: 2 }), undefined);
  });
});

describe('command arguments', () => {
  it('reads what keybindings and scripts pass', () => {
    assert.deepEqual(parseTargetArgs({ tags: ['type:fact'] }), { ok: true, args: { tags: ['type:fact'] } });
    assert.deepEqual(parseTargetArgs({ uri: 'file:///w/a.policy.txt', offset: 12, tags: 'type:fact', replace: true }), {
      ok: true,
      args: { uri: 'file:///w/a.policy.txt', offset: 12, tags: ['type:fact'], replace: true },
    });
    assert.deepEqual(parseTargetArgs({ range: [1, 2, 1, 9] }), { ok: true, args: { range: { start: { line: 1, character: 2 }, end: { line: 1, character: 9 } } } });
    assert.deepEqual(parseTargetArgs({ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } }, note: 'check' }), {
      ok: true,
      args: { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } }, note: 'check' },
    });
    assert.deepEqual(parseTargetArgs(undefined), { ok: true, args: {} });
  });

  it('takes a vscode.Uri as well as a string, by its string form', () => {
    const uri = { scheme: 'file', toString: () => 'file:///w/b.policy.txt' };
    assert.deepEqual(parseTargetArgs({ uri }), { ok: true, args: { uri: 'file:///w/b.policy.txt' } });
  });

  it('ignores fields it does not know, and names the field that is wrong', () => {
    assert.deepEqual(parseTargetArgs({ tags: ['type:fact'], future: 1 }), { ok: true, args: { tags: ['type:fact'] } });
    for (const [value, field] of [
      [{ offset: -1 }, '"offset"'],
      [{ offset: 1.5 }, '"offset"'],
      [{ range: [1, 2, 3] }, '"range"'],
      [{ tags: [1] }, '"tags"'],
      [{ replace: 'yes' }, '"replace"'],
      [{ uri: 42 }, '"uri"'],
      ['type:fact', 'an object'],
    ] as const) {
      const parsed = parseTargetArgs(value);
      assert.equal(parsed.ok, false);
      assert.ok(!parsed.ok && parsed.error.includes(field), `${JSON.stringify(value)}: ${!parsed.ok && parsed.error}`);
    }
  });
});

describe('what the analyst is told', () => {
  const summary = (parts: Partial<MergeSummary>): MergeSummary => ({ added: [], updated: [], removed: [], conflicts: [], orphaned: [], needsSave: false, ...parts });

  it('sums up a merge with unsaved tags', () => {
    const message = describeMerge(
      'brief.policy.txt.annotations.json',
      summary({ added: ['a'], updated: ['b', 'c'], conflicts: [{ id: 'd', kind: 'both-modified', resolution: 'ours' }], orphaned: ['a'] }),
    );
    assert.equal(
      message,
      'brief.policy.txt.annotations.json changed on disk and was merged with your unsaved tags: 1 added, 2 updated; 1 conflict kept yours (the later change wins). ' +
        '1 annotation from the file could not be placed in the text: see Orphaned in the Claims panel.',
    );
    assert.equal(mergeChangedSomething(summary({})), false);
    assert.equal(mergeChangedSomething(summary({ removed: ['x'] })), true);
  });

  it('reports orphans after loading and after the text changed on disk, and stays quiet otherwise', () => {
    assert.match(describeOrphansAfterLoad('a.policy.txt', { moved: [], orphaned: ['x', 'y'], recovered: [] }) ?? '', /^2 annotations of a\.policy\.txt could not be placed/);
    assert.equal(describeOrphansAfterLoad('a.policy.txt', { moved: ['x'], orphaned: [], recovered: [] }), undefined);
    assert.equal(
      describeReanchor('a.policy.txt', { moved: ['m'], orphaned: ['x'], recovered: ['y', 'z'] }),
      'a.policy.txt changed on disk: 1 annotation could not be placed and is now under Orphaned in the Claims panel; 2 orphaned annotations found their text again.',
    );
    assert.equal(describeReanchor('a.policy.txt', { moved: ['m'], orphaned: [], recovered: [] }), undefined);
  });

  it('describes the Claims filter briefly beside the title, and in a sentence above the tree', () => {
    assert.equal(filterDescription({}), '');
    assert.equal(filterMessage({}), undefined);
    const filter = { untaggedOnly: true, tags: ['type:forecast', 'domain:trade'], actor: 'IMF', text: 'loan' };
    assert.equal(filterDescription(filter), 'untagged · Forecast · Trade · actor: IMF · “loan”');
    assert.equal(filterMessage(filter), 'Showing untagged claims tagged Forecast and Trade, that mention IMF and that contain “loan”.');
    assert.equal(filterMessage({ tags: ['mood:urgent'] }), 'Showing claims tagged mood:urgent.');
  });
});

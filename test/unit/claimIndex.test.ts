import * as assert from 'node:assert/strict';
import { AnnotationStore } from '../../src/core/annotationStore';
import {
  ClaimIndex,
  indexedAnnotationsFromReanchor,
  indexedAnnotationsFromStore,
  indexedClaims,
  isFilterActive,
  normalizeFilter,
  ORPHANED_NODE_ID,
  UNTAGGED_NODE_ID,
  type ClaimIndexChange,
  type ClaimNode,
  type ClaimTreeNode,
  type IndexedAnnotation,
  type IndexedClaim,
  type IndexedDocument,
} from '../../src/core/claimIndex';
import { createSidecar, makeTarget, reanchorSidecar } from '../../src/core/sidecar/anchoring';
import type { ActorMention, ClaimType } from '../../src/core/types';

function claim(start: number, text: string, type: ClaimType, actors: string[] = []): IndexedClaim {
  return { start, end: start + text.length, text, type, actors };
}

function annotation(id: string, start: number, exact: string, tags: string[], extra: Partial<IndexedAnnotation> = {}): IndexedAnnotation {
  return { id, start, end: start + exact.length, exact, tags, origin: 'detected', orphaned: false, ...extra };
}

const ALPHA: IndexedDocument = {
  uri: 'file:///w/briefs/alpha.policy.txt',
  relativePath: 'briefs/alpha.policy.txt',
  claims: [
    claim(0, 'Exports fell 12 per cent.', 'fact', ['Pakistan']),
    claim(26, 'The tariff will hurt textiles.', 'forecast', ['United States', 'Pakistan']),
    claim(57, 'Officials say talks resume soon.', 'attribution'),
    claim(90, 'The ministry should publish the data.', 'prescription'),
  ],
  annotations: [
    annotation('a-tagged0001', 26, 'The tariff will hurt textiles.', ['type:forecast', 'domain:trade', 'outlook:pessimistic'], { note: 'check IMF' }),
    // The analyst typed the first claim as an assessment, overriding the engine.
    annotation('a-retyped001', 0, 'Exports fell 12 per cent.', ['type:assessment']),
    annotation('a-manual0001', 95, 'ministry', ['mood:odd'], { origin: 'manual' }),
    annotation('a-orphan0001', 300, 'A sentence that went away.', ['type:fact'], { orphaned: true }),
  ],
};

const BETA: IndexedDocument = {
  uri: 'file:///w/beta.txt',
  relativePath: 'beta.txt',
  claims: [claim(0, 'Aid ran out in March.', 'fact', ['World Bank']), claim(22, 'The loan may be approved.', 'forecast')],
  annotations: [],
};

const BROKEN: IndexedDocument = {
  uri: 'file:///w/doc10.txt',
  relativePath: 'doc10.txt',
  claims: [claim(0, 'Something happened.', 'fact')],
  annotations: [],
  sidecarProblem: 'doc10.txt.annotations.json: not valid JSON at line 3, column 1.',
};

const DOC2: IndexedDocument = { uri: 'file:///w/doc2.txt', relativePath: 'doc2.txt', claims: [claim(0, 'Rates rose.', 'fact')], annotations: [] };

function index(docs: IndexedDocument[] = [ALPHA, BETA, BROKEN, DOC2]): ClaimIndex {
  const claimIndex = new ClaimIndex();
  claimIndex.setDocuments(docs);
  return claimIndex;
}

function labels(nodes: readonly ClaimTreeNode[]): string[] {
  return nodes.map((node) => {
    switch (node.kind) {
      case 'document':
        return `${node.relativePath} (${node.count})`;
      case 'type':
        return `${node.type} (${node.count})`;
      case 'tag':
        return `${node.tag ?? '(untagged)'} (${node.count})`;
      case 'orphaned':
        return `Orphaned (${node.count})`;
      case 'claim':
        return node.text;
      case 'orphan':
        return `orphan: ${node.exact}`;
    }
  });
}

describe('ClaimIndex', () => {
  describe('by document', () => {
    it('lists documents in natural path order, then the orphans', () => {
      const top = index().getChildren();
      assert.deepEqual(labels(top), ['beta.txt (2)', 'briefs/alpha.policy.txt (5)', 'doc2.txt (1)', 'doc10.txt (1)', 'Orphaned (1)']);
      assert.equal(top[0].id, 'doc:file:///w/beta.txt');
    });

    it('groups a document\'s claims by type: the analyst\'s type tag, else the suggestion', () => {
      const claimIndex = index();
      claimIndex.getChildren();
      const types = claimIndex.getChildren('doc:file:///w/briefs/alpha.policy.txt');
      // Taxonomy order, with claims of no type last.
      assert.deepEqual(labels(types), ['forecast (1)', 'assessment (1)', 'prescription (1)', 'attribution (1)', 'untyped (1)']);
      const [assessment] = claimIndex.getChildren(types[1].id) as ClaimNode[];
      assert.equal(assessment.text, 'Exports fell 12 per cent.');
      assert.equal(assessment.suggestedType, 'fact');
      assert.deepEqual(assessment.tags, ['type:assessment']);
    });

    it('describes tagged, untagged and manual claims', () => {
      const claimIndex = index();
      claimIndex.getChildren();
      const forecast = claimIndex.getChildren(claimIndex.getChildren('doc:file:///w/briefs/alpha.policy.txt')[0].id)[0] as ClaimNode;
      assert.equal(forecast.id, 'claim:file:///w/briefs/alpha.policy.txt a-tagged0001');
      assert.equal(forecast.annotationId, 'a-tagged0001');
      assert.equal(forecast.note, 'check IMF');
      assert.deepEqual(forecast.actors, ['United States', 'Pakistan']);
      const untagged = claimIndex.getChildren(claimIndex.getChildren('doc:file:///w/beta.txt')[1].id)[0] as ClaimNode;
      assert.equal(untagged.id, 'claim:file:///w/beta.txt 22-47');
      assert.deepEqual(untagged.tags, []);
      assert.equal(untagged.suggestedType, 'forecast');
      assert.equal(untagged.annotationId, undefined);
      assert.deepEqual(claimIndex.getChildren('doc:file:///w/nowhere.txt'), [], 'unknown ids have no children');
      const untyped = claimIndex.getChildren('doc:file:///w/briefs/alpha.policy.txt type:untyped')[0] as ClaimNode;
      assert.equal(untyped.origin, 'manual');
      assert.equal(untyped.suggestedType, undefined);
      assert.equal(untyped.text, 'ministry');
    });

    it('marks a document whose sidecar cannot be used', () => {
      const node = index().getChildren().find((n) => n.kind === 'document' && n.relativePath === 'doc10.txt');
      assert.equal(node?.kind === 'document' && node.sidecarProblem, BROKEN.sidecarProblem);
    });

    it('lists orphans of every document in the Orphaned group', () => {
      const claimIndex = index();
      claimIndex.getChildren();
      const orphans = claimIndex.getChildren(ORPHANED_NODE_ID);
      assert.deepEqual(labels(orphans), ['orphan: A sentence that went away.']);
      assert.equal(orphans[0].kind === 'orphan' && orphans[0].annotationId, 'a-orphan0001');
    });
  });

  describe('by tag', () => {
    it('lists tags in taxonomy order, then unknown tags, then the untagged, each by document', () => {
      const claimIndex = index();
      claimIndex.setGrouping('by-tag');
      const top = claimIndex.getChildren();
      assert.deepEqual(labels(top), [
        'type:forecast (1)',
        'type:assessment (1)',
        'domain:trade (1)',
        'outlook:pessimistic (1)',
        'mood:odd (1)',
        '(untagged) (6)',
        'Orphaned (1)',
      ]);
      const untagged = top.find((node) => node.id === UNTAGGED_NODE_ID);
      assert.ok(untagged);
      const documents = claimIndex.getChildren(untagged.id);
      assert.deepEqual(labels(documents), ['beta.txt (2)', 'briefs/alpha.policy.txt (2)', 'doc2.txt (1)', 'doc10.txt (1)']);
      assert.deepEqual(labels(claimIndex.getChildren(documents[1].id)), ['Officials say talks resume soon.', 'The ministry should publish the data.']);
    });

    it('gives a claim under several tags a different id under each', () => {
      const claimIndex = index();
      claimIndex.setGrouping('by-tag');
      const ids = claimIndex
        .getChildren()
        .filter((node) => node.kind === 'tag')
        .flatMap((tag) => claimIndex.getChildren(tag.id).flatMap((doc) => claimIndex.getChildren(doc.id)))
        .map((node) => node.id);
      assert.equal(new Set(ids).size, ids.length);
      assert.ok(ids.includes('tag:domain:trade claim:file:///w/briefs/alpha.policy.txt a-tagged0001'));
    });

    it('knows which tags are in the taxonomy', () => {
      const claimIndex = index();
      claimIndex.setGrouping('by-tag');
      const odd = claimIndex.getChildren().find((node) => node.kind === 'tag' && node.tag === 'mood:odd');
      assert.equal(odd?.kind === 'tag' && odd.known, false);
    });
  });

  describe('filter', () => {
    it('keeps only untagged claims, hiding documents with none', () => {
      const claimIndex = index();
      claimIndex.setFilter({ untaggedOnly: true });
      assert.deepEqual(labels(claimIndex.getChildren()), ['beta.txt (2)', 'briefs/alpha.policy.txt (2)', 'doc2.txt (1)', 'doc10.txt (1)']);
    });

    it('keeps claims with every tag asked for', () => {
      const claimIndex = index();
      claimIndex.setFilter({ tags: ['type:forecast', 'domain:trade'] });
      assert.deepEqual(labels(claimIndex.getChildren()), ['briefs/alpha.policy.txt (1)']);
      claimIndex.setFilter({ tags: ['type:forecast', 'domain:aid'] });
      assert.deepEqual(labels(claimIndex.getChildren()), []);
      claimIndex.setFilter({ tags: ['type:fact'] });
      assert.deepEqual(labels(claimIndex.getChildren()), ['Orphaned (1)']);
    });

    it('keeps claims that mention an actor, in any case', () => {
      const claimIndex = index();
      claimIndex.setFilter({ actor: 'pakistan' });
      assert.deepEqual(labels(claimIndex.getChildren()), ['briefs/alpha.policy.txt (2)']);
    });

    it('finds text in claims and notes, in any case', () => {
      const claimIndex = index();
      claimIndex.setFilter({ text: 'IMF' });
      assert.deepEqual(labels(claimIndex.getChildren()), ['briefs/alpha.policy.txt (1)']);
      claimIndex.setFilter({ text: 'went AWAY' });
      assert.deepEqual(labels(claimIndex.getChildren()), ['Orphaned (1)']);
      claimIndex.setFilter({});
      assert.equal(claimIndex.getChildren().length, 5);
    });

    it('narrows with every part at once', () => {
      const claimIndex = index();
      claimIndex.setFilter({ untaggedOnly: true, text: 'loan' });
      assert.deepEqual(labels(claimIndex.getChildren()), ['beta.txt (1)']);
    });

    it('does not change the badge', () => {
      const claimIndex = index();
      const badge = claimIndex.untaggedCount();
      claimIndex.setFilter({ tags: ['domain:trade'] });
      assert.equal(claimIndex.untaggedCount(), badge);
      assert.equal(badge, 6);
    });

    it('survives being stored and read back, and drops what is not a filter', () => {
      const filter = { untaggedOnly: true, tags: ['type:fact', 'type:fact'], actor: ' Pakistan ', text: '' };
      assert.deepEqual(normalizeFilter(JSON.parse(JSON.stringify(filter))), { untaggedOnly: true, tags: ['type:fact'], actor: 'Pakistan' });
      assert.deepEqual(normalizeFilter('nonsense'), {});
      assert.deepEqual(normalizeFilter({ untaggedOnly: 'yes', tags: [1, ''], actor: 3 }), {});
      assert.equal(isFilterActive({}), false);
      assert.equal(isFilterActive({ text: 'x' }), true);
    });
  });

  describe('nodes and changes', () => {
    it('gives nodes with current counts by id, and their parents', () => {
      const claimIndex = index();
      const alpha = 'doc:file:///w/briefs/alpha.policy.txt';
      claimIndex.getChildren();
      const forecastGroup = claimIndex.getChildren(alpha)[0];
      const claimNode = claimIndex.getChildren(forecastGroup.id)[0];
      assert.equal(claimIndex.getParentId(claimNode.id), forecastGroup.id);
      assert.equal(claimIndex.getParentId(forecastGroup.id), alpha);
      assert.equal(claimIndex.getParentId(alpha), undefined);
      claimIndex.setDocument({ ...ALPHA, annotations: ALPHA.annotations.filter((a) => a.id !== 'a-manual0001') });
      const refreshed = claimIndex.getNode(alpha);
      assert.equal(refreshed?.kind === 'document' && refreshed.count, 4);
      claimIndex.removeDocument(ALPHA.uri);
      assert.equal(claimIndex.getNode(alpha), undefined);
      assert.equal(claimIndex.getNode(claimNode.id), undefined);
    });

    it('finds the node of a claim to reveal it, in either grouping', () => {
      const claimIndex = index();
      const id = claimIndex.claimNodeId(ALPHA.uri, 26, 56);
      assert.equal(id, 'claim:file:///w/briefs/alpha.policy.txt a-tagged0001');
      assert.equal(claimIndex.getParentId(id ?? ''), 'doc:file:///w/briefs/alpha.policy.txt type:forecast');
      claimIndex.setGrouping('by-tag');
      const byTag = claimIndex.claimNodeId(BETA.uri, 0, 21) ?? '';
      assert.equal(claimIndex.getParentId(byTag), `${UNTAGGED_NODE_ID} doc:${BETA.uri}`);
      assert.equal(claimIndex.getParentId(claimIndex.getParentId(byTag) ?? ''), UNTAGGED_NODE_ID);
      assert.equal(claimIndex.claimNodeId(BETA.uri, 1, 2), undefined);
    });

    it('names the nodes to refresh when a document changes', () => {
      const claimIndex = index();
      const changes: ClaimIndexChange[] = [];
      claimIndex.onDidChange((change) => changes.push(change));
      claimIndex.setDocument({ ...BETA, annotations: [annotation('a-new0000001', 0, 'Aid ran out in March.', ['type:fact'])] });
      assert.deepEqual(changes.pop(), { documents: [BETA.uri], nodes: [`doc:${BETA.uri}`] });
      claimIndex.setDocument(ALPHA);
      assert.deepEqual(changes.pop(), { documents: [ALPHA.uri], nodes: [`doc:${ALPHA.uri}`, ORPHANED_NODE_ID] });
      claimIndex.setDocument({ uri: 'file:///w/new.txt', relativePath: 'new.txt', claims: [], annotations: [] });
      assert.equal(changes.pop()?.nodes, undefined, 'a new document changes the top level');
      claimIndex.setFilter({ untaggedOnly: true });
      assert.equal(changes.pop()?.nodes, undefined);
      // Under the filter, beta's last untagged claim being tagged hides the document.
      claimIndex.setDocument({ ...BETA, annotations: [annotation('a-x', 0, 'Aid ran out in March.', ['type:fact']), annotation('a-y', 22, 'The loan may be approved.', ['type:forecast'])] });
      assert.equal(changes.pop()?.nodes, undefined);
      claimIndex.setGrouping('by-tag');
      changes.length = 0;
      claimIndex.setDocument(DOC2);
      assert.deepEqual(changes, [{ documents: [DOC2.uri], nodes: undefined }]);
    });

    it('refreshes the top level when the first orphan appears', () => {
      const claimIndex = index([BETA]);
      const changes: ClaimIndexChange[] = [];
      claimIndex.onDidChange((change) => changes.push(change));
      claimIndex.setDocument({ ...BETA, annotations: [annotation('a-o', 500, 'Gone.', [], { orphaned: true })] });
      assert.equal(changes[0].nodes, undefined);
    });

    it('counts the use of every tag, orphans and unknown tags included', () => {
      const usage = index().tagUsage();
      assert.equal(usage.get('type:forecast'), 1);
      assert.equal(usage.get('type:fact'), 1);
      assert.equal(usage.get('mood:odd'), 1);
      assert.equal(usage.get('domain:aid'), undefined);
      assert.equal(index().orphanCount(), 1);
    });
  });

  describe('building entries', () => {
    it('lists the actors each claim mentions, once each, in order', () => {
      const mention = (start: number, text: string, actor: string): ActorMention => ({ start, end: start + text.length, text, actor, actorId: actor.toLowerCase(), kind: 'state', rule: 'lexicon' });
      const text = 'Washington and Islamabad met. Pakistan said Washington agreed. Nobody else.';
      const claims = [
        { start: 0, end: 29, text: text.slice(0, 29), type: 'fact' as const },
        { start: 30, end: 62, text: text.slice(30, 62), type: 'attribution' as const },
        { start: 63, end: 75, text: text.slice(63, 75), type: 'fact' as const, likelihood: 'likely' as const },
      ];
      const actors = [mention(44, 'Washington', 'United States'), mention(0, 'Washington', 'United States'), mention(15, 'Islamabad', 'Pakistan'), mention(30, 'Pakistan', 'Pakistan')];
      const indexed = indexedClaims(claims, actors);
      assert.deepEqual(indexed.map((c) => c.actors), [['United States', 'Pakistan'], ['Pakistan', 'United States'], []]);
      assert.equal(indexed[2].likelihood, 'likely');
    });

    it('takes annotations from a store, orphans and rechecks marked', () => {
      const text = 'One claim here. Another claim there.';
      const store = new AnnotationStore({ fileName: 'x.txt', text, now: () => '2025-03-01T10:00:00.000Z', nonce: () => 'n' });
      const kept = store.tag({ start: 0, end: 15 }, 'type:fact');
      const gone = store.tag({ start: 16, end: 36 }, 'type:fact');
      store.applyTextEdits([{ start: 15, end: 36, text: '' }], text.slice(0, 15));
      const indexed = indexedAnnotationsFromStore(store.all());
      assert.deepEqual(indexed.map((a) => [a.id, a.orphaned]), [[kept.id, false], [gone.id, true]]);
    });

    it('takes annotations from a re-anchored sidecar', () => {
      const text = 'One claim here. Another claim there.';
      const sidecar = {
        ...createSidecar('x.txt', text),
        annotations: [{ id: 'a-1', target: makeTarget(text, 16, 36), tags: ['type:fact'], created: '2025-03-01T10:00:00Z', modified: '2025-03-01T10:00:00Z', origin: 'detected' as const }],
      };
      const changed = `Preface. ${text}`;
      const { sidecar: placed, results } = reanchorSidecar(sidecar, changed);
      const [indexed] = indexedAnnotationsFromReanchor(placed.annotations, results);
      assert.equal(indexed.start, 25);
      assert.equal(indexed.orphaned, false);
      const [lost] = indexedAnnotationsFromReanchor(sidecar.annotations, reanchorSidecar(sidecar, 'Nothing left.').results);
      assert.equal(lost.orphaned, true);
    });
  });

  it('builds the top level of 2,000 documents of 40 claims', () => {
    const docs: IndexedDocument[] = [];
    for (let d = 0; d < 2000; d++) {
      const claims = Array.from({ length: 40 }, (_, c) => claim(c * 100, `Claim ${c} of document ${d} on trade.`, c % 2 ? 'fact' : 'forecast', c % 3 ? ['Pakistan'] : []));
      const annotations = claims.filter((_, c) => c % 4 === 0).map((c, k) => annotation(`a-${d}-${k}`, c.start, c.text, ['type:fact', 'domain:trade']));
      docs.push({ uri: `file:///w/${d}.txt`, relativePath: `${d}.txt`, claims, annotations });
    }
    const claimIndex = new ClaimIndex();
    claimIndex.setDocuments(docs);
    assert.equal(claimIndex.getChildren().length, 2000);
    assert.equal(claimIndex.untaggedCount(), 2000 * 30);
    claimIndex.setFilter({ actor: 'Pakistan', text: 'trade' });
    assert.equal(claimIndex.getChildren().length, 2000);
    claimIndex.setGrouping('by-tag');
    assert.equal(claimIndex.getChildren().find((n) => n.id === 'tag:domain:trade')?.kind === 'tag' ? 'ok' : 'missing', 'ok');
  });
});

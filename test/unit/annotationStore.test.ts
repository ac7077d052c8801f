import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { AnnotationStore, type AnnotationStoreChange, type AnnotationStoreOptions, type DetectedClaim } from '../../src/core/annotationStore';
import { createAnnotation, createSidecar, type TextChange } from '../../src/core/sidecar/anchoring';
import type { Annotation, Sidecar } from '../../src/core/sidecar/schema';
import { parseSidecar, serializeSidecar } from '../../src/core/sidecar/serialize';
import type { ClaimType } from '../../src/core/types';

const FILE = 'brief.policy.txt';
const SENTENCES: readonly [string, ClaimType][] = [
  ['Remittances rose to $31 billion in the last fiscal year.', 'fact'],
  ['The central bank will probably cut rates again.', 'forecast'],
  ['Officials say the visit was planned months ago.', 'attribution'],
  ['Both capitals should revive the dormant trade council.', 'prescription'],
  ['The new tariff will weigh on textile exports next year.', 'forecast'],
];
const TEXT = `Pakistan and the Gulf\n\n${SENTENCES[0][0]} ${SENTENCES[1][0]}\n${SENTENCES[2][0]} ${SENTENCES[3][0]}\n${SENTENCES[4][0]}\n`;

/** Sentences as a tiny stand-in for the engine: the store's tests must not depend on it. */
function claimsOf(text: string): DetectedClaim[] {
  const claims: DetectedClaim[] = [];
  for (const match of text.matchAll(/[A-Z][^.!?\n]*[.!?]/g)) {
    const sentence = SENTENCES.find(([quote]) => quote === match[0]);
    claims.push({ start: match.index, end: match.index + match[0].length, type: sentence?.[1] ?? 'fact', ...(match[0].includes('probably') ? { likelihood: 'likely' as const } : {}) });
  }
  return claims;
}

function span(quote: string, text = TEXT): { start: number; end: number } {
  const start = text.indexOf(quote);
  assert.ok(start >= 0, `not in text: ${quote}`);
  return { start, end: start + quote.length };
}

function sentence(index: number, text = TEXT): { start: number; end: number } {
  return span(SENTENCES[index][0], text);
}

interface Harness {
  store: AnnotationStore;
  changes: AnnotationStoreChange[];
  edit(start: number, end: number, insert: string, withClaims?: boolean): void;
}

function harness(init: Partial<Pick<AnnotationStoreOptions, 'sidecar' | 'text' | 'undoLimit'>> & { author?: string } = {}): Harness {
  let second = 0;
  let nonce = 0;
  const text = init.text ?? TEXT;
  const store = new AnnotationStore({
    fileName: FILE,
    text,
    claims: claimsOf(text),
    now: () => new Date(Date.UTC(2025, 2, 1, 10, 0, second++)).toISOString(),
    nonce: () => `nonce-${nonce++}`,
    author: () => init.author ?? 'ana',
    ...(init.sidecar ? { sidecar: init.sidecar } : {}),
    ...(init.undoLimit ? { undoLimit: init.undoLimit } : {}),
  });
  const changes: AnnotationStoreChange[] = [];
  store.onDidChange((change) => changes.push(change));
  return {
    store,
    changes,
    edit(start, end, insert, withClaims = true) {
      const current = store.currentText;
      const next = current.slice(0, start) + insert + current.slice(end);
      store.applyTextEdits([{ start, end, text: insert }], next, withClaims ? claimsOf(next) : undefined);
    },
  };
}

function fileAnnotation(quote: string, tags: string[], init: Partial<Annotation> & { nonce?: string; text?: string } = {}): Annotation {
  const text = init.text ?? TEXT;
  const { start, end } = span(quote, text);
  return {
    ...createAnnotation({ fileName: FILE, text, start, end, tags, origin: 'detected', time: '2025-02-01T09:00:00.000Z', nonce: init.nonce ?? quote, takenIds: new Set() }),
    ...(init.modified ? { modified: init.modified } : {}),
    ...(init.note ? { note: init.note } : {}),
  };
}

function sidecarOf(annotations: Annotation[], text = TEXT): Sidecar {
  return { ...createSidecar(FILE, text), annotations };
}

/** Every anchored annotation's target must be exactly its text: the one invariant that matters. */
function assertTargetsMatchText(store: AnnotationStore): void {
  for (const annotation of store.anchored()) {
    const { start, end, exact, prefix, suffix } = annotation.target;
    assert.equal(store.currentText.slice(start, end), exact, annotation.id);
    assert.ok(store.currentText.slice(0, start).endsWith(prefix), `${annotation.id}: prefix`);
    assert.ok(store.currentText.slice(end).startsWith(suffix), `${annotation.id}: suffix`);
  }
}

describe('AnnotationStore', () => {
  describe('loading', () => {
    it('starts empty and clean for a text without a sidecar', () => {
      const { store } = harness();
      assert.equal(store.size, 0);
      assert.equal(store.dirty, false);
      const sidecar = store.toSidecar();
      assert.deepEqual(sidecar.annotations, []);
      assert.equal(sidecar.document.length, TEXT.length);
      assert.equal(sidecar.document.fileName, FILE);
    });

    it('loads a sidecar of the same text as it is, and is clean', () => {
      const loaded = sidecarOf([fileAnnotation(SENTENCES[0][0], ['type:fact']), fileAnnotation(SENTENCES[4][0], ['type:forecast', 'outlook:pessimistic'])]);
      const { store } = harness({ sidecar: loaded });
      assert.equal(store.size, 2);
      assert.equal(store.dirty, false);
      assert.deepEqual(store.loadReport, { moved: [], orphaned: [], recovered: [] });
      assert.equal(serializeSidecar(store.toSidecar()), serializeSidecar(loaded));
    });

    it('re-anchors a sidecar on a text changed outside the editor, and needs saving', () => {
      const loaded = sidecarOf([fileAnnotation(SENTENCES[1][0], ['type:forecast'])]);
      const text = `Breaking: a new paragraph.\n\n${TEXT}`;
      const { store } = harness({ sidecar: loaded, text });
      assert.deepEqual(store.loadReport.moved, [loaded.annotations[0].id]);
      assert.deepEqual(store.anchored()[0].target.start, sentence(1, text).start);
      assert.equal(store.dirty, true);
      assertTargetsMatchText(store);
    });

    it('keeps an annotation whose text is gone as an orphan, and writes it back unchanged', () => {
      const gone = fileAnnotation(SENTENCES[2][0], ['type:attribution'], { note: 'who?' });
      const loaded = sidecarOf([gone, fileAnnotation(SENTENCES[0][0], ['type:fact'])]);
      const text = TEXT.replace(`${SENTENCES[2][0]} `, '');
      const { store } = harness({ sidecar: loaded, text });
      assert.deepEqual(store.loadReport.orphaned, [gone.id]);
      const [orphan] = store.orphans();
      assert.equal(orphan.annotation.id, gone.id);
      assert.equal(orphan.orphan?.reason, 'quote-missing');
      assert.deepEqual(store.toSidecar().annotations.find((a) => a.id === gone.id), gone);
      assert.equal(store.annotationAt(gone.target.start + 1)?.id, undefined);
    });

    it('describes the text it holds, under its current name', () => {
      const loaded = { ...sidecarOf([fileAnnotation(SENTENCES[0][0], ['type:fact'])]), document: { ...createSidecar('old-name.txt', TEXT).document } };
      const { store } = harness({ sidecar: loaded });
      assert.equal(store.dirty, true, 'the file was renamed: the sidecar should say so');
      assert.deepEqual(store.toSidecar().document, createSidecar(FILE, TEXT).document);
    });

    it('keeps tags the taxonomy does not know through changes', () => {
      const { store } = harness({ sidecar: sidecarOf([fileAnnotation(SENTENCES[0][0], ['type:fact', 'mood:grim'])]) });
      const [{ annotation }] = store.all();
      store.tag(annotation.id, 'type:forecast');
      store.untag(annotation.id, 'type:forecast');
      store.tag(annotation.id, 'domain:finance');
      assert.deepEqual(store.get(annotation.id)?.annotation.tags, ['domain:finance', 'mood:grim']);
      assert.throws(() => store.tag(annotation.id, 'mood:cheerful'), RangeError);
    });
  });

  describe('tagging', () => {
    it('tags a detected claim by its range: a detected annotation, stamped and attributed', () => {
      const { store, changes } = harness({ author: 'ana' });
      const annotation = store.tag(sentence(0), 'type:fact');
      assert.equal(annotation.origin, 'detected');
      assert.deepEqual(annotation.tags, ['type:fact']);
      assert.equal(annotation.author, 'ana');
      assert.equal(annotation.created, '2025-03-01T10:00:00.000Z');
      assert.equal(annotation.modified, annotation.created);
      assert.match(annotation.id, /^a-[0-9a-z]{10}$/);
      assert.equal(annotation.target.exact, SENTENCES[0][0]);
      assert.equal(store.dirty, true);
      assert.deepEqual(changes, [{ kind: 'annotations', ids: [annotation.id] }]);
      assert.equal(store.annotationForRange(sentence(0).start, sentence(0).end)?.id, annotation.id);
    });

    it('tags a selection that is not a detected claim as manual', () => {
      const { store } = harness();
      const annotation = store.tag(span('$31 billion'), 'evidence:figure-backed');
      assert.equal(annotation.origin, 'manual');
    });

    it('keeps one value of a single-valued facet and any number of domains', () => {
      const { store } = harness();
      const { id } = store.tag(sentence(1), 'type:fact');
      store.tag(id, 'domain:finance');
      store.tag(id, 'type:forecast');
      store.tag(sentence(1), 'domain:trade');
      store.tag(id, 'likelihood:likely');
      store.tag(id, 'likelihood:very-likely');
      assert.deepEqual(store.get(id)?.annotation.tags, ['type:forecast', 'domain:trade', 'domain:finance', 'likelihood:very-likely']);
      assert.equal(store.size, 1);
    });

    it('refuses tags outside the taxonomy and ranges outside the text', () => {
      const { store } = harness();
      assert.throws(() => store.tag(sentence(0), 'type:rumour'), /Unknown tag "type:rumour"/);
      assert.throws(() => store.tag({ start: 5, end: 5 }, 'type:fact'), RangeError);
      assert.throws(() => store.tag({ start: 0, end: TEXT.length + 1 }, 'type:fact'), RangeError);
      assert.throws(() => store.tag('a-0000000000', 'type:fact'), /No annotation/);
      assert.equal(store.size, 0);
      assert.equal(store.canUndo, false);
    });

    it('does nothing for a tag that is already there', () => {
      const { store, changes } = harness();
      const first = store.tag(sentence(0), 'type:fact');
      const again = store.tag(first.id, 'type:fact');
      assert.equal(again.modified, first.modified);
      assert.equal(changes.length, 1);
      store.undo();
      assert.equal(store.size, 0);
    });

    it('removes a detected claim\'s annotation with its last tag, but keeps a manual claim', () => {
      const { store } = harness();
      const detected = store.tag(sentence(0), 'type:fact');
      const manual = store.tag(span('$31 billion'), 'type:fact');
      assert.equal(store.untag(detected.id, 'type:fact'), undefined);
      assert.equal(store.get(detected.id), undefined);
      assert.deepEqual(store.untag(manual.id, 'type:fact')?.tags, []);
      assert.ok(store.get(manual.id));
    });

    it('keeps a detected claim that still has a note when its tags go', () => {
      const { store } = harness();
      const { id } = store.tag(sentence(0), 'type:fact');
      store.setNote(id, 'check against SBP data');
      assert.equal(store.untag(id, 'type:fact')?.note, 'check against SBP data');
      assert.equal(store.setNote(id, ''), undefined);
      assert.equal(store.size, 0);
    });

    it('sets tags as a whole, with the facet rules, and only known tags or those already there', () => {
      const { store } = harness({ sidecar: sidecarOf([fileAnnotation(SENTENCES[0][0], ['type:fact', 'mood:grim'])]) });
      const [{ annotation }] = store.all();
      assert.deepEqual(store.setTags(annotation.id, ['type:fact', 'type:assessment', 'mood:grim', 'domain:aid'])?.tags, ['type:assessment', 'domain:aid', 'mood:grim']);
      assert.throws(() => store.setTags(annotation.id, ['mood:cheerful']), RangeError);
      assert.equal(store.setTags(sentence(3), []), undefined);
      assert.equal(store.size, 1);
      assert.equal(store.setTags(sentence(3), ['type:prescription'])?.origin, 'detected');
    });

    it('adds a note to an untagged claim, which makes it annotated', () => {
      const { store } = harness();
      const annotation = store.setNote(sentence(2), 'Which officials?');
      assert.equal(annotation?.note, 'Which officials?');
      assert.deepEqual(annotation?.tags, []);
      assert.equal(store.setNote(sentence(3), undefined), undefined);
    });

    it('accepts the suggested type, and the likelihood unless one is set', () => {
      const { store } = harness();
      assert.deepEqual(store.acceptSuggestion(sentence(1))?.tags, ['type:forecast', 'likelihood:likely']);
      const { id } = store.tag(sentence(4), 'likelihood:unlikely');
      assert.deepEqual(store.acceptSuggestion(id)?.tags, ['type:forecast', 'likelihood:unlikely']);
      assert.equal(store.acceptSuggestion(span('$31 billion')), undefined);
    });

    it('adds manual claims, detected when the range is a claim, merged with an annotation already there', () => {
      const { store } = harness();
      assert.equal(store.addManualClaim(span('revive the dormant trade council').start, span('revive the dormant trade council').end).origin, 'manual');
      assert.equal(store.addManualClaim(sentence(3).start, sentence(3).end).origin, 'detected');
      const existing = store.tag(sentence(0), 'type:fact');
      const merged = store.addManualClaim(sentence(0).start, sentence(0).end, { tags: ['domain:society'], note: 'diaspora' });
      assert.equal(merged.id, existing.id);
      assert.deepEqual(merged.tags, ['type:fact', 'domain:society']);
      assert.equal(merged.note, 'diaspora');
      assert.equal(store.size, 3);
    });

    it('removes an annotation', () => {
      const { store } = harness();
      const { id } = store.tag(sentence(0), 'type:fact');
      assert.equal(store.removeAnnotation(id), true);
      assert.equal(store.removeAnnotation(id), false);
      assert.equal(store.size, 0);
    });
  });

  describe('finding annotations', () => {
    it('finds the innermost annotation at an offset, and the claim just before the cursor', () => {
      const { store } = harness();
      const outer = store.tag(sentence(0), 'type:fact');
      const inner = store.tag(span('$31 billion'), 'evidence:figure-backed');
      const next = store.tag(sentence(1), 'type:forecast');
      assert.equal(store.annotationAt(sentence(0).start)?.id, outer.id);
      assert.equal(store.annotationAt(span('$31 billion').start + 2)?.id, inner.id);
      assert.equal(store.annotationAt(sentence(0).end)?.id, outer.id);
      assert.equal(store.annotationAt(sentence(1).start)?.id, next.id);
      assert.equal(store.annotationAt(0), undefined);
      assert.equal(store.annotationAt(TEXT.length), undefined);
    });

    it('lists anchored annotations in text order', () => {
      const { store } = harness();
      const ids = [4, 0, 2].map((index) => store.tag(sentence(index), `type:${SENTENCES[index][1]}`).id);
      assert.deepEqual(store.anchored().map((a) => a.id), [ids[1], ids[2], ids[0]]);
    });
  });

  describe('undo and redo', () => {
    it('undoes and redoes tag changes step by step', () => {
      const { store } = harness();
      const { id } = store.tag(sentence(0), 'type:fact');
      store.tag(id, 'domain:finance');
      store.setNote(id, 'note');
      assert.equal(store.undoLabel, 'Edit Note');
      store.undo();
      assert.equal(store.get(id)?.annotation.note, undefined);
      store.undo();
      assert.deepEqual(store.get(id)?.annotation.tags, ['type:fact']);
      store.undo();
      assert.equal(store.get(id), undefined);
      assert.equal(store.undo(), undefined);
      store.redo();
      store.redo();
      assert.deepEqual(store.get(id)?.annotation.tags, ['type:fact', 'domain:finance']);
      assert.equal(store.redoLabel, 'Edit Note');
      store.tag(id, 'outlook:mixed');
      assert.equal(store.canRedo, false);
    });

    it('puts back exactly what was there, timestamps included', () => {
      const loaded = sidecarOf([fileAnnotation(SENTENCES[0][0], ['type:fact'])]);
      const { store } = harness({ sidecar: loaded });
      store.tag(loaded.annotations[0].id, 'type:assessment');
      store.removeAnnotation(loaded.annotations[0].id);
      store.undo();
      store.undo();
      assert.deepEqual(store.get(loaded.annotations[0].id)?.annotation, loaded.annotations[0]);
      assert.equal(serializeSidecar(store.toSidecar()), serializeSidecar(loaded));
    });

    it('groups a batch into one step', () => {
      const { store, changes } = harness();
      store.batch('Accept All Suggestions', () => {
        for (let index = 0; index < SENTENCES.length; index++) store.acceptSuggestion(sentence(index));
      });
      assert.equal(store.size, 5);
      assert.equal(changes.length, 1);
      assert.equal(store.undoLabel, 'Accept All Suggestions');
      store.undo();
      assert.equal(store.size, 0);
    });

    it('keeps an undone annotation on its text after the text moved', () => {
      const { store, edit } = harness();
      const removed = store.tag(sentence(3), 'type:prescription');
      store.removeAnnotation(removed.id);
      const kept = store.tag(sentence(4), 'type:forecast');
      edit(0, 0, 'EDITORIAL NOTE. ');
      store.undo(); // the tag of sentence 4
      assert.equal(store.get(kept.id), undefined);
      store.undo(); // the removal
      assert.equal(store.get(removed.id)?.annotation.target.start, sentence(3, store.currentText).start);
      store.redo();
      store.redo();
      assert.equal(store.get(kept.id)?.annotation.target.start, sentence(4, store.currentText).start);
      assertTargetsMatchText(store);
    });

    it('restores only the content of an annotation that moved since', () => {
      const { store, edit } = harness();
      const { id } = store.tag(sentence(2), 'type:attribution');
      store.tag(id, 'domain:diplomacy');
      edit(0, 0, 'X');
      store.undo();
      assert.deepEqual(store.get(id)?.annotation.tags, ['type:attribution']);
      assert.equal(store.get(id)?.annotation.target.start, sentence(2, store.currentText).start);
    });

    it('forgets the oldest steps beyond its limit', () => {
      const { store } = harness({ undoLimit: 2 });
      for (let index = 0; index < 4; index++) store.tag(sentence(index), 'domain:aid');
      assert.ok(store.undo());
      assert.ok(store.undo());
      assert.equal(store.undo(), undefined);
      assert.equal(store.size, 2);
    });
  });

  describe('edits in the editor', () => {
    it('moves annotations with text inserted before them', () => {
      const { store, edit } = harness();
      store.tag(sentence(1), 'type:forecast');
      store.markSaved(store.toSidecar(), store.revision);
      edit(0, 0, 'URGENT: ');
      assert.equal(store.anchored()[0].target.start, sentence(1).start + 'URGENT: '.length);
      assert.equal(store.dirty, true);
      assertTargetsMatchText(store);
    });

    it('follows an edit inside a detected claim that is still a sentence', () => {
      const { store, edit, changes } = harness();
      const { id } = store.tag(sentence(1), 'type:forecast');
      const at = span('probably').start;
      edit(at, at + 'probably'.length, 'almost certainly');
      const entry = store.get(id);
      assert.equal(entry?.annotation.target.exact, 'The central bank will almost certainly cut rates again.');
      assert.equal(entry?.recheck, undefined);
      assert.deepEqual(store.needsRecheck(), []);
      assert.equal(changes.at(-1)?.kind, 'anchors');
    });

    it('flags a detected claim that is no longer a sentence, until one is found again', () => {
      const { store, edit } = harness();
      const { id } = store.tag(sentence(3), 'type:prescription');
      const at = span(' revive').start;
      edit(at, at, '. They should');
      assert.equal(store.get(id)?.recheck, 'not-a-sentence');
      assert.deepEqual(store.needsRecheck().map((entry) => entry.annotation.id), [id]);
      edit(at, at + '. They should'.length, '');
      assert.equal(store.get(id)?.recheck, undefined);
    });

    it('waits for the new analysis before judging a detected claim', () => {
      const { store, edit } = harness();
      const { id } = store.tag(sentence(3), 'type:prescription');
      const at = span(' revive').start;
      edit(at, at, '. They should', false);
      assert.equal(store.get(id)?.recheck, undefined);
      store.setClaims(claimsOf(store.currentText));
      assert.equal(store.get(id)?.recheck, 'not-a-sentence');
    });

    it('flags a manual claim whose text was edited, until the analyst confirms or retags it', () => {
      const { store, edit } = harness();
      const { id } = store.tag(span('revive the dormant trade council'), 'type:prescription');
      const at = span('dormant').start;
      edit(at, at + 'dormant'.length, 'defunct');
      assert.equal(store.get(id)?.recheck, 'text-edited');
      store.confirm(id);
      assert.equal(store.get(id)?.recheck, undefined);
      edit(at, at + 'defunct'.length, 'idle');
      store.tag(id, 'outlook:optimistic');
      assert.equal(store.get(id)?.recheck, undefined);
    });

    it('does not flag an annotation whose text was typed and deleted again', () => {
      const { store, edit } = harness();
      const { id } = store.tag(span('revive the dormant trade council'), 'type:prescription');
      const at = span('dormant').start;
      edit(at, at + 1, 'D');
      edit(at, at + 1, 'd');
      assert.equal(store.get(id)?.recheck, 'text-edited');
      store.confirm(id);
      const next = store.currentText.slice(0, at) + 'x' + store.currentText.slice(at);
      store.applyTextEdits([{ start: at, end: at, text: 'x' }, { start: at, end: at + 1, text: '' }], next.slice(0, at) + next.slice(at + 1));
      assert.equal(store.get(id)?.recheck, undefined);
    });

    it('orphans an annotation whose text was deleted, and re-attaches it when an undo brings it back', () => {
      const { store, edit } = harness();
      const { id } = store.tag(sentence(2), 'type:attribution');
      const { start, end } = sentence(2);
      edit(start, end + 1, '');
      assert.equal(store.get(id)?.orphan?.reason, 'deleted-in-editor');
      assert.equal(store.annotationAt(start), undefined);
      assert.equal(store.toSidecar().annotations[0].target.exact, SENTENCES[2][0]);
      edit(start, start, `${SENTENCES[2][0]} `);
      assert.equal(store.get(id)?.orphan, undefined);
      assert.equal(store.get(id)?.annotation.target.start, start);
      assertTargetsMatchText(store);
    });

    it('is not dirtied by typing where no annotation is', () => {
      const { store, edit, changes } = harness();
      store.tag(sentence(0), 'type:fact');
      store.markSaved(store.toSidecar(), store.revision);
      const count = changes.length;
      const end = store.currentText.length;
      edit(end, end, '\nA new closing line.');
      assert.equal(store.dirty, false);
      assert.equal(changes.length, count);
    });

    it('applies several changes of one event in order, as VS Code sends them', () => {
      const { store } = harness();
      const ids = [0, 2, 4].map((index) => store.tag(sentence(index), `type:${SENTENCES[index][1]}`).id);
      // Multi-cursor: the same insertion at three places, last first.
      const points = [sentence(4).start, sentence(2).start, sentence(0).start];
      let text = TEXT;
      const changes: TextChange[] = points.map((at) => ({ start: at, end: at, text: '» ' }));
      for (const change of changes) text = text.slice(0, change.start) + change.text + text.slice(change.end);
      store.applyTextEdits(changes, text, claimsOf(text));
      assert.deepEqual(
        ids.map((id) => store.get(id)?.annotation.target.exact),
        [SENTENCES[0][0], SENTENCES[2][0], SENTENCES[4][0]],
      );
      assertTargetsMatchText(store);
    });

    it('re-anchors everything when the edits do not add up to the new text', () => {
      const { store } = harness();
      const { id } = store.tag(sentence(4), 'type:forecast');
      const text = `Preface.\n${TEXT}`;
      store.applyTextEdits([{ start: 0, end: 0, text: 'wrong' }], text);
      assert.equal(store.get(id)?.annotation.target.start, sentence(4, text).start);
    });

    it('keeps every anchored target equal to its text through random edits', () => {
      const edits = fc.array(
        fc.record({ at: fc.nat(), cut: fc.nat({ max: 30 }), insert: fc.string({ maxLength: 12, unit: fc.constantFrom(...'ab .,\nX') }) }),
        { minLength: 1, maxLength: 12 },
      );
      fc.assert(
        fc.property(edits, (script) => {
          const { store, edit } = harness();
          for (let index = 0; index < SENTENCES.length; index++) store.tag(sentence(index), `type:${SENTENCES[index][1]}`);
          store.tag(span('$31 billion'), 'evidence:figure-backed');
          for (const { at, cut, insert } of script) {
            const length = store.currentText.length;
            const start = at % (length + 1);
            edit(start, Math.min(length, start + cut), insert);
            assertTargetsMatchText(store);
          }
          assert.equal(store.size, SENTENCES.length + 1);
          assert.ok(parseSidecar(serializeSidecar(store.toSidecar()), 'x.annotations.json').ok);
        }),
        { numRuns: 150 },
      );
    });
  });

  describe('text changed on disk', () => {
    it('re-anchors, orphans what is gone, and recovers orphans that came back', () => {
      const { store } = harness();
      const moved = store.tag(sentence(4), 'type:forecast');
      const gone = store.tag(sentence(2), 'type:attribution');
      const changed = `New lede.\n\n${TEXT.replace(`${SENTENCES[2][0]} `, '')}`;
      const first = store.reanchorTo(changed);
      assert.deepEqual(first.moved, [moved.id]);
      assert.deepEqual(first.orphaned, [gone.id]);
      assert.equal(store.get(gone.id)?.orphan?.reason, 'quote-missing');
      const second = store.reanchorTo(TEXT);
      assert.deepEqual(second.recovered, [gone.id]);
      assertTargetsMatchText(store);
    });

    it('attaches an orphan to a new selection, as the analyst\'s change, undoably', () => {
      const { store } = harness();
      const { id } = store.tag(sentence(2), 'type:attribution');
      const rewritten = TEXT.replace(SENTENCES[2][0], 'Officials said the visit had been planned for months.');
      store.reanchorTo(rewritten, claimsOf(rewritten));
      assert.equal(store.orphans().length, 1);
      assert.equal(store.get(id)?.orphan?.reason, 'quote-changed');
      assert.ok(store.get(id)?.orphan?.near, 'says where the edited text probably is');
      const target = span('Officials said the visit had been planned for months.', rewritten);
      const attached = store.attachOrphan(id, target.start, target.end);
      assert.equal(attached.target.exact, 'Officials said the visit had been planned for months.');
      assert.equal(attached.origin, 'detected');
      assert.notEqual(attached.modified, attached.created);
      assert.equal(store.orphans().length, 0);
      store.undo();
      assert.equal(store.get(id)?.orphan?.reason, 'quote-changed');
      store.redo();
      assert.equal(store.get(id)?.orphan, undefined);
      const other = store.tag(sentence(0, rewritten), 'type:fact');
      assert.throws(() => store.attachOrphan(id, other.target.start, other.target.end), /already has annotation/);
    });
  });

  describe('merging a sidecar changed on disk', () => {
    const A = SENTENCES[0][0];
    const B = SENTENCES[1][0];
    const C = SENTENCES[2][0];
    const LATER = '2025-03-01T12:00:00.000Z';
    const EARLIER = '2025-03-01T09:00:00.000Z';

    function loadedHarness() {
      const base = sidecarOf([fileAnnotation(A, ['type:fact']), fileAnnotation(B, ['type:forecast']), fileAnnotation(C, ['type:attribution'])]);
      const h = harness({ sidecar: base });
      const [a, b, c] = base.annotations;
      return { ...h, base, a, b, c };
    }

    function withTags(annotation: Annotation, tags: string[], modified: string): Annotation {
      return { ...annotation, tags, modified, author: 'ben' };
    }

    it('takes what changed only on disk and adds what is new there', () => {
      const { store, base, a, b } = loadedHarness();
      const added = fileAnnotation(SENTENCES[3][0], ['type:prescription']);
      const disk = { ...base, annotations: [withTags(a, ['type:fact', 'domain:society'], LATER), b, base.annotations[2], added] };
      const summary = store.mergeFromDisk(disk);
      assert.deepEqual(summary.updated, [a.id]);
      assert.deepEqual(summary.added, [added.id]);
      assert.deepEqual(summary.conflicts, []);
      assert.equal(summary.needsSave, false);
      assert.equal(store.dirty, false);
      assert.deepEqual(store.get(a.id)?.annotation.tags, ['type:fact', 'domain:society']);
      assert.ok(store.get(added.id));
    });

    it('keeps what changed only here, and asks to be saved', () => {
      const { store, base, a } = loadedHarness();
      store.tag(a.id, 'domain:finance');
      const summary = store.mergeFromDisk(base);
      assert.deepEqual(summary, { added: [], updated: [], removed: [], conflicts: [], orphaned: [], needsSave: true });
      assert.deepEqual(store.get(a.id)?.annotation.tags, ['type:fact', 'domain:finance']);
      assert.equal(store.dirty, true);
    });

    it('settles an annotation changed on both sides by the later change', () => {
      const { store, base, a, b } = loadedHarness();
      store.tag(a.id, 'domain:finance'); // ours at 10:00:00, theirs later
      store.tag(b.id, 'domain:finance'); // ours at 10:00:01, theirs earlier
      const disk = { ...base, annotations: [withTags(a, ['type:assessment'], LATER), withTags(b, ['type:fact'], EARLIER), base.annotations[2]] };
      const summary = store.mergeFromDisk(disk);
      assert.deepEqual(summary.conflicts, [
        { id: a.id, kind: 'both-modified', resolution: 'theirs' },
        { id: b.id, kind: 'both-modified', resolution: 'ours' },
      ]);
      assert.deepEqual(store.get(a.id)?.annotation.tags, ['type:assessment']);
      assert.deepEqual(store.get(b.id)?.annotation.tags, ['type:forecast', 'domain:finance']);
      assert.equal(summary.needsSave, true);
    });

    it('does not count the same change made on both sides as a conflict', () => {
      const { store, base, a } = loadedHarness();
      store.tag(a.id, 'domain:finance');
      const disk = { ...base, annotations: [withTags(a, ['type:fact', 'domain:finance'], LATER), ...base.annotations.slice(1)] };
      const summary = store.mergeFromDisk(disk);
      assert.deepEqual(summary.conflicts, []);
      assert.deepEqual(summary.updated, []);
      assert.deepEqual(store.get(a.id)?.annotation.tags, ['type:fact', 'domain:finance']);
    });

    it('applies a deletion on disk to what was not changed here, and keeps what was', () => {
      const { store, base, a, b } = loadedHarness();
      store.setNote(b.id, 'mine');
      const disk = { ...base, annotations: [base.annotations[2]] };
      const summary = store.mergeFromDisk(disk);
      assert.deepEqual(summary.removed, [a.id]);
      assert.deepEqual(summary.conflicts, [{ id: b.id, kind: 'modified-deleted', resolution: 'ours' }]);
      assert.equal(store.get(a.id), undefined);
      assert.equal(store.get(b.id)?.annotation.note, 'mine');
    });

    it('keeps a deletion made here unless the annotation changed on disk', () => {
      const { store, base, a, b } = loadedHarness();
      store.removeAnnotation(a.id);
      store.removeAnnotation(b.id);
      const disk = { ...base, annotations: [base.annotations[0], withTags(b, ['type:fact'], LATER), base.annotations[2]] };
      const summary = store.mergeFromDisk(disk);
      assert.equal(store.get(a.id), undefined);
      assert.deepEqual(summary.conflicts, [{ id: b.id, kind: 'deleted-modified', resolution: 'theirs' }]);
      assert.deepEqual(store.get(b.id)?.annotation.tags, ['type:fact']);
      assert.equal(summary.needsSave, true);
    });

    it('keeps annotations new here that the disk never had', () => {
      const { store, base } = loadedHarness();
      const mine = store.tag(sentence(4), 'type:forecast');
      const summary = store.mergeFromDisk(base);
      assert.ok(store.get(mine.id));
      assert.equal(summary.needsSave, true);
    });

    it('uses the merged file as the base of the next merge', () => {
      const { store, base, a } = loadedHarness();
      const disk = { ...base, annotations: [withTags(a, ['type:assessment'], LATER), ...base.annotations.slice(1)] };
      store.mergeFromDisk(disk);
      const again = store.mergeFromDisk(disk);
      assert.deepEqual(again, { added: [], updated: [], removed: [], conflicts: [], orphaned: [], needsSave: false });
      // A later deletion on disk of the annotation now counts against the merged version.
      const summary = store.mergeFromDisk({ ...disk, annotations: disk.annotations.slice(1) });
      assert.deepEqual(summary.removed, [a.id]);
    });

    it('uses the last save as the base', () => {
      const { store, base, a } = loadedHarness();
      store.tag(a.id, 'domain:finance');
      const saved = store.toSidecar();
      store.markSaved(saved, store.revision);
      assert.equal(store.dirty, false);
      const summary = store.mergeFromDisk({ ...saved, annotations: saved.annotations.filter((x) => x.id !== a.id) });
      assert.deepEqual(summary.removed, [a.id]);
      assert.equal(base.annotations.length, 3);
    });

    it('re-anchors what it takes from a sidecar made on another version of the text', () => {
      const { store, base } = loadedHarness();
      const newerText = `Update.\n\n${TEXT}`;
      const added = fileAnnotation(SENTENCES[4][0], ['type:forecast'], { text: newerText });
      const lost = fileAnnotation('Update.', ['type:fact'], { text: newerText });
      const summary = store.mergeFromDisk({ ...sidecarOf([...base.annotations, added, lost], newerText) });
      assert.deepEqual(store.get(added.id)?.annotation.target.start, sentence(4).start);
      assert.deepEqual(summary.orphaned, [lost.id]);
      assertTargetsMatchText(store);
    });

    it('clears undo history when the merge changed something here', () => {
      const { store, base, a, c } = loadedHarness();
      store.tag(c.id, 'domain:aid');
      store.mergeFromDisk({ ...base, annotations: [withTags(a, ['type:assessment'], LATER), ...base.annotations.slice(1)] });
      assert.equal(store.canUndo, false);
    });

    it('does not mark itself saved when a save was overtaken by a change', () => {
      const { store } = harness();
      store.tag(sentence(0), 'type:fact');
      const revision = store.revision;
      const sidecar = store.toSidecar();
      store.tag(sentence(1), 'type:forecast'); // while the save is under way
      store.markSaved(sidecar, revision);
      assert.equal(store.dirty, true);
    });
  });

  it('stops telling a listener once it is disposed', () => {
    const { store } = harness();
    const seen: string[] = [];
    const subscription = store.onDidChange((change) => seen.push(change.kind));
    store.tag(sentence(0), 'type:fact');
    subscription.dispose();
    store.tag(sentence(1), 'type:forecast');
    assert.deepEqual(seen, ['annotations']);
  });

  it('writes sidecars that read back as they were', () => {
    const { store } = harness();
    store.tag(sentence(0), 'type:fact');
    store.setNote(span('$31 billion'), 'SBP figure');
    store.acceptSuggestion(sentence(1));
    const text = serializeSidecar(store.toSidecar());
    const parsed = parseSidecar(text, 'x.annotations.json');
    assert.ok(parsed.ok);
    const reloaded = harness({ sidecar: parsed.sidecar }).store;
    assert.equal(serializeSidecar(reloaded.toSidecar()), text);
    assert.equal(reloaded.dirty, false);
  });
});

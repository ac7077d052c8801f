/**
 * Issue 4's figures: load + re-anchor + decoration ranges for a document with 5,000 annotations,
 * saving it, and indexing a workspace of 2,000 policy texts (about 20 MB).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze } from '../src/core/analyze';
import { AnnotationStore } from '../src/core/annotationStore';
import { ClaimIndex } from '../src/core/claimIndex';
import { loadBuiltinLexicon } from '../src/core/lexicon';
import { createAnnotation, createSidecar } from '../src/core/sidecar/anchoring';
import type { Sidecar } from '../src/core/sidecar/schema';
import { ALL_TAGS } from '../src/core/taxonomy';
import { loadSidecar, saveSidecar } from '../src/node/sidecarFile';
import { indexWorkspace } from '../src/node/workspaceIndexer';

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

async function timeAsync(runs: number, work: () => Promise<void>): Promise<number> {
  await work();
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = process.hrtime.bigint();
    await work();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return median(times);
}

/** A text with at least `count` claims, and a sidecar tagging `count` of them. */
function buildTaggedDocument(samples: readonly string[], count: number): { text: string; sidecar: Sidecar } {
  const parts: string[] = [];
  let claims = 0;
  for (let index = 0; claims < count; index++) {
    const sample = samples[index % samples.length];
    parts.push(sample);
    claims += analyze(sample).claims.length;
  }
  const text = parts.join('\n');
  const detected = analyze(text).claims.slice(0, count);
  const sidecar = createSidecar('bench.policy.txt', text);
  const time = '2026-11-01T09:00:00.000Z';
  const takenIds = new Set<string>();
  const annotations = detected.map((claim, index) => {
    const annotation = createAnnotation({
      fileName: 'bench.policy.txt',
      text,
      start: claim.start,
      end: claim.end,
      tags: [`type:${claim.type}`, ALL_TAGS[5 + (index % 11)]],
      note: index % 10 === 0 ? 'Check against the ministry figures.' : '',
      author: 'bench',
      time,
      nonce: String(index),
      origin: 'detected',
      takenIds,
    });
    takenIds.add(annotation.id);
    return annotation;
  });
  return { text, sidecar: { ...sidecar, annotations } };
}

export async function runSidecarBench(samples: readonly string[]): Promise<void> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lens-sidecar-bench-'));
  try {
    const { text, sidecar } = buildTaggedDocument(samples, 5000);
    const textPath = path.join(folder, 'bench.policy.txt');
    fs.writeFileSync(textPath, text);
    const written = await saveSidecar(textPath, sidecar, undefined);
    if (written.status !== 'saved') throw new Error(`could not write the bench sidecar: ${written.status}`);
    const edited = text.replace('the', 'the very').replace(/\n/, '\nA new opening paragraph was inserted here.\n');
    const claims = analyze(text).claims;

    let store: AnnotationStore | undefined;
    const load = (current: string) => async () => {
      const loaded = await loadSidecar(textPath);
      if (loaded.state !== 'ok') throw new Error(`bench sidecar did not load: ${loaded.state}`);
      store = new AnnotationStore({ fileName: 'bench.policy.txt', text: current, sidecar: loaded.sidecar, claims, now: () => '2026-11-02T00:00:00.000Z', nonce: () => 'n' });
      // What the decorator needs: ranges per tagged type.
      const byType = new Map<string, number[]>();
      for (const annotation of store.anchored()) {
        const type = annotation.tags.find((tag) => tag.startsWith('type:')) ?? 'untyped';
        const list = byType.get(type) ?? [];
        list.push(annotation.target.start, annotation.target.end);
        byType.set(type, list);
      }
    };
    const loadMs = await timeAsync(5, load(text));
    const loadEditedMs = await timeAsync(5, load(edited));
    const orphans = store?.orphans().length ?? 0;

    const loaded = await loadSidecar(textPath);
    if (loaded.state !== 'ok') throw new Error('bench sidecar did not load');
    let expected = loaded.raw;
    let flip = 0;
    const saveMs = await timeAsync(7, async () => {
      const next = { ...loaded.sidecar, annotations: loaded.sidecar.annotations.map((a, i) => (i === 0 ? { ...a, note: `note ${flip++}` } : a)) };
      const result = await saveSidecar(textPath, next, expected);
      if (result.status !== 'saved') throw new Error(`save failed: ${result.status}`);
      expected = result.raw;
    });
    console.log('\nSidecars (5,000 annotations, ' + (text.length / 1024).toFixed(0) + ' KB text, ' + (fs.statSync(textPath + '.annotations.json').size / 1024 / 1024).toFixed(1) + ' MB sidecar)');
    console.log(`  load + re-anchor + decoration ranges, text unchanged:    ${loadMs.toFixed(1)} ms`);
    console.log(`  load + re-anchor + decoration ranges, text edited on disk: ${loadEditedMs.toFixed(1)} ms (${orphans} orphaned)`);
    console.log(`  save (check disk, serialise, atomic write):              ${saveMs.toFixed(1)} ms`);

    // Workspace index: 2,000 texts, about 20 MB.
    const workspace = path.join(folder, 'workspace');
    fs.mkdirSync(workspace);
    const files: string[] = [];
    let bytes = 0;
    for (let index = 0; index < 2000; index++) {
      const body = samples[index % samples.length];
      const content = `${body}\n${body}\n${body}\n`;
      const file = path.join(workspace, `${String(index).padStart(4, '0')}.policy.txt`);
      fs.writeFileSync(file, content);
      files.push(file);
      bytes += Buffer.byteLength(content);
    }
    const lexicon = loadBuiltinLexicon();
    let progressEvents = 0;
    const started = process.hrtime.bigint();
    const index = new ClaimIndex();
    const result = await indexWorkspace(files, {
      lexiconFor: () => lexicon,
      root: workspace,
      onProgress: () => progressEvents++,
      onBatch: (documents) => index.setDocuments(documents),
    });
    const indexMs = Number(process.hrtime.bigint() - started) / 1e6;
    const topLevel = index.getChildren(undefined).length;
    console.log(
      `  index ${result.documents.length} texts (${(bytes / 1024 / 1024).toFixed(1)} MB): ${indexMs.toFixed(0)} ms, ${progressEvents} progress updates, ${topLevel} top-level nodes, ${index.untaggedCount()} untagged claims`,
    );
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

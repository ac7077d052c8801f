import type { MergeSummary, ReanchorSummary } from '../../core/annotationStore';

// What the analyst is told when annotations change under them. Pure, so the wording is tested.

function count(n: number, noun: string): string {
  return `${n} ${n === 1 ? noun : `${noun}s`}`;
}

/** Whether a merge changed anything worth telling the analyst about. */
export function mergeChangedSomething(summary: MergeSummary): boolean {
  return summary.added.length + summary.updated.length + summary.removed.length + summary.conflicts.length + summary.orphaned.length > 0;
}

/**
 * "brief.policy.txt.annotations.json changed on disk and was merged with your unsaved tags: 2
 * added, 1 updated; 1 conflict kept yours (changed later here)."
 */
export function describeMerge(fileName: string, summary: MergeSummary): string {
  const parts: string[] = [];
  if (summary.added.length > 0) parts.push(`${summary.added.length} added`);
  if (summary.updated.length > 0) parts.push(`${summary.updated.length} updated`);
  if (summary.removed.length > 0) parts.push(`${summary.removed.length} removed`);
  const changes = parts.length > 0 ? parts.join(', ') : 'no annotation changed';
  const ours = summary.conflicts.filter((conflict) => conflict.resolution === 'ours').length;
  const theirs = summary.conflicts.length - ours;
  const conflicts: string[] = [];
  if (ours > 0) conflicts.push(`${count(ours, 'conflict')} kept yours`);
  if (theirs > 0) conflicts.push(`${count(theirs, 'conflict')} took the file's`);
  const conflictText = conflicts.length > 0 ? `; ${conflicts.join(', ')} (the later change wins)` : '';
  const orphans = summary.orphaned.length > 0 ? ` ${count(summary.orphaned.length, 'annotation')} from the file could not be placed in the text: see Orphaned in the Claims panel.` : '';
  return `${fileName} changed on disk and was merged with your unsaved tags: ${changes}${conflictText}.${orphans}`;
}

/** "3 annotations of brief.policy.txt could not be placed …", or undefined when all were placed. */
export function describeOrphansAfterLoad(textFileName: string, report: ReanchorSummary): string | undefined {
  if (report.orphaned.length === 0) return undefined;
  return (
    `${count(report.orphaned.length, 'annotation')} of ${textFileName} could not be placed: their text changed or is gone. ` +
    'They are kept, listed under Orphaned in the Claims panel; select the right text and use "Attach Orphaned Annotation" to place them again.'
  );
}

/** After the text changed on disk: "2 annotations moved; 1 orphaned." or undefined. */
export function describeReanchor(textFileName: string, summary: ReanchorSummary): string | undefined {
  if (summary.orphaned.length === 0 && summary.recovered.length === 0) return undefined;
  const parts: string[] = [];
  if (summary.orphaned.length > 0) parts.push(`${count(summary.orphaned.length, 'annotation')} could not be placed and ${summary.orphaned.length === 1 ? 'is' : 'are'} now under Orphaned in the Claims panel`);
  if (summary.recovered.length > 0) parts.push(`${count(summary.recovered.length, 'orphaned annotation')} found ${summary.recovered.length === 1 ? 'its' : 'their'} text again`);
  return `${textFileName} changed on disk: ${parts.join('; ')}.`;
}

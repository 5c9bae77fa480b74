/**
 * The run's notes about preparing the store: which folders the set-up kept (emptied, not
 * deleted) and which refusals it retried, summed up from the cases' evidence notes.
 */
import type { CaseResult } from './result.ts';
import { KEPT_LABEL } from './setup.ts';

/** Labels of retry notes (set-up, a sync step, the harness's scratch folders) end so. */
const RETRIED = /: refusals retried$/;

export function setupNotes(results: readonly CaseResult[]): string[] {
  const notes: string[] = [];
  const kept = new Map<string, number>();
  let keptCases = 0;
  for (const result of results) {
    const texts = result.evidence.filter((e) => e.label === KEPT_LABEL).map((e) => e.text);
    if (texts.length) keptCases++;
    for (const line of texts.flatMap((t) => t.split('\n')))
      kept.set(line, (kept.get(line) ?? 0) + 1);
  }
  if (kept.size)
    notes.push(
      `set-up kept these folders, emptied and not deleted, in ${keptCases} of ${results.length} cases: ${[...kept.keys()].join('; ')}`,
    );
  const retried = results.flatMap((r, run) =>
    r.evidence
      .filter((e) => RETRIED.test(e.label))
      .flatMap((e) => e.text.split('\n').map((line) => ({ run, id: r.id, line }))),
  );
  if (retried.length) {
    const cases = new Set(retried.map((r) => r.run)).size;
    const lasting = retried.filter((r) => r.line.endsWith('-> still refused')).length;
    const first = retried[0]!;
    notes.push(
      `${retried.length} refusals retried with backoff in ${cases} cases (${lasting ? `${lasting} still refused` : 'all accepted later'}), e.g. ${first.id}: ${first.line}`,
    );
  }
  return notes;
}

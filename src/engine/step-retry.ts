/**
 * A sync step (or a folder deletion in the store) the store refused with "busy, try again
 * later" (RFC 5530 `[INUSE]` or `[UNAVAILABLE]`, e.g. a DELETE of a folder re-created a
 * moment ago) is run again after a bounded backoff, as a client would sync again; each
 * refusal is kept in the evidence. Any other failure, and a refusal that lasts, is judged as
 * before. Harness scratch folders get the same treatment (housekeepingRetry).
 */
import type { Step } from '../scenario/types.ts';
import type { CaseContext } from './context.ts';
import { runStep, stepLabel } from './steps/registry.ts';
import { BUSY_CODES, realSleep, retryNote, withRetry, type RetryRecord } from './setup-retry.ts';

const busy = (refusal: { code?: string }) => BUSY_CODES.has(refusal.code ?? '');

/** Steps that can run again after a refusal: nothing of them took effect, or a sync. */
const RETRIED_STEPS: ReadonlySet<Step['do']> = new Set(['sync', 'server-delete-folder']);

export async function runStepRetrying(ctx: CaseContext, step: Step, index: number): Promise<void> {
  if (!RETRIED_STEPS.has(step.do)) return runStep(ctx, step, index);
  const label = `step ${index + 1} (${stepLabel(step)})`;
  await housekeepingRetry(ctx, label, () => runStep(ctx, step, index));
}

/** The harness's own scratch work (e.g. removing its linkage-control folder), retried alike. */
export async function housekeepingRetry(
  ctx: CaseContext,
  what: string,
  work: () => Promise<void>,
): Promise<void> {
  const retries: RetryRecord[] = [];
  try {
    await withRetry(what, work, sleepOf(ctx), retries, busy);
  } finally {
    if (retries.length) ctx.notes.push(retryNote(`${what}: refusals retried`, retries));
  }
}

/** The factory's sleep (a virtual clock on the embedded store), else real time. */
export function sleepOf(ctx: CaseContext): (ms: number) => Promise<void> {
  return ctx.factory.sleep?.bind(ctx.factory) ?? realSleep;
}

/**
 * The virtual clock. A `tick` advances it and tells every device with a sync period the new
 * time (DeviceDriver.advanceClock); such a device must then synchronise by itself once its
 * period has passed since its last sync (RD-STOR-x1). The harness never syncs it at a tick.
 *
 * Whether the device did sync is judged from what reached the store: in client conformance
 * the store's own trace (a LIST, SELECT or EXAMINE while the device was told the time), never
 * the client's word; elsewhere (the reference device in server conformance) the sync report
 * advanceClock returns.
 */
import type { CaseContext } from '../context.ts';
import type { Step } from '../../scenario/types.ts';
import type { SyncReport, WireEntry } from '../ports.ts';
import { commands } from '../trace-rules.ts';
import { isNmsSyncRequest } from '../nms-trace-rules.ts';
import { STORE_ACTOR } from '../trace.ts';
import { HarnessError, InconclusiveError } from '../trouble.ts';

const PERIODIC_CLAUSE = 'RD-STOR-x1';
/** Commands that only a synchronisation sends (seed 003, 5.5.2.20 steps 1 and 3a). */
const SYNC_VERBS = new Set(['LIST', 'SELECT', 'EXAMINE']);

/** When each device of a case first learned the clock. */
const firstTold = new WeakMap<CaseContext, Map<string, number>>();

export async function tick(
  ctx: CaseContext,
  step: Extract<Step, { do: 'tick' }>,
  index: number,
): Promise<void> {
  const from = ctx.now;
  ctx.now += step.ms;
  let told = firstTold.get(ctx);
  if (!told) firstTold.set(ctx, (told = new Map()));
  for (const [name, expected] of ctx.oracle.devices) {
    const period = expected.preferences.periodMs;
    if (!period) continue;
    const device = ctx.device(name);
    if (!device.advanceClock) {
      throw new InconclusiveError(
        `${name} cannot learn the virtual clock (its driver has no advanceClock; a command adapter needs tick): periodic sync cannot be judged`,
      );
    }
    if (!told.has(name)) {
      await device.advanceClock(from);
      told.set(name, from);
    }
    const last = Math.max(ctx.lastSync.get(name) ?? -Infinity, told.get(name) ?? from);
    const due = ctx.now - last >= period;
    ctx.trace.settle(STORE_ACTOR);
    let report: SyncReport | undefined;
    let entries: WireEntry[];
    try {
      report = await device.advanceClock(ctx.now);
    } finally {
      entries = ctx.trace.settle(name);
    }
    const onTrace = ctx.trace.enabled && ctx.definition.devices[name]?.simulated !== true;
    const synced = onTrace ? reachedStoreAsSync(entries) : report !== undefined;
    if (synced) {
      if (ctx.trace.enabled) ctx.trace.recordSync(name, entries);
      if (report) ctx.lastReport.set(name, report);
      ctx.oracle.synced(name);
      ctx.lastSync.set(name, ctx.now);
    } else if (due) {
      if (!onTrace) {
        throw new HarnessError(
          'E_HARNESS',
          `the reference device ${name} did not sync when its period of ${period} ms elapsed`,
        );
      }
      ctx.find(
        index,
        [PERIODIC_CLAUSE],
        [
          `${name}: its sync period of ${period} ms elapsed (last sync ${iso(last)}, now ${iso(ctx.now)}) but it did not synchronise by itself: no folder listing or walk (LIST, SELECT, EXAMINE; over NMS a folder or object search) reached the store`,
        ],
      );
    }
  }
}

function reachedStoreAsSync(entries: WireEntry[]): boolean {
  if (entries.some((e) => e.http)) return entries.some(isNmsSyncRequest);
  return commands(entries).some((c) => SYNC_VERBS.has(c.verb));
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

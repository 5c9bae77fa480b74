/** Before a case: an empty store for every user, the devices, and the `given` state. */
import type { CaseContext } from './context.ts';
import { STORE_ACTOR } from './trace.ts';
import { deliverBatch } from './steps/store-steps.ts';
import { checkGiven } from './damage.ts';
import { unjudged } from './store-faults.ts';
import { emptyUserStore, type KeptFolder } from './setup-empty.ts';
import { retryNote, type RetryRecord } from './setup-retry.ts';
import { sleepOf } from './step-retry.ts';

/** Labels of the set-up's notes in the evidence (setup-notes.ts sums them up for the run). */
export const KEPT_LABEL = 'set-up: folders kept (emptied, not deleted)';
export const RETRY_LABEL = 'set-up: refusals retried';

/**
 * Returns false when the store under test did not keep what the set-up gave it (server
 * role): the findings are recorded and the case stops there.
 */
export async function prepareStore(ctx: CaseContext): Promise<boolean> {
  const def = ctx.definition;
  const users = new Set([
    ...Object.values(def.devices).map((d) => d.user),
    ...(def.given?.objects ?? []).map((o) => o.user ?? ctx.defaultUser),
    ...(def.given?.folders ?? []).map((f) =>
      typeof f === 'string' ? ctx.defaultUser : (f.user ?? ctx.defaultUser),
    ),
  ]);
  if (ctx.factory.resetStore) await ctx.factory.resetStore();
  const sleep = sleepOf(ctx);
  const retries: RetryRecord[] = [];
  const kept: Array<KeptFolder & { user: string }> = [];
  try {
    for (const user of users) {
      // Housekeeping, not judged: a system folder that comes back after DELETE is no finding.
      const emptied = await emptyUserStore(unjudged(await ctx.actor(user)), {
        user,
        keepFolders: ctx.settings.keepFolders ?? [],
        sleep,
        retries,
      });
      // Kept folders are part of the starting state: a case that never touches them is not
      // affected by them, and a case may use them.
      ctx.oracle.seed(user, emptied.view);
      kept.push(...emptied.kept.filter((k) => k.why !== 'INBOX').map((k) => ({ ...k, user })));
    }
  } finally {
    noteSetUp(ctx, kept, retries);
  }
  for (const folder of def.given?.folders ?? []) {
    const name = typeof folder === 'string' ? folder : folder.name;
    const user = typeof folder === 'string' ? ctx.defaultUser : (folder.user ?? ctx.defaultUser);
    // A folder the store keeps (e.g. Trash) is there already, empty.
    if (ctx.oracle.store(user).hasFolder(name)) continue;
    await (await ctx.actor(user)).createFolder(name);
    ctx.oracle.createFolder(user, name);
  }
  // Folders first: a store that lost a folder is judged on that, not on every delivery to it.
  const judged = def.role === 'server';
  const objectsGiven = (def.given?.objects ?? []).length > 0;
  if (judged && objectsGiven && !(await checkGiven(ctx))) return false;
  for (const batch of def.given?.objects ?? []) await deliverBatch(ctx, batch);
  if (judged && !(await checkGiven(ctx))) return false;
  for (const [name, device] of Object.entries(def.devices)) {
    ctx.trace.settle(STORE_ACTOR);
    const driver = await ctx.factory.createDevice(name, device.user, {
      simulated: device.simulated === true,
      ...(device.binding ? { binding: device.binding } : {}),
    });
    ctx.trace.settle(name);
    ctx.devices.set(name, driver);
    const prefs = device.preferences ?? {};
    driver.setPreferences(prefs);
    ctx.oracle.addDevice(name, device.user, prefs);
  }
  return true;
}

/** What the set-up kept and retried, in the case's evidence (and so in the run's notes). */
function noteSetUp(
  ctx: CaseContext,
  kept: Array<KeptFolder & { user: string }>,
  retries: RetryRecord[],
): void {
  if (kept.length)
    ctx.notes.push({
      kind: 'note',
      label: KEPT_LABEL,
      text: kept.map((k) => `${k.user}: ${k.name} (${k.why})`).join('\n'),
    });
  if (retries.length) ctx.notes.push(retryNote(RETRY_LABEL, retries));
}

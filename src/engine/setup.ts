/** Before a case: an empty store for every user, the devices, and the `given` state. */
import type { CaseContext } from './context.ts';
import { STORE_ACTOR } from './trace.ts';
import { deliverBatch } from './steps/store-steps.ts';
import { checkGiven } from './damage.ts';

/** Folders every store keeps (IMAP INBOX cannot be deleted). */
const PERMANENT = new Set(['INBOX']);

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
  for (const user of users) {
    const actor = await ctx.actor(user);
    const view = await actor.view();
    for (const folder of [...view.folders].reverse()) {
      if (PERMANENT.has(folder.name)) {
        for (const o of folder.objects) await actor.delete(folder.name, o.key);
      } else {
        await actor.deleteFolder(folder.name);
      }
    }
    const clean = await actor.view();
    const leftovers = clean.folders.filter((f) => !PERMANENT.has(f.name) || f.objects.length);
    if (leftovers.length)
      throw new Error(
        `could not empty the store of ${user}: ${leftovers.map((f) => f.name).join(', ')} remain`,
      );
    ctx.oracle.seed(user, clean);
  }
  for (const folder of def.given?.folders ?? []) {
    const name = typeof folder === 'string' ? folder : folder.name;
    const user = typeof folder === 'string' ? ctx.defaultUser : (folder.user ?? ctx.defaultUser);
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

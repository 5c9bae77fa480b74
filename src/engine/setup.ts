/** Before a case: an empty store for every user, the devices, and the `given` state. */
import type { CaseContext } from './context.ts';
import { STORE_ACTOR } from './trace.ts';
import { deliverBatch } from './steps/store-steps.ts';

/** Folders every store keeps (IMAP INBOX cannot be deleted). */
const PERMANENT = new Set(['INBOX']);

export async function prepareStore(ctx: CaseContext): Promise<void> {
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
  for (const batch of def.given?.objects ?? []) await deliverBatch(ctx, batch);
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
}

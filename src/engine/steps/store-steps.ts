/** Steps the network side performs on the store, and the virtual clock (clock-tick.ts). */
import type { CaseContext } from '../context.ts';
import type { ObjectBatch, Step } from '../../scenario/types.ts';

export { tick } from './clock-tick.ts';

type StoreStep<K extends Step['do']> = Extract<Step, { do: K }>;

/** The network deposits a batch of seeded objects: in the store and in the oracle. */
export async function deliverBatch(ctx: CaseContext, batch: ObjectBatch): Promise<void> {
  const user = batch.user ?? ctx.defaultUser;
  const actor = await ctx.actor(user);
  const specs = ctx.generate(batch);
  for (const spec of specs) {
    await actor.deliver(batch.folder, spec);
    ctx.oracle.deliver(user, batch.folder, spec);
  }
  ctx.names.register(
    batch.name,
    specs.map((s) => ({ user, folder: batch.folder, key: s.key })),
  );
}

export function deliver(ctx: CaseContext, step: StoreStep<'deliver'>): Promise<void> {
  return deliverBatch(ctx, step);
}

export async function serverDelete(
  ctx: CaseContext,
  step: StoreStep<'server-delete'>,
): Promise<void> {
  for (const o of ctx.names.resolve(step.objects)) {
    await (await ctx.actor(o.user)).delete(o.folder, o.key);
    ctx.oracle.deleteObject(o.user, o.folder, o.key);
  }
}

export async function serverFlag(ctx: CaseContext, step: StoreStep<'server-flag'>): Promise<void> {
  for (const o of ctx.names.resolve(step.objects)) {
    await (await ctx.actor(o.user)).setFlags(o.folder, o.key, step.add ?? [], step.remove ?? []);
    ctx.oracle.setFlags(o.user, o.folder, o.key, step.add ?? [], step.remove ?? []);
  }
}

export async function serverCreateFolder(
  ctx: CaseContext,
  step: StoreStep<'server-create-folder'>,
): Promise<void> {
  const user = step.user ?? ctx.defaultUser;
  await (await ctx.actor(user)).createFolder(step.folder);
  ctx.oracle.createFolder(user, step.folder);
}

export async function serverDeleteFolder(
  ctx: CaseContext,
  step: StoreStep<'server-delete-folder'>,
): Promise<void> {
  const user = step.user ?? ctx.defaultUser;
  await (await ctx.actor(user)).deleteFolder(step.folder);
  ctx.oracle.deleteFolder(user, step.folder);
}

export async function serverResetFolder(
  ctx: CaseContext,
  step: StoreStep<'server-reset-folder'>,
): Promise<void> {
  const user = step.user ?? ctx.defaultUser;
  const actor = await ctx.actor(user);
  ctx.uidValidityBefore.set(`${user}/${step.folder}`, await actor.uidValidity(step.folder));
  await actor.resetFolder(step.folder);
  ctx.oracle.resetFolder(user, step.folder);
}

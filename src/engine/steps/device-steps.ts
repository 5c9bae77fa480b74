/** Steps a device performs: local changes, sync, content on demand, copy, listening. */
import type { CaseContext } from '../context.ts';
import type { Step } from '../../scenario/types.ts';
import type { LocalChange } from '../ports.ts';
import { STORE_ACTOR } from '../trace.ts';

type DeviceStep<K extends Step['do']> = Extract<Step, { do: K }>;

/** Run a device operation and attribute the store traffic it caused to that device. */
async function traced<T>(
  ctx: CaseContext,
  name: string,
  op: () => Promise<T>,
  isSync = false,
): Promise<T> {
  ctx.trace.settle(STORE_ACTOR);
  try {
    return await op();
  } finally {
    const entries = ctx.trace.settle(name);
    if (isSync && ctx.trace.enabled) ctx.trace.recordSync(name, entries);
  }
}

export async function syncDevice(ctx: CaseContext, name: string): Promise<void> {
  const device = ctx.device(name);
  ctx.lastReport.set(name, await traced(ctx, name, () => device.sync(), true));
  ctx.oracle.synced(name);
  ctx.lastSync.set(name, ctx.now);
}

export async function sync(ctx: CaseContext, step: DeviceStep<'sync'>): Promise<void> {
  for (const name of Array.isArray(step.device) ? step.device : [step.device])
    await syncDevice(ctx, name);
}

async function change(ctx: CaseContext, device: string, local: LocalChange): Promise<void> {
  await ctx.device(device).applyLocalChange(local);
  ctx.oracle.localChange(device, local);
}

export async function add(ctx: CaseContext, step: DeviceStep<'add'>): Promise<void> {
  const user = ctx.deviceUser(step.device);
  const specs = ctx.generate(step);
  for (const object of specs)
    await change(ctx, step.device, { kind: 'add', folder: step.folder, object });
  ctx.names.register(
    step.name,
    specs.map((s) => ({ user, folder: step.folder, key: s.key })),
  );
}

export async function remove(ctx: CaseContext, step: DeviceStep<'delete'>): Promise<void> {
  for (const o of ctx.names.resolve(step.objects)) {
    await change(ctx, step.device, { kind: 'delete', folder: o.folder, key: o.key });
  }
}

export async function flag(ctx: CaseContext, step: DeviceStep<'flag'>): Promise<void> {
  for (const o of ctx.names.resolve(step.objects)) {
    await change(ctx, step.device, {
      kind: 'flags',
      folder: o.folder,
      key: o.key,
      add: step.add ?? [],
      remove: step.remove ?? [],
    });
  }
}

export async function createFolder(
  ctx: CaseContext,
  step: DeviceStep<'create-folder'>,
): Promise<void> {
  await change(ctx, step.device, { kind: 'create-folder', folder: step.folder });
}

export async function deleteFolder(
  ctx: CaseContext,
  step: DeviceStep<'delete-folder'>,
): Promise<void> {
  await change(ctx, step.device, { kind: 'delete-folder', folder: step.folder });
}

export async function fetchContent(
  ctx: CaseContext,
  step: DeviceStep<'fetch-content'>,
): Promise<void> {
  const byFolder = new Map<string, string[]>();
  for (const o of ctx.names.resolve(step.objects))
    byFolder.set(o.folder, [...(byFolder.get(o.folder) ?? []), o.key]);
  for (const [folder, keys] of byFolder) {
    await traced(ctx, step.device, () => ctx.device(step.device).fetchContent(folder, keys));
    ctx.oracle.fetchedContent(step.device, keys);
  }
}

/** 5.5.2.5: the store must link the object into an existing folder, and refuse otherwise. */
export async function copy(
  ctx: CaseContext,
  step: DeviceStep<'copy'>,
  index: number,
): Promise<void> {
  const source = ctx.names.one(step.object);
  const mustSucceed = ctx.oracle.copy(source.user, source.folder, source.key, step.to, step.device);
  let refusal: string | undefined;
  try {
    await traced(ctx, step.device, () =>
      ctx.device(step.device).copy(source.folder, source.key, step.to),
    );
  } catch (error) {
    refusal = error instanceof Error ? error.message : String(error);
  }
  const clauses = ['SD-5.5.2.5-response'];
  if (mustSucceed && refusal !== undefined)
    ctx.find(index, clauses, [`copy of ${step.object} to ${step.to} refused: ${refusal}`]);
  if (!mustSucceed && refusal === undefined) {
    ctx.find(index, clauses, [
      `copy of ${step.object} to missing folder ${step.to} answered OK, expected an error`,
    ]);
  }
  if (mustSucceed)
    ctx.names.register(step.name, [{ user: source.user, folder: step.to, key: source.key }]);
}

export async function preferences(
  ctx: CaseContext,
  step: DeviceStep<'preferences'>,
): Promise<void> {
  ctx.device(step.device).setPreferences(step.preferences);
  ctx.oracle.device(step.device).preferences = step.preferences;
}

export async function listen(ctx: CaseContext, step: DeviceStep<'listen'>): Promise<void> {
  await traced(ctx, step.device, () => ctx.device(step.device).listen(step.folder));
}

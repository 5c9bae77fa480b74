/**
 * Mutant duplicates-after-expired-token (mutants.ts): a naive "resync" after the store refused
 * the restart token, which uploads every object the device holds as a new object of its
 * folder (`POST objects`, content fetched first where only the metadata is held), so the store
 * ends up holding each of them twice. The reference device only subscribes again.
 */
import { createObject, getPayload, NmsError } from '../../../src/bindings/nms/client/index.ts';
import type { NmsSyncContext } from './nms-context.ts';

export async function uploadEverythingAgain(ctx: NmsSyncContext): Promise<void> {
  for (const folder of ctx.replica.folders.values()) {
    const url = ctx.state.folderUrls.get(folder.name);
    if (!url) continue;
    for (const obj of [...folder.byUid.values()]) {
      const raw = obj.raw ?? (await payloadIfAny(ctx, obj.uid!));
      if (!raw) continue; // removed in the store meanwhile: nothing to upload
      await createObject(ctx.http, {
        parentFolder: url,
        flags: [...obj.flags],
        date: obj.date,
        raw,
      });
      ctx.report.uploaded++;
    }
  }
}

async function payloadIfAny(ctx: NmsSyncContext, id: string): Promise<Buffer | undefined> {
  try {
    return await getPayload(ctx.http, ctx.state.payloadUrls.get(id) ?? id);
  } catch (err) {
    if (err instanceof NmsError && err.status === 404) return undefined;
    throw err;
  }
}

/**
 * Step 3d: store the new local objects on the server (5.5.2.3): `APPEND folder (flags) date`.
 * The UID comes from `[APPENDUID v uid]` (UIDPLUS); without it, from
 * `UID SEARCH HEADER IMDN-Message-ID <key>`. If neither gives it, the object stays marked as
 * uploaded and is bound by key when step 3b of a later sync sees it: never uploaded twice.
 * A new local object whose key the replica already knows from the server (e.g. hidden by a
 * filter) is the same object: it is merged into it (its flags pushed in 3f), not uploaded.
 */
import { ImapClientError } from '../../src/bindings/imap/client/index.ts';
import { findUidsByKey } from './find-by-key.ts';
import { mergeInto } from './merge.ts';
import type { LocalObject } from './replica.ts';
import type { FolderPass, SyncContext } from './sync-context.ts';

export async function uploadNewObjects(ctx: SyncContext, pass: FolderPass): Promise<void> {
  const { folder } = pass;
  const known = new Map<string, LocalObject>();
  for (const o of folder.byUid.values()) known.set(o.key, o);
  for (const obj of [...folder.pending]) {
    const twin = known.get(obj.key);
    if (twin) {
      folder.pending.splice(folder.pending.indexOf(obj), 1);
      mergeInto(twin, obj);
      continue;
    }
    if (obj.uploaded || !obj.raw || ctx.mutant === 'no-upload') continue;
    const result = await appendOnce(ctx, folder.name, obj);
    obj.uploaded = true;
    obj.added.clear();
    obj.removed.clear();
    ctx.report.uploaded++;
    let uid = result.uidValidity === pass.select.uidValidity ? result.uid : undefined;
    if (uid === undefined) {
      const found = await findUidsByKey(ctx.client, obj.key);
      uid = found.filter((u) => !folder.byUid.has(u)).sort((a, b) => b - a)[0];
    }
    if (uid === undefined) continue;
    folder.pending.splice(folder.pending.indexOf(obj), 1);
    obj.uid = uid;
    obj.uploaded = false;
    folder.byUid.set(uid, obj);
  }
}

async function appendOnce(
  ctx: SyncContext,
  folder: string,
  obj: LocalObject,
): Promise<{ uid?: number; uidValidity?: number }> {
  try {
    return await ctx.client.append(folder, obj.raw!, [...obj.flags], obj.date);
  } catch (err) {
    if (!(err instanceof ImapClientError && err.responseCode === 'TRYCREATE')) throw err;
    await ctx.client.create(folder);
    return ctx.client.append(folder, obj.raw!, [...obj.flags], obj.date);
  }
}

/**
 * Steps 3d, 3e and the push half of 3f for one folder over NMS:
 * - 3d: each new local object is `POST objects` (multipart: root-fields with parentFolder,
 *   flags and Date; attachments = the raw object); the answer's reference gives its id, so it
 *   is never uploaded twice. A new local object whose key the folder already holds on the
 *   server is merged into it (merge.ts), not uploaded.
 * - 3e: `DELETE objects/{id}` for each local deletion; a deletion whose id was voided is
 *   matched by key against this pass's enumeration; an object already gone is nothing to do.
 * - 3f push: `PUT objects/{id}/flags/{flag}` for local additions, `DELETE …/flags/{flag}` for
 *   local removals (a flag that is not set answers 404: nothing to do).
 */
import {
  addFlag,
  createObject,
  idOfUrl,
  removeFlag,
  type NmsObject,
} from '../../../src/bindings/nms/client/index.ts';
import { mergeInto } from '../merge.ts';
import type { LocalFolder } from '../replica.ts';
import type { NmsObjectState, NmsSyncContext } from './nms-context.ts';
import { keyOf } from './nms-object.ts';

export async function uploadNewObjects(
  ctx: NmsSyncContext,
  folder: LocalFolder<string>,
  url: string,
): Promise<void> {
  const known = new Map<string, NmsObjectState>();
  for (const o of folder.byUid.values()) known.set(o.key, o);
  for (const obj of [...folder.pending]) {
    const twin = known.get(obj.key);
    if (twin) {
      folder.pending.splice(folder.pending.indexOf(obj), 1);
      mergeInto(twin, obj);
      continue;
    }
    // Mutant no-upload: new local objects never go up.
    if (!obj.raw || ctx.mutant === 'no-upload') continue;
    const reference = await createObject(ctx.http, {
      parentFolder: url,
      flags: [...obj.flags],
      date: obj.date,
      raw: obj.raw,
    });
    ctx.report.uploaded++;
    const id = idOfUrl(reference.resourceURL);
    folder.pending.splice(folder.pending.indexOf(obj), 1);
    obj.uid = id;
    obj.uploaded = false;
    obj.added.clear();
    obj.removed.clear();
    folder.byUid.set(id, obj);
    known.set(obj.key, obj);
  }
}

export async function deleteOnServer(
  ctx: NmsSyncContext,
  folder: LocalFolder<string>,
  listed: Map<string, NmsObject>,
): Promise<void> {
  if (folder.deleted.length === 0) return;
  // Mutant drops-local-deletions: the local deletions are forgotten, never sent.
  if (ctx.mutant === 'drops-local-deletions') {
    folder.deleted = [];
    return;
  }
  const ids = new Set<string>();
  for (const d of folder.deleted) {
    if (d.uid !== undefined) ids.add(d.uid);
    else for (const [id, o] of listed) if (keyOf(o) === d.key) ids.add(id);
  }
  for (const id of ids) {
    const gone = await ctx.http.request('DELETE', `objects/${encodeURIComponent(id)}`, {
      accept: (s) => (s >= 200 && s < 300) || s === 404,
    });
    if (gone.status !== 404) ctx.report.deletedOnServer++;
    ctx.state.modSeqs.delete(id);
  }
  folder.deleted = [];
}

export async function pushFlags(ctx: NmsSyncContext, folder: LocalFolder<string>): Promise<void> {
  // Mutant flags-one-way: local flag changes are never sent (the server's are still taken).
  if (ctx.mutant === 'flags-one-way') return;
  for (const obj of folder.byUid.values()) {
    if (obj.uid === undefined || (obj.added.size === 0 && obj.removed.size === 0)) continue;
    if (ctx.mutant === 'flags-as-flag-list') await putFlagList(ctx, obj);
    else {
      for (const flag of [...obj.added].sort()) await addFlag(ctx.http, obj.uid, flag);
      for (const flag of [...obj.removed].sort()) await removeFlag(ctx.http, obj.uid, flag);
    }
    obj.added.clear();
    obj.removed.clear();
    ctx.report.flagsPushed++;
  }
}

/** Mutant flags-as-flag-list: the whole local flag list replaces the store's (PUT …/flags). */
async function putFlagList(ctx: NmsSyncContext, obj: NmsObjectState): Promise<void> {
  await ctx.http.request('PUT', `objects/${encodeURIComponent(obj.uid!)}/flags`, {
    json: { flagList: { flag: [...obj.flags].sort() } },
  });
}

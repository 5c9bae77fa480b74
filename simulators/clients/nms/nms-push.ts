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
    if (!obj.raw) continue;
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
  for (const obj of folder.byUid.values()) {
    if (obj.uid === undefined || (obj.added.size === 0 && obj.removed.size === 0)) continue;
    for (const flag of [...obj.added].sort()) await addFlag(ctx.http, obj.uid, flag);
    for (const flag of [...obj.removed].sort()) await removeFlag(ctx.http, obj.uid, flag);
    obj.added.clear();
    obj.removed.clear();
    ctx.report.flagsPushed++;
  }
}

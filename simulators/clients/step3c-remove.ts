/**
 * Step 3c: remove from local storage what the server removed.
 *
 * - QRESYNC: the UIDs of `VANISHED (EARLIER)` and the \Deleted flags reported by the SELECT.
 * - Otherwise, when HIGHESTMODSEQ moved (or is unknown): `UID SEARCH UNDELETED` compared with the
 *   local UIDs. UNDELETED rather than ALL, so that objects flagged \Deleted but not expunged yet
 *   (the RCS habit) count as removed in the same command.
 * - After a UIDVALIDITY change: objects known before that the rescan did not find again.
 */
import { refreshVisibility } from './step3b-fetch-new.ts';
import { hasChanges } from './step3a-select.ts';
import type { FolderPass, SyncContext } from './sync-context.ts';

export async function removeVanished(ctx: SyncContext, pass: FolderPass): Promise<void> {
  const { folder } = pass;
  const gone = new Set<number>();
  if (pass.select.qresync) {
    for (const uid of pass.select.vanished) gone.add(uid);
    for (const c of pass.select.changed) {
      if (c.flags.some((f) => f.toLowerCase() === '\\deleted')) gone.add(c.uid);
    }
  } else if (!pass.fresh && folder.byUid.size > 0 && hasChanges(pass)) {
    const present = new Set(await ctx.client.searchUids(['UNDELETED']));
    for (const uid of folder.byUid.keys()) if (!present.has(uid)) gone.add(uid);
  }
  let removed = 0;
  for (const uid of gone) {
    const obj = folder.byUid.get(uid);
    if (!obj) continue;
    folder.byUid.delete(uid);
    if (!obj.hidden) removed++;
  }
  for (const obj of pass.carry.values()) if (!obj.hidden) removed++;
  pass.carry.clear();
  folder.deleted = folder.deleted.filter((d) => d.uid === undefined || !gone.has(d.uid));
  ctx.report.removedLocally += removed;
  if (removed > 0 && ctx.prefs.latest !== undefined) await refreshVisibility(ctx, pass);
}

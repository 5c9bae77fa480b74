/**
 * Step 3c: remove from local storage what the server removed. Which UIDs are gone comes from
 * the connection's path (server-changes.ts): QRESYNC's `VANISHED (EARLIER)` and \Deleted flags
 * from the SELECT; with CONDSTORE only, `UID SEARCH UNDELETED` against the local UIDs when
 * HIGHESTMODSEQ moved; with neither, the full UID/FLAGS listing. After a UIDVALIDITY change,
 * the objects known before that the rescan did not find again are removed too.
 */
import { refreshVisibility } from './step3b-fetch-new.ts';
import { serverChangesFor } from './server-changes.ts';
import type { FolderPass, SyncContext } from './sync-context.ts';

export async function removeVanished(ctx: SyncContext, pass: FolderPass): Promise<void> {
  const { folder } = pass;
  const gone = await serverChangesFor(ctx, pass).vanished(ctx, pass);
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

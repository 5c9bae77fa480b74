/**
 * Step 3e: remove from the server what was removed locally (5.5.2.6):
 * `UID STORE <uids> +FLAGS.SILENT (\Deleted)` then `UID EXPUNGE <uids>` (UIDPLUS), or EXPUNGE
 * without UIDPLUS. A deletion whose UID is unknown (lost in a UIDVALIDITY change and not seen
 * by the rescan) is looked up with `UID SEARCH HEADER IMDN-Message-ID <key>`; if the server
 * does not hold the object any more, there is nothing to do. Deletions are counted by the UIDs
 * expunged. Without CONDSTORE (variant `plain`) the EXPUNGE responses are checked against the
 * device's sequence map (expunge-check.ts).
 */
import { expungeCheckingResponses } from './expunge-check.ts';
import { findUidsByKey } from './find-by-key.ts';
import type { FolderPass, SyncContext } from './sync-context.ts';

export async function deleteOnServer(ctx: SyncContext, pass: FolderPass): Promise<void> {
  const { folder } = pass;
  if (folder.deleted.length === 0) return;
  const uids: number[] = [];
  for (const d of folder.deleted) {
    if (d.uid !== undefined) {
      uids.push(d.uid);
      continue;
    }
    uids.push(...(await findUidsByKey(ctx.client, d.key)));
  }
  if (uids.length && !ctx.client.condstore) {
    await expungeCheckingResponses(ctx, uids);
  } else if (uids.length) {
    await ctx.client.store(uids, '+', ['\\Deleted']);
    await ctx.client.expunge(uids);
  }
  ctx.report.deletedOnServer += new Set(uids).size;
  folder.deleted = [];
}

/**
 * Step 2: reconcile the folder list both ways (5.5.2.8, 5.5.2.11).
 *
 * - On the server only: DELETE it there when it was deleted locally, else create it locally
 *   (only folders inside the folder-subset preference are mirrored).
 * - Created locally: CREATE on the server (parents before children).
 * - Known before but gone from the server: dropped locally. If it still holds new local objects
 *   not uploaded yet, the folder is re-created on the server instead and those objects are
 *   uploaded into it in step 3d (the user's new data is never lost); what the server held is
 *   forgotten.
 * - Deleted locally: DELETE on the server (children before parents; IMAP DELETE is not recursive).
 * - Mirrored folders outside a (new) folder subset are dropped locally unless they hold local
 *   changes; nothing is deleted on the server for that.
 */
import type { ListedFolder } from '../../src/bindings/imap/client/index.ts';
import { ImapClientError } from '../../src/bindings/imap/client/index.ts';
import { planFolders } from './folder-plan.ts';
import type { SyncContext } from './sync-context.ts';

export async function reconcileFolders(ctx: SyncContext, listed: ListedFolder[]): Promise<void> {
  const { replica, client, prefs } = ctx;
  const delimiter = listed[0]?.delimiter ?? '/';
  const selectable = new Set(listed.filter((f) => f.selectable).map((f) => f.path));
  const { toDelete, toCreate } = planFolders(
    replica,
    prefs,
    selectable,
    delimiter,
    ctx.mutant === 'drops-only-empty-folders',
  );

  // Mutant no-folder-push: nothing is created or deleted on the server; a folder created
  // locally stays off the server (not selected, see sync.ts), one deleted locally comes back.
  if (ctx.mutant === 'no-folder-push') {
    for (const name of toDelete) replica.deletedFolders.delete(name);
    return;
  }
  for (const name of toDelete) {
    // A refusal (e.g. DELETE INBOX) is reported, and the folder comes back at the next sync.
    replica.deletedFolders.delete(name);
    try {
      await client.delete(name);
    } catch (err) {
      // "Busy, try again later" (RFC 5530): the deletion stays pending for the next sync.
      const busy =
        err instanceof ImapClientError && /^(INUSE|UNAVAILABLE)$/.test(err.responseCode ?? '');
      if (busy) replica.deletedFolders.add(name);
      if (!(err instanceof ImapClientError && err.responseCode === 'NONEXISTENT')) throw err;
    }
  }
  for (const name of toCreate) {
    if (!selectable.has(name)) await client.create(name);
    const folder = replica.folders.get(name);
    if (folder) folder.onServer = true;
  }
}

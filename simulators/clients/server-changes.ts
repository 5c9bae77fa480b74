/**
 * What changed on the server in a folder since the last sync (steps 3c and 3f), by the path
 * the connection uses: QRESYNC (the SELECT said it all), CONDSTORE only (CHANGEDSINCE and
 * UID SEARCH), or neither (a full listing). One file per path.
 */
import { condstoreChanges } from './changes-condstore.ts';
import { plainChanges } from './changes-plain.ts';
import { qresyncChanges } from './changes-qresync.ts';
import type { FolderPass, SyncContext } from './sync-context.ts';

export interface ServerChanges {
  name: 'qresync' | 'condstore' | 'plain';
  /** Step 3c: known UIDs the server removed (expunged, or flagged \Deleted). */
  vanished(ctx: SyncContext, pass: FolderPass): Promise<Set<number>>;
  /** Step 3f: the server's flags of the objects that may have changed, by UID. */
  flags(ctx: SyncContext, pass: FolderPass): Promise<Map<number, string[]>>;
}

export function serverChangesFor(ctx: SyncContext, pass: FolderPass): ServerChanges {
  if (pass.select.qresync) return qresyncChanges;
  if (ctx.client.condstore && pass.select.highestModseq !== undefined) return condstoreChanges;
  return plainChanges;
}

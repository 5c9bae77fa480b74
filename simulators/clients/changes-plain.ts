/**
 * Server changes without CONDSTORE or QRESYNC (variant `plain`, as mbsync syncs): one full
 * `UID FETCH 1:* (UID FLAGS)` listing per folder pass, whatever changed. A known UID missing
 * from it, or flagged \Deleted in it, was removed on the server; every listed object's flags
 * are pulled.
 */
import type { ServerChanges } from './server-changes.ts';
import type { FolderPass, SyncContext } from './sync-context.ts';

const isDeleted = (flags: string[]) => flags.some((f) => f.toLowerCase() === '\\deleted');

async function listing(ctx: SyncContext, pass: FolderPass): Promise<Map<number, string[]>> {
  if (pass.listing) return pass.listing;
  const list = new Map<number, string[]>();
  if (!pass.fresh && pass.folder.byUid.size > 0 && pass.select.exists > 0) {
    const { messages } = await ctx.client.fetch('1:*', { flags: true });
    for (const m of messages) list.set(m.uid, m.flags);
  }
  pass.listing = list;
  return list;
}

export const plainChanges: ServerChanges = {
  name: 'plain',
  async vanished(ctx, pass) {
    const gone = new Set<number>();
    if (pass.fresh) return gone;
    const list = await listing(ctx, pass);
    for (const uid of pass.folder.byUid.keys()) {
      const flags = list.get(uid);
      if (!flags || isDeleted(flags)) gone.add(uid);
    }
    return gone;
  },
  async flags(ctx, pass) {
    if (pass.fresh) return new Map();
    return new Map(await listing(ctx, pass));
  },
};

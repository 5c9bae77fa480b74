/**
 * Step 3f: metadata both ways (5.5.2.4, 5.5.2.13), then persist the folder state.
 *
 * Pull: the server's flags of the objects that changed, by the connection's path
 * (server-changes.ts: the QRESYNC SELECT, CHANGEDSINCE, or a full listing). A fresh folder got
 * its flags with the metadata in 3b. Merge per object: server flags, plus what the user added
 * locally, minus what the user removed locally. Local changes win for the flags they touch;
 * flags changed by another device on the same object survive.
 * Push: with CONDSTORE a conditional STORE (flag-push-conditional.ts), else +FLAGS/-FLAGS
 * deltas (flag-push.ts).
 * Persist: UIDVALIDITY, UIDNEXT and HIGHESTMODSEQ as the SELECT reported them, so anything that
 * changed after the SELECT is seen again next time rather than missed.
 */
import { cleanFlags } from '../../src/model/view.ts';
import { pushFlagDeltas } from './flag-push.ts';
import { pushFlagsConditionally } from './flag-push-conditional.ts';
import { mergeServerFlags } from './merge.ts';
import { serverChangesFor } from './server-changes.ts';
import type { FolderPass, SyncContext } from './sync-context.ts';

export async function syncFlags(ctx: SyncContext, pass: FolderPass): Promise<void> {
  const { folder, select } = pass;
  const pulled = await serverChangesFor(ctx, pass).flags(ctx, pass);
  for (const [uid, flags] of pulled) {
    const obj = folder.byUid.get(uid);
    if (!obj) continue;
    const server = new Set(cleanFlags(flags));
    if ([...server].some((f) => f.toLowerCase() === '\\deleted')) {
      if (ctx.mutant === 'skip-3c') continue;
      folder.byUid.delete(uid);
      if (!obj.hidden) ctx.report.removedLocally++;
      continue;
    }
    if (mergeServerFlags(obj, server) && !obj.hidden) ctx.report.flagsPulled++;
  }

  // Mutant flags-one-way: local flag changes stay local (and pending) for ever.
  if (ctx.mutant !== 'flags-one-way') {
    // The state the user's changes were made against: the last sync's, else this SELECT's.
    const base = folder.highestModseq ?? select.highestModseq;
    ctx.report.flagsPushed +=
      ctx.client.condstore && base !== undefined && select.highestModseq !== undefined
        ? await pushFlagsConditionally(ctx, pass, base)
        : await pushFlagDeltas(ctx, pass);
  }

  folder.uidValidity = select.uidValidity;
  folder.uidNext = select.uidNext;
  folder.highestModseq = select.highestModseq;
}

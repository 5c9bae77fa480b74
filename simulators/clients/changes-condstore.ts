/**
 * Server changes with CONDSTORE but without QRESYNC (variant `condstore`), only when
 * HIGHESTMODSEQ moved since the last sync:
 * - vanished: `UID SEARCH UNDELETED` compared with the known UIDs (UNDELETED rather than ALL,
 *   so objects flagged \Deleted but not expunged yet count as removed in the same command);
 * - flags: `UID FETCH 1:<max> (UID FLAGS MODSEQ) (CHANGEDSINCE <modseq>)`; the MODSEQ of each
 *   changed object is kept for the conditional STORE check (flag-push-conditional.ts).
 */
import { hasChanges } from './step3a-select.ts';
import type { ServerChanges } from './server-changes.ts';
import type { FolderPass } from './sync-context.ts';

function worthAsking(pass: FolderPass): boolean {
  return !pass.fresh && pass.folder.byUid.size > 0 && hasChanges(pass);
}

export const condstoreChanges: ServerChanges = {
  name: 'condstore',
  async vanished(ctx, pass) {
    const gone = new Set<number>();
    if (!worthAsking(pass)) return gone;
    const present = new Set(await ctx.client.searchUids(['UNDELETED']));
    for (const uid of pass.folder.byUid.keys()) if (!present.has(uid)) gone.add(uid);
    return gone;
  },
  async flags(ctx, pass) {
    const pulled = new Map<number, string[]>();
    if (!worthAsking(pass)) return pulled;
    const since = pass.folder.highestModseq;
    const range = `1:${Math.max(1, ...pass.folder.byUid.keys())}`;
    const { messages, vanished } = await ctx.client.fetch(
      range,
      { flags: true },
      since !== undefined ? { changedSince: since } : {},
    );
    for (const uid of vanished) pulled.set(uid, ['\\Deleted']);
    for (const m of messages) {
      pulled.set(m.uid, m.flags);
      if (m.modseq !== undefined) pass.modseqs.set(m.uid, m.modseq);
    }
    return pulled;
  },
};

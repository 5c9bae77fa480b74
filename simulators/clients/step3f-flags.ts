/**
 * Step 3f: metadata both ways (5.5.2.4, 5.5.2.13), then persist the folder state.
 *
 * Pull: the flag changes the QRESYNC SELECT reported; with CONDSTORE only,
 * `UID FETCH 1:<max> (UID FLAGS) (CHANGEDSINCE <modseq>)`; without CONDSTORE, the flags of all
 * objects. A fresh folder got its flags with the metadata in 3b.
 * Merge per object: server flags, plus what the user added locally, minus what the user removed
 * locally. Local changes win for the flags they touch; flags changed by another device on the
 * same object survive (concurrent changes to different flags both stay).
 * Push: `UID STORE <uids> +FLAGS.SILENT (...)` / `-FLAGS.SILENT (...)`, grouped by flag set.
 * Persist: UIDVALIDITY, UIDNEXT and HIGHESTMODSEQ as the SELECT reported them, so anything that
 * changed after the SELECT is seen again next time rather than missed.
 */
import { cleanFlags } from '../../src/model/view.ts';
import { mergeServerFlags } from './merge.ts';
import { hasChanges } from './step3a-select.ts';
import type { FolderPass, SyncContext } from './sync-context.ts';

export async function syncFlags(ctx: SyncContext, pass: FolderPass): Promise<void> {
  const { folder, select } = pass;
  const pulled = new Map<number, string[]>();
  if (select.qresync) {
    for (const c of select.changed) pulled.set(c.uid, c.flags);
  } else if (!pass.fresh && folder.byUid.size > 0 && hasChanges(pass)) {
    let maxUid = 1;
    for (const uid of folder.byUid.keys()) maxUid = Math.max(maxUid, uid);
    const { messages, vanished } =
      ctx.client.condstore && folder.highestModseq !== undefined
        ? await ctx.client.fetch(
            `1:${maxUid}`,
            { flags: true },
            { changedSince: folder.highestModseq },
          )
        : await ctx.client.fetch(`1:${maxUid}`, { flags: true });
    for (const uid of vanished) pulled.set(uid, ['\\Deleted']);
    for (const m of messages) pulled.set(m.uid, m.flags);
  }

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

  const groups = new Map<string, { op: '+' | '-'; flags: string[]; uids: number[] }>();
  const pushed = new Set<number>();
  for (const obj of folder.byUid.values()) {
    // Mutant flags-one-way: local flag changes stay local (and pending) for ever.
    if (obj.uid === undefined || ctx.mutant === 'flags-one-way') continue;
    for (const [op, set] of [
      ['+', obj.added],
      ['-', obj.removed],
    ] as const) {
      if (set.size === 0) continue;
      const flags = [...set].sort();
      const id = `${op}${flags.join(' ')}`;
      const group = groups.get(id) ?? { op, flags, uids: [] };
      group.uids.push(obj.uid);
      groups.set(id, group);
      pushed.add(obj.uid);
    }
  }
  for (const g of groups.values()) await ctx.client.store(g.uids, g.op, g.flags);
  for (const uid of pushed) {
    const obj = folder.byUid.get(uid);
    obj?.added.clear();
    obj?.removed.clear();
  }
  ctx.report.flagsPushed += pushed.size;

  folder.uidValidity = select.uidValidity;
  folder.uidNext = select.uidNext;
  folder.highestModseq = select.highestModseq;
}

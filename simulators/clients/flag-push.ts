/**
 * Step 3f push without CONDSTORE: `UID STORE <uids> +FLAGS.SILENT (...)` and
 * `-FLAGS.SILENT (...)`, grouped by flag set. Deltas only, so flags another device changed on
 * the same object are left alone. Returns the number of objects pushed.
 */
import type { FolderPass, SyncContext } from './sync-context.ts';

export async function pushFlagDeltas(ctx: SyncContext, pass: FolderPass): Promise<number> {
  const groups = new Map<string, { op: '+' | '-'; flags: string[]; uids: number[] }>();
  const pushed = new Set<number>();
  for (const obj of pass.folder.byUid.values()) {
    if (obj.uid === undefined) continue;
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
    const obj = pass.folder.byUid.get(uid);
    obj?.added.clear();
    obj?.removed.clear();
  }
  return pushed.size;
}

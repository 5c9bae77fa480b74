/**
 * Step 3f push with CONDSTORE (RFC 7162 3.1.3): the merged flag set of each changed object
 * replaces the server's, but only if the object is unchanged since the state the user's change
 * was made against (the folder's HIGHESTMODSEQ at the last sync):
 * `UID STORE <uids> (UNCHANGEDSINCE <modseq>) FLAGS.SILENT (...)`, grouped by flag set.
 *
 * `[MODIFIED <uids>]`: another device changed those objects meanwhile. Their flags are fetched
 * again (`UID FETCH <uids> (UID FLAGS MODSEQ)`), merged (local changes win for the flags they
 * touch), and the STORE is retried conditional on the MODSEQ just read, at most three rounds.
 *
 * A store that answers OK without MODIFIED for an object whose MODSEQ, as reported earlier in
 * this pass, is above UNCHANGEDSINCE has ignored the condition (it would overwrite another
 * device's change): that is an error of the store, reported as such.
 */
import { CLAUSE } from '../../src/engine/attribution.ts';
import { cleanFlags } from '../../src/model/view.ts';
import { StoreFault } from '../../src/engine/trouble.ts';
import { mergeServerFlags } from './merge.ts';
import type { LocalObject } from './replica.ts';
import type { FolderPass, SyncContext } from './sync-context.ts';

const MAX_ROUNDS = 3;
/** The store applies metadata changes and reports them to the other devices (SD-5.5.2.13). */
const UPDATE_METADATA = CLAUSE.metadata;

export async function pushFlagsConditionally(
  ctx: SyncContext,
  pass: FolderPass,
  unchangedSince: bigint,
): Promise<number> {
  let todo = [...pass.folder.byUid.values()].filter(
    (o) => o.uid !== undefined && (o.added.size > 0 || o.removed.size > 0),
  );
  const pushed = new Set<number>();
  let since = unchangedSince;
  for (let round = 0; todo.length > 0; round++) {
    if (round === MAX_ROUNDS) {
      throw new StoreFault(
        UPDATE_METADATA,
        `UID STORE (UNCHANGEDSINCE): UIDs ${uidList(todo)} still [MODIFIED] after ${MAX_ROUNDS} rounds`,
      );
    }
    const modified = new Set<number>();
    for (const [flags, uids] of groupByFlags(todo)) {
      const answer = await ctx.client.storeIfUnchanged(uids, since, flags);
      for (const uid of answer) modified.add(uid);
      checkCondition(pass, uids, answer, since);
    }
    for (const o of todo) {
      if (modified.has(o.uid!)) continue;
      o.added.clear();
      o.removed.clear();
      pushed.add(o.uid!);
    }
    todo = todo.filter((o) => modified.has(o.uid!));
    if (todo.length > 0) {
      since = await refetch(ctx, pass, todo);
      todo = todo.filter((o) => o.added.size > 0 || o.removed.size > 0);
    }
  }
  return pushed.size;
}

/** Flags of the objects the store reported MODIFIED, merged; returns the highest MODSEQ read. */
async function refetch(
  ctx: SyncContext,
  pass: FolderPass,
  objects: LocalObject[],
): Promise<bigint> {
  const uids = objects.map((o) => o.uid!);
  const { messages } = await ctx.client.fetch(uidList(objects), { flags: true });
  let highest = 0n;
  for (const m of messages) {
    const obj = pass.folder.byUid.get(m.uid);
    if (!obj || !uids.includes(m.uid)) continue;
    mergeServerFlags(obj, new Set(cleanFlags(m.flags)));
    if (m.modseq !== undefined) {
      pass.modseqs.set(m.uid, m.modseq);
      if (m.modseq > highest) highest = m.modseq;
    }
  }
  if (highest === 0n) {
    throw new StoreFault(
      UPDATE_METADATA,
      `UID FETCH ${uidList(objects)}: no MODSEQ for objects reported [MODIFIED]`,
    );
  }
  return highest;
}

function checkCondition(pass: FolderPass, uids: number[], modified: number[], since: bigint): void {
  const ignored = uids.filter((uid) => {
    const seen = pass.modseqs.get(uid);
    return seen !== undefined && seen > since && !modified.includes(uid);
  });
  if (ignored.length === 0) return;
  const detail = ignored.map((uid) => `UID ${uid} has MODSEQ ${pass.modseqs.get(uid)}`).join(', ');
  throw new StoreFault(
    UPDATE_METADATA,
    `UID STORE (UNCHANGEDSINCE ${since}) was applied without [MODIFIED] though ${detail} (RFC 7162 3.1.3)`,
  );
}

function groupByFlags(objects: LocalObject[]): Map<string[], number[]> {
  const byKey = new Map<string, { flags: string[]; uids: number[] }>();
  for (const o of objects) {
    const flags = cleanFlags(o.flags);
    const key = flags.join(' ');
    const group = byKey.get(key) ?? { flags, uids: [] };
    group.uids.push(o.uid!);
    byKey.set(key, group);
  }
  return new Map([...byKey.values()].map((g) => [g.flags, g.uids]));
}

function uidList(objects: LocalObject[]): string {
  return objects.map((o) => o.uid).join(',');
}

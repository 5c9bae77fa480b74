/**
 * Step 3a: set the folder as the active folder (5.5.2.2) and decide from UIDVALIDITY, UIDNEXT
 * and HIGHESTMODSEQ what changed on the server.
 *
 * SELECT carries `(QRESYNC (uidvalidity modseq))` when QRESYNC is enabled and the replica has a
 * state for the folder; otherwise it is a plain SELECT, which reports HIGHESTMODSEQ because
 * CONDSTORE was enabled at login (ENABLE CONDSTORE is the RFC 7162 enabling command, equivalent
 * to SELECT ... (CONDSTORE)). With neither extension it is a plain SELECT.
 *
 * With the same UIDVALIDITY, HIGHESTMODSEQ must not go down (RFC 7162: mod-sequences only
 * grow; the `per-sync` variant compares it across sessions): if it does, the sync fails.
 *
 * A UIDVALIDITY change discards the folder's server-side state: every known object is forgotten
 * (its content and pending flag changes are carried by key, so nothing the user did is lost and
 * nothing is downloaded twice), and the folder is scanned again from UID 1.
 */
import { CLAUSE } from '../../src/engine/attribution.ts';
import { StoreFault } from '../../src/engine/trouble.ts';
import type { LocalObject } from './replica.ts';
import { resetServerState, type LocalFolder } from './replica.ts';
import type { FolderPass, SyncContext } from './sync-context.ts';

export async function selectFolder(ctx: SyncContext, folder: LocalFolder): Promise<FolderPass> {
  const known =
    folder.uidValidity !== undefined &&
    folder.highestModseq !== undefined &&
    folder.highestModseq > 0n;
  const select = await ctx.client.select(
    folder.name,
    known && ctx.client.qresync
      ? { qresync: { uidValidity: folder.uidValidity!, highestModseq: folder.highestModseq! } }
      : {},
  );
  const carry = new Map<string, LocalObject>();
  const changed = folder.uidValidity !== undefined && folder.uidValidity !== select.uidValidity;
  const before = folder.highestModseq;
  const now = select.highestModseq;
  if (!changed && before !== undefined && now !== undefined && now < before) {
    // SD-5.5.2.2: selecting a folder tells its state, change counter included.
    throw new StoreFault(
      CLAUSE.select,
      `SELECT ${folder.name}: HIGHESTMODSEQ went down from ${before} to ${now} with UIDVALIDITY ${select.uidValidity} unchanged (RFC 7162: mod-sequences only grow)`,
    );
  }
  // Mutant no-uidvalidity-check: the old UIDs are trusted in the rebuilt folder.
  if (changed && ctx.mutant !== 'no-uidvalidity-check') {
    for (const o of folder.byUid.values()) carry.set(o.key, o);
    for (const d of folder.deleted) d.uid = undefined;
    for (const o of folder.pending) o.uploaded = false;
    resetServerState(folder);
    ctx.report.resynced.push(folder.name);
  }
  const fresh = folder.uidValidity === undefined;
  const modseqs = new Map<number, bigint>();
  for (const c of select.changed) if (c.modseq !== undefined) modseqs.set(c.uid, c.modseq);
  return { folder, select, fresh, carry, modseqs };
}

/**
 * Whether the server may hold objects the replica has not seen: UIDNEXT moved, and not only by
 * the replica's own uploads (UIDs it already knows).
 */
export function hasNewObjects(pass: FolderPass): boolean {
  if (pass.select.exists === 0) return false;
  if (pass.fresh) return true;
  const from = pass.folder.uidNext ?? 1;
  const to = pass.select.uidNext;
  if (to - from > 10_000) return true;
  for (let uid = from; uid < to; uid++) if (!pass.folder.byUid.has(uid)) return true;
  return false;
}

/** Whether flags or expunges may have changed (HIGHESTMODSEQ moved, or no CONDSTORE at all). */
export function hasChanges(pass: FolderPass): boolean {
  if (pass.fresh) return false;
  const now = pass.select.highestModseq;
  const before = pass.folder.highestModseq;
  if (now === undefined || before === undefined) return true;
  return now !== before;
}

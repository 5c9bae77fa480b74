/**
 * Server changes under QRESYNC (variant `qresync`): everything came with the SELECT
 * (RFC 7162 3.2.5): `VANISHED (EARLIER)` UIDs, and `FETCH (UID FLAGS MODSEQ)` of the objects
 * changed since the replica's HIGHESTMODSEQ. No further command.
 */
import type { ServerChanges } from './server-changes.ts';

const isDeleted = (flags: string[]) => flags.some((f) => f.toLowerCase() === '\\deleted');

export const qresyncChanges: ServerChanges = {
  name: 'qresync',
  async vanished(_ctx, pass) {
    const gone = new Set(pass.select.vanished);
    for (const c of pass.select.changed) if (isDeleted(c.flags)) gone.add(c.uid);
    return gone;
  },
  async flags(_ctx, pass) {
    return new Map(pass.select.changed.map((c) => [c.uid, c.flags]));
  },
};

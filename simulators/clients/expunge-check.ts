/**
 * Variant `plain`: expunge and check the server's `* n EXPUNGE` responses (RFC 3501 7.4.1)
 * against the device's sequence map, as a client without QRESYNC relies on them.
 *
 * The map is the folder's UIDs in ascending order (`UID SEARCH ALL` just before: message
 * sequence numbers follow UID order). Each response removes the n-th entry, so later numbers
 * shift down. Every deleted UID must be removed so, and (with UIDPLUS' UID EXPUNGE) nothing
 * else; a store that omits, repeats or misnumbers EXPUNGE responses fails the sync.
 */
import { CLAUSE } from '../../src/engine/attribution.ts';
import { StoreFault } from '../../src/engine/trouble.ts';
import type { SyncContext } from './sync-context.ts';

/** The removal of an object must be learnt by the clients (SD-5.5.2.6). */
const DELETE_OBJECT = CLAUSE.delete;

export async function expungeCheckingResponses(ctx: SyncContext, uids: number[]): Promise<void> {
  const { client } = ctx;
  const map = (await client.searchUids(['ALL'])).sort((a, b) => a - b);
  const seqs: number[] = [];
  const stop = client.on('expunge', (e) => {
    if (!e.vanished && e.seq !== undefined) seqs.push(e.seq);
  });
  try {
    await client.store(uids, '+', ['\\Deleted']);
    await client.expunge(uids);
  } finally {
    stop();
  }
  const removed = new Set<number>();
  const view = [...map];
  for (const seq of seqs) {
    const uid = view[seq - 1];
    if (uid === undefined) {
      throw new StoreFault(
        DELETE_OBJECT,
        `* ${seq} EXPUNGE names no message (the folder held ${view.length})`,
      );
    }
    view.splice(seq - 1, 1);
    removed.add(uid);
  }
  const wanted = uids.filter((uid) => map.includes(uid));
  const missing = wanted.filter((uid) => !removed.has(uid));
  const strict = client.has('UIDPLUS');
  const extra = [...removed].filter((uid) => !uids.includes(uid));
  if (missing.length || (strict && extra.length)) {
    const said = seqs.length ? seqs.map((n) => `* ${n} EXPUNGE`).join(', ') : 'no EXPUNGE';
    throw new StoreFault(
      DELETE_OBJECT,
      `expunging UIDs ${wanted.join(',')}: the server answered ${said}, which removes ` +
        `UIDs ${[...removed].join(',') || 'none'} from the sequence ${map.join(',')}`,
    );
  }
}

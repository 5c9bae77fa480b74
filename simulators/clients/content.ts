/**
 * Content download: `UID FETCH <uids> BODY.PEEK[]` (never BODY[], so \Seen is left alone;
 * only the mark-read-on-fetch mutant sends BODY[]).
 * Used by step 3b in eager mode and by fetchContent() on demand.
 */
import { uidSet, type ImapClient } from '../../src/bindings/imap/client/index.ts';
import type { SyncPreferences } from '../../src/engine/ports.ts';
import { fetchBodyMarkingSeen } from './mutant-fetch.ts';
import type { ClientMutant } from './mutants.ts';
import type { LocalObject, ObjectId } from './replica.ts';

const BATCH = 200;

/** Download the content of `objects` (UIDs in the selected folder). Returns how many arrived. */
export async function downloadContent(
  client: ImapClient,
  objects: LocalObject[],
  mutant?: ClientMutant,
): Promise<number> {
  const byUid = new Map<number, LocalObject>();
  for (const o of objects) if (o.uid !== undefined) byUid.set(o.uid, o);
  const uids = [...byUid.keys()];
  let count = 0;
  for (let i = 0; i < uids.length; i += BATCH) {
    const set = uidSet(uids.slice(i, i + BATCH));
    const messages =
      mutant === 'mark-read-on-fetch'
        ? await fetchBodyMarkingSeen(client, set)
        : (await client.fetch(set, { source: true })).messages;
    for (const m of messages) {
      const o = byUid.get(m.uid);
      if (o && m.source) {
        o.raw = m.source;
        o.size = m.source.length;
        count++;
      }
    }
  }
  return count;
}

/** Objects an eager sync downloads: visible, without content, within the size limit. */
export function eagerCandidates<Id extends ObjectId>(
  objects: LocalObject<Id>[],
  prefs: SyncPreferences,
): LocalObject<Id>[] {
  if (prefs.content !== 'eager') return [];
  return objects.filter(
    (o) =>
      !o.hidden &&
      !o.raw &&
      o.uid !== undefined &&
      (prefs.maxSize === undefined || o.size <= prefs.maxSize),
  );
}

/**
 * Find objects of the selected folder by correlation key:
 * `UID SEARCH OR HEADER IMDN-Message-ID <key> HEADER Message-ID <key>`, then the candidates'
 * headers are checked for an exact match (SEARCH HEADER matches substrings: "a-1" finds "a-10").
 */
import type { ImapClient } from '../../src/bindings/imap/client/index.ts';
import { uidSet } from '../../src/bindings/imap/client/index.ts';
import { objectKey } from '../../src/model/view.ts';

export async function findUidsByKey(client: ImapClient, key: string): Promise<number[]> {
  const candidates = await client.searchUids([
    'OR',
    'HEADER',
    'IMDN-Message-ID',
    { string: key },
    'HEADER',
    'Message-ID',
    { string: key },
  ]);
  if (candidates.length === 0) return [];
  const { messages } = await client.fetch(uidSet(candidates), {
    headers: ['IMDN-Message-ID', 'Message-ID'],
  });
  return messages
    .filter((m) => m.headers && objectKey(m.headers) === key)
    .map((m) => m.uid)
    .sort((a, b) => a - b);
}

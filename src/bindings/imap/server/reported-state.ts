/**
 * Values the server reports about a folder (UIDVALIDITY, mod-sequences, changes since a
 * mod-sequence), in one place because several broken variants distort exactly these.
 */
import type { Folder, StoredObject } from '../../../model/types.ts';
import type { MailboxRef, ServerServices } from './context.ts';
import { encodeMailboxName } from './mutf7.ts';
import { astringOut } from './serializer.ts';

const churnCounts = new WeakMap<Folder, number>();
const frozenModseqs = new WeakMap<Folder, bigint>();

/** UIDVALIDITY as reported; `advance` marks a new report (SELECT, STATUS, LIST-STATUS). */
export function uidValidityOut(server: ServerServices, folder: Folder, advance = false): number {
  if (!server.deviates('uidvalidity-churn')) return folder.uidValidity;
  const count = (churnCounts.get(folder) ?? 0) + (advance ? 1 : 0);
  churnCounts.set(folder, count);
  return ((folder.uidValidity + count * 7) % 0xfffffffe) + 1;
}

/** A mod-sequence as reported (a frozen variant never reports past the first value). */
export function modseqOut(server: ServerServices, folder: Folder, modseq: bigint): bigint {
  if (!server.deviates('modseq-frozen')) return modseq;
  let frozen = frozenModseqs.get(folder);
  if (frozen === undefined) {
    frozen = folder.highestModseq;
    frozenModseqs.set(folder, frozen);
  }
  return modseq < frozen ? modseq : frozen;
}

export function highestModseqOut(server: ServerServices, folder: Folder): bigint {
  return modseqOut(server, folder, folder.highestModseq);
}

/** Objects changed and UIDs expunged after `modseq` (CHANGEDSINCE, QRESYNC). */
export function changesSince(
  server: ServerServices,
  ref: MailboxRef,
  modseq: bigint,
): { changed: StoredObject[]; vanished: number[] } {
  const { folder } = ref;
  const raw = ref.store.changedSince(folder.name, modseq);
  let changed = raw.changed.filter((o) => modseqOut(server, folder, o.modseq) > modseq);
  if (server.deviates('flags-not-in-changedsince')) {
    changed = changed.filter((o) => (server.createdModseq(folder, o.uid) ?? 0n) > modseq);
  }
  const vanished = server.deviates('no-vanished') ? [] : raw.vanished;
  return { changed, vanished };
}

export function mailboxOut(name: string): string {
  return astringOut(encodeMailboxName(name));
}

export function flagsOut(flags: Iterable<string>): string {
  return `(${[...flags].join(' ')})`;
}

/** The flags every mailbox offers (keywords are always allowed: `\*`). */
export const SYSTEM_FLAGS = ['\\Answered', '\\Flagged', '\\Deleted', '\\Seen', '\\Draft'];

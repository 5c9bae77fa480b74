/**
 * Values the server reports about a folder (UIDVALIDITY, mod-sequences, changes since a
 * mod-sequence), in one place because several broken variants distort exactly these.
 */
import type { Folder, StoredObject } from '../../../model/types.ts';
import type { MailboxRef, ServerServices, Session } from './context.ts';
import { encodeMailboxName } from './mutf7.ts';
import { astringOut } from './serializer.ts';

const churnCounts = new WeakMap<Folder, number>();
const frozenModseqs = new WeakMap<Folder, bigint>();

/**
 * UIDVALIDITY as reported to a session; `advance` marks a new report (SELECT, STATUS,
 * LIST-STATUS).
 */
export function uidValidityOut(
  server: ServerServices,
  folder: Folder,
  session: Session,
  advance = false,
): number {
  if (server.deviates('uidvalidity-per-connection'))
    return ((folder.uidValidity + session.id * 7919) % 0xfffffffe) + 1;
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

/**
 * A message's MODSEQ as reported (message-modseq-stale: the one it was created with, so a
 * flag change never raises it).
 */
export function objectModseqOut(
  server: ServerServices,
  folder: Folder,
  object: StoredObject,
): bigint {
  const stale = server.deviates('message-modseq-stale')
    ? server.createdModseq(folder, object.uid)
    : undefined;
  return modseqOut(server, folder, stale ?? object.modseq);
}

export function highestModseqOut(server: ServerServices, folder: Folder): bigint {
  return modseqOut(server, folder, folder.highestModseq);
}

/**
 * Objects changed and UIDs expunged after `modseq` (CHANGEDSINCE, QRESYNC); `qresync`:
 * whether the asking session enabled QRESYNC.
 */
export function changesSince(
  server: ServerServices,
  ref: MailboxRef,
  modseq: bigint,
  qresync = true,
): { changed: StoredObject[]; vanished: number[] } {
  const { folder } = ref;
  const raw = ref.store.changedSince(folder.name, modseq);
  let changed = raw.changed.filter((o) => objectModseqOut(server, folder, o) > modseq);
  const flagsLeftOut =
    server.deviates('flags-not-in-changedsince') ||
    (!qresync && server.deviates('changedsince-needs-qresync'));
  if (flagsLeftOut) {
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

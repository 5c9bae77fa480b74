/** Typed results of the IMAP client wrapper, and the parsers that build them. */
import type { FetchMessageObject } from 'imapflow';
import { rawText, type RawResponse, type RawValue } from './raw.ts';

export interface MailboxStatus {
  messages?: number;
  uidNext?: number;
  uidValidity?: number;
  highestModseq?: bigint;
}

export interface ListedFolder {
  path: string;
  delimiter: string;
  flags: string[];
  /** False for \Noselect and \NonExistent entries. */
  selectable: boolean;
  /** From LIST-STATUS, when asked for and offered. */
  status?: MailboxStatus;
}

export interface SelectInfo {
  path: string;
  uidValidity: number;
  uidNext: number;
  exists: number;
  highestModseq?: bigint;
  readOnly: boolean;
  noModseq: boolean;
  /** True when the server accepted the QRESYNC parameters (same UIDVALIDITY). */
  qresync: boolean;
  /** QRESYNC: UIDs expunged since the given modseq (VANISHED (EARLIER)). */
  vanished: number[];
  /** QRESYNC: flags of messages changed since the given modseq. */
  changed: Array<{ uid: number; flags: string[]; modseq: bigint | undefined }>;
}

export interface FetchQuery {
  flags?: boolean;
  /** RFC822.SIZE */
  size?: boolean;
  internalDate?: boolean;
  /** true = BODY.PEEK[HEADER]; a list = BODY.PEEK[HEADER.FIELDS (...)]. */
  headers?: boolean | string[];
  /** BODY.PEEK[] (never BODY[]: fetching content must not set \Seen). */
  source?: boolean;
}

export interface FetchedMessage {
  uid: number;
  flags: string[];
  modseq?: bigint;
  size?: number;
  internalDate?: Date;
  headers?: Buffer;
  source?: Buffer;
  /** OBJECTID (RFC 8474) EMAILID, when the server offers it. */
  emailId?: string;
}

export interface CopyResult {
  uidValidity?: number;
  /** Source UID -> target UID (from COPYUID). */
  uidMap: Map<number, number>;
}

export function toFetched(m: FetchMessageObject): FetchedMessage {
  const out: FetchedMessage = { uid: m.uid, flags: m.flags ? [...m.flags] : [] };
  if (m.modseq !== undefined) out.modseq = m.modseq;
  if (m.size !== undefined) out.size = m.size;
  if (m.internalDate !== undefined) {
    const d = m.internalDate instanceof Date ? m.internalDate : new Date(m.internalDate);
    if (!Number.isNaN(d.getTime())) out.internalDate = d;
  }
  if (m.headers) out.headers = m.headers;
  if (m.source) out.source = m.source;
  if (m.emailId) out.emailId = m.emailId;
  return out;
}

function toNumber(v: unknown): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

export function parseStatus(s: {
  messages?: unknown;
  uidNext?: unknown;
  uidValidity?: unknown;
  highestModseq?: unknown;
}): MailboxStatus {
  const out: MailboxStatus = {};
  const messages = toNumber(s.messages);
  const uidNext = toNumber(s.uidNext);
  const uidValidity = toNumber(s.uidValidity);
  if (messages !== undefined) out.messages = messages;
  if (uidNext !== undefined) out.uidNext = uidNext;
  if (uidValidity !== undefined) out.uidValidity = uidValidity;
  if (s.highestModseq !== undefined && s.highestModseq !== null && s.highestModseq !== '') {
    try {
      out.highestModseq = BigInt(s.highestModseq as string | bigint | number);
    } catch {
      // not a number: leave it out
    }
  }
  return out;
}

/** Expand "1:3,7" into [1, 2, 3, 7]. */
export function expandSet(set: string): number[] {
  const out: number[] = [];
  for (const part of set.split(',')) {
    const [a, b] = part.split(':');
    const start = Number(a);
    const end = b === undefined ? start : Number(b);
    if (!Number.isInteger(start) || !Number.isInteger(end)) continue;
    const lo = Math.min(start, end);
    const hi = Math.max(start, end);
    for (let n = lo; n <= hi; n++) out.push(n);
  }
  return out;
}

/** UIDs of `* SEARCH n ...` or `* ESEARCH ... ALL set`. */
export function parseSearch(res: RawResponse): number[] {
  const uids: number[] = [];
  for (const u of res.untagged) {
    if (u.keyword === 'SEARCH') {
      for (const v of u.values) if (typeof v === 'string' && /^\d+$/.test(v)) uids.push(Number(v));
    } else if (u.keyword === 'ESEARCH') {
      const i = u.values.findIndex((v) => typeof v === 'string' && v.toUpperCase() === 'ALL');
      const set = i >= 0 ? u.values[i + 1] : undefined;
      if (typeof set === 'string') uids.push(...expandSet(set));
    }
  }
  return uids;
}

/** [COPYUID uidvalidity src dst] */
export function parseCopyUid(code: RawValue[] | undefined): CopyResult {
  const out: CopyResult = { uidMap: new Map() };
  if (!code || rawText(code[0] ?? '').toUpperCase() !== 'COPYUID') return out;
  const [, validity, src, dst] = code.map((c) => rawText(c));
  if (validity) out.uidValidity = Number(validity);
  const from = expandSet(src ?? '');
  const to = expandSet(dst ?? '');
  from.forEach((uid, i) => {
    const target = to[i];
    if (target !== undefined) out.uidMap.set(uid, target);
  });
  return out;
}

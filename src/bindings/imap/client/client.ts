/**
 * A thin typed wrapper over imapflow for the simulated devices and the store actor: typed
 * QRESYNC SELECT, UID-only message commands, and the commands imapflow lacks.
 *
 * imapflow commands used as they are: LIST (with LIST-STATUS when offered), SELECT/EXAMINE,
 * UID FETCH, APPEND, CREATE/DELETE/RENAME, IDLE. Sent raw (imapflow either has no API or hides
 * failures behind `false`): UID SEARCH, UID STORE, UID EXPUNGE, UID COPY, UID MOVE, STATUS,
 * NOTIFY, GETMETADATA/SETMETADATA.
 */
import type { ExpungeEvent, FlagsEvent } from 'imapflow';
import { ImapClientError } from './errors.ts';
import { ImapConnection } from './connection.ts';
import { formatDateTime } from 'imapflow/lib/tools.js';
import { rawText, type RawArg, type RawResponse } from './raw.ts';
import {
  parseStatus,
  parseSearch,
  parseCopyUid,
  expandSet,
  toFetched,
  type MailboxStatus,
  type FetchedMessage,
  type FetchQuery,
  type ListedFolder,
  type SelectInfo,
  type CopyResult,
} from './types.ts';

export class ImapClient extends ImapConnection {
  /** LIST "" "*" (with RETURN (STATUS ...) when LIST-STATUS is offered and asked for). */
  async list(options: { status?: boolean } = {}): Promise<ListedFolder[]> {
    const statusQuery =
      options.status && this.has('LIST-STATUS')
        ? { messages: true, uidNext: true, uidValidity: true, highestModseq: this.condstore }
        : undefined;
    const entries = await this.op('LIST', () => this.flow.list({ listOnly: true, statusQuery }));
    return entries.map((e) => {
      const flags = [...e.flags];
      const lower = flags.map((f) => f.toLowerCase());
      const folder: ListedFolder = {
        path: e.path,
        delimiter: e.delimiter,
        flags,
        selectable: !lower.includes('\\noselect') && !lower.includes('\\nonexistent'),
      };
      if (e.status) folder.status = parseStatus(e.status);
      return folder;
    });
  }

  /** SELECT (or EXAMINE), with QRESYNC when enabled and a previous state is given. */
  async select(
    path: string,
    options: { readOnly?: boolean; qresync?: { uidValidity: number; highestModseq: bigint } } = {},
  ): Promise<SelectInfo> {
    const verb = options.readOnly ? 'EXAMINE' : 'SELECT';
    const vanished: number[] = [];
    const changed: SelectInfo['changed'] = [];
    const onExpunge = (e: ExpungeEvent) => {
      if (e.uid !== undefined) vanished.push(e.uid);
    };
    const onFlags = (e: FlagsEvent) => {
      if (e.uid !== undefined) changed.push({ uid: e.uid, flags: [...e.flags], modseq: e.modseq });
    };
    const open: Record<string, unknown> = { readOnly: !!options.readOnly };
    if (options.qresync && this.qresync && options.qresync.highestModseq > 0n) {
      open.uidValidity = BigInt(options.qresync.uidValidity);
      open.changedSince = options.qresync.highestModseq;
    }
    this.flow.on('expunge', onExpunge);
    this.flow.on('flags', onFlags);
    try {
      const mb = await this.op(`${verb} ${path}`, () =>
        this.flow.mailboxOpen(path, open as { readOnly?: boolean }),
      );
      const info: SelectInfo = {
        path: mb.path,
        uidValidity: Number(mb.uidValidity),
        uidNext: mb.uidNext,
        exists: mb.exists,
        readOnly: !!mb.readOnly,
        noModseq: !!mb.noModseq,
        qresync: !!(mb as { qresync?: boolean }).qresync,
        vanished,
        changed,
      };
      if (mb.highestModseq !== undefined && !mb.noModseq) info.highestModseq = mb.highestModseq;
      return info;
    } finally {
      this.flow.off('expunge', onExpunge);
      this.flow.off('flags', onFlags);
    }
  }

  /** UID FETCH in the selected folder; VANISHED (EARLIER) UIDs are collected too. */
  async fetch(
    uids: string,
    query: FetchQuery,
    options: { changedSince?: bigint } = {},
  ): Promise<{ messages: FetchedMessage[]; vanished: number[] }> {
    const vanished: number[] = [];
    const onExpunge = (e: ExpungeEvent) => {
      if (e.uid !== undefined) vanished.push(e.uid);
    };
    const q = {
      uid: true,
      flags: query.flags,
      size: query.size,
      internalDate: query.internalDate,
      headers: query.headers,
      source: query.source,
    };
    const fetchOptions: { uid: true; changedSince?: bigint } = { uid: true };
    if (options.changedSince !== undefined && options.changedSince > 0n) {
      fetchOptions.changedSince = options.changedSince;
    }
    this.flow.on('expunge', onExpunge);
    try {
      const list = await this.op(`UID FETCH ${uids}`, () =>
        this.flow.fetchAll(uids, q, fetchOptions),
      );
      return { messages: list.map(toFetched), vanished };
    } finally {
      this.flow.off('expunge', onExpunge);
    }
  }

  /** UID SEARCH <criteria> in the selected folder, e.g. ['HEADER', 'IMDN-Message-ID', {string: id}]. */
  async searchUids(criteria: RawArg[]): Promise<number[]> {
    const res = await this.raw('UID SEARCH', criteria);
    return parseSearch(res);
  }

  /**
   * APPEND mailbox (flags) "date" {literal}. Sent raw: imapflow's append() silently drops every
   * flag the *currently selected* mailbox does not list in PERMANENTFLAGS (all of them after an
   * EXAMINE, whose PERMANENTFLAGS is empty), whatever the destination.
   */
  async append(
    path: string,
    raw: Buffer,
    flags: string[],
    date?: Date,
  ): Promise<{ uid?: number; uidValidity?: number }> {
    const clean = flags.filter((f) => f.toLowerCase() !== '\\recent');
    const args: RawArg[] = [this.mailboxArg(path)];
    const when = date ? formatDateTime(date) : undefined;
    if (clean.length || when) args.push(clean);
    if (when) args.push({ string: when });
    args.push({ literal: raw });
    const res = await this.raw('APPEND', args, `APPEND ${path}`);
    const out: { uid?: number; uidValidity?: number } = {};
    const code = (res.code ?? []).map(rawText);
    if (code[0]?.toUpperCase() === 'APPENDUID') {
      const validity = Number(code[1]);
      const uid = Number(code[2]);
      if (Number.isInteger(validity)) out.uidValidity = validity;
      if (Number.isInteger(uid)) out.uid = uid;
    }
    return out;
  }

  /** UID STORE <uids> +FLAGS.SILENT / -FLAGS.SILENT (flags). */
  async store(uids: number[], op: '+' | '-', flags: string[], silent = true): Promise<void> {
    if (!uids.length || !flags.length) return;
    const item = `${op}FLAGS${silent ? '.SILENT' : ''}`;
    await this.raw('UID STORE', [{ sequence: uidSet(uids) }, item, flags]);
  }

  /**
   * Conditional STORE (RFC 7162 3.1.3): `UID STORE <uids> (UNCHANGEDSINCE <modseq>)
   * FLAGS.SILENT (flags)`. Returns the UIDs the server left alone, from `[MODIFIED <set>]`.
   */
  async storeIfUnchanged(
    uids: number[],
    unchangedSince: bigint,
    flags: string[],
  ): Promise<number[]> {
    if (!uids.length) return [];
    const res = await this.raw('UID STORE', [
      { sequence: uidSet(uids) },
      ['UNCHANGEDSINCE', unchangedSince.toString()],
      'FLAGS.SILENT',
      flags,
    ]);
    const code = (res.code ?? []).map(rawText);
    return code[0]?.toUpperCase() === 'MODIFIED' ? expandSet(code[1] ?? '') : [];
  }

  /** UID EXPUNGE <uids> with UIDPLUS, else EXPUNGE (which removes every \Deleted message). */
  async expunge(uids: number[]): Promise<void> {
    if (!uids.length) return;
    if (this.has('UIDPLUS')) await this.raw('UID EXPUNGE', [{ sequence: uidSet(uids) }]);
    else await this.raw('EXPUNGE', []);
  }

  /** UID COPY; COPYUID is parsed when the server sends it. */
  async copy(uids: number[], target: string): Promise<CopyResult> {
    const res = await this.raw('UID COPY', [{ sequence: uidSet(uids) }, this.mailboxArg(target)]);
    return parseCopyUid(res.code);
  }

  async move(uids: number[], target: string): Promise<CopyResult> {
    const res = await this.raw('UID MOVE', [{ sequence: uidSet(uids) }, this.mailboxArg(target)]);
    const fromUntagged = res.untagged.find((u) => u.keyword === 'OK' && Array.isArray(u.values));
    return parseCopyUid(res.code ?? codeOf(fromUntagged?.values));
  }

  async create(path: string): Promise<void> {
    await this.op(`CREATE ${path}`, () => this.flow.mailboxCreate(path));
  }

  async delete(path: string): Promise<void> {
    await this.op(`DELETE ${path}`, () => this.flow.mailboxDelete(path));
  }

  async rename(path: string, target: string): Promise<void> {
    await this.op(`RENAME ${path} ${target}`, () => this.flow.mailboxRename(path, target));
  }

  async status(path: string): Promise<MailboxStatus> {
    const items = [
      'MESSAGES',
      'UIDNEXT',
      'UIDVALIDITY',
      ...(this.condstore ? ['HIGHESTMODSEQ'] : []),
    ];
    const res = await this.raw('STATUS', [this.mailboxArg(path), items]);
    const entry = res.untagged.find((u) => u.keyword === 'STATUS');
    const list = entry?.values[1];
    if (!Array.isArray(list)) throw new ImapClientError(`STATUS ${path}: no STATUS response`);
    const record: Record<string, string> = {};
    for (let i = 0; i + 1 < list.length; i += 2) {
      const k = list[i];
      const v = list[i + 1];
      if (typeof k === 'string' && typeof v === 'string') record[k.toUpperCase()] = v;
    }
    return parseStatus({
      messages: record.MESSAGES,
      uidNext: record.UIDNEXT,
      uidValidity: record.UIDVALIDITY,
      highestModseq: record.HIGHESTMODSEQ,
    });
  }

  async noop(): Promise<void> {
    await this.op('NOOP', () => this.flow.noop());
  }

  /** NOTIFY SET <spec> (RFC 5465), e.g. [['selected', ['MessageNew', 'MessageExpunge', 'FlagChange']]]. */
  async notifySet(spec: RawArg[]): Promise<void> {
    await this.raw('NOTIFY', ['SET', ...spec]);
  }

  async getMetadata(path: string, entries: string[]): Promise<Map<string, string | null>> {
    const res = await this.raw('GETMETADATA', [this.mailboxArg(path), entries]);
    const out = new Map<string, string | null>();
    for (const u of res.untagged.filter((x) => x.keyword === 'METADATA')) {
      const list = u.values[1];
      if (!Array.isArray(list)) continue;
      for (let i = 0; i + 1 < list.length; i += 2) {
        const k = list[i];
        const v = list[i + 1];
        if (typeof k === 'string') out.set(k, typeof v === 'string' ? v : null);
      }
    }
    return out;
  }

  async setMetadata(path: string, entries: Record<string, string | null>): Promise<void> {
    const list: RawArg[] = [];
    for (const [k, v] of Object.entries(entries)) list.push(k, v === null ? 'NIL' : { string: v });
    await this.raw('SETMETADATA', [this.mailboxArg(path), list]);
  }
}

function codeOf(values: unknown): RawResponse['code'] {
  if (!Array.isArray(values)) return undefined;
  const first = values[0] as { section?: RawResponse['code'] } | undefined;
  return first && typeof first === 'object' ? first.section : undefined;
}

/** Compact a UID list into an IMAP sequence set ("1:3,7"). */
export function uidSet(uids: Iterable<number>): string {
  const sorted = [...new Set(uids)].sort((a, b) => a - b);
  const parts: string[] = [];
  let i = 0;
  while (i < sorted.length) {
    const start = sorted[i]!;
    let end = start;
    while (i + 1 < sorted.length && sorted[i + 1] === end + 1) end = sorted[++i]!;
    parts.push(start === end ? String(start) : `${start}:${end}`);
    i++;
  }
  return parts.join(',');
}

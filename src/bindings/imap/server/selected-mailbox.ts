/**
 * The selected mailbox of one session: the message-number view (sorted UIDs as this
 * client knows them) and the changes made by others that it has not been told about yet.
 * Sequence numbers only move when the client is told (EXISTS, EXPUNGE, VANISHED). Also the
 * session's `\Recent` messages (recent.ts) and the keywords it has been told of in FLAGS.
 */
import type { Change } from '../../../model/types.ts';
import {
  condstoreOn,
  qresyncOn,
  type MailboxRef,
  type ServerServices,
  type Session,
} from './context.ts';
import { claimAllRecent, takeRecent } from './recent.ts';
import { flagsOut, objectModseqOut, SYSTEM_FLAGS } from './reported-state.ts';
import { formatSequenceSet, resolveRanges, type SequenceSet } from './sequence-set.ts';

export type MailboxGone = 'deleted' | 'reset';

export class SelectedMailbox {
  /** UIDs in message-number order: uids[msn - 1]. */
  uids: number[];
  gone: MailboxGone | undefined;
  private readonly pendingNew: number[] = [];
  private readonly pendingExpunged = new Set<number>();
  private readonly pendingFlags = new Set<number>();
  private readonly unsubscribe: () => void;
  /** UIDs that are `\Recent` in this session. */
  private readonly recent = new Set<number>();
  /** Keywords this session has been told of in FLAGS / PERMANENTFLAGS. */
  private readonly keywords = new Set<string>();
  private newKeyword = false;

  constructor(
    readonly ref: MailboxRef,
    readonly readOnly: boolean,
    private readonly session: Session,
    private readonly server: ServerServices,
  ) {
    this.uids = [...ref.folder.objects.keys()].sort((a, b) => a - b);
    this.unsubscribe = ref.store.onChange((change) => this.observe(change));
    for (const uid of takeRecent(ref.folder, this.uids, false)) this.recent.add(uid);
    if (!readOnly) claimAllRecent(ref.folder);
    for (const object of ref.folder.objects.values()) this.noteKeywords(object.flags);
    this.newKeyword = false;
  }

  /** Whether a message is `\Recent` for this session (RFC 3501 2.3.2). */
  isRecent(uid: number): boolean {
    return this.recent.has(uid);
  }

  get recentCount(): number {
    return this.recent.size;
  }

  /** A message's flags as this session sees them: `\Recent` first when it is. */
  flagsOf(uid: number, flags: Iterable<string>): string {
    return flagsOut(this.recent.has(uid) ? ['\\Recent', ...flags] : flags);
  }

  private noteKeywords(flags: Iterable<string>): void {
    for (const flag of flags) {
      if (flag.startsWith('\\') || this.keywords.has(flag)) continue;
      this.keywords.add(flag);
      this.newKeyword = true;
    }
  }

  /** FLAGS and PERMANENTFLAGS as of now (RFC 3501 7.2.6, 7.1), each line with CRLF. */
  flagListLines(): string[] {
    const flags = [...SYSTEM_FLAGS, ...[...this.keywords].sort()];
    const permanent = this.readOnly ? [] : [...flags, '\\*'];
    return [
      `* FLAGS ${flagsOut(flags)}\r\n`,
      `* OK [PERMANENTFLAGS ${flagsOut(permanent)}] flags permitted\r\n`,
    ];
  }

  /**
   * FLAGS and PERMANENTFLAGS again when a keyword appeared since this session was last told
   * (RFC 3501 7.2.6: the client must record the update), before any FETCH that shows it.
   */
  takeFlagListUpdate(): string[] {
    if (!this.newKeyword) return [];
    this.newKeyword = false;
    return this.flagListLines();
  }

  get name(): string {
    return this.ref.folder.name;
  }

  close(): void {
    this.unsubscribe();
  }

  private observe(change: Change): void {
    if (change.folder !== this.ref.folder.name) return;
    const own = this.server.currentActor() === this.session;
    if ((change.kind === 'object-new' || change.kind === 'object-flags') && change.uid) {
      const object = this.ref.folder.objects.get(change.uid);
      if (object) this.noteKeywords(object.flags);
    }
    switch (change.kind) {
      case 'object-new':
        if (change.uid !== undefined) this.pendingNew.push(change.uid);
        break;
      case 'object-flags':
        if (!own && change.uid !== undefined) this.pendingFlags.add(change.uid);
        break;
      case 'object-expunged':
        if (!own && change.uid !== undefined && !this.server.deviates('no-vanished')) {
          this.pendingExpunged.add(change.uid);
        }
        break;
      case 'folder-deleted':
        if (
          !this.ref.store.hasFolder(change.folder) ||
          this.ref.store.folder(change.folder) !== this.ref.folder
        ) {
          this.gone = 'deleted';
        }
        break;
      case 'folder-reset':
        this.gone = 'reset';
        break;
      default:
        return;
    }
    this.session.updatesPending();
  }

  hasPending(): boolean {
    return (
      this.pendingNew.length > 0 ||
      this.pendingExpunged.size > 0 ||
      this.pendingFlags.size > 0 ||
      this.newKeyword
    );
  }

  /** Message sequence number of a UID in this view, or 0. */
  msnOf(uid: number): number {
    let lo = 0;
    let hi = this.uids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = this.uids[mid]!;
      if (at === uid) return mid + 1;
      if (at < uid) lo = mid + 1;
      else hi = mid - 1;
    }
    return 0;
  }

  /** UIDs of the view addressed by a sequence set (by UID or by message number), in order. */
  select(set: SequenceSet, byUid: boolean): number[] {
    const count = this.uids.length;
    if (count === 0) return [];
    if (!byUid) {
      const out: number[] = [];
      for (const [lo, hi] of resolveRanges(set, count)) {
        for (let msn = lo; msn <= Math.min(hi, count); msn++) out.push(this.uids[msn - 1]!);
      }
      return out;
    }
    const ranges = resolveRanges(set, this.uids[count - 1]!);
    const out: number[] = [];
    for (const [lo, hi] of ranges) {
      let index = this.firstIndexAtLeast(lo);
      while (index < count && this.uids[index]! <= hi) out.push(this.uids[index++]!);
    }
    return out;
  }

  private firstIndexAtLeast(uid: number): number {
    let lo = 0;
    let hi = this.uids.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.uids[mid]! < uid) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Remove UIDs from the view; returns the EXPUNGE numbers to send, in sending order. */
  removeFromView(uids: Iterable<number>): number[] {
    const removed = new Set(uids);
    const msns: number[] = [];
    const kept: number[] = [];
    for (let i = 0; i < this.uids.length; i++) {
      const uid = this.uids[i]!;
      if (removed.has(uid)) msns.push(i - msns.length + 1);
      else kept.push(uid);
    }
    this.uids = kept;
    for (const uid of removed) {
      this.pendingExpunged.delete(uid);
      this.recent.delete(uid);
    }
    return msns;
  }

  /** Expunge notices for UIDs in the view: VANISHED with QRESYNC, else EXPUNGE per message. */
  expungeLines(uids: number[]): string[] {
    const present = uids.filter((uid) => this.msnOf(uid) > 0);
    if (present.length === 0) return [];
    const recentBefore = this.recent.size;
    // RFC 3501 7.3.2: a new RECENT count when expunges lowered it (as Dovecot sends).
    const recentLine = () =>
      this.recent.size !== recentBefore ? [`* ${this.recent.size} RECENT\r\n`] : [];
    if (qresyncOn(this.session)) {
      this.removeFromView(present);
      return [`* VANISHED ${formatSequenceSet(present)}\r\n`, ...recentLine()];
    }
    // Mutant expunge-unreported: never told, the client keeps the expunged messages in its view.
    if (this.server.deviates('expunge-unreported')) return [];
    const lines = this.removeFromView(present).map((msn) => `* ${msn} EXPUNGE\r\n`);
    return [...lines, ...recentLine()];
  }

  /** An unsolicited FETCH with the current flags of a message. */
  flagsLine(uid: number): string | undefined {
    const object = this.ref.folder.objects.get(uid);
    const msn = this.msnOf(uid);
    if (!object || msn === 0) return undefined;
    const modseq = condstoreOn(this.session)
      ? ` MODSEQ (${objectModseqOut(this.server, this.ref.folder, object)})`
      : '';
    return `* ${msn} FETCH (UID ${uid} FLAGS ${this.flagsOf(uid, object.flags)}${modseq})\r\n`;
  }

  /** Render and forget the pending changes. Expunges may be held back (RFC 3501 7.4.1). */
  takeUpdates(withExpunges: boolean): { lines: string[]; newUids: number[] } {
    const lines: string[] = this.takeFlagListUpdate();
    if (withExpunges && this.pendingExpunged.size > 0) {
      const expunged = new Set(this.pendingExpunged);
      this.pendingExpunged.clear();
      // A message both added and removed since the last report is never shown at all.
      const stillNew = this.pendingNew.filter((uid) => !expunged.has(uid));
      this.pendingNew.splice(0, this.pendingNew.length, ...stillNew);
      lines.push(...this.expungeLines([...expunged].sort((a, b) => a - b)));
    }
    const newUids: number[] = [];
    for (const uid of this.pendingNew.splice(0).sort((a, b) => a - b)) {
      if (uid > (this.uids[this.uids.length - 1] ?? 0)) {
        this.uids.push(uid);
        newUids.push(uid);
      }
    }
    if (newUids.length > 0) {
      lines.push(`* ${this.uids.length} EXISTS\r\n`);
      // RFC 3501 7.3.2: RECENT when the count changes; the first session told takes them.
      const recent = takeRecent(this.ref.folder, newUids, !this.readOnly);
      for (const uid of recent) this.recent.add(uid);
      if (recent.length > 0) lines.push(`* ${this.recent.size} RECENT\r\n`);
    }
    if (this.pendingFlags.size > 0) {
      const fresh = new Set(newUids);
      const flagged = [...this.pendingFlags].sort((a, b) => a - b);
      this.pendingFlags.clear();
      for (const uid of flagged) {
        if (fresh.has(uid)) continue;
        const line = this.flagsLine(uid);
        if (line) lines.push(line);
      }
    }
    return { lines, newUids };
  }
}

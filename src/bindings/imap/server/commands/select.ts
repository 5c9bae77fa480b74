/**
 * SELECT and EXAMINE (RFC 3501 6.3.1/6.3.2; RECENT 7.3.2) with the CONDSTORE and QRESYNC parameters
 * (RFC 7162 3.1.8, 3.2.5): UIDVALIDITY, UIDNEXT, EXISTS, HIGHESTMODSEQ, MAILBOXID, then
 * VANISHED (EARLIER) and FETCH of what changed since the client's mod-sequence.
 */
import type { ArgReader } from '../args.ts';
import {
  AUTHENTICATED,
  qresyncOn,
  type CommandContext,
  type CommandHandler,
  type CommandResult,
} from '../context.ts';
import { bad, no } from '../errors.ts';
import {
  changesSince,
  highestModseqOut,
  objectModseqOut,
  uidValidityOut,
} from '../reported-state.ts';
import { SelectedMailbox } from '../selected-mailbox.ts';
import {
  formatSequenceSet,
  parseSequenceSet,
  rangesContain,
  resolveRanges,
} from '../sequence-set.ts';

interface QresyncParams {
  uidValidity: number;
  modseq: bigint;
  knownUids?: Array<[number, number]>;
}

function parseParams(
  ctx: CommandContext,
  args: ArgReader,
): { condstore: boolean; qresync?: QresyncParams } {
  const params = args.list('select parameters');
  let condstore = false;
  let qresync: QresyncParams | undefined;
  while (params.hasMore()) {
    const name = params.atom('select parameter').toUpperCase();
    if (name === 'CONDSTORE') {
      if (!ctx.server.capabilityOn('CONDSTORE')) throw bad('CONDSTORE is off');
      condstore = true;
    } else if (name === 'QRESYNC') {
      if (!ctx.server.capabilityOn('QRESYNC') || !qresyncOn(ctx.session)) {
        throw bad('QRESYNC must be enabled first');
      }
      const inner = params.list('QRESYNC parameters');
      const uidValidity = inner.nzNumber('uidvalidity');
      const modseq = inner.modseq();
      let knownUids: Array<[number, number]> | undefined;
      if (inner.hasMore() && !inner.peekIsList()) {
        knownUids = resolveRanges(parseSequenceSet(inner.atom('known uids')), 0xffffffff);
      }
      if (inner.hasMore()) inner.list('sequence match data');
      inner.end();
      qresync = { uidValidity, modseq, ...(knownUids ? { knownUids } : {}) };
    } else {
      throw bad(`unknown select parameter ${name}`);
    }
  }
  return { condstore, ...(qresync ? { qresync } : {}) };
}

function select(readOnly: boolean) {
  return (ctx: CommandContext): CommandResult => {
    const { args, session, server } = ctx;
    const name = args.mailbox();
    const params = args.hasMore() ? parseParams(ctx, args) : { condstore: false };
    args.end();
    if (session.selected) {
      session.selected.close();
      session.selected = undefined;
      session.state = 'authenticated';
      if (qresyncOn(session)) session.write('* OK [CLOSED] previous mailbox closed\r\n');
    }
    const ref = server.resolveMailbox(session.user!, name);
    if (!ref) throw no(`no mailbox ${name}`, 'NONEXISTENT');
    if (params.condstore) session.enabled.add('CONDSTORE');
    // SELECT takes the mailbox's recent messages for this session; EXAMINE only shows them.
    const selected = new SelectedMailbox(ref, readOnly, session, server);
    const { folder } = ref;
    const uidValidity = uidValidityOut(server, folder, session, true);
    const firstUnseen =
      selected.uids.findIndex((uid) => !folder.objects.get(uid)?.flags.has('\\Seen')) + 1;
    const lines = [
      ...selected.flagListLines().map((line) => line.slice(0, -2)),
      `* ${selected.uids.length} EXISTS`,
      `* ${selected.recentCount} RECENT`,
      ...(firstUnseen > 0 ? [`* OK [UNSEEN ${firstUnseen}] first unseen`] : []),
      `* OK [UIDVALIDITY ${uidValidity}] UIDs valid`,
      `* OK [UIDNEXT ${folder.uidNext}] predicted next UID`,
    ];
    if (server.capabilityOn('CONDSTORE'))
      lines.push(`* OK [HIGHESTMODSEQ ${highestModseqOut(server, folder)}] modseq`);
    if (server.capabilityOn('OBJECTID'))
      lines.push(`* OK [MAILBOXID (${server.mailboxId(folder)})] mailbox id`);
    session.write(lines.map((l) => l + '\r\n').join(''));
    session.selected = selected;
    session.state = 'selected';
    const q = params.qresync;
    if (q && q.uidValidity === uidValidity) {
      const { changed, vanished } = changesSince(server, ref, q.modseq);
      const known = q.knownUids;
      const gone = known ? vanished.filter((uid) => rangesContain(known, uid)) : vanished;
      if (gone.length > 0) session.write(`* VANISHED (EARLIER) ${formatSequenceSet(gone)}\r\n`);
      const out: string[] = [];
      for (const object of changed) {
        const msn = selected.msnOf(object.uid);
        if (msn === 0) continue;
        const modseq = objectModseqOut(server, folder, object);
        out.push(
          `* ${msn} FETCH (UID ${object.uid} FLAGS ${selected.flagsOf(object.uid, object.flags)} MODSEQ (${modseq}))\r\n`,
        );
      }
      if (out.length > 0) session.write(out.join(''));
    }
    return {
      code: readOnly ? 'READ-ONLY' : 'READ-WRITE',
      text: `${readOnly ? 'EXAMINE' : 'SELECT'} completed`,
    };
  };
}

export const selectCommands: CommandHandler[] = [
  { name: 'SELECT', states: AUTHENTICATED, run: select(false) },
  { name: 'EXAMINE', states: AUTHENTICATED, run: select(true) },
];

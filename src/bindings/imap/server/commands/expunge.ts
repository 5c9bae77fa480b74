/**
 * EXPUNGE, UID EXPUNGE (UIDPLUS, RFC 4315 2.1) and CLOSE (RFC 3501 6.4.2: expunge
 * silently, then leave the selected state). With QRESYNC, EXPUNGE's tagged OK carries the
 * new HIGHESTMODSEQ (RFC 7162).
 */
import {
  SELECTED,
  qresyncOn,
  type CommandContext,
  type CommandHandler,
  type CommandResult,
} from '../context.ts';
import { no } from '../errors.ts';
import { highestModseqOut } from '../reported-state.ts';
import { parseSequenceSet } from '../sequence-set.ts';

function expunge(byUid: boolean) {
  return (ctx: CommandContext): CommandResult | void => {
    const { args, session, server } = ctx;
    const uids = byUid
      ? session.selected!.select(parseSequenceSet(args.atom('UID set')), true)
      : undefined;
    args.end();
    const selected = session.selected!;
    if (selected.readOnly) throw no('mailbox is read-only', 'CANNOT');
    if (server.deviates('expunge-ignored')) return;
    const { store, folder } = selected.ref;
    const gone = server.asActor(session, () => store.expunge(folder.name, uids));
    const lines = selected.expungeLines(gone);
    if (lines.length > 0) session.write(lines.join(''));
    // RFC 7162 3.2 (EXPUNGE with QRESYNC): the tagged OK tells the new HIGHESTMODSEQ.
    if (gone.length > 0 && qresyncOn(session))
      return { code: `HIGHESTMODSEQ ${highestModseqOut(server, folder)}`, text: 'expunged' };
  };
}

export const expungeCommands: CommandHandler[] = [
  { name: 'EXPUNGE', states: SELECTED, run: expunge(false) },
  { name: 'UID EXPUNGE', states: SELECTED, capability: 'UIDPLUS', run: expunge(true) },
  {
    name: 'CLOSE',
    states: SELECTED,
    run({ args, session, server }) {
      args.end();
      const selected = session.selected!;
      if (!selected.readOnly && !server.deviates('expunge-ignored')) {
        const { store, folder } = selected.ref;
        server.asActor(session, () => store.expunge(folder.name));
      }
      selected.close();
      session.selected = undefined;
      session.state = 'authenticated';
    },
  },
];

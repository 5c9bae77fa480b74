/** APPEND (RFC 3501 6.3.11) with APPENDUID (UIDPLUS, RFC 4315) and [TRYCREATE]. */
import { AUTHENTICATED, type CommandHandler } from '../context.ts';
import { parseDateTime } from '../dates.ts';
import { bad, no } from '../errors.ts';
import { uidValidityOut } from '../reported-state.ts';

export const appendCommands: CommandHandler[] = [
  {
    name: 'APPEND',
    states: AUTHENTICATED,
    run({ args, session, server }) {
      const name = args.mailbox();
      const flags: string[] = [];
      if (args.peekIsList()) {
        const list = args.list('flags');
        while (list.hasMore()) {
          const flag = list.atom('flag');
          if (flag.toLowerCase() === '\\recent') throw bad('\\Recent cannot be set');
          flags.push(flag);
        }
      }
      let internalDate: Date | undefined;
      const next = args.peek();
      if (next?.kind === 'string' && !next.literal)
        internalDate = parseDateTime(args.astring('date-time'));
      const message = args.bytes('message literal');
      args.end();
      if (message.length === 0) throw no('empty message', 'CANNOT');
      const ref = server.resolveMailbox(session.user!, name);
      if (!ref) throw no(`no mailbox ${name}`, 'TRYCREATE');
      const { store, folder } = ref;
      let uid: number;
      if (server.deviates('append-dropped')) {
        uid = folder.uidNext;
      } else {
        const date = internalDate ?? server.now();
        uid = server.asActor(session, () =>
          store.append(folder.name, message, { flags, internalDate: date }),
        ).uid;
      }
      if (!server.capabilityOn('UIDPLUS') || server.deviates('uidplus-codes-missing'))
        return { text: 'APPEND completed' };
      return {
        code: `APPENDUID ${uidValidityOut(server, folder, session)} ${uid}`,
        text: 'APPEND completed',
      };
    },
  },
];

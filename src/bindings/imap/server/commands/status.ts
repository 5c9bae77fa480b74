/** STATUS (RFC 3501 6.3.10; HIGHESTMODSEQ from RFC 7162, MAILBOXID from RFC 8474). */
import { AUTHENTICATED, type CommandHandler } from '../context.ts';
import { no } from '../errors.ts';
import { checkStatusItems, statusResponse } from '../status-response.ts';

export const statusCommands: CommandHandler[] = [
  {
    name: 'STATUS',
    states: AUTHENTICATED,
    run({ args, session, server }) {
      const name = args.mailbox();
      const items = args.list('status items').rest();
      args.end();
      const wanted = checkStatusItems(
        server,
        items.map((t) => (t.kind === 'atom' ? t.value : '')),
      );
      const ref = server.resolveMailbox(session.user!, name);
      if (!ref) throw no(`no mailbox ${name}`, 'NONEXISTENT');
      session.write(statusResponse(session, server, ref, wanted));
    },
  },
];

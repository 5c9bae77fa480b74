/** NAMESPACE (RFC 2342): one personal namespace, no prefix, "/" as delimiter. */
import { AUTHENTICATED, type CommandHandler } from '../context.ts';

export const namespaceCommands: CommandHandler[] = [
  {
    name: 'NAMESPACE',
    states: AUTHENTICATED,
    capability: 'NAMESPACE',
    run({ args, session }) {
      args.end();
      session.write('* NAMESPACE (("" "/")) NIL NIL\r\n');
    },
  },
];

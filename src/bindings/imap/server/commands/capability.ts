/** CAPABILITY (RFC 3501 6.1.1). */
import { ANY_STATE, type CommandHandler } from '../context.ts';

export const capabilityCommands: CommandHandler[] = [
  {
    name: 'CAPABILITY',
    states: ANY_STATE,
    run({ args, session, server }) {
      args.end();
      session.write(
        `* CAPABILITY ${server.capabilities(session.state !== 'not-authenticated').join(' ')}\r\n`,
      );
    },
  },
];

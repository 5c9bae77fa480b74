/** IDLE (RFC 2177): report changes at once until the client sends DONE. */
import { AUTHENTICATED, type CommandHandler } from '../context.ts';
import { bad } from '../errors.ts';

export const idleCommands: CommandHandler[] = [
  {
    name: 'IDLE',
    states: AUTHENTICATED,
    capability: 'IDLE',
    async run({ args, session }) {
      args.end();
      session.write('+ idling\r\n');
      session.idling = true;
      session.updatesPending();
      let line: string | undefined;
      try {
        line = await session.readLine();
      } finally {
        session.idling = false;
      }
      if (line?.trim().toUpperCase() !== 'DONE') throw bad('expected DONE');
      return { text: 'IDLE terminated' };
    },
  },
];

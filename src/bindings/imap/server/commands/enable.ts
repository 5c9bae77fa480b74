/** ENABLE (RFC 5161): CONDSTORE and QRESYNC (RFC 7162); others are ignored. */
import type { CommandHandler } from '../context.ts';
import { bad } from '../errors.ts';

export const enableCommands: CommandHandler[] = [
  {
    name: 'ENABLE',
    states: ['authenticated'],
    capability: 'ENABLE',
    run({ args, session, server }) {
      if (!args.hasMore()) throw bad('ENABLE needs at least one capability');
      const newlyEnabled: string[] = [];
      const turnOn = (name: string) => {
        if (session.enabled.has(name)) return;
        session.enabled.add(name);
        newlyEnabled.push(name);
      };
      while (args.hasMore()) {
        const name = args.atom('capability').toUpperCase();
        if (name === 'CONDSTORE' && server.capabilityOn('CONDSTORE')) turnOn('CONDSTORE');
        if (name === 'QRESYNC' && server.capabilityOn('QRESYNC')) {
          turnOn('QRESYNC');
          turnOn('CONDSTORE');
        }
      }
      session.write(`* ENABLED${newlyEnabled.map((n) => ' ' + n).join('')}\r\n`);
    },
  },
];

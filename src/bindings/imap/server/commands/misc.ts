/** NOOP, CHECK, UNSELECT, LOGOUT, ID (RFC 3501, RFC 3691, RFC 2971). */
import { ANY_STATE, SELECTED, type CommandHandler } from '../context.ts';
import { bad } from '../errors.ts';
import { stringOut } from '../serializer.ts';

export const miscCommands: CommandHandler[] = [
  {
    name: 'NOOP',
    states: ANY_STATE,
    run({ args }) {
      args.end();
    },
  },
  {
    name: 'CHECK',
    states: SELECTED,
    run({ args }) {
      args.end();
    },
  },
  {
    name: 'UNSELECT',
    states: SELECTED,
    capability: 'UNSELECT',
    run({ args, session }) {
      args.end();
      session.selected?.close();
      session.selected = undefined;
      session.state = 'authenticated';
    },
  },
  {
    name: 'LOGOUT',
    states: ANY_STATE,
    run({ args, session }) {
      args.end();
      session.write('* BYE logging out\r\n');
      session.selected?.close();
      session.selected = undefined;
      session.notify?.stop();
      session.notify = undefined;
      session.state = 'logout';
    },
  },
  {
    name: 'ID',
    states: ANY_STATE,
    capability: 'ID',
    run({ args, session }) {
      const token = args.next('ID parameters');
      if (token.kind === 'list') {
        if (token.items.length % 2 !== 0) throw bad('ID needs field/value pairs');
      } else if (token.kind !== 'atom' || token.value.toUpperCase() !== 'NIL') {
        throw bad('ID needs a list or NIL');
      }
      args.end();
      const fields = ['name', 'cpmct', 'vendor', 'cpmct reference store', 'version', '0.1.0'];
      session.write(`* ID (${fields.map(stringOut).join(' ')})\r\n`);
    },
  },
];

/**
 * APPEND (RFC 3501 6.3.11) with APPENDUID (UIDPLUS, RFC 4315) and [TRYCREATE], and
 * MULTIAPPEND (RFC 3502): several messages in one command, appended all or none, the
 * APPENDUID code then carrying the set of UIDs given to them in order.
 */
import type { ArgReader } from '../args.ts';
import { AUTHENTICATED, type CommandContext, type CommandHandler } from '../context.ts';
import { parseDateTime } from '../dates.ts';
import { bad, no } from '../errors.ts';
import { uidValidityOut } from '../reported-state.ts';
import { formatSequenceSet } from '../sequence-set.ts';

interface AppendMessage {
  flags: string[];
  internalDate: Date | undefined;
  message: Buffer;
}

/** One append-message: optional flag list, optional date-time, then the message literal. */
function parseMessage(args: ArgReader): AppendMessage {
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
  return { flags, internalDate, message: args.bytes('message literal') };
}

/** Every message is checked before any is stored, so a refusal leaves the mailbox as it was. */
function parseMessages(ctx: CommandContext): AppendMessage[] {
  const messages = [parseMessage(ctx.args)];
  while (ctx.args.hasMore()) {
    if (!ctx.server.capabilityOn('MULTIAPPEND')) throw bad('unexpected extra arguments');
    messages.push(parseMessage(ctx.args));
  }
  if (messages.some((m) => m.message.length === 0)) throw no('empty message', 'CANNOT');
  return messages;
}

function append(ctx: CommandContext) {
  const { session, server } = ctx;
  const name = ctx.args.mailbox();
  const messages = parseMessages(ctx);
  const ref = server.resolveMailbox(session.user!, name);
  if (!ref) throw no(`no mailbox ${name}`, 'TRYCREATE');
  const { store, folder } = ref;
  let uids: number[];
  if (server.deviates('append-dropped')) {
    uids = messages.map((_, index) => folder.uidNext + index);
  } else {
    const now = server.now();
    uids = server.asActor(session, () =>
      messages.map(
        ({ message, flags, internalDate }) =>
          store.append(folder.name, message, { flags, internalDate: internalDate ?? now }).uid,
      ),
    );
  }
  if (!server.capabilityOn('UIDPLUS') || server.deviates('uidplus-codes-missing'))
    return { text: 'APPEND completed' };
  return {
    code: `APPENDUID ${uidValidityOut(server, folder, session)} ${formatSequenceSet(uids)}`,
    text: 'APPEND completed',
  };
}

export const appendCommands: CommandHandler[] = [
  { name: 'APPEND', states: AUTHENTICATED, run: append },
];

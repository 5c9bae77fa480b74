/**
 * Runs one command read from the client: parse, look up the handler in the registry,
 * check state and capability, run it, send pending updates, send the tagged response.
 * Garbage never escapes as an exception: it becomes a BAD.
 */
import { ArgReader } from './args.ts';
import type { ServerServices, Session } from './context.ts';
import { ImapFailure, bad, toImapFailure } from './errors.ts';
import type { RawCommand } from './input-reader.ts';
import { commandRegistry } from './registry.ts';
import { codeOut, safeText } from './serializer.ts';
import { parseCommand, tagOf } from './tokenizer.ts';
import { takeUpdates } from './updates.ts';

function tagged(
  tag: string,
  status: 'OK' | 'NO' | 'BAD',
  code: string | undefined,
  text: string,
): string {
  return `${tag} ${status} ${codeOut(code)}${safeText(text)}\r\n`;
}

/**
 * How a command refused while reading is answered, as Dovecot answers: an over-long line
 * gets a tagged BAD, an oversized literal NO [TOOBIG] (RFC 5530); before login either one
 * ends the connection (`fatal`), with Dovecot's wording.
 */
function failureFor(raw: Extract<RawCommand, { ok: false }>): ImapFailure {
  switch (raw.reason) {
    case 'line-too-long':
      return raw.fatal ? bad('Input buffer full, aborting') : bad('Too long argument');
    case 'literal-too-big':
      return raw.fatal
        ? bad('Literal size too large')
        : new ImapFailure('NO', 'TOOBIG', 'literal too big');
    case 'literal-plus-disabled':
      return bad('non-synchronizing literals are not supported');
  }
}

/** The BYE text for a command that ends the connection (over a limit before login), if it does. */
export function fatalRefusal(raw: RawCommand): string | undefined {
  return !raw.ok && raw.fatal ? failureFor(raw).message : undefined;
}

/** Name of the command, for state/trace decisions, without running it. */
export function commandNameOf(raw: RawCommand): string | undefined {
  if (!raw.ok) return undefined;
  try {
    return parseCommand(raw.pieces).name;
  } catch {
    return undefined;
  }
}

/** The status of the tagged (or untagged) answer, for the session's limits. */
export type CommandStatus = 'OK' | 'NO' | 'BAD';

export async function executeCommand(
  raw: RawCommand,
  session: Session,
  server: ServerServices,
): Promise<CommandStatus> {
  if (!raw.ok) {
    const failure = failureFor(raw);
    if (raw.fatal) {
      session.write(`* BYE ${failure.message}\r\n`);
      return failure.status;
    }
    const tag = tagOf([{ text: raw.text }]);
    session.write(tagged(tag ?? '*', failure.status, failure.code, failure.message));
    return failure.status;
  }
  let parsed;
  try {
    parsed = parseCommand(raw.pieces);
  } catch (error) {
    const failure = toImapFailure(error);
    session.write(tagged(tagOf(raw.pieces) ?? '*', 'BAD', failure.code, failure.message));
    return 'BAD';
  }
  const { tag, name } = parsed;
  const handler = commandRegistry.get(name);
  let holdExpunges = false;
  let response: string;
  let status: CommandStatus = 'OK';
  try {
    if (!handler) throw bad(`unknown command ${name.slice(0, 30)}`);
    if (handler.capability && !server.capabilityOn(handler.capability)) {
      throw bad(`${name} is not available (${handler.capability} is off)`);
    }
    if (!handler.states.includes(session.state))
      throw bad(`${name} not allowed in state ${session.state}`);
    holdExpunges = handler.holdsExpunges === true;
    const result = await handler.run({
      tag,
      name,
      args: new ArgReader(parsed.args),
      session,
      server,
    });
    response = tagged(tag, 'OK', result?.code, result?.text ?? `${name} completed`);
  } catch (error) {
    const failure = toImapFailure(error);
    status = failure.status;
    response = tagged(tag, failure.status, failure.code, failure.message);
  }
  if (session.state !== 'logout') {
    const updates = takeUpdates(session, server, !holdExpunges);
    if (updates.length > 0) session.write(updates);
  }
  session.write(response);
  return status;
}

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

function failureFor(raw: Extract<RawCommand, { ok: false }>): ImapFailure {
  switch (raw.reason) {
    case 'line-too-long':
      return bad('line too long');
    case 'literal-too-big':
      return new ImapFailure('NO', 'TOOBIG', 'literal too big');
    case 'literal-plus-disabled':
      return bad('non-synchronizing literals are not supported');
  }
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

export async function executeCommand(
  raw: RawCommand,
  session: Session,
  server: ServerServices,
): Promise<void> {
  if (!raw.ok) {
    const failure = failureFor(raw);
    const tag = tagOf([{ text: raw.text }]);
    session.write(tagged(tag ?? '*', failure.status, failure.code, failure.message));
    return;
  }
  let parsed;
  try {
    parsed = parseCommand(raw.pieces);
  } catch (error) {
    const failure = toImapFailure(error);
    session.write(tagged(tagOf(raw.pieces) ?? '*', 'BAD', failure.code, failure.message));
    return;
  }
  const { tag, name } = parsed;
  const handler = commandRegistry.get(name);
  let holdExpunges = false;
  let response: string;
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
    response = tagged(tag, failure.status, failure.code, failure.message);
  }
  if (session.state !== 'logout') {
    const updates = takeUpdates(session, server, !holdExpunges);
    if (updates.length > 0) session.write(updates);
  }
  session.write(response);
}

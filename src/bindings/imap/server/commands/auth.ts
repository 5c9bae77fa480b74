/** LOGIN and AUTHENTICATE (PLAIN, LOGIN; SASL-IR initial responses). */
import type { CommandContext, CommandHandler, CommandResult } from '../context.ts';
import { bad, no } from '../errors.ts';

const NOT_AUTHENTICATED = ['not-authenticated'] as const;

function loggedIn(ctx: CommandContext, user: string | undefined): CommandResult {
  if (!user) throw no('invalid credentials', 'AUTHENTICATIONFAILED');
  const refusal = ctx.session.admitLogin?.(user);
  if (refusal) throw no(refusal, 'LIMIT');
  ctx.session.user = user;
  ctx.session.state = 'authenticated';
  return { code: `CAPABILITY ${ctx.server.capabilities(true).join(' ')}`, text: 'logged in' };
}

function decodeBase64(text: string): string {
  if (text === '=') return '';
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) throw bad('invalid base64');
  return Buffer.from(text, 'base64').toString('utf8');
}

/** One SASL client response (after `+`); `*` cancels the exchange. */
async function clientResponse(ctx: CommandContext, challenge: string): Promise<string> {
  ctx.session.write(`+ ${challenge}\r\n`);
  ctx.session.redactNext();
  const line = await ctx.session.readLine();
  if (line === undefined) throw bad('response too long');
  if (line.trim() === '*') throw bad('authentication cancelled');
  return decodeBase64(line.trim());
}

async function authenticatePlain(
  ctx: CommandContext,
  initial: string | undefined,
): Promise<CommandResult> {
  const message = initial !== undefined ? decodeBase64(initial) : await clientResponse(ctx, '');
  const parts = message.split('\0');
  if (parts.length !== 3) throw no('malformed PLAIN response', 'AUTHENTICATIONFAILED');
  const [authzid, authcid, password] = parts as [string, string, string];
  if (authzid !== '' && authzid !== authcid)
    throw no('proxy authorization refused', 'AUTHORIZATIONFAILED');
  return loggedIn(ctx, ctx.server.authenticate(authcid, password));
}

async function authenticateLogin(
  ctx: CommandContext,
  initial: string | undefined,
): Promise<CommandResult> {
  const user =
    initial !== undefined ? decodeBase64(initial) : await clientResponse(ctx, 'VXNlcm5hbWU6');
  const password = await clientResponse(ctx, 'UGFzc3dvcmQ6');
  return loggedIn(ctx, ctx.server.authenticate(user, password));
}

export const authCommands: CommandHandler[] = [
  {
    name: 'LOGIN',
    states: NOT_AUTHENTICATED,
    run(ctx) {
      const user = ctx.args.astring('user name');
      const password = ctx.args.astring('password');
      ctx.args.end();
      return loggedIn(ctx, ctx.server.authenticate(user, password));
    },
  },
  {
    name: 'AUTHENTICATE',
    states: NOT_AUTHENTICATED,
    async run(ctx) {
      const mechanism = ctx.args.atom('mechanism').toUpperCase();
      let initial: string | undefined;
      if (ctx.args.hasMore()) {
        if (!ctx.server.capabilityOn('SASL-IR')) throw bad('SASL-IR is off');
        initial = ctx.args.atom('initial response');
      }
      ctx.args.end();
      if (mechanism === 'PLAIN' && ctx.server.capabilityOn('AUTH=PLAIN'))
        return authenticatePlain(ctx, initial);
      if (mechanism === 'LOGIN' && ctx.server.capabilityOn('AUTH=LOGIN'))
        return authenticateLogin(ctx, initial);
      throw no(`unsupported mechanism ${mechanism}`, 'CANNOT');
    },
  },
];

/**
 * LIST (RFC 3501, LIST-EXTENDED RFC 5258, LIST-STATUS RFC 5819, CHILDREN RFC 3348) and
 * LSUB. Names are matched after modified UTF-7 decoding; "/" is the delimiter. A name
 * that only exists as the parent of others is shown as \Noselect when a pattern
 * reaches it and none of its descendants (e.g. `%`); LSUB shows it too, for a subscribed
 * child (RFC 3501 6.3.9), and RECURSIVEMATCH with CHILDINFO (RFC 5258 3.1, 4).
 */
import type { ArgReader } from '../args.ts';
import { AUTHENTICATED, type CommandContext, type CommandHandler } from '../context.ts';
import { bad } from '../errors.ts';
import { decodeMailboxName } from '../mutf7.ts';
import { mailboxOut } from '../reported-state.ts';
import { checkStatusItems, statusResponse } from '../status-response.ts';

interface ListRequest {
  extended: boolean;
  subscribedOnly: boolean;
  returnSubscribed: boolean;
  returnChildren: boolean;
  statusItems: string[] | undefined;
  /** LIST (SPECIAL-USE): only folders with a special use (RFC 6154). */
  specialUseOnly: boolean;
  /** RECURSIVEMATCH (RFC 5258 3.1): parents of matching subscribed folders, with CHILDINFO. */
  recursiveMatch: boolean;
}

/** Every proper ancestor of a name (`a/b/c`: `a`, `a/b`). */
function ancestors(name: string): string[] {
  const out: string[] = [];
  for (let at = name.indexOf('/'); at > 0; at = name.indexOf('/', at + 1))
    out.push(name.slice(0, at));
  return out;
}

export function patternMatcher(pattern: string): (name: string) => boolean {
  const source = pattern
    .split('')
    .map((ch) =>
      ch === '*' ? '.*' : ch === '%' ? '[^/]*' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  const re = new RegExp(`^${source}$`, 's');
  const inboxRe = new RegExp(`^${source}$`, 'is');
  return (name) => re.test(name) || (name.toUpperCase().startsWith('INBOX') && inboxRe.test(name));
}

function parseSelection(args: ArgReader, request: ListRequest): void {
  const options = args.list('selection options');
  let recursive = false;
  while (options.hasMore()) {
    const option = options.atom('selection option').toUpperCase();
    if (option === 'SUBSCRIBED') request.subscribedOnly = request.returnSubscribed = true;
    else if (option === 'RECURSIVEMATCH') recursive = true;
    else if (option === 'SPECIAL-USE') request.specialUseOnly = true;
    else if (option !== 'REMOTE') throw bad(`unknown selection option ${option}`);
  }
  if (recursive && !request.subscribedOnly)
    throw bad('RECURSIVEMATCH needs another selection option');
  request.recursiveMatch = recursive;
}

function parseReturn(ctx: CommandContext, request: ListRequest): void {
  const options = ctx.args.list('return options');
  while (options.hasMore()) {
    const option = options.atom('return option').toUpperCase();
    if (option === 'SUBSCRIBED') request.returnSubscribed = true;
    else if (option === 'CHILDREN') request.returnChildren = true;
    else if (option === 'SPECIAL-USE')
      continue; // special uses are always shown
    else if (option === 'STATUS') {
      if (!ctx.server.capabilityOn('LIST-STATUS')) throw bad('LIST-STATUS is off');
      const items = options.list('status items').rest();
      request.statusItems = checkStatusItems(
        ctx.server,
        items.map((t) => (t.kind === 'atom' ? t.value : '')),
      );
    } else throw bad(`unknown return option ${option}`);
  }
}

function patterns(args: ArgReader, extendedOn: boolean): { list: string[]; extended: boolean } {
  if (args.peekIsList()) {
    if (!extendedOn) throw bad('LIST-EXTENDED is off');
    const reader = args.list('patterns');
    const list: string[] = [];
    while (reader.hasMore()) list.push(reader.astring('pattern'));
    if (list.length === 0) throw bad('empty pattern list');
    return { list, extended: true };
  }
  return { list: [args.astring('pattern')], extended: false };
}

async function list(ctx: CommandContext): Promise<void> {
  const { args, session, server } = ctx;
  const extendedOn = server.capabilityOn('LIST-EXTENDED');
  const request: ListRequest = {
    extended: false,
    subscribedOnly: false,
    returnSubscribed: false,
    returnChildren: server.capabilityOn('CHILDREN'),
    statusItems: undefined,
    specialUseOnly: false,
    recursiveMatch: false,
  };
  if (args.peekIsList()) {
    if (!extendedOn) throw bad('LIST-EXTENDED is off');
    parseSelection(args, request);
    request.extended = true;
  }
  const reference = decodeMailboxName(args.astring('reference'));
  const given = patterns(args, extendedOn);
  request.extended ||= given.extended;
  if (args.optionalWord('RETURN')) {
    if (!extendedOn) throw bad('LIST-EXTENDED is off');
    parseReturn(ctx, request);
    request.extended = true;
  }
  args.end();
  if (given.list.length === 1 && given.list[0] === '' && !request.extended) {
    session.write('* LIST (\\Noselect) "/" ""\r\n');
    return;
  }
  const user = session.user!;
  const subscribed = server.subscriptions(user);
  const refs = new Map(server.visibleFolders(user).map((ref) => [ref.folder.name, ref]));
  const names = new Set(refs.keys());
  if (request.subscribedOnly) for (const name of subscribed) names.add(name);
  const parents = new Set<string>();
  for (const name of refs.keys()) for (const parent of ancestors(name)) parents.add(parent);
  const matchers = given.list.map((p) => patternMatcher(decodeMailboxName(reference + p)));
  const matches = (name: string) => matchers.some((m) => m(name));
  const subscribedParents = new Set<string>();
  if (request.recursiveMatch)
    for (const name of subscribed)
      for (const parent of ancestors(name)) subscribedParents.add(parent);
  const candidates = [
    ...new Set([...names, ...parents, ...subscribedParents].filter((n) => !!n)),
  ].sort();
  for (const name of candidates) {
    if (!matches(name)) continue;
    const exists = refs.has(name);
    // RFC 5258 3.1/4 CHILDINFO: a subscribed descendant; a parent that is not subscribed
    // itself is listed only for a subscribed descendant that no pattern reaches.
    let childInfo = false;
    if (request.recursiveMatch && subscribedParents.has(name)) {
      const below = [...subscribed].filter((n) => n.startsWith(name + '/'));
      childInfo = subscribed.has(name) || below.some((n) => !matches(n));
    }
    if (request.subscribedOnly && !subscribed.has(name) && !childInfo) continue;
    if (!exists && !request.subscribedOnly) {
      const descendantShown = [...names].some((n) => n.startsWith(name + '/') && matches(n));
      if (descendantShown) continue;
    }
    const attributes: string[] = [];
    if (!exists) attributes.push(request.extended ? '\\NonExistent' : '\\Noselect');
    if (request.returnChildren)
      attributes.push(parents.has(name) ? '\\HasChildren' : '\\HasNoChildren');
    if (request.returnSubscribed && subscribed.has(name)) attributes.push('\\Subscribed');
    const specialUse = exists ? server.specialUse?.(user, name) : undefined;
    if (request.specialUseOnly && !specialUse) continue;
    if (specialUse) attributes.push(specialUse);
    const extended = childInfo ? ' ("CHILDINFO" ("SUBSCRIBED"))' : '';
    session.write(`* LIST (${attributes.join(' ')}) "/" ${mailboxOut(name)}${extended}\r\n`);
    const ref = refs.get(name);
    if (ref && request.statusItems)
      session.write(statusResponse(session, server, ref, request.statusItems));
  }
}

function lsub(ctx: CommandContext): void {
  const { args, session, server } = ctx;
  const reference = decodeMailboxName(args.astring('reference'));
  const pattern = decodeMailboxName(args.astring('pattern'));
  args.end();
  const user = session.user!;
  const existing = new Set(server.visibleFolders(user).map((ref) => ref.folder.name));
  const matches = patternMatcher(reference + pattern);
  const subscribed = server.subscriptions(user);
  const shown = new Map<string, string>();
  for (const name of subscribed) {
    if (matches(name)) {
      shown.set(name, existing.has(name) ? '' : '\\Noselect');
      continue;
    }
    // RFC 3501 6.3.9: with `%`, the unsubscribed parent a subscribed child stands under is
    // listed instead of the child, flagged \Noselect.
    for (const parent of ancestors(name)) {
      if (!subscribed.has(parent) && matches(parent)) shown.set(parent, '\\Noselect');
    }
  }
  for (const [name, attributes] of [...shown].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    session.write(`* LSUB (${attributes}) "/" ${mailboxOut(name)}\r\n`);
}

export const listCommands: CommandHandler[] = [
  { name: 'LIST', states: AUTHENTICATED, run: list },
  { name: 'LSUB', states: AUTHENTICATED, run: lsub },
];

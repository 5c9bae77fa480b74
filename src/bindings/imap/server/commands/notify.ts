/**
 * NOTIFY SET / NOTIFY NONE (RFC 5465): which mailboxes and events the client wants to
 * hear about without asking. Delivery is done by the session (SelectedMailbox for the
 * selected mailbox, NotifyWatcher for the others).
 */
import type { ArgReader } from '../args.ts';
import { AUTHENTICATED, type CommandContext, type CommandHandler } from '../context.ts';
import { bad, no } from '../errors.ts';
import { parseFetchItems, type FetchItem } from '../fetch-items.ts';
import { NotifyWatcher, type NotifyFilter, type NotifyGroup } from '../notify-watcher.ts';

const SUPPORTED_EVENTS = [
  'MessageNew',
  'MessageExpunge',
  'FlagChange',
  'MailboxName',
  'SubscriptionChange',
  'MailboxMetadataChange',
];
const FILTERS: readonly NotifyFilter[] = [
  'selected',
  'selected-delayed',
  'personal',
  'inboxes',
  'subscribed',
  'subtree',
  'mailboxes',
];

function parseMailboxes(group: ArgReader): string[] {
  if (!group.peekIsList()) return [group.mailbox()];
  const list = group.list('mailboxes');
  const names: string[] = [];
  while (list.hasMore()) names.push(list.mailbox());
  if (names.length === 0) throw bad('empty mailbox list');
  return names;
}

function parseEvents(
  ctx: CommandContext,
  group: ArgReader,
  filter: NotifyFilter,
): { events: Set<string>; fetchItems: FetchItem[] } {
  const events = new Set<string>();
  let fetchItems: FetchItem[] = [];
  if (group.optionalWord('NONE')) return { events, fetchItems };
  const list = group.list('events');
  while (list.hasMore()) {
    const name = list.atom('event');
    const known = SUPPORTED_EVENTS.find((e) => e.toUpperCase() === name.toUpperCase());
    if (!known) throw no(`unsupported event ${name}`, `BADEVENT (${SUPPORTED_EVENTS.join(' ')})`);
    const upper = known.toUpperCase();
    events.add(upper);
    if (upper === 'MESSAGENEW' && list.peekIsList()) {
      if (!filter.startsWith('selected'))
        throw bad('fetch attributes only for the selected mailbox');
      fetchItems = parseFetchItems(list.next(), ctx.server);
    }
  }
  if (events.has('MESSAGENEW') !== events.has('MESSAGEEXPUNGE'))
    throw bad('MessageNew and MessageExpunge go together');
  if (events.has('FLAGCHANGE') && !events.has('MESSAGENEW'))
    throw bad('FlagChange needs MessageNew and MessageExpunge');
  return { events, fetchItems };
}

function parseGroup(ctx: CommandContext, group: ArgReader): NotifyGroup {
  const filterName = group.atom('mailbox filter').toLowerCase();
  const filter = FILTERS.find((f) => f === filterName);
  if (!filter) throw bad(`unknown mailbox filter ${filterName}`);
  const names = filter === 'subtree' || filter === 'mailboxes' ? parseMailboxes(group) : [];
  const { events, fetchItems } = parseEvents(ctx, group, filter);
  group.end();
  return { filter, names, events, fetchItems };
}

function notify(ctx: CommandContext): void {
  const { args, session, server } = ctx;
  const mode = args.atom('SET or NONE').toUpperCase();
  if (mode === 'NONE') {
    args.end();
    session.notify?.stop();
    session.notify = undefined;
    return;
  }
  if (mode !== 'SET') throw bad('expected SET or NONE');
  const status = args.optionalWord('STATUS');
  const groups: NotifyGroup[] = [];
  while (args.hasMore()) groups.push(parseGroup(ctx, args.list('event group')));
  if (groups.length === 0) throw bad('NOTIFY SET needs at least one event group');
  session.notify?.stop();
  const watcher = new NotifyWatcher(groups, session, server);
  session.notify = watcher;
  watcher.start();
  if (status) watcher.queueInitialStatus();
  session.updatesPending();
}

export const notifyCommands: CommandHandler[] = [
  { name: 'NOTIFY', states: AUTHENTICATED, capability: 'NOTIFY', run: notify },
];

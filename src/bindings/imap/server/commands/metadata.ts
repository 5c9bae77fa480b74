/**
 * GETMETADATA / SETMETADATA (RFC 5464) on folder metadata (e.g. `/private/comment`,
 * which RCS clients use). Entry names are case-insensitive and kept in lower case.
 * Server-wide entries (mailbox "") are not stored: reads return nothing.
 */
import type { ArgReader } from '../args.ts';
import { AUTHENTICATED, type CommandContext, type CommandHandler } from '../context.ts';
import { bad, no } from '../errors.ts';
import { mailboxOut } from '../reported-state.ts';
import { nstringOut, stringOut } from '../serializer.ts';

/** `/private/...` or `/shared/...`; reads may also name the two roots themselves. */
function entryName(text: string, rootAllowed = false): string {
  const lower = text.toLowerCase();
  const valid = rootAllowed
    ? /^\/(private|shared)(\/[^/*%\s]+)*$/
    : /^\/(private|shared)(\/[^/*%\s]+)+$/;
  if (!valid.test(lower)) throw bad(`invalid entry name ${text.slice(0, 60)}`);
  return lower;
}

function parseOptions(args: ArgReader): { maxSize?: number; depth: '0' | '1' | 'infinity' } {
  const options: { maxSize?: number; depth: '0' | '1' | 'infinity' } = { depth: '0' };
  if (!args.peekIsList()) return options;
  const list = args.list('options');
  while (list.hasMore()) {
    const name = list.atom('option').toUpperCase();
    if (name === 'MAXSIZE') options.maxSize = list.number('MAXSIZE');
    else if (name === 'DEPTH') {
      const depth = list.atom('depth').toLowerCase();
      if (depth !== '0' && depth !== '1' && depth !== 'infinity') throw bad('invalid DEPTH');
      options.depth = depth;
    } else throw bad(`unknown option ${name}`);
  }
  return options;
}

function getMetadata(ctx: CommandContext): { code?: string } | void {
  const { args, session, server } = ctx;
  const options = parseOptions(args);
  const name = args.mailbox();
  const entries = args
    .listOrSingle('entries')
    .rest()
    .map((t) => entryName(t.kind === 'list' ? '' : t.value, true));
  args.end();
  if (name === '') return;
  const ref = server.resolveMailbox(session.user!, name);
  if (!ref) throw no(`no mailbox ${name}`, 'NONEXISTENT');
  const stored = ref.folder.metadata;
  const pairs: string[] = [];
  let longest = 0;
  for (const entry of entries) {
    const names = new Set<string>();
    if (stored.has(entry) || options.depth === '0') names.add(entry);
    if (options.depth !== '0') {
      for (const key of stored.keys()) {
        const rest = key.startsWith(entry + '/') ? key.slice(entry.length + 1) : undefined;
        if (rest !== undefined && (options.depth === 'infinity' || !rest.includes('/')))
          names.add(key);
      }
    }
    for (const key of names) {
      const value = stored.get(key);
      if (
        value !== undefined &&
        options.maxSize !== undefined &&
        Buffer.byteLength(value) > options.maxSize
      ) {
        longest = Math.max(longest, Buffer.byteLength(value));
        continue;
      }
      pairs.push(`${stringOut(key)} ${nstringOut(value)}`);
    }
  }
  if (pairs.length > 0)
    session.write(`* METADATA ${mailboxOut(ref.folder.name)} (${pairs.join(' ')})\r\n`);
  if (longest > 0) return { code: `METADATA LONGENTRIES ${longest}` };
}

function setMetadata(ctx: CommandContext): void {
  const { args, session, server } = ctx;
  const name = args.mailbox();
  const list = args.list('entry values');
  args.end();
  const changes: Array<[string, string | undefined]> = [];
  while (list.hasMore()) {
    const entry = entryName(list.astring('entry'));
    changes.push([entry, list.nstring('value')]);
  }
  if (changes.length === 0) throw bad('no entries to set');
  if (name === '') throw no('server metadata is not supported', 'CANNOT');
  const ref = server.resolveMailbox(session.user!, name);
  if (!ref) throw no(`no mailbox ${name}`, 'NONEXISTENT');
  server.asActor(session, () => {
    for (const [entry, value] of changes)
      ref.store.setFolderMetadata(ref.folder.name, entry, value);
  });
}

export const metadataCommands: CommandHandler[] = [
  { name: 'GETMETADATA', states: AUTHENTICATED, capability: 'METADATA', run: getMetadata },
  { name: 'SETMETADATA', states: AUTHENTICATED, capability: 'METADATA', run: setMetadata },
];

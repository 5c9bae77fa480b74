/**
 * CREATE, DELETE, RENAME, SUBSCRIBE, UNSUBSCRIBE (RFC 3501 6.3.3 - 6.3.7). Folder names
 * are flat in the model: a parent that only holds children is shown by LIST, never stored.
 */
import {
  AUTHENTICATED,
  type CommandContext,
  type CommandHandler,
  type CommandResult,
} from '../context.ts';
import { bad, no } from '../errors.ts';
import { keepObjects, restoreObjects } from './kept-objects.ts';

function folderName(ctx: CommandContext): string {
  const raw = ctx.args.mailbox();
  const name = raw.endsWith('/') ? raw.slice(0, -1) : raw;
  if (name === '') throw bad('empty mailbox name');
  if (/[*%]/.test(name) || name.includes('//') || name.startsWith('/')) {
    throw no(`invalid mailbox name ${name}`, 'CANNOT');
  }
  return name;
}

function create(ctx: CommandContext): CommandResult | void {
  const name = folderName(ctx);
  ctx.args.end();
  const user = ctx.session.user!;
  if (ctx.server.resolveMailbox(user, name)) throw no(`mailbox ${name} exists`, 'ALREADYEXISTS');
  if (ctx.server.deviates('create-folder-ignored')) return;
  const store = ctx.server.storeOf(user);
  const folder = ctx.server.asActor(ctx.session, () => store.createFolder(name));
  if (ctx.server.deviates('delete-folder-keeps-objects'))
    ctx.server.asActor(ctx.session, () => restoreObjects(store, name));
  // RFC 8474 section 4.1: CREATE tells the new MAILBOXID.
  if (ctx.server.capabilityOn('OBJECTID'))
    return { code: `MAILBOXID (${ctx.server.mailboxId(folder)})` };
}

function remove(ctx: CommandContext): void {
  const name = folderName(ctx);
  ctx.args.end();
  if (name === 'INBOX') throw no('INBOX cannot be deleted', 'CANNOT');
  const ref = ctx.server.resolveMailbox(ctx.session.user!, name);
  if (!ref) throw no(`no mailbox ${name}`, 'NONEXISTENT');
  const refusal = ctx.server.deleteRefusal?.(ctx.session.user!, name);
  if (refusal) throw no(refusal.text, refusal.code);
  if (ctx.server.deviates('delete-folder-ignored')) return;
  const selected = ctx.session.selected;
  if (selected && selected.ref.folder === ref.folder) {
    selected.close();
    ctx.session.selected = undefined;
    ctx.session.state = 'authenticated';
  }
  if (ctx.server.deviates('delete-folder-keeps-objects')) keepObjects(ref.store, name);
  ctx.server.asActor(ctx.session, () => ref.store.deleteFolder(name));
}

function rename(ctx: CommandContext): void {
  const from = folderName(ctx);
  const to = folderName(ctx);
  ctx.args.end();
  const user = ctx.session.user!;
  const store = ctx.server.storeOf(user);
  if (!store.hasFolder(from)) throw no(`no mailbox ${from}`, 'NONEXISTENT');
  if (store.hasFolder(to)) throw no(`mailbox ${to} exists`, 'ALREADYEXISTS');
  if (to.startsWith(from + '/')) throw no('cannot rename a mailbox into itself', 'CANNOT');
  ctx.server.asActor(ctx.session, () => {
    if (from === 'INBOX') {
      // RFC 3501: renaming INBOX moves its messages to the new name and leaves INBOX empty.
      store.createFolder(to);
      store.move('INBOX', [...store.folder('INBOX').objects.keys()], to);
      return;
    }
    const inferiors = store
      .listFolders()
      .map((f) => f.name)
      .filter((n) => n.startsWith(from + '/'));
    for (const inferior of inferiors) {
      if (store.hasFolder(to + inferior.slice(from.length))) {
        throw no(`mailbox ${to + inferior.slice(from.length)} exists`, 'ALREADYEXISTS');
      }
    }
    store.renameFolder(from, to);
    for (const inferior of inferiors)
      store.renameFolder(inferior, to + inferior.slice(from.length));
  });
  const subscriptions = ctx.server.subscriptions(user);
  if (subscriptions.delete(from)) subscriptions.add(to);
}

export const mailboxCommands: CommandHandler[] = [
  { name: 'CREATE', states: AUTHENTICATED, run: create },
  { name: 'DELETE', states: AUTHENTICATED, run: remove },
  { name: 'RENAME', states: AUTHENTICATED, run: rename },
  {
    name: 'SUBSCRIBE',
    states: AUTHENTICATED,
    run({ args, session, server }) {
      const name = args.mailbox();
      args.end();
      server.subscriptions(session.user!).add(name);
    },
  },
  {
    name: 'UNSUBSCRIBE',
    states: AUTHENTICATED,
    run({ args, session, server }) {
      const name = args.mailbox();
      args.end();
      server.subscriptions(session.user!).delete(name);
    },
  },
];

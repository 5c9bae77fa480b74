/**
 * COPY / UID COPY (RFC 3501 6.4.7, COPYUID from UIDPLUS RFC 4315) and MOVE / UID MOVE
 * (RFC 6851). A copy links the same content in the model (seed 004, 5.5.2.5), so its
 * EMAILID equals the source's; the broken `copy-duplicates` variant stores new content.
 */
import type { MessageStore } from '../../../../model/store.ts';
import type { CopyResult } from '../../../../model/store.ts';
import {
  SELECTED,
  type CommandContext,
  type CommandHandler,
  type CommandResult,
  type MailboxRef,
} from '../context.ts';
import { no } from '../errors.ts';
import { uidValidityOut } from '../reported-state.ts';
import { formatInOrder, parseSequenceSet } from '../sequence-set.ts';

/** Copy by storing the same bytes again: new content (and across stores, the only way). */
function copyAsNewContent(source: MailboxRef, uids: number[], target: MailboxRef): CopyResult {
  const result: CopyResult = {
    uidValidity: target.folder.uidValidity,
    sourceUids: [],
    targetUids: [],
  };
  const store: MessageStore = source.store;
  for (const uid of [...uids].sort((a, b) => a - b)) {
    const object = source.folder.objects.get(uid);
    if (!object) continue;
    const raw = Buffer.from(store.content(object.contentId).raw);
    const added = target.store.append(target.folder.name, raw, {
      flags: object.flags,
      internalDate: object.internalDate,
    });
    result.sourceUids.push(uid);
    result.targetUids.push(added.uid);
  }
  return result;
}

function copyUidCode(
  ctx: CommandContext,
  target: MailboxRef,
  result: CopyResult,
): string | undefined {
  const { server } = ctx;
  if (!server.capabilityOn('UIDPLUS') || server.deviates('uidplus-codes-missing')) return undefined;
  if (result.sourceUids.length === 0) return undefined;
  const validity = uidValidityOut(server, target.folder, ctx.session);
  return `COPYUID ${validity} ${formatInOrder(result.sourceUids)} ${formatInOrder(result.targetUids)}`;
}

function copyOrMove(byUid: boolean, move: boolean) {
  return (ctx: CommandContext): CommandResult => {
    const { args, session, server } = ctx;
    const set = parseSequenceSet(args.atom('sequence set'));
    const name = args.mailbox();
    args.end();
    const selected = session.selected!;
    if (move && selected.readOnly) throw no('mailbox is read-only', 'CANNOT');
    const target = server.resolveMailbox(session.user!, name);
    if (!target) throw no(`no mailbox ${name}`, 'TRYCREATE');
    const source = selected.ref;
    const uids = selected.select(set, byUid);
    const sameStore = source.store === target.store;
    const result = server.asActor(session, () => {
      if (move && sameStore) return source.store.move(source.folder.name, uids, target.folder.name);
      const copied =
        sameStore &&
        !server.deviates('copy-duplicates') &&
        !server.deviates('content-id-from-bytes')
          ? source.store.copy(source.folder.name, uids, target.folder.name)
          : copyAsNewContent(source, uids, target);
      if (move) {
        source.store.setFlags(source.folder.name, copied.sourceUids, 'add', ['\\Deleted']);
        source.store.expunge(source.folder.name, copied.sourceUids);
      }
      return copied;
    });
    const code = copyUidCode(ctx, target, result);
    if (!move) return { ...(code ? { code } : {}), text: 'COPY completed' };
    if (code) session.write(`* OK [${code}] moved\r\n`);
    const lines = selected.expungeLines(result.sourceUids);
    if (lines.length > 0) session.write(lines.join(''));
    return { text: 'MOVE completed' };
  };
}

export const copyMoveCommands: CommandHandler[] = [
  { name: 'COPY', states: SELECTED, run: copyOrMove(false, false) },
  { name: 'UID COPY', states: SELECTED, run: copyOrMove(true, false) },
  { name: 'MOVE', states: SELECTED, capability: 'MOVE', run: copyOrMove(false, true) },
  { name: 'UID MOVE', states: SELECTED, capability: 'MOVE', run: copyOrMove(true, true) },
];

/**
 * STORE and UID STORE (RFC 3501 6.4.6) with UNCHANGEDSINCE (RFC 7162 3.1.3): messages
 * changed since the client's mod-sequence are left alone and reported in [MODIFIED].
 */
import type { MessageStore } from '../../../../model/store.ts';
import type { FlagOperation } from '../../../../model/types.ts';
import {
  SELECTED,
  condstoreOn,
  type CommandContext,
  type CommandHandler,
  type CommandResult,
} from '../context.ts';
import { bad, no } from '../errors.ts';
import { enableCondstore } from '../condstore.ts';
import { objectModseqOut } from '../reported-state.ts';
import { formatSequenceSet, parseSequenceSet } from '../sequence-set.ts';

const OPERATIONS: Record<string, FlagOperation> = {
  '+FLAGS': 'add',
  '-FLAGS': 'remove',
  FLAGS: 'replace',
};

const TOUCH_KEYWORD = '$CpmctTouched';

/** Mutant modseq-raised-by-noop: raise the MODSEQ of unchanged messages (flags end as they were). */
function touchModseq(model: MessageStore, folder: string, uids: number[]): void {
  if (uids.length === 0) return;
  model.setFlags(folder, uids, 'add', [TOUCH_KEYWORD]);
  model.setFlags(folder, uids, 'remove', [TOUCH_KEYWORD]);
}

function store(byUid: boolean) {
  return (ctx: CommandContext): CommandResult | void => {
    const { args, session, server } = ctx;
    const set = parseSequenceSet(args.atom('sequence set'));
    let unchangedSince: bigint | undefined;
    if (args.peekIsList()) {
      const modifiers = args.list('store modifiers');
      if (modifiers.atom('store modifier').toUpperCase() !== 'UNCHANGEDSINCE')
        throw bad('unknown store modifier');
      if (!server.capabilityOn('CONDSTORE')) throw bad('CONDSTORE is off');
      unchangedSince = modifiers.modseq();
      modifiers.end();
    }
    const action = args.atom('store action').toUpperCase();
    const silent = action.endsWith('.SILENT');
    const operation = OPERATIONS[silent ? action.slice(0, -'.SILENT'.length) : action];
    if (!operation) throw bad(`unknown store action ${action}`);
    const flags = args
      .listOrSingle('flags')
      .rest()
      .map((token) => {
        if (token.kind !== 'atom') throw bad('invalid flag');
        if (token.value.toLowerCase() === '\\recent') throw bad('\\Recent cannot be stored');
        return token.value;
      });
    args.end();
    const selected = session.selected!;
    if (selected.readOnly) throw no('mailbox is read-only', 'CANNOT');
    if (unchangedSince !== undefined) enableCondstore(session, server);
    const uids = selected.select(set, byUid);
    const { store: model, folder } = selected.ref;
    let modified: number[] = [];
    if (!server.deviates('store-ignored')) {
      // Mutant unchangedsince-ignored: the condition is dropped, the STORE always applies.
      const conditional =
        unchangedSince !== undefined && !server.deviates('unchangedsince-ignored');
      const result = server.asActor(session, () =>
        model.setFlags(folder.name, uids, operation, flags, conditional ? { unchangedSince } : {}),
      );
      modified = result.modified;
      if (server.deviates('modseq-raised-by-noop')) {
        const untouched = uids.filter(
          (uid) => !result.changed.includes(uid) && !result.modified.includes(uid),
        );
        server.asActor(session, () => touchModseq(model, folder.name, untouched));
      }
    }
    const skipped = new Set(modified);
    const withModseq = condstoreOn(session);
    // A keyword new to the mailbox: FLAGS and PERMANENTFLAGS before the FETCH (RFC 3501 7.2.6).
    session.write(selected.takeFlagListUpdate());
    if (!silent || unchangedSince !== undefined) {
      const lines: string[] = [];
      for (const uid of uids) {
        const object = folder.objects.get(uid);
        if (!object || skipped.has(uid)) continue;
        // RFC 7162 example 3: a silent conditional STORE still reports the new MODSEQ.
        const items = silent ? [] : [`FLAGS ${selected.flagsOf(uid, object.flags)}`];
        // RFC 7162 3.1: once CONDSTORE is on, every untagged FETCH carries UID and MODSEQ.
        if (byUid || withModseq) items.unshift(`UID ${uid}`);
        if (withModseq || silent) items.push(`MODSEQ (${objectModseqOut(server, folder, object)})`);
        lines.push(`* ${selected.msnOf(uid)} FETCH (${items.join(' ')})\r\n`);
      }
      if (lines.length > 0) session.write(lines.join(''));
    }
    if (modified.length > 0) {
      const numbers = byUid ? modified : modified.map((uid) => selected.msnOf(uid));
      return { code: `MODIFIED ${formatSequenceSet(numbers)}`, text: 'conditional STORE failed' };
    }
  };
}

export const storeCommands: CommandHandler[] = [
  { name: 'STORE', states: SELECTED, holdsExpunges: true, run: store(false) },
  { name: 'UID STORE', states: SELECTED, run: store(true) },
];

/**
 * STORE and UID STORE (RFC 3501 6.4.6) with UNCHANGEDSINCE (RFC 7162 3.1.3): messages
 * changed since the client's mod-sequence are left alone and reported in [MODIFIED].
 */
import type { FlagOperation } from '../../../../model/types.ts';
import {
  SELECTED,
  condstoreOn,
  type CommandContext,
  type CommandHandler,
  type CommandResult,
} from '../context.ts';
import { bad, no } from '../errors.ts';
import { flagsOut, modseqOut } from '../reported-state.ts';
import { formatSequenceSet, parseSequenceSet } from '../sequence-set.ts';

const OPERATIONS: Record<string, FlagOperation> = {
  '+FLAGS': 'add',
  '-FLAGS': 'remove',
  FLAGS: 'replace',
};

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
      session.enabled.add('CONDSTORE');
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
    const uids = selected.select(set, byUid);
    const { store: model, folder } = selected.ref;
    let modified: number[] = [];
    if (!server.deviates('store-ignored')) {
      const result = server.asActor(session, () =>
        model.setFlags(
          folder.name,
          uids,
          operation,
          flags,
          unchangedSince !== undefined ? { unchangedSince } : {},
        ),
      );
      modified = result.modified;
    }
    const skipped = new Set(modified);
    const withModseq = condstoreOn(session);
    if (!silent || unchangedSince !== undefined) {
      const lines: string[] = [];
      for (const uid of uids) {
        const object = folder.objects.get(uid);
        if (!object || skipped.has(uid)) continue;
        // RFC 7162 example 3: a silent conditional STORE still reports the new MODSEQ.
        const items = silent ? [] : [`FLAGS ${flagsOut(object.flags)}`];
        if (byUid) items.unshift(`UID ${uid}`);
        if (withModseq || silent)
          items.push(`MODSEQ (${modseqOut(server, folder, object.modseq)})`);
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

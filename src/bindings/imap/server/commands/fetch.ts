/**
 * FETCH and UID FETCH (RFC 3501 6.4.5) with the CHANGEDSINCE and VANISHED modifiers
 * (RFC 7162 3.1.4, 3.2.6). Responses are written message by message, waiting for the
 * socket when it is full, so large folders stream instead of piling up in memory.
 */
import { SELECTED, qresyncOn, type CommandContext, type CommandHandler } from '../context.ts';
import { enableCondstore } from '../condstore.ts';
import { bad } from '../errors.ts';
import { parseFetchItems } from '../fetch-items.ts';
import { renderFetch } from '../fetch-render.ts';
import { changesSince } from '../reported-state.ts';
import {
  formatSequenceSet,
  parseSequenceSet,
  rangesContain,
  resolveRanges,
} from '../sequence-set.ts';

const DRAIN_EVERY = 200;

interface Modifiers {
  changedSince?: bigint;
  vanished: boolean;
}

function parseModifiers(ctx: CommandContext, byUid: boolean): Modifiers {
  const modifiers: Modifiers = { vanished: false };
  if (!ctx.args.hasMore()) return modifiers;
  const list = ctx.args.list('fetch modifiers');
  while (list.hasMore()) {
    const name = list.atom('fetch modifier').toUpperCase();
    if (name === 'CHANGEDSINCE') {
      if (!ctx.server.capabilityOn('CONDSTORE')) throw bad('CONDSTORE is off');
      modifiers.changedSince = list.modseq();
    } else if (name === 'VANISHED') {
      if (!byUid || !ctx.server.capabilityOn('QRESYNC') || !qresyncOn(ctx.session)) {
        throw bad('VANISHED needs UID FETCH with QRESYNC enabled');
      }
      modifiers.vanished = true;
    } else {
      throw bad(`unknown fetch modifier ${name}`);
    }
  }
  if (modifiers.vanished && modifiers.changedSince === undefined)
    throw bad('VANISHED needs CHANGEDSINCE');
  return modifiers;
}

function fetch(byUid: boolean) {
  return async (ctx: CommandContext): Promise<void> => {
    const { args, session, server } = ctx;
    const set = parseSequenceSet(args.atom('sequence set'));
    const items = parseFetchItems(args.next('fetch items'), server);
    const modifiers = parseModifiers(ctx, byUid);
    args.end();
    const selected = session.selected!;
    if (modifiers.changedSince !== undefined || items.some((item) => item.kind === 'MODSEQ')) {
      enableCondstore(session, server);
    }
    let uids = selected.select(set, byUid);
    if (modifiers.changedSince !== undefined) {
      const { changed, vanished } = changesSince(
        server,
        selected.ref,
        modifiers.changedSince,
        qresyncOn(session),
      );
      const changedUids = new Set(changed.map((o) => o.uid));
      uids = uids.filter((uid) => changedUids.has(uid));
      if (modifiers.vanished) {
        const ranges = resolveRanges(set, Math.max(selected.ref.folder.uidNext - 1, 1));
        const gone = vanished.filter((uid) => rangesContain(ranges, uid));
        if (gone.length > 0) session.write(`* VANISHED (EARLIER) ${formatSequenceSet(gone)}\r\n`);
      }
    }
    const options = { withUid: byUid, withModseq: modifiers.changedSince !== undefined };
    let count = 0;
    for (const uid of uids) {
      const response = renderFetch(session, server, selected, uid, items, options);
      if (response) session.write(response);
      const full = session.outputBacklog() >= server.limits.outputHighWaterMark;
      if (++count % DRAIN_EVERY === 0 || full) await session.drain();
    }
  };
}

export const fetchCommands: CommandHandler[] = [
  { name: 'FETCH', states: SELECTED, holdsExpunges: true, run: fetch(false) },
  { name: 'UID FETCH', states: SELECTED, run: fetch(true) },
];

/**
 * Simplified synchronisation's box-wide searches (OMA NMS; protocol digest b.2), made once
 * per sync, after the folders are reconciled and before the folder passes:
 * 1. `CreatedObjects` since the creationCursor the device holds (`""` the first time: every
 *    object), following the paging cursor; the answer's creationCursor is kept once the
 *    sync completes (nms-simplified.ts);
 * 2. `VanishedObjects`: the ids the store removed and still remembers;
 * 3. `Flag` searches: `\Seen` not set (the unread set), then one `<flag>` set search for
 *    \Flagged, \Answered, \Draft, \Deleted (removal, as in an enumeration) and every other
 *    flag the device holds locally or has seen in a server answer.
 * 2 and 3 are made only when some folder learns its changes from them: on the first sync
 * the CreatedObjects answer lists every object, and a folder out of step is enumerated.
 */
import {
  createdObjects,
  flagCriterion,
  idOfUrl,
  searchObjects,
  vanishedObjects,
  type NmsObject,
} from '../../../src/bindings/nms/client/index.ts';
import { cleanFlags } from '../../../src/model/view.ts';
import type { NmsSyncContext } from './nms-context.ts';
import { flagsOf } from './nms-object.ts';

export interface BoxChanges {
  /** The creationCursor of the CreatedObjects answer. */
  cursor: string;
  /** The answer is from `""`: it lists every object of the box. */
  complete: boolean;
  /** The CreatedObjects answer by parentFolder URL (`""`: an object without one), then id. */
  created: Map<string, Map<string, NmsObject>>;
  /** The VanishedObjects ids (empty when not asked). */
  vanished: Set<string>;
  /** The objects of the Flag answers by id, each with its full flags and lastModSeq. */
  flagged: Map<string, NmsObject>;
  /** Whether 2 and 3 were asked: without them, no folder may be passed on the answers. */
  searched: boolean;
}

/** The system flags the device always asks about (\Seen is asked as "not set"). */
const SYSTEM_FLAGS = ['\\Flagged', '\\Answered', '\\Draft', '\\Deleted'];

export async function learnChanges(ctx: NmsSyncContext, anyInStep: boolean): Promise<BoxChanges> {
  const since = ctx.state.creationCursor ?? '';
  const answer = await createdObjects(ctx.http, since, ctx.pageSize);
  const changes: BoxChanges = {
    cursor: answer.creationCursor,
    complete: since === '',
    created: new Map(),
    vanished: new Set(),
    flagged: new Map(),
    searched: false,
  };
  for (const o of answer.objects) {
    const folder = o.parentFolder ?? '';
    const objects = changes.created.get(folder) ?? new Map<string, NmsObject>();
    objects.set(idOfUrl(o.resourceURL), o);
    changes.created.set(folder, objects);
  }
  noteServerFlags(ctx, answer.objects);
  if (changes.complete || !anyInStep) return changes;

  for (const url of await vanishedObjects(ctx.http, ctx.pageSize))
    changes.vanished.add(idOfUrl(url));
  const criteria = [
    flagCriterion('\\Seen', false),
    ...flagsToAsk(ctx).map((f) => flagCriterion(f, true)),
  ];
  for (const criterion of criteria) {
    const found = await searchObjects(ctx.http, {
      criteria: [criterion],
      maxEntries: ctx.pageSize,
    });
    for (const o of found) changes.flagged.set(idOfUrl(o.resourceURL), o);
  }
  noteServerFlags(ctx, changes.flagged.values());
  changes.searched = true;
  return changes;
}

/** Remember the flags the server's answers carry, so that they are asked about next time. */
function noteServerFlags(ctx: NmsSyncContext, objects: Iterable<NmsObject>): void {
  for (const o of objects)
    for (const f of flagsOf(o)) if (f.toLowerCase() !== '\\seen') ctx.state.serverFlags.add(f);
}

/** The flags asked with a "set" Flag search, one spelling per flag (case-insensitive). */
function flagsToAsk(ctx: NmsSyncContext): string[] {
  const held: string[] = [...SYSTEM_FLAGS, ...ctx.state.serverFlags];
  for (const folder of ctx.replica.folders.values())
    for (const o of [...folder.byUid.values(), ...folder.pending])
      held.push(...o.flags, ...o.removed);
  const wanted = new Map<string, string>();
  for (const f of cleanFlags(held)) {
    const lower = f.toLowerCase();
    if (lower !== '\\seen' && !wanted.has(lower)) wanted.set(lower, f);
  }
  return [...wanted.values()].sort();
}

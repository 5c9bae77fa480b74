/**
 * One folder's pull in simplified synchronisation, from the box-wide answers of
 * nms-changes.ts instead of an enumeration of the folder:
 * - new objects: the folder's part of the CreatedObjects answer, adopted as from an
 *   enumeration (applyListing: correlation by key with pending uploads and deletions);
 * - removals: the VanishedObjects ids the folder holds (a local deletion of such an id has
 *   nothing left to do; an object listed again under a new id keeps its local state);
 * - flags of the other known objects: one found by a Flag search carries its full flags and
 *   lastModSeq (the lastModSeq rule applies); one found by none is read and holds none of
 *   the flags asked about, so its server flags are `\Seen` alone. Either way they are merged
 *   with the pending local deltas (merge.ts mergeServerFlags: local changes win).
 * Falls back to the enumeration (pullFolder) where the answers cannot tell everything:
 * - the first sync: the CreatedObjects answer from `""` lists every object; it is used as
 *   the enumeration of each folder, no folder is walked;
 * - a folder the last sync did not bring in step under the same URL (new, renamed, back in
 *   the folder subset): what it held before the cursor is in no answer;
 * - a created object whose key the folder holds under an id that did not vanish: the ids
 *   may have been voided (a rebuilt folder, resetBox), which VanishedObjects does not tell;
 * - an object of the answer without a parentFolder (it cannot be placed).
 * Partial-sync preferences behave as in strict mode: the replica holds the metadata of
 * every object of the folder either way, so types, latest N and maxSize are judged on it
 * and eager content follows (nms-content.ts); the date window is asked of the store with
 * the same `Date` search (markDateWindow), which lists the window, not the folder.
 */
import type { NmsObject } from '../../../src/bindings/nms/client/index.ts';
import { mergeServerFlags } from '../merge.ts';
import type { LocalFolder } from '../replica.ts';
import type { BoxChanges } from './nms-changes.ts';
import type { NmsDeviceState, NmsSyncContext } from './nms-context.ts';
import { keyOf } from './nms-object.ts';
import { applyListing, markDateWindow, pullFolder, pullFlags } from './nms-pull.ts';

/** Whether the folder was brought in step with the creation cursor by the last sync. */
export function inStep(state: NmsDeviceState, name: string): boolean {
  const url = state.folderUrls.get(name);
  return state.creationCursor !== undefined && url !== undefined && state.inStep.get(name) === url;
}

/** The objects the server lists for the folder in this pass (3e matches keys in them). */
export async function pullSimplified(
  ctx: NmsSyncContext,
  folder: LocalFolder<string>,
  url: string,
  changes: BoxChanges,
): Promise<Map<string, NmsObject>> {
  const created = changes.created.get(url) ?? new Map<string, NmsObject>();
  if (changes.created.has('')) return pullFolder(ctx, folder, url);
  if (changes.complete) return pullFolder(ctx, folder, url, created);
  const usable = changes.searched && inStep(ctx.state, folder.name);
  if (!usable || mayBeVoided(folder, created, changes.vanished))
    return pullFolder(ctx, folder, url);
  applyListing(ctx, folder, created, (id) => changes.vanished.has(id));
  for (const obj of [...folder.byUid.values()]) {
    const id = obj.uid!;
    if (created.has(id)) continue; // its flags came with it
    const server = changes.flagged.get(id);
    if (server) pullFlags(ctx, folder, obj, server);
    else if (mergeServerFlags(obj, new Set(['\\Seen'])) && !obj.hidden) ctx.report.flagsPulled++;
  }
  await markDateWindow(ctx, folder, url);
  return created;
}

/** A new id whose key the folder already holds under an id that did not vanish. */
function mayBeVoided(
  folder: LocalFolder<string>,
  created: Map<string, NmsObject>,
  vanished: Set<string>,
): boolean {
  const held = new Set<string>();
  for (const [id, o] of folder.byUid) if (!vanished.has(id)) held.add(o.key);
  for (const [id, o] of created) if (!folder.byUid.has(id) && held.has(keyOf(o))) return true;
  return false;
}

/** After a completed sync: the cursor and the folders the pass brought in step with it. */
export function keepInStep(ctx: NmsSyncContext, changes: BoxChanges): void {
  const { state } = ctx;
  state.creationCursor = changes.cursor;
  state.inStep = new Map();
  for (const name of ctx.report.foldersSynced) {
    const url = state.folderUrls.get(name);
    if (url) state.inStep.set(name, url);
  }
}

/**
 * Steps 3b, 3c and the pull half of 3f for one folder over NMS, from one enumeration of
 * the folder (`POST objects/operations/search`, scope = the folder, non-recursive, cursor
 * paging), or from a listing given (simplified mode's first CreatedObjects answer):
 * - an id the replica does not know: a new object, metadata only, correlated by key with
 *   pending uploads, id-less deletions and objects carried over a resetBox (merge.ts);
 *   objects flagged \Deleted are not taken, as over IMAP;
 * - a known id: its flags are applied only when its lastModSeq is greater than the one
 *   stored (the spec's rule), merged with the pending local deltas (local changes win for
 *   the flags they touch); a \Deleted flag removes it;
 * - a known id the enumeration does not return: removed on the server (or its id was voided;
 *   then the object found again under a new id with the same key inherits its local state).
 * Then the date window is asked of the store (a `Date` criterion on calendar days).
 * applyListing, pullFlags and markDateWindow are shared with simplified mode (nms-simplified.ts).
 */
import {
  idOfUrl,
  searchObjects,
  type NmsCriterion,
  type NmsObject,
} from '../../../src/bindings/nms/client/index.ts';
import { adoptServerObject, mergeServerFlags } from '../merge.ts';
import type { LocalFolder } from '../replica.ts';
import type { NmsObjectState, NmsSyncContext } from './nms-context.ts';
import { flagsOf, isDeleted, keyOf, serverObjectOf } from './nms-object.ts';

export async function pullFolder(
  ctx: NmsSyncContext,
  folder: LocalFolder<string>,
  url: string,
  listing?: Map<string, NmsObject>,
): Promise<Map<string, NmsObject>> {
  const listed = listing ?? (await enumerate(ctx, url));
  applyListing(ctx, folder, listed, (id) => !listed.has(id));
  await markDateWindow(ctx, folder, url);
  return listed;
}

/** Every object of the folder, by id (cursor paging). */
async function enumerate(ctx: NmsSyncContext, url: string): Promise<Map<string, NmsObject>> {
  const listed = new Map<string, NmsObject>();
  for (const o of await searchObjects(ctx.http, {
    scope: url,
    nonRecursive: true,
    maxEntries: ctx.pageSize,
  }))
    listed.set(idOfUrl(o.resourceURL), o);
  return listed;
}

/**
 * Apply what the server said about the folder: the known ids that are `gone` leave it (an
 * object whose key is `listed` again under another id is the same object: carried over),
 * the `listed` objects are adopted (unknown ids) or give their flags (known ids).
 */
export function applyListing(
  ctx: NmsSyncContext,
  folder: LocalFolder<string>,
  listed: Map<string, NmsObject>,
  gone: (id: string) => boolean,
): void {
  const { state, report } = ctx;
  const carry = ctx.carry.get(folder.name) ?? new Map<string, NmsObjectState>();
  ctx.carry.delete(folder.name);
  const relisted = new Set([...listed.values()].map(keyOf));
  // Mutant ignores-reset-box: an object listed again under a new id is a new one.
  const voidsIds = ctx.mutant === 'ignores-reset-box';
  for (const [id, o] of [...folder.byUid]) {
    if (!gone(id)) continue;
    // Mutant skips-server-deletions: an object the store removed stays.
    if (ctx.mutant === 'skips-server-deletions' && !relisted.has(o.key)) continue;
    folder.byUid.delete(id);
    state.modSeqs.delete(id);
    if (relisted.has(o.key) && !voidsIds) carry.set(o.key, o);
    else if (!o.hidden) report.removedLocally++;
    if (voidsIds) ctx.contentByKey.delete(o.key);
  }
  const deleting = new Set<string>();
  for (const d of folder.deleted) {
    if (d.uid !== undefined && gone(d.uid) && !voidsIds) d.uid = undefined;
    if (d.uid !== undefined) deleting.add(d.uid);
  }

  for (const [id, o] of listed) {
    if (o.payloadURL) state.payloadUrls.set(id, o.payloadURL);
    const known = folder.byUid.get(id);
    if (deleting.has(id)) continue; // deleted locally: 3e removes it from the server
    if (known) {
      pullFlags(ctx, folder, known, o);
      continue;
    }
    report.downloadedMetadata++;
    if (isDeleted(flagsOf(o))) continue;
    adoptServerObject(folder, serverObjectOf(o), carry, ctx.contentByKey);
    state.modSeqs.set(id, o.lastModSeq ?? 0);
  }
  for (const o of carry.values()) if (!o.hidden) report.removedLocally++;
}

/** The server's flags on a known object, when its lastModSeq moved past the stored one. */
export function pullFlags(
  ctx: NmsSyncContext,
  folder: LocalFolder<string>,
  obj: NmsObjectState,
  o: NmsObject,
): void {
  const id = obj.uid!;
  const modSeq = o.lastModSeq ?? 0;
  const stored = ctx.state.modSeqs.get(id);
  if (stored !== undefined && modSeq <= stored) return;
  ctx.state.modSeqs.set(id, modSeq);
  const server = flagsOf(o);
  if (isDeleted(server) && ctx.mutant !== 'skips-server-deletions') {
    folder.byUid.delete(id);
    if (!obj.hidden) ctx.report.removedLocally++;
    return;
  }
  if (mergeServerFlags(obj, server) && !obj.hidden) ctx.report.flagsPulled++;
}

/** `minDate`/`maxDate` at UTC midnight of the preference days (min inclusive, max exclusive). */
export function dateCriterion(since?: string, before?: string): NmsCriterion | undefined {
  const bounds = [
    ...(since ? [`minDate=${since}T00:00:00Z`] : []),
    ...(before ? [`maxDate=${before}T00:00:00Z`] : []),
  ];
  return bounds.length ? { type: 'Date', value: bounds.join('&') } : undefined;
}

/** Partial sync by date: the store's own search decides which objects are inside. */
export async function markDateWindow(
  ctx: NmsSyncContext,
  folder: LocalFolder<string>,
  url: string,
): Promise<void> {
  const criterion = dateCriterion(ctx.prefs.since, ctx.prefs.before);
  // Mutant ignores-date-window: the window is never asked of the store; every object passes.
  if (!criterion || folder.byUid.size === 0 || ctx.mutant === 'ignores-date-window') return;
  const inside = new Set(
    (
      await searchObjects(ctx.http, {
        scope: url,
        nonRecursive: true,
        criteria: [criterion],
        maxEntries: ctx.pageSize,
      })
    ).map((o) => idOfUrl(o.resourceURL)),
  );
  for (const o of folder.byUid.values()) o.inWindow = inside.has(o.uid ?? '');
}

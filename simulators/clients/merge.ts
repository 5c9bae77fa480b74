/**
 * Binding-neutral merges between what the server reports and the replica, shared by the
 * IMAP and NMS devices:
 * - adoptServerObject: a server object not known by its id yet (step 3b);
 * - mergeServerFlags: flags pulled from the server on a known object (step 3f);
 * - mergeInto: a new local object whose key the server already holds (step 3d).
 */
import type { ObjectType } from '../../src/model/types.ts';
import { cleanFlags } from '../../src/model/view.ts';
import type { LocalFolder, LocalObject, ObjectId } from './replica.ts';

/** What the server says about an object it holds. */
export interface ServerObject<Id extends ObjectId> {
  id: Id;
  key: string;
  flags: Set<string>;
  date: Date;
  type: ObjectType;
  size: number | undefined;
  /** The content, when it came with the metadata. */
  raw?: Buffer | undefined;
}

/**
 * A server object the folder does not know by its id. It is correlated by key with
 * - a local deletion whose id was lost (e.g. in a UIDVALIDITY change or resetBox): the
 *   deletion gets the id, and the object is not taken;
 * - a new local object not uploaded yet: the same object, bound to the id, never uploaded;
 * - an object known before the ids were lost (`carry`): its content and flag changes stay.
 * Otherwise it enters the replica hidden (the filters decide what is shown), with content
 * already held under the same key elsewhere (a copy is the same object).
 */
export function adoptServerObject<Id extends ObjectId>(
  folder: LocalFolder<Id>,
  server: ServerObject<Id>,
  carry: Map<string, LocalObject<Id>>,
  contentByKey: Map<string, Buffer>,
): void {
  const { id, key } = server;
  const tombstone = folder.deleted.find((d) => d.key === key && d.uid === undefined);
  if (tombstone) {
    tombstone.uid = id;
    return;
  }
  const pendingIndex = folder.pending.findIndex((o) => o.key === key);
  const pending = folder.pending[pendingIndex];
  if (pending) {
    folder.pending.splice(pendingIndex, 1);
    bindToServer(pending, id, server.flags, server.size);
    folder.byUid.set(id, pending);
    return;
  }
  const obj: LocalObject<Id> = {
    key,
    uid: id,
    flags: new Set(server.flags),
    date: server.date,
    type: server.type,
    size: server.size ?? 0,
    raw: server.raw ?? contentByKey.get(key),
    hidden: true,
    local: false,
    added: new Set(),
    removed: new Set(),
  };
  const before = carry.get(key);
  if (before) {
    carry.delete(key);
    obj.raw = before.raw ?? obj.raw;
    obj.local = before.local;
    for (const f of before.added) obj.added.add(f);
    for (const f of before.removed) obj.removed.add(f);
    for (const f of obj.added) obj.flags.add(f);
    for (const f of obj.removed) obj.flags.delete(f);
  }
  folder.byUid.set(id, obj);
}

/**
 * A local object found on the server: the server's flags plus what the user added locally
 * (pushed in 3f); local removals are not inferred, the server's flags stand.
 */
export function bindToServer<Id extends ObjectId>(
  o: LocalObject<Id>,
  id: Id,
  serverFlags: Set<string>,
  size: number | undefined,
): void {
  o.uid = id;
  o.uploaded = false;
  o.hidden = false;
  o.added = new Set([...o.flags].filter((f) => !serverFlags.has(f)));
  o.removed = new Set();
  o.flags = new Set([...serverFlags, ...o.flags]);
  if (size !== undefined) o.size = size;
}

/**
 * Flags pulled from the server on a known object: server flags, plus what the user added
 * locally, minus what the user removed locally (local changes win for the flags they touch;
 * concurrent changes to different flags both stay). The pending deltas keep only what still
 * differs from the server. Returns whether the object's flags changed.
 */
export function mergeServerFlags<Id extends ObjectId>(
  obj: LocalObject<Id>,
  server: Set<string>,
): boolean {
  const next = new Set([...server, ...obj.added].filter((f) => !obj.removed.has(f)));
  const changed = cleanFlags(next).join(' ') !== cleanFlags(obj.flags).join(' ');
  if (changed) obj.flags = next;
  obj.added = new Set([...obj.added].filter((f) => !server.has(f)));
  obj.removed = new Set([...obj.removed].filter((f) => server.has(f)));
  return changed;
}

/** A new local object merged into the server object with the same key (never uploaded). */
export function mergeInto<Id extends ObjectId>(
  twin: LocalObject<Id>,
  local: LocalObject<Id>,
): void {
  twin.local = true;
  twin.hidden = false;
  twin.raw ??= local.raw;
  for (const f of local.flags) {
    if (twin.flags.has(f)) continue;
    twin.flags.add(f);
    twin.added.add(f);
    twin.removed.delete(f);
  }
}

/**
 * The delete-folder-keeps-objects mutant (deviations.ts): DELETE of a folder that holds
 * objects removes the folder but keeps its objects aside, and a later CREATE of the same name
 * brings them back, as a store that only hides deleted folders would.
 */
import type { MessageStore } from '../../../../model/store.ts';

interface KeptObject {
  raw: Buffer;
  flags: string[];
  internalDate: Date;
}

const kept = new WeakMap<MessageStore, Map<string, KeptObject[]>>();

/** Before DELETE: keep the folder's objects aside. */
export function keepObjects(store: MessageStore, folder: string): void {
  const objects = store.objects(folder).map((o) => ({
    raw: store.content(o.contentId).raw,
    flags: [...o.flags],
    internalDate: o.internalDate,
  }));
  if (objects.length === 0) return;
  let byName = kept.get(store);
  if (!byName) kept.set(store, (byName = new Map()));
  byName.set(folder, objects);
}

/** After CREATE: what was kept under that name comes back. */
export function restoreObjects(store: MessageStore, folder: string): void {
  const objects = kept.get(store)?.get(folder);
  if (!objects) return;
  kept.get(store)?.delete(folder);
  for (const o of objects)
    store.append(folder, o.raw, { flags: o.flags, internalDate: o.internalDate });
}

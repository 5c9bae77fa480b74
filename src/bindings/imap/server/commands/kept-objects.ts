/**
 * The delete-folder-keeps-objects mutant (deviations.ts): DELETE of a folder that holds
 * objects removes the folder but keeps its objects aside, and a later CREATE of the same name
 * brings them back, as a store that only hides deleted folders would. A folder removed any
 * other way (the embedded simulator's reset between cases) forgets everything kept.
 */
import type { MessageStore } from '../../../../model/store.ts';

interface KeptObject {
  raw: Buffer;
  flags: string[];
  internalDate: Date;
}

interface Kept {
  byFolder: Map<string, KeptObject[]>;
  /** The folder an IMAP DELETE is removing right now. */
  deleting?: string;
}

const keptByStore = new WeakMap<MessageStore, Kept>();

function keptOf(store: MessageStore): Kept {
  let kept = keptByStore.get(store);
  if (!kept) {
    const fresh: Kept = { byFolder: new Map() };
    store.onChange(({ kind, folder }) => {
      if (kind !== 'folder-deleted') return;
      if (fresh.deleting === folder) fresh.deleting = undefined;
      else fresh.byFolder.clear();
    });
    keptByStore.set(store, (kept = fresh));
  }
  return kept;
}

/** Just before an IMAP DELETE: keep the folder's objects aside. */
export function keepObjects(store: MessageStore, folder: string): void {
  const kept = keptOf(store);
  kept.deleting = folder;
  const objects = store.objects(folder).map((o) => ({
    raw: store.content(o.contentId).raw,
    flags: [...o.flags],
    internalDate: o.internalDate,
  }));
  if (objects.length > 0) kept.byFolder.set(folder, objects);
}

/** After CREATE: what was kept under that name comes back. */
export function restoreObjects(store: MessageStore, folder: string): void {
  const kept = keptByStore.get(store);
  const objects = kept?.byFolder.get(folder);
  if (!kept || !objects) return;
  kept.byFolder.delete(folder);
  for (const o of objects)
    store.append(folder, o.raw, { flags: o.flags, internalDate: o.internalDate });
}

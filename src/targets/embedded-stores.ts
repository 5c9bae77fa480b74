/** The embedded simulator's direct reset: every user gets an empty store (INBOX only). */
import type { MessageStore } from '../model/store.ts';
import { objectKey } from '../model/view.ts';

export function emptyStores(stores: Map<string, MessageStore>): void {
  for (const store of stores.values()) {
    for (const folder of [...store.listFolders()].reverse()) {
      if (folder.name === 'INBOX') {
        const uids = store.objects('INBOX').map((o) => o.uid);
        store.setFlags('INBOX', uids, 'add', ['\\Deleted']);
        store.expunge('INBOX', uids);
      } else {
        store.deleteFolder(folder.name);
      }
    }
    if (!store.hasFolder('INBOX')) store.createFolder('INBOX');
  }
}

/** The UID of the object carrying `key` in a user's folder (embedded controls address by key). */
export function uidOfKey(
  stores: Map<string, MessageStore>,
  user: string,
  folder: string,
  key: string,
): number {
  const store = stores.get(user);
  const found = store
    ?.objects(folder)
    .find((o) => objectKey(store.content(o.contentId).raw) === key);
  if (!found) throw new Error(`no object ${key} in ${user}/${folder}`);
  return found.uid;
}

/** The embedded simulator's direct reset: every user gets an empty store (INBOX only). */
import type { MessageStore } from '../model/store.ts';

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

/**
 * Step 2's decisions, binding-neutral: which folders to delete on the server (deleted
 * locally) and which to create there (created locally, or re-created to keep new local
 * objects), updating the replica for the rest (see step2-folders.ts for the rules).
 * Deletions come children first, creations parents first.
 *
 * `keepNonEmpty` is the drops-only-empty-folders mutant (mutants.ts): a folder gone from the
 * server stays on the device while it holds objects (it is re-created at the next sync).
 */
import type { SyncPreferences } from '../../src/engine/ports.ts';
import { inFolderSubset } from './filters.ts';
import {
  hasPendingChanges,
  newFolder,
  resetServerState,
  type ObjectId,
  type Replica,
} from './replica.ts';

const depth = (name: string, delimiter: string) => (delimiter ? name.split(delimiter).length : 1);

export function planFolders<Id extends ObjectId>(
  replica: Replica<Id>,
  prefs: SyncPreferences,
  onServer: Set<string>,
  delimiter: string,
  keepNonEmpty = false,
): { toDelete: string[]; toCreate: string[] } {
  const toDelete: string[] = [];
  const toCreate: string[] = [];
  for (const name of onServer) {
    const local = replica.folders.get(name);
    if (replica.deletedFolders.has(name)) toDelete.push(name);
    else if (local) local.onServer = true;
    else if (inFolderSubset(prefs, name)) replica.folders.set(name, newFolder<Id>(name, true));
  }
  for (const name of [...replica.deletedFolders]) {
    if (!onServer.has(name)) replica.deletedFolders.delete(name);
  }
  for (const folder of [...replica.folders.values()]) {
    if (onServer.has(folder.name)) {
      if (!inFolderSubset(prefs, folder.name) && !hasPendingChanges(folder)) {
        replica.folders.delete(folder.name);
      }
      continue;
    }
    if (!folder.onServer) {
      toCreate.push(folder.name);
    } else if (folder.pending.length > 0) {
      resetServerState(folder);
      folder.deleted = [];
      folder.onServer = false;
      toCreate.push(folder.name);
    } else if (keepNonEmpty && folder.byUid.size > 0) {
      folder.onServer = false;
    } else {
      replica.folders.delete(folder.name);
    }
  }
  toDelete.sort((a, b) => depth(b, delimiter) - depth(a, delimiter) || a.localeCompare(b));
  toCreate.sort((a, b) => depth(a, delimiter) - depth(b, delimiter) || a.localeCompare(b));
  return { toDelete, toCreate };
}

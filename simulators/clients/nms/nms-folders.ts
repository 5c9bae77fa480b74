/**
 * Steps 1 and 2 over NMS: list the folders (`POST folders/operations/search`, following
 * cursors; the root and virtual folders are not model folders), then reconcile both ways
 * with the shared plan (folder-plan.ts): `DELETE folders/{id}` for folders deleted locally,
 * `POST folders` (parentFolderPath + name) for folders created locally.
 * NMS deletion is recursive: when a deleted folder had subfolders on the server, the list
 * is read and planned again, so the replica follows what the server now holds.
 */
import {
  createFolder,
  folderByPath,
  NmsError,
  searchFolders,
} from '../../../src/bindings/nms/client/index.ts';
import { planFolders } from '../folder-plan.ts';
import type { NmsSyncContext } from './nms-context.ts';
import { folderNameOf, isModelFolder, pathOf, splitName } from './nms-object.ts';

async function listFolders(ctx: NmsSyncContext): Promise<Set<string>> {
  const listed = (await searchFolders(ctx.http, { maxEntries: ctx.pageSize })).filter(
    isModelFolder,
  );
  ctx.report.foldersListed = listed.length;
  ctx.state.folderUrls = new Map(listed.map((f) => [folderNameOf(f.path), f.resourceURL]));
  return new Set(ctx.state.folderUrls.keys());
}

export async function reconcileFolders(ctx: NmsSyncContext): Promise<void> {
  const { replica, prefs, http, state } = ctx;
  // Mutant lists-nothing-first: after the first sync, the folders it remembers are the list.
  const remembers = ctx.mutant === 'lists-nothing-first' && state.folderUrls.size > 0;
  let onServer = remembers ? new Set(state.folderUrls.keys()) : await listFolders(ctx);
  // Mutant drops-only-empty-folders: a folder gone from the store stays while it holds objects.
  const keepNonEmpty = ctx.mutant === 'drops-only-empty-folders';
  // Mutant no-folder-push: folders created or deleted locally are never sent to the store.
  const pushes = ctx.mutant !== 'no-folder-push';
  let plan = planFolders(replica, prefs, onServer, '/', keepNonEmpty);
  let below = false;
  for (const name of plan.toDelete) {
    replica.deletedFolders.delete(name);
    const url = state.folderUrls.get(name);
    if (!url || !pushes) continue;
    below ||= [...onServer].some((n) => n.startsWith(`${name}/`) && !plan.toDelete.includes(n));
    await http.request('DELETE', url, { accept: (s) => (s >= 200 && s < 300) || s === 404 });
  }
  if (below) {
    onServer = await listFolders(ctx);
    plan = planFolders(replica, prefs, onServer, '/', keepNonEmpty);
  }
  for (const name of pushes ? plan.toCreate : []) {
    if (!onServer.has(name)) state.folderUrls.set(name, await createOnServer(ctx, name));
    const folder = replica.folders.get(name);
    if (folder) folder.onServer = true;
  }
}

/** `POST folders`; a folder that exists meanwhile (409) is looked up instead. */
async function createOnServer(ctx: NmsSyncContext, name: string): Promise<string> {
  try {
    return (await createFolder(ctx.http, splitName(name))).resourceURL;
  } catch (err) {
    if (!(err instanceof NmsError && err.status === 409)) throw err;
    const found = await folderByPath(ctx.http, pathOf(name));
    if (!found) throw err;
    return found.resourceURL;
  }
}

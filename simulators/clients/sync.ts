/**
 * One client-initiated synchronisation (seed 003, 5.5.2.20): step 1 list, step 2 reconcile
 * folders, then steps 3a-3f for every folder inside the folder-subset preference and every
 * folder holding local changes (local changes are always pushed, whatever the subset).
 */
import type { ImapClient } from '../../src/bindings/imap/client/index.ts';
import type { SyncPreferences, SyncReport } from '../../src/engine/ports.ts';
import { inFolderSubset } from './filters.ts';
import type { ClientMutant } from './mutants.ts';
import { hasPendingChanges, type Replica } from './replica.ts';
import { listFolders } from './step1-list.ts';
import { reconcileFolders } from './step2-folders.ts';
import { selectFolder } from './step3a-select.ts';
import { fetchNewObjects, refreshVisibility } from './step3b-fetch-new.ts';
import { removeVanished } from './step3c-remove.ts';
import { uploadNewObjects } from './step3d-upload.ts';
import { deleteOnServer } from './step3e-delete.ts';
import { syncFlags } from './step3f-flags.ts';
import { contentIndex, emptyReport, type SyncContext } from './sync-context.ts';

export async function synchronise(
  client: ImapClient,
  replica: Replica,
  userPrefs: SyncPreferences,
  mutant?: ClientMutant,
): Promise<SyncReport> {
  // Mutant ignore-filters: only the content mode and the size limit survive.
  const prefs: SyncPreferences =
    mutant === 'ignore-filters'
      ? {
          ...(userPrefs.content ? { content: userPrefs.content } : {}),
          ...(userPrefs.maxSize !== undefined ? { maxSize: userPrefs.maxSize } : {}),
        }
      : userPrefs;
  const ctx: SyncContext = {
    client,
    replica,
    prefs,
    report: emptyReport(),
    contentByKey: contentIndex(replica),
    mutant,
  };
  const listed = await listFolders(ctx);
  await reconcileFolders(ctx, listed);
  const names = [...replica.folders.values()]
    .filter((f) => inFolderSubset(prefs, f.name) || hasPendingChanges(f))
    .map((f) => f.name)
    .sort();
  for (const name of names) {
    const folder = replica.folders.get(name);
    // Only the no-folder-push mutant leaves a folder off the server after step 2.
    if (!folder || !folder.onServer) continue;
    const pass = await selectFolder(ctx, folder);
    await fetchNewObjects(ctx, pass);
    if (mutant !== 'skip-3c') await removeVanished(ctx, pass);
    await uploadNewObjects(ctx, pass);
    if (mutant !== 'never-push-deletions') await deleteOnServer(ctx, pass);
    await syncFlags(ctx, pass);
    await refreshVisibility(ctx, pass);
    ctx.report.foldersSynced.push(name);
  }
  return ctx.report;
}

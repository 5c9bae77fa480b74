/**
 * One client-initiated synchronisation over NMS (seed 003, 5.5.2.20), the same steps as the
 * IMAP device: strict mode first applies the events since the last restartToken
 * (nms-events.ts); step 1 and 2 list and reconcile the folders; simplified mode then asks
 * the box-wide CreatedObjects, VanishedObjects and Flag searches (nms-changes.ts); then, for
 * every folder inside the folder subset or holding local changes: 3b/3c/3f-pull from one
 * enumeration (nms-pull.ts) or, in simplified mode, from those answers (nms-simplified.ts),
 * filters and eager content, 3d upload, 3e delete, 3f push (nms-push.ts).
 */
import type { NmsObject } from '../../../src/bindings/nms/client/index.ts';
import type { SyncReport } from '../../../src/engine/ports.ts';
import { inFolderSubset } from '../filters.ts';
import { hasPendingChanges } from '../replica.ts';
import { emptyReport } from '../sync-context.ts';
import { contentIndex } from '../replica.ts';
import { learnChanges } from './nms-changes.ts';
import { refreshVisibility } from './nms-content.ts';
import type { NmsSyncContext } from './nms-context.ts';
import type { SyncEvents } from './nms-events.ts';
import { reconcileFolders } from './nms-folders.ts';
import { forgetGoneFolder, skipsWalk, walkOtherFolders } from './nms-mutant-hooks.ts';
import { pullFolder } from './nms-pull.ts';
import { deleteOnServer, pushFlags, uploadNewObjects } from './nms-push.ts';
import { inStep, keepInStep, pullSimplified } from './nms-simplified.ts';

export async function synchronise(
  base: Omit<NmsSyncContext, 'report' | 'contentByKey' | 'carry'>,
  mode: SyncEvents | 'simplified',
): Promise<SyncReport> {
  const ctx: NmsSyncContext = {
    ...base,
    report: emptyReport(),
    contentByKey: contentIndex(base.replica),
    carry: new Map(),
  };
  const { replica, prefs, state } = ctx;
  if (mode !== 'simplified') await mode.catchUp(ctx);
  await reconcileFolders(ctx);
  const names = [...replica.folders.values()]
    .filter((f) => inFolderSubset(prefs, f.name) || hasPendingChanges(f))
    .map((f) => f.name)
    .sort();
  const changes =
    mode === 'simplified'
      ? await learnChanges(
          ctx,
          names.some((name) => inStep(state, name)),
        )
      : undefined;
  for (const name of names) {
    const folder = replica.folders.get(name);
    const url = state.folderUrls.get(name);
    if (!folder || !folder.onServer || !url) continue;
    const listed = skipsWalk(ctx, name)
      ? new Map<string, NmsObject>()
      : await (
          changes ? pullSimplified(ctx, folder, url, changes) : pullFolder(ctx, folder, url)
        ).catch((err: unknown) => forgetGoneFolder(ctx, name, err));
    if (!listed) continue;
    await refreshVisibility(ctx, folder);
    await uploadNewObjects(ctx, folder, url);
    await deleteOnServer(ctx, folder, listed);
    await pushFlags(ctx, folder);
    await refreshVisibility(ctx, folder);
    ctx.report.foldersSynced.push(name);
  }
  if (changes) keepInStep(ctx, changes);
  await walkOtherFolders(ctx, names);
  return ctx.report;
}

/**
 * Deviations of NMS client mutants (mutants.ts) that would otherwise sit in the middle of the
 * reference sync (nms-sync.ts), so that the sync only names the hook. Each one is inert for
 * the reference device (no mutant).
 */
import { NmsError, searchObjects } from '../../../src/bindings/nms/client/index.ts';
import type { NmsDeviceState, NmsSyncContext } from './nms-context.ts';

/** trusts-events-only: the folders each device has walked once. */
const walkedOnce = new WeakMap<NmsDeviceState, Set<string>>();

/**
 * Mutant trusts-events-only: a folder is walked at its first sync only; later syncs take what
 * the subscription's replay says (removals, flag changes) and nothing else.
 */
export function skipsWalk(ctx: NmsSyncContext, name: string): boolean {
  if (ctx.mutant !== 'trusts-events-only') return false;
  const walked = walkedOnce.get(ctx.state) ?? new Set<string>();
  walkedOnce.set(ctx.state, walked);
  if (walked.has(name)) return true;
  walked.add(name);
  return false;
}

/**
 * Mutant lists-nothing-first: a remembered folder the store no longer has answers 404 to its
 * walk; the folder is dropped locally (the reference learns it from the folder search).
 * Anything else, and any error of the reference device, is thrown again.
 */
export function forgetGoneFolder(ctx: NmsSyncContext, name: string, err: unknown): undefined {
  if (ctx.mutant !== 'lists-nothing-first' || !(err instanceof NmsError) || err.status !== 404)
    throw err;
  ctx.replica.folders.delete(name);
  ctx.state.folderUrls.delete(name);
  return undefined;
}

/** Mutant touches-other-folders: the folders outside the preferences are walked too. */
export async function walkOtherFolders(ctx: NmsSyncContext, synced: string[]): Promise<void> {
  if (ctx.mutant !== 'touches-other-folders') return;
  for (const [name, url] of ctx.state.folderUrls) {
    if (synced.includes(name)) continue;
    await searchObjects(ctx.http, {
      scope: url,
      nonRecursive: true,
      maxEntries: ctx.pageSize,
    }).catch((err: unknown) => {
      // A folder it deleted itself earlier in this sync is gone: nothing to walk.
      if (!(err instanceof NmsError && err.status === 404)) throw err;
    });
  }
}

/**
 * Before a case, each user's store is emptied the way a vendor's store allows. Folders the
 * store keeps are emptied, not deleted: INBOX, folders with an RFC 6154 special use (LIST
 * attributes), the profile's `store.keepFolders`, and what survives a DELETE (answered OK and
 * listed again, or refused `NO [CANNOT]`). Every other folder is deleted. This is housekeeping,
 * not judged: it goes through the plain actor, so a system folder that comes back after a
 * DELETE is not a 5.5.2.11 finding. A refusal for now is retried (setup-retry.ts); a store that
 * still refuses makes the case inconclusive, quoting its answer.
 */
import type { StoreView } from '../model/view.ts';
import type { StoreActor } from './ports.ts';
import { refusalIn, withRetry, type RetryRecord, type Sleep } from './setup-retry.ts';
import { InconclusiveError } from './trouble.ts';

/** A folder the set-up emptied instead of deleting, and why. */
export interface KeptFolder {
  name: string;
  why: string;
}

export interface EmptiedStore {
  /** The store after emptying: only kept folders, all empty. */
  view: StoreView;
  kept: KeptFolder[];
}

export interface EmptyOptions {
  user: string;
  /** Profile `store.keepFolders`: names, or prefixes ending in `*`. */
  keepFolders: readonly string[];
  sleep: Sleep;
  retries: RetryRecord[];
}

function matches(patterns: readonly string[], name: string): boolean {
  return patterns.some((p) => (p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : name === p));
}

/** The folders to keep before trying anything: INBOX, special uses, the profile's list. */
async function keptUpFront(
  actor: StoreActor,
  view: StoreView,
  keepFolders: readonly string[],
): Promise<Map<string, string>> {
  const others = view.folders.some((f) => f.name.toUpperCase() !== 'INBOX');
  const special =
    others && actor.specialUseFolders
      ? await actor.specialUseFolders()
      : new Map<string, string[]>();
  const kept = new Map<string, string>();
  for (const { name } of view.folders) {
    if (name.toUpperCase() === 'INBOX') kept.set(name, 'INBOX');
    else if (special.has(name)) kept.set(name, `special use ${special.get(name)!.join(' ')}`);
    else if (matches(keepFolders, name)) kept.set(name, 'store.keepFolders');
  }
  // A kept folder's parents stay too (deleting a parent may take its children with it).
  for (const name of [...kept.keys()]) {
    for (const parent of view.folders.map((f) => f.name))
      if (name.startsWith(`${parent}/`) && !kept.has(parent))
        kept.set(parent, `parent of kept ${name}`);
  }
  return kept;
}

/** Empty one user's store; rejects with an InconclusiveError when the store does not let it. */
export async function emptyUserStore(
  actor: StoreActor,
  options: EmptyOptions,
): Promise<EmptiedStore> {
  const { user, sleep, retries } = options;
  const stuck = (what: string, error: unknown): InconclusiveError => {
    const answer = refusalIn(error)?.answer ?? (error instanceof Error ? error.message : error);
    const tried = retries.filter((r) => r.what === what).length + 1;
    return new InconclusiveError(
      `could not empty the store of ${user}: ${what}${tried > 1 ? ` (${tried} attempts)` : ''}: the store answered: ${String(answer)}`,
      { cause: error },
    );
  };
  const before = await actor.view();
  const kept = await keptUpFront(actor, before, options.keepFolders);
  // Children first: a store may refuse to delete a folder that has children.
  let deleted = 0;
  for (const { name } of [...before.folders].reverse()) {
    if (kept.has(name)) continue;
    deleted++;
    const what = `DELETE ${name}`;
    try {
      await withRetry(what, () => actor.deleteFolder(name), sleep, retries);
    } catch (error) {
      const refusal = refusalIn(error);
      if (refusal?.code === 'CANNOT') kept.set(name, `DELETE refused: ${refusal.answer}`);
      else if (refusal?.code !== 'NONEXISTENT') throw stuck(what, error);
    }
  }
  let after = deleted ? await actor.view() : before;
  for (const { name } of after.folders)
    if (!kept.has(name)) kept.set(name, 'listed again after a DELETE answered OK');
  const holding = after.folders.filter((f) => f.objects.length > 0);
  for (const folder of holding) {
    const what = `empty ${folder.name}`;
    try {
      await withRetry(what, () => emptyFolder(actor, folder), sleep, retries);
    } catch (error) {
      throw stuck(what, error);
    }
  }
  if (holding.length) after = await actor.view();
  const full = after.folders.filter((f) => f.objects.length > 0);
  if (full.length)
    throw new InconclusiveError(
      `could not empty the store of ${user}: ${full.map((f) => `${f.name} (${f.objects.length})`).join(', ')} still hold objects`,
    );
  const listed = new Set(after.folders.map((f) => f.name));
  return {
    view: after,
    kept: [...kept].filter(([name]) => listed.has(name)).map(([name, why]) => ({ name, why })),
  };
}

/** Every object of a folder: at once when the actor can, else key by key (each key once). */
async function emptyFolder(actor: StoreActor, folder: StoreView['folders'][number]): Promise<void> {
  if (actor.emptyFolder) return actor.emptyFolder(folder.name);
  for (const key of new Set(folder.objects.map((o) => o.key))) {
    try {
      await actor.delete(folder.name, key);
    } catch (error) {
      // Deleting one copy of a key takes all its copies: one already gone is not a problem.
      if (!/holds no/.test(error instanceof Error ? error.message : String(error))) throw error;
    }
  }
}

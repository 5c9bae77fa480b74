/**
 * Behaviours of stores as vendors ship them, which the reference store can take on (they are
 * not deviations from the protocol, unlike the mutants): system folders with RFC 6154 special
 * uses, and the ways stores keep them or refuse a DELETE.
 *
 * - `special-use-folders`: every user has Archive, Drafts, Junk, Sent and Trash, listed with
 *   their special-use attributes (`SPECIAL-USE` advertised).
 * - `protect-special-use` (a): DELETE of a special-use folder is answered `NO [CANNOT]`.
 * - `recreate-special-use` (b): a special-use folder that was deleted is created again at once,
 *   empty, with a new UIDVALIDITY (as Dovecot's `auto = subscribe`): DELETE answers OK, and the
 *   folder is listed again.
 * - `refuse-quick-delete` (c): DELETE of a folder that was created again (it existed, was deleted,
 *   and was created) within the last second is answered `NO [INUSE]`; a second later it is
 *   accepted. The second is measured on the store's clock (injectable: no real waiting in tests).
 * - `unmarked-special-use`: the system folders carry no special-use attribute and `SPECIAL-USE`
 *   is not advertised (a store that keeps folders without saying which).
 * The two special-use options and `unmarked-special-use` imply `special-use-folders`.
 */
import type { MessageStore } from '../../src/model/store.ts';

export const STORE_BEHAVIOURS = [
  'special-use-folders',
  'protect-special-use',
  'recreate-special-use',
  'refuse-quick-delete',
  'unmarked-special-use',
] as const;
export type StoreBehaviour = (typeof STORE_BEHAVIOURS)[number];

export function isStoreBehaviour(name: string): name is StoreBehaviour {
  return (STORE_BEHAVIOURS as readonly string[]).includes(name);
}

/** Throws a one-line error naming the valid behaviours when one is unknown. */
export function checkBehaviours(names: readonly string[]): StoreBehaviour[] {
  for (const name of names)
    if (!isStoreBehaviour(name))
      throw new Error(`unknown store behaviour "${name}"; valid: ${STORE_BEHAVIOURS.join(', ')}`);
  return names as StoreBehaviour[];
}

/** The system folders and their RFC 6154 special uses. */
export const SYSTEM_FOLDERS: ReadonlyMap<string, string> = new Map([
  ['Archive', '\\Archive'],
  ['Drafts', '\\Drafts'],
  ['Junk', '\\Junk'],
  ['Sent', '\\Sent'],
  ['Trash', '\\Trash'],
]);

/** How long a re-created folder cannot be deleted under `refuse-quick-delete`. */
export const QUICK_DELETE_MS = 1000;

export interface DeleteRefusal {
  code: string;
  text: string;
}

/** One store's behaviours, applied to each user's MessageStore. */
export class StoreBehaviours {
  private readonly on: Set<StoreBehaviour>;
  /** Per store: when each folder deleted once was created again. */
  private readonly recreatedAt = new WeakMap<MessageStore, Map<string, number>>();

  constructor(
    behaviours: readonly StoreBehaviour[],
    private readonly clock: () => Date,
  ) {
    this.on = new Set(behaviours);
  }

  /** Whether the users have system folders. */
  get systemFolders(): boolean {
    return (
      this.on.has('special-use-folders') ||
      this.on.has('protect-special-use') ||
      this.on.has('recreate-special-use') ||
      this.on.has('unmarked-special-use')
    );
  }

  /** Whether SPECIAL-USE is advertised and the attributes listed. */
  get advertised(): boolean {
    return this.systemFolders && !this.on.has('unmarked-special-use');
  }

  /** A new user's store: its system folders, and the watch the behaviours need. */
  install(store: MessageStore): void {
    if (this.systemFolders)
      for (const name of SYSTEM_FOLDERS.keys())
        if (!store.hasFolder(name)) store.createFolder(name);
    const deleted = new Set<string>();
    const recreatedAt = new Map<string, number>();
    this.recreatedAt.set(store, recreatedAt);
    store.onChange((change) => {
      if (change.kind === 'folder-deleted') {
        deleted.add(change.folder);
        recreatedAt.delete(change.folder);
        if (this.on.has('recreate-special-use') && SYSTEM_FOLDERS.has(change.folder))
          store.createFolder(change.folder);
      } else if (change.kind === 'folder-created' && deleted.has(change.folder)) {
        recreatedAt.set(change.folder, this.clock().getTime());
      }
    });
  }

  /** The special-use attribute LIST shows for a folder, if any. */
  specialUse(name: string): string | undefined {
    return this.advertised ? SYSTEM_FOLDERS.get(name) : undefined;
  }

  /** Why a DELETE is refused, if it is. */
  deleteRefusal(store: MessageStore, name: string): DeleteRefusal | undefined {
    if (this.on.has('protect-special-use') && SYSTEM_FOLDERS.has(name))
      return { code: 'CANNOT', text: `${name} is a special-use folder and cannot be deleted` };
    const since = this.recreatedAt.get(store)?.get(name);
    if (this.on.has('refuse-quick-delete') && since !== undefined) {
      const age = this.clock().getTime() - since;
      if (age < QUICK_DELETE_MS)
        return {
          code: 'INUSE',
          text: `${name} was created again ${age} ms ago; try again in ${QUICK_DELETE_MS - age} ms`,
        };
    }
    return undefined;
  }
}

/**
 * Who has seen a message first (RFC 3501 2.3.2 `\Recent`, 6.3.1, 7.3.2 RECENT): a message is
 * recent for the one session that is first told of it, by SELECT or by an EXISTS update, and
 * for no other. EXAMINE shows which messages are recent without taking them (6.3.2).
 *
 * Kept per folder as a floor: UIDs below it have been claimed. A folder rebuilt with a new
 * UIDVALIDITY starts with nothing recent. Session state only: the model never stores it.
 */
import type { Folder } from '../../../model/types.ts';

interface RecentFloor {
  uidValidity: number;
  floor: number;
}

const floors = new WeakMap<Folder, RecentFloor>();

function floorOf(folder: Folder): RecentFloor {
  let state = floors.get(folder);
  if (!state || state.uidValidity !== folder.uidValidity) {
    // Nothing known yet: every message is still unclaimed. A rebuilt folder: none is new.
    state = { uidValidity: folder.uidValidity, floor: state ? folder.uidNext : 1 };
    floors.set(folder, state);
  }
  return state;
}

/**
 * The UIDs among `uids` that are still unclaimed (so recent for the session being told of
 * them); with `claim`, they are taken, and no later session sees them as recent.
 */
export function takeRecent(folder: Folder, uids: readonly number[], claim: boolean): number[] {
  const state = floorOf(folder);
  const recent = uids.filter((uid) => uid >= state.floor);
  if (claim) for (const uid of recent) if (uid >= state.floor) state.floor = uid + 1;
  return recent;
}

/** SELECT: everything present and future up to UIDNEXT is this session's from now on. */
export function claimAllRecent(folder: Folder): void {
  const state = floorOf(folder);
  state.floor = Math.max(state.floor, folder.uidNext);
}

/** Messages of the folder that no session has been told of yet (STATUS RECENT). */
export function unclaimedCount(folder: Folder): number {
  const { floor } = floorOf(folder);
  if (floor >= folder.uidNext) return 0;
  let count = 0;
  for (const uid of folder.objects.keys()) if (uid >= floor) count++;
  return count;
}

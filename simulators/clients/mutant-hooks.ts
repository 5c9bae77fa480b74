/**
 * Small deviations of client mutants (mutants.ts) that live outside the sync steps, so that a
 * step only names the hook.
 */
import type { ClientMutant } from './mutants.ts';

/**
 * Whether an object is inside the date window, given the UIDs the store's SEARCH found inside.
 * The date-window-by-uid mutant takes every UID from the lowest match upwards instead.
 */
export function insideDateWindow(
  mutant: ClientMutant | undefined,
  inside: Set<number>,
  uid: number,
): boolean {
  if (mutant !== 'date-window-by-uid') return inside.has(uid);
  return inside.size > 0 && uid >= Math.min(...inside);
}

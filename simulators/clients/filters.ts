/**
 * Partial sync (RD-STOR-x1): which folders and objects the user's preferences keep.
 *
 * - Folder subset: exact names, or prefixes ending in "*".
 * - Date window: calendar dates (YYYY-MM-DD), judged by the store itself with
 *   `UID SEARCH SINCE d BEFORE d` on INTERNALDATE (day granularity, RFC 3501 6.4.4), so partial
 *   sync relies on the store's filtering as a real client does (see dateWindowSearch).
 *   `since` inclusive, `before` exclusive.
 * - Types: derived from the headers (object-type.ts).
 * - Latest N: the N most recent objects of the folder among those passing the other filters
 *   (by date; equal dates keep UID order, as the oracle does).
 * - Objects created on this device are always shown (the user's own data), as the oracle
 *   expects; they take part in the latest-N ranking once they are on the server.
 * - Size: objects above maxSize stay metadata-only in eager mode (see content.ts).
 *
 * Filtering hides objects; it never deletes anything on the server.
 */
import type { SyncPreferences } from '../../src/engine/ports.ts';
import type { LocalFolder, LocalObject, ObjectId } from './replica.ts';

export function inFolderSubset(prefs: SyncPreferences, name: string): boolean {
  if (!prefs.folders) return true;
  return prefs.folders.some((p) =>
    p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : name === p,
  );
}

function parseBound(value: string | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  const t = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : NaN;
  if (Number.isNaN(t))
    throw new Error(`preferences: ${what} is not a calendar date (YYYY-MM-DD): ${value}`);
  return t;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** IMAP date (RFC 3501 date: d-Mon-yyyy) of a YYYY-MM-DD preference. */
function imapDate(value: string): string {
  const [y, m, d] = value.split('-').map(Number);
  return `${d}-${MONTHS[(m ?? 1) - 1]}-${y}`;
}

/** The UID SEARCH criteria for the date window, or undefined when the preferences set none. */
export function dateWindowSearch(prefs: SyncPreferences): string[] | undefined {
  const criteria: string[] = [];
  if (prefs.since) criteria.push('SINCE', imapDate(prefs.since));
  if (prefs.before) criteria.push('BEFORE', imapDate(prefs.before));
  return criteria.length ? criteria : undefined;
}

/** Throws a one-line error when the preferences cannot be applied. */
export function checkPreferences(prefs: SyncPreferences): void {
  parseBound(prefs.since, 'since');
  parseBound(prefs.before, 'before');
  if (prefs.latest !== undefined && (!Number.isInteger(prefs.latest) || prefs.latest < 0)) {
    throw new Error(`preferences: latest must be a non-negative integer, got ${prefs.latest}`);
  }
  if (prefs.maxSize !== undefined && !(prefs.maxSize >= 0)) {
    throw new Error(`preferences: maxSize must be >= 0, got ${prefs.maxSize}`);
  }
}

export function passesObjectFilters<Id extends ObjectId>(
  o: LocalObject<Id>,
  prefs: SyncPreferences,
): boolean {
  if ((prefs.since || prefs.before) && o.uid !== undefined && o.inWindow === false) return false;
  if (prefs.types && !prefs.types.includes(o.type)) return false;
  return true;
}

/**
 * Recompute which known objects are visible. Returns the objects that became visible and have
 * no content yet (candidates for an eager download).
 */
/** Server order of two ids: UIDs by number, NMS ids (`f3-1002-7`) segment by segment. */
export function compareIds(a: ObjectId | undefined, b: ObjectId | undefined): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a ?? '').localeCompare(String(b ?? ''), 'en', { numeric: true });
}

export function applyVisibility<Id extends ObjectId>(
  folder: LocalFolder<Id>,
  prefs: SyncPreferences,
): LocalObject<Id>[] {
  const known = [...folder.byUid.values()];
  const passing = known.filter((o) => passesObjectFilters(o, prefs));
  let visible = new Set(passing);
  if (prefs.latest !== undefined) {
    const ranked = passing.sort(
      (a, b) => b.date.getTime() - a.date.getTime() || compareIds(a.uid, b.uid),
    );
    visible = new Set(ranked.slice(0, prefs.latest));
  }
  const newlyVisible: LocalObject<Id>[] = [];
  for (const o of known) {
    const hidden = !visible.has(o) && !o.local;
    if (o.hidden && !hidden && !o.raw) newlyVisible.push(o);
    o.hidden = hidden;
  }
  return newlyVisible;
}

/**
 * The named points where a deliberately broken server variant (a mutant) departs from the
 * protocol. Handlers ask `server.deviates(name)` at exactly these points; the simulator's
 * mutant registry describes each one and the clause it breaks.
 */
export const DEVIATIONS = [
  'no-vanished',
  'modseq-frozen',
  'flags-not-in-changedsince',
  'store-ignored',
  'append-dropped',
  'copy-duplicates',
  'list-hides-new',
  'delete-folder-ignored',
  'peek-sets-seen',
  'uidvalidity-churn',
  'idle-silent',
  'cross-user-leak',
  'expunge-ignored',
  'search-since-broken',
  'search-since-off-by-one',
  'search-date-uid-floor',
  'content-id-from-bytes',
  'delete-folder-keeps-objects',
  'create-folder-ignored',
  'expunge-unreported',
  'changedsince-needs-qresync',
  'notify-silent',
  'unchangedsince-ignored',
  'message-modseq-stale',
  'modseq-raised-by-noop',
  'uidvalidity-per-connection',
  'uidplus-codes-missing',
] as const;

export type Deviation = (typeof DEVIATIONS)[number];

export function isDeviation(name: string): name is Deviation {
  return (DEVIATIONS as readonly string[]).includes(name);
}

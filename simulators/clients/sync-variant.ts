/**
 * Sync variants of the reference IMAP device: one test plan, run along every path a store's
 * capabilities allow (as the OpenID conformance suite runs a plan under variants).
 *
 * - `qresync`: ENABLE QRESYNC; SELECT (QRESYNC (uidvalidity modseq)) reports VANISHED and
 *   changed flags (RFC 7162 section 3.2).
 * - `condstore`: ENABLE CONDSTORE only: flags by `UID FETCH ... (CHANGEDSINCE m)`, vanished
 *   objects by `UID SEARCH UNDELETED` compared with the known UIDs.
 * - `plain`: neither: a full `UID FETCH 1:* (FLAGS)` listing at every sync, and the EXPUNGE
 *   responses to its own expunges checked against its sequence map (as mbsync works).
 * - `per-sync`: a new connection, login and SELECT for every sync (UIDVALIDITY and
 *   HIGHESTMODSEQ compared across sessions), with the best extensions the store offers.
 * - `notify`: the `qresync` path, listening for notifications with NOTIFY (RFC 5465)
 *   instead of IDLE alone, where the store advertises NOTIFY: a declared `notifications`
 *   feature is judged on every mechanism the store offers.
 *
 * Where CONDSTORE is on, flag changes are pushed with a conditional STORE (UNCHANGEDSINCE).
 */
export const SYNC_VARIANTS = ['qresync', 'condstore', 'plain', 'per-sync', 'notify'] as const;
export type SyncVariant = (typeof SYNC_VARIANTS)[number];

export function isSyncVariant(name: string): name is SyncVariant {
  return (SYNC_VARIANTS as readonly string[]).includes(name);
}

/** The variant of that name; an unknown name is one line naming the valid ones. */
export function syncVariantOf(name: string): SyncVariant {
  if (isSyncVariant(name)) return name;
  throw new Error(`unknown sync variant "${name}" (one of ${SYNC_VARIANTS.join(', ')})`);
}

/** What a connection of this variant ENABLEs: QRESYNC (and CONDSTORE), CONDSTORE, or nothing. */
export interface VariantConnection {
  qresync: boolean;
  condstore: boolean;
  /** A new connection for every sync. */
  reconnectPerSync: boolean;
}

export function connectionOf(variant: SyncVariant | undefined): VariantConnection {
  switch (variant) {
    case 'condstore':
      return { qresync: false, condstore: true, reconnectPerSync: false };
    case 'plain':
      return { qresync: false, condstore: false, reconnectPerSync: false };
    case 'per-sync':
      return { qresync: true, condstore: true, reconnectPerSync: true };
    default:
      return { qresync: true, condstore: true, reconnectPerSync: false };
  }
}

/** How a device of this variant listens for notifications (listener.ts). */
export function listenOf(variant: SyncVariant | undefined): 'idle' | 'notify' {
  return variant === 'notify' ? 'notify' : 'idle';
}

/** The scenarios the `notify` variant adds something to: those that listen. */
export const LISTENING_SCENARIOS: ReadonlySet<string> = new Set(['notifications']);

/**
 * The scenarios whose outcome depends on the sync path: new objects, deletions either way,
 * flags (CHANGEDSINCE, conditional STORE, full listing), UIDVALIDITY, periodic and multi-device
 * sync. Folders, copies, notifications (their own connection), partial sync, object types,
 * metadata-only and isolation take the same commands under every variant.
 */
export const SYNC_PATH_SCENARIOS: ReadonlySet<string> = new Set([
  'new-objects',
  'deleted-on-server',
  'deleted-on-client',
  'flags',
  'uidvalidity',
  'periodic',
  'multi-device',
]);

/** The variants a store advertising these capabilities (upper-case names) can be run under. */
export function variantsAllowedBy(capabilities: ReadonlySet<string>): SyncVariant[] {
  const condstore = capabilities.has('CONDSTORE') || capabilities.has('QRESYNC');
  return SYNC_VARIANTS.filter((v) => {
    if (v === 'qresync') return capabilities.has('QRESYNC');
    if (v === 'condstore') return condstore;
    if (v === 'notify') return capabilities.has('NOTIFY') && capabilities.has('QRESYNC');
    return true;
  });
}

/**
 * Deliberately broken variants of the reference sync client, selected by
 * `createImapDevice({ mutant })`. Each one is a small deviation at one named point of the
 * synchronisation (seed 003, 5.5.2.20); in client conformance the harness must fail each on its
 * clause. `clause` is the id in suites/clauses.yaml.
 *
 * Where each deviation lives (search for the name):
 *   skip-3c              sync.ts, step3f-flags.ts (removals reported with the flags)
 *   no-upload            step3d-upload.ts
 *   never-push-deletions sync.ts
 *   flags-one-way        step3f-flags.ts
 *   no-folder-push       step2-folders.ts, sync.ts (a folder left off the server is not selected)
 *   redownload-all       step3b-fetch-new.ts
 *   eager-content        step3b-fetch-new.ts (refreshVisibility)
 *   mark-read-on-fetch   content.ts, mutant-fetch.ts, imap-device.ts (fetchContent SELECTs)
 *   ignore-filters       sync.ts
 *   select-without-list  step1-list.ts
 *   no-uidvalidity-check step3a-select.ts
 *   copy-wrong-target    imap-device.ts (copy)
 *   no-periodic          replica-device.ts (advanceClock), imap-device.ts (constructor)
 *   date-window-by-uid   mutant-hooks.ts, step3b-fetch-new.ts (markDateWindow)
 *   drops-only-empty-folders  folder-plan.ts, step2-folders.ts
 */

export interface ClientMutantInfo {
  description: string;
  clause: string;
  /**
   * Clauses the deviation also breaks as a genuine consequence, each with a one-line reason
   * (the kill matrix's precision allows exactly these besides `clause`).
   */
  knockOn?: Readonly<Record<string, string>>;
}

export const CLIENT_MUTANTS = {
  'skip-3c': {
    description:
      'Never removes locally what the server removed (step 3c skipped; expunges and \\Deleted reported with the flags are ignored too).',
    clause: 'SD-5.5.2.20-3c',
  },
  'no-upload': {
    description: 'Never stores new local objects on the server (no APPEND in step 3d).',
    clause: 'SD-5.5.2.20-3d',
  },
  'never-push-deletions': {
    description: 'Skips step 3e: objects deleted locally stay on the server.',
    clause: 'SD-5.5.2.20-3e',
  },
  'flags-one-way': {
    description:
      'Pulls flag changes from the server but never pushes local ones (no UID STORE in step 3f).',
    clause: 'SD-5.5.2.20-3f',
  },
  'no-folder-push': {
    description:
      'Never creates or deletes folders on the server in step 2: a folder created locally stays local, one deleted locally comes back.',
    clause: 'SD-5.5.2.20-2',
  },
  'redownload-all': {
    description:
      'Every sync re-fetches the metadata and the content (BODY.PEEK[]) of every object of every folder from UID 1:*.',
    clause: 'SD-5.5.2.20-3b',
    knockOn: {
      'SD-5.5.2.20-3e':
        're-downloading every object from UID 1 brings back on the device an object it had deleted (CLI-DEL-001)',
      'SD-5.5.2.20-3-note':
        'it re-fetches whole objects (BODY.PEEK[]) at every sync, so content is retrieved during the sync steps',
    },
  },
  'eager-content': {
    description:
      'Fetches BODY.PEEK[] of every new visible object during the sync, even in on-demand (metadata-first) mode.',
    clause: 'SD-5.5.2.20-3-note',
  },
  'mark-read-on-fetch': {
    description:
      'Downloads content with BODY[] instead of BODY.PEEK[], so the store marks the objects \\Seen.',
    clause: 'SD-5.5.2.4',
  },
  'ignore-filters': {
    description:
      'Ignores the partial-sync preferences: every folder, no date window, no latest-N, no type filter.',
    clause: 'RD-STOR-x1',
  },
  'select-without-list': {
    description:
      'Skips LIST on every sync after the first and selects the folders it remembers, so new server folders are never seen.',
    clause: 'SD-5.5.2.20-1',
    knockOn: {
      'SD-5.5.2.20-3a':
        'a folder it never listed is never selected either, so its new objects are never detected',
      'SD-5.5.2.20-2':
        "without LIST it never learns the server's folder list, so folders created on the server are never reconciled",
    },
  },
  'no-uidvalidity-check': {
    description:
      'Ignores a UIDVALIDITY change and keeps the old UIDs: a rebuilt folder ends up with duplicates, losses or the wrong object deleted.',
    clause: 'SD-5.5.2.20-3a',
    knockOn: {
      'SD-5.5.2.20-3e':
        'keeping the old UIDs after a UIDVALIDITY change, its deletions expunge the wrong objects on the server',
    },
  },
  'copy-wrong-target': {
    description:
      'An object copy request names the source folder instead of the requested target folder.',
    clause: 'SD-5.5.2.5-request',
  },
  'no-periodic': {
    description:
      'Learns the virtual clock but never syncs by itself when its period elapses: it syncs only when told to.',
    clause: 'RD-STOR-x1',
  },
  'date-window-by-uid': {
    description:
      'Date window taken as "UID >= the lowest UID the store found inside the window": an older object stored later is kept.',
    clause: 'RD-STOR-x1',
  },
  'drops-only-empty-folders': {
    description:
      'A folder removed in the store is dropped locally only when it holds no objects; a non-empty one stays on the device.',
    clause: 'SD-5.5.2.20-2',
  },
} as const satisfies Record<string, ClientMutantInfo>;

export type ClientMutant = keyof typeof CLIENT_MUTANTS;

export const CLIENT_MUTANT_NAMES = Object.keys(CLIENT_MUTANTS) as ClientMutant[];

/** The mutant of a configured name in `table`; throws a one-line error listing the valid names. */
export function mutantNamed<K extends string>(
  table: Readonly<Record<K, unknown>>,
  name: string,
  kind: string,
): K {
  if (!Object.hasOwn(table, name))
    throw new Error(`unknown ${kind} "${name}"; known: ${Object.keys(table).join(', ')}`);
  return name as K;
}

/** The client mutant of a configured name; throws a one-line error listing the valid names. */
export function clientMutantByName(name: string): ClientMutant {
  return mutantNamed(CLIENT_MUTANTS, name, 'client mutant');
}

/**
 * Deliberately broken variants of the reference NMS sync client, selected by
 * `createNmsDevice({ mutant })`. Each one is a small deviation at one named point of the
 * synchronisation over NMS REST (seed 003, 5.5.2.20; OMA NMS strict and simplified sync); in
 * client conformance over NMS the harness must fail each on its clause. `clause` is the id in
 * suites/clauses.yaml; `knockOn` lists the clauses the deviation also breaks, each with why.
 *
 * Where each deviation lives (search for the name):
 *   walks-every-sync                nms-events.ts (catchUp)
 *   ignores-restart-token           nms-events.ts (catchUp)
 *   lists-nothing-first             nms-folders.ts (reconcileFolders), nms-mutant-hooks.ts
 *   payloads-during-sync            nms-content.ts (refreshVisibility)
 *   redownloads-payloads            nms-content.ts (eager), nms-device.ts (fetchContent)
 *   drops-local-deletions           nms-push.ts (deleteOnServer)
 *   no-upload                       nms-push.ts (uploadNewObjects)
 *   flags-as-flag-list              nms-push.ts (pushFlags)
 *   skips-server-deletions          nms-pull.ts (applyListing), nms-events.ts (removeObject)
 *   copy-without-target             nms-device.ts (copy)
 *   touches-other-folders           nms-mutant-hooks.ts (walkOtherFolders)
 *   ignores-reset-box               nms-events.ts (applyEvent), nms-pull.ts (applyListing)
 *   ignores-retry-after             nms-device-http.ts (DeviceHttp.request)
 *   duplicates-after-expired-token  nms-events.ts (catchUp)
 *   first-page-only                 nms-device-http.ts (dropSearchCursor)
 *   trusts-events-only              nms-mutant-hooks.ts (skipsWalk)
 *   flags-one-way                   nms-push.ts (pushFlags)
 *   no-folder-push                  nms-folders.ts (reconcileFolders)
 *   drops-only-empty-folders        nms-folders.ts, ../folder-plan.ts (keepNonEmpty)
 *   ignores-date-window             nms-pull.ts (markDateWindow)
 *   mark-read-on-fetch              nms-device.ts (fetchContent)
 *   deaf-callback                   nms-device.ts (waitForNotification)
 *   no-periodic                     nms-device.ts (constructor), ../replica-device.ts
 */
import { mutantNamed, type ClientMutantInfo } from '../mutants.ts';

export interface NmsClientMutantInfo extends ClientMutantInfo {
  /**
   * The cases its deviation shows in, where its clause is cited by many more: the NMS client
   * kill matrix runs it on these only (default: the cases citing its clause).
   */
  cases?: readonly string[];
}

export const NMS_CLIENT_MUTANTS = {
  'walks-every-sync': {
    description:
      'Creates its subscription at the first sync but never uses it again: every later sync walks every folder, no restartToken replay.',
    clause: 'SD-5.5.2.20-3a',
    cases: ['CLI-NMS-TOKEN-001'],
  },
  'ignores-restart-token': {
    description:
      'Updates its subscription at each sync without the restartToken it holds, so the store replays nothing since the last sync.',
    clause: 'SD-5.5.2.20-3a',
    cases: ['CLI-NMS-TOKEN-001'],
  },
  'lists-nothing-first': {
    description:
      'After the first sync never searches the folders: it walks the folders it remembers, so folders new on the server are never seen.',
    clause: 'SD-5.5.2.20-1',
    knockOn: {
      'SD-5.5.2.20-2':
        "without the folder search it never learns the server's folder list, so folders created on the server are never reconciled",
      'SD-5.5.2.20-3a':
        'a folder it never listed is never walked either, so its new objects are never detected',
    },
  },
  'payloads-during-sync': {
    description:
      'GETs the payload of every new visible object during the sync, even in on-demand (metadata-first) mode.',
    clause: 'SD-5.5.2.20-3-note',
  },
  'redownloads-payloads': {
    description:
      'GETs the payload again of objects whose content it already holds: on demand, and at every sync.',
    clause: 'SD-5.5.2.20-3b',
    cases: ['CLI-NMS-PAYLOAD-001', 'CLI-NMS-RESET-001'],
    knockOn: {
      'SD-5.5.2.20-3-note':
        'the payloads it holds are downloaded again during each sync, so content is retrieved during the sync steps',
    },
  },
  'drops-local-deletions': {
    description:
      'Never sends DELETE objects/{id} for objects deleted locally: they stay in the store.',
    clause: 'SD-5.5.2.20-3e',
    knockOn: {
      'SD-5.5.2.20-3a':
        'an object it deleted before a resetBox stays in the store, and an object of a voided box still there is judged an unclean resync (CLI-NMS-RESET-001)',
    },
  },
  'no-upload': {
    description: 'Never stores new local objects in the store (no POST objects).',
    clause: 'SD-5.5.2.20-3d',
  },
  'flags-as-flag-list': {
    description:
      'Pushes a flag change as PUT objects/{id}/flags with its whole local flag list instead of adding or removing the one flag (PUT/DELETE objects/{id}/flags/{flag}).',
    clause: 'SD-5.5.2.20-3f',
    cases: ['CLI-NMS-OPS-001'],
  },
  'skips-server-deletions': {
    description:
      'Never removes locally what the store removed: deletedObject/expiredObject events and objects missing from the walk are ignored.',
    clause: 'SD-5.5.2.20-3c',
  },
  'copy-without-target': {
    description:
      'A copy request (copyToFolder) names the source folder instead of the requested target folder.',
    clause: 'SD-5.5.2.5-request',
  },
  'touches-other-folders': {
    description:
      'Walks every folder at each sync, also those outside its folder-subset preference (it still shows only the subset).',
    clause: 'RD-STOR-x1',
  },
  'ignores-reset-box': {
    description:
      'Ignores resetBox: objects listed again under new ids are taken as new ones (content it held is lost and fetched again, pending changes go to the void ids).',
    clause: 'SD-5.5.2.20-3a',
    cases: ['CLI-NMS-RESET-001'],
    knockOn: {
      'SD-5.5.2.20-3b':
        'the objects it takes as new come without the content it held: the content is missing, or downloaded again',
      'SD-5.5.2.20-3f': 'the flag change it made before the reset is sent to a void id and lost',
    },
  },
  'ignores-retry-after': {
    description: 'Answered 429/503 with Retry-After, it sends the same request again at once.',
    clause: 'SD-5.5.2.20-client-initiated',
  },
  'duplicates-after-expired-token': {
    description:
      'When the store refuses its restartToken, it uploads every object it holds again, so the store ends up with duplicates.',
    clause: 'SD-5.5.2.20-3d',
    knockOn: {
      'SD-5.5.2.20-3b':
        'the walk that follows brings the duplicates it uploaded down to the device as new objects',
    },
  },
  'first-page-only': {
    description:
      'Never follows a search cursor: it reads only the first page of every folder and object search.',
    clause: 'SD-5.5.2.20-3b',
    cases: ['CLI-NMS-PAGE-001'],
    knockOn: {
      'SD-5.5.2.20-2':
        'reading only the first page of the folder search, it never learns the other folders, so they are never reconciled',
    },
  },
  'trusts-events-only': {
    description:
      "Walks each folder at its first sync only; later syncs take only what its subscription's replay says, so a new object (a changedObject of an id it does not know) is never taken.",
    clause: 'SD-5.5.2.20-3b',
    cases: ['CLI-NEW-002', 'CLI-NMS-NOTIFY-001', 'CLI-NMS-TOKEN-001'],
    knockOn: {
      'SD-5.5.2.20-3a':
        'after a resetBox it never walks again, so the objects under their new ids are never found (CLI-NMS-RESET-001)',
      'SD-5.5.2.20-3c':
        'after the store refused its restart token nothing is replayed and nothing walked, so removals in the store are missed (CLI-NMS-EXPIRED-001)',
      'SD-5.5.2.20-3f':
        'after a resetBox the flag change it made beforehand has no object left to go to, as it never walks again (CLI-NMS-RESET-001)',
    },
  },
  'flags-one-way': {
    description:
      "Takes the store's flag changes but never sends its own (no PUT/DELETE objects/{id}/flags/{flag}).",
    clause: 'SD-5.5.2.20-3f',
    cases: ['CLI-FLAG-001', 'CLI-NMS-OPS-001'],
  },
  'no-folder-push': {
    description:
      'Never creates or deletes folders in the store: a folder created locally stays local, one deleted locally comes back.',
    clause: 'SD-5.5.2.20-2',
  },
  'drops-only-empty-folders': {
    description:
      'A folder removed in the store is dropped locally only when it holds no objects; a non-empty one stays on the device (and is created again).',
    clause: 'SD-5.5.2.20-2',
    cases: ['CLI-FOLD-003'],
  },
  'ignores-date-window': {
    description:
      'Never asks the store which objects are inside the date-window preference: every object is shown.',
    clause: 'RD-STOR-x1',
  },
  'mark-read-on-fetch': {
    description:
      'Sets \\Seen in the store (PUT objects/{id}/flags/%5CSeen) on every object whose content the user asks for.',
    clause: 'SD-5.5.2.4',
  },
  'deaf-callback': {
    description:
      'Subscribes with a callback of its own but never looks at what the store posts there: it never reports a notification.',
    clause: 'SD-5.5.2.20-notify',
  },
  'no-periodic': {
    description:
      'Learns the virtual clock but never syncs by itself when its period elapses: it syncs only when told to.',
    clause: 'RD-STOR-x1',
  },
} as const satisfies Record<string, NmsClientMutantInfo>;

export type NmsClientMutant = keyof typeof NMS_CLIENT_MUTANTS;

export const NMS_CLIENT_MUTANT_NAMES = Object.keys(NMS_CLIENT_MUTANTS) as NmsClientMutant[];

/** The NMS client mutant of a configured name; throws a one-line error listing the valid names. */
export function nmsClientMutantByName(name: string): NmsClientMutant {
  return mutantNamed(NMS_CLIENT_MUTANTS, name, 'NMS client mutant');
}

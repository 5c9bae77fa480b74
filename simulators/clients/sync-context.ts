/** State shared by the steps of one synchronisation (seed 003, 5.5.2.20). */
import type { ImapClient, SelectInfo } from '../../src/bindings/imap/client/index.ts';
import type { SyncPreferences, SyncReport } from '../../src/engine/ports.ts';
import type { ClientMutant } from './mutants.ts';
import type { LocalFolder, LocalObject, Replica } from './replica.ts';

export { contentIndex } from './replica.ts';

export interface SyncContext {
  client: ImapClient;
  replica: Replica;
  prefs: SyncPreferences;
  report: SyncReport;
  /**
   * Content held anywhere in the replica, by key: an object that appears in another folder
   * (a copy) is the same object, so its content is not downloaded again.
   */
  contentByKey: Map<string, Buffer>;
  /** A deliberately broken variant (mutants.ts); undefined for the reference client. */
  mutant?: ClientMutant | undefined;
}

/** One folder's pass through steps 3a-3f. */
export interface FolderPass {
  folder: LocalFolder;
  select: SelectInfo;
  /** Nothing usable is known from the server (first sync, UIDVALIDITY change): scan 1:*. */
  fresh: boolean;
  /** After a UIDVALIDITY change: what the replica held before, by key (content, flag deltas). */
  carry: Map<string, LocalObject>;
  /** Per-message MODSEQ the server reported during this pass (CONDSTORE), by UID. */
  modseqs: Map<number, bigint>;
  /** `plain` variant: the full `UID FETCH 1:* (FLAGS)` listing of this pass, once fetched. */
  listing?: Map<number, string[]>;
}

export function emptyReport(): SyncReport {
  return {
    foldersListed: 0,
    foldersSynced: [],
    downloadedMetadata: 0,
    downloadedContent: 0,
    uploaded: 0,
    deletedOnServer: 0,
    removedLocally: 0,
    flagsPushed: 0,
    flagsPulled: 0,
    resynced: [],
  };
}

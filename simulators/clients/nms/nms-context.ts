/**
 * The NMS device's state beyond the binding-neutral replica (folder URLs, the lastModSeq
 * and payloadURL of each object id, what simplified synchronisation keeps between syncs),
 * and what the steps of one synchronisation share.
 */
import type { NmsHttp } from '../../../src/bindings/nms/client/index.ts';
import type { SyncPreferences, SyncReport } from '../../../src/engine/ports.ts';
import type { LocalObject, Replica } from '../replica.ts';
import type { NmsClientMutant } from './mutants.ts';

export type NmsReplica = Replica<string>;
export type NmsObjectState = LocalObject<string>;

export interface NmsDeviceState {
  /** Model folder name → folder resourceURL, from the last listing or creation. */
  folderUrls: Map<string, string>;
  /** Object id → the lastModSeq whose flags the replica holds. */
  modSeqs: Map<string, number>;
  /** Object id → payloadURL. */
  payloadUrls: Map<string, string>;
  /** Simplified mode: the creationCursor of the last completed sync (none before the first). */
  creationCursor?: string;
  /**
   * Simplified mode: the folders that last sync brought in step with `creationCursor`
   * (model name → folder URL); only those learn their changes from the searches.
   */
  inStep: Map<string, string>;
  /** Simplified mode: flags seen on the server besides \Seen (searched at each sync). */
  serverFlags: Set<string>;
}

export function newDeviceState(): NmsDeviceState {
  return {
    folderUrls: new Map(),
    modSeqs: new Map(),
    payloadUrls: new Map(),
    inStep: new Map(),
    serverFlags: new Set(),
  };
}

export interface NmsSyncContext {
  http: NmsHttp;
  replica: NmsReplica;
  state: NmsDeviceState;
  prefs: SyncPreferences;
  report: SyncReport;
  /** Content held anywhere in the replica, by key (a copy is the same object). */
  contentByKey: Map<string, Buffer>;
  /** Search page size (maxEntries). */
  pageSize: number;
  /**
   * Objects known before their ids were voided (resetBox), by folder and key: their
   * content and pending flag changes are carried to the objects found again.
   */
  carry: Map<string, Map<string, NmsObjectState>>;
  /** A deliberately broken variant (mutants.ts); undefined for the reference client. */
  mutant?: NmsClientMutant | undefined;
}

/**
 * The NMS device's state beyond the binding-neutral replica (folder URLs, the lastModSeq
 * and payloadURL of each object id, the strict-mode subscription), and what the steps of
 * one synchronisation share.
 */
import type { NmsHttp } from '../../../src/bindings/nms/client/index.ts';
import type { SyncPreferences, SyncReport } from '../../../src/engine/ports.ts';
import type { LocalObject, Replica } from '../replica.ts';

export type NmsReplica = Replica<string>;
export type NmsObjectState = LocalObject<string>;

export interface NmsDeviceState {
  /** Model folder name → folder resourceURL, from the last listing or creation. */
  folderUrls: Map<string, string>;
  /** Object id → the lastModSeq whose flags the replica holds. */
  modSeqs: Map<string, number>;
  /** Object id → payloadURL. */
  payloadUrls: Map<string, string>;
}

export function newDeviceState(): NmsDeviceState {
  return { folderUrls: new Map(), modSeqs: new Map(), payloadUrls: new Map() };
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
}

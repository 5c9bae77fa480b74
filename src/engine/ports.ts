/**
 * The ports through which the engine drives implementations. The engine knows these
 * interfaces only; simulators and real-IUT drivers implement them, and the CLI wires them.
 */
import type { ObjectType } from '../model/types.ts';
import type { StoreView } from '../model/view.ts';
import type { Evidence } from './result.ts';

/** A generated stored object (message, FT history, session history, standalone media). */
export interface ObjectSpec {
  /** Correlation key: the IMDN-Message-ID header value inside `raw`. */
  key: string;
  type: ObjectType;
  raw: Buffer;
  date: Date;
  flags: string[];
}

/** User preferences for partial / periodic sync (RD-STOR-x1). */
export interface SyncPreferences {
  /** Folder subset: exact names, or prefixes ending in "*". Absent = all folders. */
  folders?: string[];
  /**
   * Date window on the object's date, as calendar days (YYYY-MM-DD, UTC): since inclusive,
   * before exclusive; the store's own search decides (IMAP SEARCH SINCE/BEFORE).
   */
  since?: string;
  before?: string;
  /** Only the latest N objects of each folder (by date). */
  latest?: number;
  /** Only these object types. */
  types?: ObjectType[];
  /** Objects larger than this (bytes) are kept as metadata only, never downloaded. */
  maxSize?: number;
  /** Metadata first and content on demand (default), or content with the metadata. */
  content?: 'on-demand' | 'eager';
  /** Periodic sync: the client syncs by itself once this long has passed since its last sync. */
  periodMs?: number;
}

export type LocalChange =
  | { kind: 'add'; folder: string; object: ObjectSpec }
  | { kind: 'delete'; folder: string; key: string }
  | { kind: 'flags'; folder: string; key: string; add?: string[]; remove?: string[] }
  | { kind: 'create-folder'; folder: string }
  | { kind: 'delete-folder'; folder: string };

export interface SyncReport {
  foldersListed: number;
  foldersSynced: string[];
  downloadedMetadata: number;
  downloadedContent: number;
  uploaded: number;
  deletedOnServer: number;
  removedLocally: number;
  flagsPushed: number;
  flagsPulled: number;
  /** Folders whose UIDVALIDITY changed and were resynchronised from scratch. */
  resynced: string[];
}

/** A simulated (or adapted real) device with a local replica. */
export interface DeviceDriver {
  readonly name: string;
  setPreferences(prefs: SyncPreferences): void;
  /** Change the local replica only, as a user would while offline. */
  applyLocalChange(change: LocalChange): Promise<void>;
  /** One client-initiated synchronisation (seed 003, 5.5.2.20 steps 1 to 3f). */
  sync(): Promise<SyncReport>;
  /**
   * The virtual clock now reads `nowMs` (the first call gives its start). A client with
   * `periodMs` in its preferences syncs by itself, before resolving, once `periodMs` has
   * passed since its last sync; it resolves with that sync's report, else undefined.
   * Absent: the client cannot learn the virtual time (no periodic sync).
   */
  advanceClock?(nowMs: number): Promise<SyncReport | undefined>;
  /** Download the content of objects already known by their metadata (on demand). */
  fetchContent(folder: string, keys: string[]): Promise<void>;
  /** Object copy request to the server (seed 004, 5.5.2.5). */
  copy(folder: string, key: string, targetFolder: string): Promise<void>;
  /** Start listening for server notifications on a folder (IDLE or NOTIFY). */
  listen(folder: string): Promise<void>;
  /** Resolves true as soon as a notification arrived since listen(), false on timeout. */
  waitForNotification(timeoutMs: number): Promise<boolean>;
  /** The local replica, with `content` markers. */
  localView(): StoreView;
  evidence(): Evidence[];
  close(): Promise<void>;
}

/**
 * The network side of the store under test: another party that deposits, deletes and
 * flags objects (as the CPM participating function or another user agent would), and a
 * read-only observer of the store's state.
 */
export interface StoreActor {
  capabilities(): Promise<Set<string>>;
  deliver(folder: string, object: ObjectSpec): Promise<void>;
  delete(folder: string, key: string): Promise<void>;
  setFlags(folder: string, key: string, add: string[], remove: string[]): Promise<void>;
  createFolder(name: string): Promise<void>;
  deleteFolder(name: string): Promise<void>;
  /** Rebuild a folder so that it gets a new UIDVALIDITY, keeping its objects. */
  resetFolder(name: string): Promise<void>;
  /** Read-only observation (EXAMINE, BODY.PEEK): never changes the store. */
  view(): Promise<StoreView>;
  uidValidity(folder: string): Promise<number>;
  /** Whether the folder can be opened (STATUS / pathToId), whether or not it is listed. */
  opens?(folder: string): Promise<boolean>;
  /** Content identity of each copy of an object (OBJECTID EMAILID), if the store exposes one. */
  contentIdentities(folder: string, key: string): Promise<string[] | undefined>;
  /** Raw content of an object as the store returns it (BODY.PEEK[]). */
  content(folder: string, key: string): Promise<Buffer | undefined>;
  /**
   * Folders the store marks with a special use (RFC 6154 LIST attributes such as `\Trash`),
   * by name. Optional: a binding without special uses leaves it out.
   */
  specialUseFolders?(): Promise<Map<string, string[]>>;
  /** Remove every object of a folder at once, whatever its key (the set-up empties kept folders). */
  emptyFolder?(name: string): Promise<void>;
  evidence(): Evidence[];
  close(): Promise<void>;
}

/** Where a store under test listens and how its users log in. */
export interface StoreEndpoint {
  binding: 'imap' | 'nms';
  host: string;
  port: number;
  users: Array<{ name: string; password: string }>;
  /** TLS to the store: the profile's endpoint.tls settings (true: implicit TLS, unverified). */
  tls?: boolean | EndpointTls;
}

/** The profile's TLS settings (the shape of bindings/tls.ts TlsSettings). */
export interface EndpointTls {
  mode: 'none' | 'starttls' | 'implicit' | 'https';
  verify: boolean;
  /** PEM of the authorities to trust (read from caFile). */
  ca?: string;
  caFile?: string;
  servername?: string;
}

/** One line of wire traffic the store under the harness's control recorded. */
export interface WireEntry {
  /** ms since epoch. */
  at: number;
  connection: number | string;
  direction: 'C' | 'S';
  line: string;
  /** Over NMS: the request as the harness's store answered it (one entry per request). */
  http?: HttpRecord;
}

/** One request a client sent to the harness's NMS store (credentials never kept). */
export interface HttpRecord {
  method: string;
  /** Path and query, e.g. `/nms/v1/cpmct/alice/objects/operations/search`. */
  path: string;
  status: number;
  /** Body sizes (Content-Length; 0 when absent). */
  requestBytes?: number;
  responseBytes?: number;
  /** The request body as recorded (cut at 2 KiB); the answer's body is not kept. */
  requestBody?: string;
  /** The Retry-After the store answered with (a refusal the case asked for). */
  retryAfter?: string;
  /** A search answer with more pages: the cursor it gave for the next one. */
  nextCursor?: string;
  /** The model folders the request named (path, search scope, target or parent folder). */
  folders?: string[];
}

/** What a case can make the harness's store do beyond the actor's operations (client role). */
export type StoreControl =
  | { kind: 'reset-box' }
  | { kind: 'expire-restart-tokens' }
  | { kind: 'refuse-next'; status: 429 | 503; retryAfterS: number }
  | { kind: 'page-size'; size: number };

/** What one binding check (e.g. nms-paging) found. */
export interface BindingCheckOutcome {
  /** One line each; empty when the rule holds. */
  findings: string[];
  /** The clause a finding of this check proves broken. */
  clause?: string;
  /**
   * Per finding (same order as `findings`), where what went wrong proves another clause
   * broken than the check's own (e.g. a flag update that did not take: 5.5.2.13).
   */
  findingClauses?: Array<string | undefined>;
  /** The rule's own level when weaker than the clause's (an RFC SHOULD): findings then warn. */
  level?: 'SHOULD' | 'MAY';
  /** What was measured, one line each. */
  notes: string[];
  /** Why the check could not be judged here. */
  inapplicable?: string;
  evidence: Evidence[];
}

/** Factories the CLI hands to the engine for one run. */
export interface DriverFactory {
  endpoint: StoreEndpoint;
  /** `simulated`: in client conformance, one of the other devices, played by cpmct's reference client. */
  createDevice(
    name: string,
    user: string,
    options?: {
      simulated?: boolean;
      binding?: StoreEndpoint['binding'];
      /** The sync variant the case runs under (e.g. `plain`); the device's default if absent. */
      variant?: string;
    },
  ): Promise<DeviceDriver>;
  /**
   * Every binding the store answers on, when it is more than `endpoint.binding` (the
   * embedded simulator serves IMAP and NMS over one model): devices of a cross-binding
   * case may ask for any of these.
   */
  bindings?: Array<StoreEndpoint['binding']>;
  /**
   * Called as each case starts, before its store is prepared (recording, replay), with the
   * sync variant it runs under, if any.
   */
  beginCase?(caseId: string, variant?: string): void;
  /** The binding's own conformance checks (`check` steps), by name. */
  check?(name: string, user: string): Promise<BindingCheckOutcome>;
  createActor(user: string): Promise<StoreActor>;
  /** The harness plays the store (client role): a store-side event a case asks for. */
  storeControl?(user: string, control: StoreControl): Promise<void>;
  /**
   * How the set-up waits before retrying an operation the store refused for now (default: a
   * real timer). A store on a virtual clock advances its clock instead.
   */
  sleep?(ms: number): Promise<void>;
  /**
   * Give every user an empty store before a case, when the store under test offers a
   * direct way (the embedded simulator does). Without it the engine empties the store
   * through the actor.
   */
  resetStore?(): Promise<void>;
  /**
   * Client conformance: the traffic the harness's own store recorded, live (appended to
   * as it happens). The engine attributes connections to devices and judges the trace.
   */
  trace?: WireEntry[];
}

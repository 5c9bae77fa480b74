/**
 * What the NMS front end needs from a message store: boxes of folders and objects by NMS
 * id, the operations the resources perform, and subscriptions. Records carry ids and
 * values; the front end turns them into NMS JSON (json-shapes.ts). A backend throws
 * `NmsFault` (request-error.ts) for refusals.
 */
import type { NmsDeviation } from './deviations.ts';
import type { BodyFormat } from './formats.ts';
import type { SearchCriteria } from './selection-criteria.ts';

export interface Credentials {
  scheme: 'basic' | 'bearer';
  user?: string;
  secret: string;
}

export type Authorization = 'ok' | 'unauthenticated' | 'forbidden';

export interface FolderRecord {
  /** `root`, `f{n}` (model folder) or `v{n}` (virtual parent). */
  id: string;
  kind: 'root' | 'model' | 'virtual';
  /** `/` for the root, else `/` + the model name. */
  path: string;
  name: string;
  parentId?: string;
  lastModSeq: bigint;
  /** Fixed order of folders (cursors). */
  order: number[];
}

export interface Attribute {
  name: string;
  value: string[];
}

export interface PartRecord {
  contentType: string;
  body: Buffer;
}

export interface ObjectRecord {
  id: string;
  folderId: string;
  folderPath: string;
  flags: string[];
  lastModSeq: bigint;
  correlationId: string;
  contentId: string;
  date: Date;
  attributes: Attribute[];
  /** First-level MIME parts (the whole body when not multipart). */
  parts: PartRecord[];
  size: number;
  /** Box position at creation, compared with creation cursors. */
  created: bigint;
  /** Fixed order of objects (folder id, then uid): what search cursors name. */
  order: number[];
}

export interface VanishedRecord {
  id: string;
  lastModSeq: bigint;
  correlationId: string;
}

export interface SubscriptionInput {
  notifyURL: string;
  callbackData?: string;
  duration?: number;
  restartToken?: string;
  clientCorrelator?: string;
  filter?: SearchCriteria;
  /** The format its event lists are posted in: that of the creating request (JSON default). */
  format?: BodyFormat;
}

export interface SubscriptionRecord {
  id: string;
  notifyURL: string;
  callbackData?: string;
  clientCorrelator?: string;
  filter?: SearchCriteria;
  /** Seconds left. */
  duration: number;
  /** The index the next event list will carry. */
  index: number;
  restartToken: string;
  format?: BodyFormat;
}

export type FlagOperation = 'add' | 'remove' | 'replace';

export interface NmsBackend {
  deviates(name: NmsDeviation): boolean;
  authorize(box: string, credentials: Credentials | undefined): Authorization;

  folder(box: string, id: string): FolderRecord | undefined;
  folderByPath(box: string, path: string): FolderRecord | undefined;
  /** Every folder of the box, the root included, in fixed order. */
  folders(box: string): FolderRecord[];
  /** Create `name` below the folder at `parentPath`; missing parents become virtual. */
  createFolder(box: string, parentPath: string, name: string): FolderRecord;
  deleteFolder(box: string, id: string): void;
  renameFolder(box: string, id: string, name: string): FolderRecord;

  object(box: string, id: string): ObjectRecord | undefined;
  /** Every object of the box in fixed order. */
  objects(box: string): readonly ObjectRecord[];
  payload(box: string, contentId: string): Buffer | undefined;
  createObject(
    box: string,
    input: { folderId: string; raw: Buffer; flags: string[]; date?: Date },
  ): ObjectRecord;
  deleteObject(box: string, id: string): void;
  /** True when the flags changed. */
  setFlags(box: string, id: string, operation: FlagOperation, flags: string[]): boolean;
  copyObject(box: string, id: string, targetFolderId: string, move: boolean): ObjectRecord;
  /** The creation position now: objects created later have a higher `created`. */
  creationPosition(box: string): bigint;
  vanished(box: string): VanishedRecord[];

  createSubscription(box: string, input: SubscriptionInput): SubscriptionRecord;
  subscriptions(box: string): SubscriptionRecord[];
  subscription(box: string, id: string): SubscriptionRecord | undefined;
  updateSubscription(
    box: string,
    id: string,
    update: { restartToken?: string; duration?: number },
  ): SubscriptionRecord | undefined;
  deleteSubscription(box: string, id: string): boolean;
}

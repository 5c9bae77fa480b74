/** Pure data types of the message-store model. No I/O anywhere under src/model. */

export type ObjectType =
  'message' | 'file-transfer-history' | 'session-history' | 'standalone-media';

export const OBJECT_TYPES: readonly ObjectType[] = [
  'message',
  'file-transfer-history',
  'session-history',
  'standalone-media',
];

/** Shared, immutable content. A copy links to the same Content; it never duplicates it. */
export interface Content {
  readonly id: string;
  readonly raw: Buffer;
}

export interface StoredObject {
  uid: number;
  contentId: string;
  flags: Set<string>;
  modseq: bigint;
  internalDate: Date;
}

export interface Tombstone {
  uid: number;
  modseq: bigint;
}

export interface Folder {
  name: string;
  uidValidity: number;
  uidNext: number;
  highestModseq: bigint;
  objects: Map<number, StoredObject>;
  tombstones: Tombstone[];
  metadata: Map<string, string>;
}

export type ChangeKind =
  | 'object-new'
  | 'object-flags'
  | 'object-expunged'
  | 'folder-created'
  | 'folder-deleted'
  | 'folder-renamed'
  | 'folder-reset'
  | 'folder-metadata';

export interface Change {
  kind: ChangeKind;
  folder: string;
  modseq: bigint;
  uid?: number;
  /** folder-renamed: the old name. */
  from?: string;
}

export type ChangeListener = (change: Change) => void;

export type FlagOperation = 'add' | 'remove' | 'replace';

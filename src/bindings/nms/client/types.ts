/**
 * The NMS JSON shapes the client reads and writes (OMA-TS-REST_NetAPI_NMS, docs/nms-contract.md).
 * Repeating elements are arrays; everything the server may leave out is optional.
 */

export interface NmsAttribute {
  name: string;
  value: string[];
}

export interface NmsReference {
  resourceURL: string;
  path?: string;
}

export interface NmsObject {
  resourceURL: string;
  path?: string;
  parentFolder?: string;
  flags?: { flag?: string[]; resourceURL?: string };
  attributes?: { attribute?: NmsAttribute[] };
  payloadURL?: string;
  payloadPart?: Array<{ href: string; contentType?: string; size?: number }>;
  lastModSeq?: number;
  correlationId?: string;
}

export interface NmsFolder {
  resourceURL: string;
  path: string;
  name?: string;
  parentFolder?: string;
  lastModSeq?: number;
  attributes?: { attribute?: NmsAttribute[] };
  subFolders?: { folderReference?: NmsReference[] };
  objects?: { objectReference?: NmsReference[] };
  cursor?: string;
}

export interface NmsCriterion {
  type: string;
  name?: string;
  value: string;
}

export interface SearchOptions {
  /** Folder resource URL to search in (default: the whole box). */
  scope?: string;
  /** Only the folder itself, not its subfolders. */
  nonRecursive?: boolean;
  criteria?: NmsCriterion[];
  operator?: 'And' | 'Or' | 'Not';
  /** Page size, 1..1000; default 100. */
  maxEntries?: number;
}

export interface NmsSubscription {
  resourceURL: string;
  index?: number;
  restartToken?: string;
  duration?: number;
  callbackReference?: { notifyURL: string; callbackData?: string };
}

export interface ChangedObjectEvent {
  parentFolder?: string;
  flags?: { flag?: string[] };
  resourceURL: string;
  lastModSeq?: number;
  correlationId?: string;
}

export interface DeletedObjectEvent {
  resourceURL: string;
  lastModSeq?: number;
  correlationId?: string;
}

export interface NmsEvent {
  changedObject?: ChangedObjectEvent;
  deletedObject?: DeletedObjectEvent;
  expiredObject?: DeletedObjectEvent;
  changedFolder?: {
    parentFolder?: string;
    resourceURL: string;
    name?: string;
    lastModSeq?: number;
  };
  deletedFolder?: { resourceURL: string; lastModSeq?: number };
  expiredFolder?: { resourceURL: string; lastModSeq?: number };
  resetBox?: Record<string, never>;
}

export interface NmsEventList {
  nmsEvent?: NmsEvent[];
  callbackData?: string;
  index?: number;
  restartToken?: string;
  link?: Array<{ rel: string; href: string }>;
}

/** The first value of an attribute (names are case-insensitive). */
export function attributeOf(
  item: { attributes?: { attribute?: NmsAttribute[] } },
  name: string,
): string | undefined {
  const wanted = name.toLowerCase();
  return item.attributes?.attribute?.find((a) => a.name.toLowerCase() === wanted)?.value?.[0];
}

/** The last path segment of a resource URL: the object, folder or subscription id. */
export function idOfUrl(url: string): string {
  const path = url.split(/[?#]/)[0] ?? '';
  const last = path.split('/').filter(Boolean).pop() ?? '';
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

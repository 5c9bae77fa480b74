/**
 * The JSON shapes of the command-line upper-tester protocol (README.md): how the port's values
 * travel as JSON (an ObjectSpec's raw bytes in base64, its date as an ISO 8601 string), and the
 * checks applied to what an adapter answers. Used by the harness side (command-adapter.ts) and
 * by adapters written in TypeScript (examples/command-adapter-reference.ts).
 */
import type { LocalChange, ObjectSpec, SyncReport } from '../engine/ports.ts';
import { OBJECT_TYPES, type ObjectType } from '../model/types.ts';
import { normaliseView, type StoreView } from '../model/view.ts';

export const PROTOCOL_METHODS = [
  'hello',
  'reset',
  'localState',
  'applyLocalChange',
  'sync',
  'setPreferences',
  'tick',
  'fetchContent',
  'copy',
  'listen',
  'waitForNotification',
  'close',
] as const;
export type ProtocolMethod = (typeof PROTOCOL_METHODS)[number];

/** Every adapter answers these; the others only when named in hello's `supports`. */
export const REQUIRED_METHODS: readonly ProtocolMethod[] = [
  'hello',
  'localState',
  'applyLocalChange',
  'sync',
  'close',
];

export interface WireObject {
  key: string;
  type: ObjectType;
  /** The RFC 5322 bytes, base64. */
  raw: string;
  /** ISO 8601. */
  date: string;
  flags: string[];
}

export type WireChange =
  { kind: 'add'; folder: string; object: WireObject } | Exclude<LocalChange, { kind: 'add' }>;

export interface HelloParams {
  /** The device name the harness gives this client (e.g. "phone"). */
  device: string;
  endpoint: {
    binding: 'imap' | 'nms';
    host: string;
    port: number;
    tls?: boolean;
    /** binding nms only: where the client's box is (an IMAP adapter never sees this). */
    nms?: NmsEndpoint;
  };
  user: string;
  /** The secret to log in with (over NMS: HTTP Basic `user:password`, or a Bearer token). */
  password: string;
}

/** How an NMS client finds its box: `root` = `{origin}{basePath}/{storeName}/{user}`. */
export interface NmsEndpoint {
  /** The box root URL, e.g. http://127.0.0.1:40123/nms/v1/cpmct/alice. */
  root: string;
  /** e.g. /nms/v1 */
  basePath: string;
  /** e.g. cpmct */
  storeName: string;
}

export interface HelloResult {
  name: string;
  version: string;
  supports: string[];
}

export function encodeChange(change: LocalChange): WireChange {
  if (change.kind !== 'add') return change;
  const o = change.object;
  return {
    kind: 'add',
    folder: change.folder,
    object: {
      key: o.key,
      type: o.type,
      raw: o.raw.toString('base64'),
      date: o.date.toISOString(),
      flags: [...o.flags],
    },
  };
}

/** The adapter side: a request's change back into the port's LocalChange. Throws one line. */
export function decodeChange(params: unknown): LocalChange {
  const c = params as Partial<WireChange> | null;
  if (!c || typeof c !== 'object' || typeof c.kind !== 'string') {
    throw new Error('applyLocalChange: params must be a change {kind, folder, ...}');
  }
  if (c.kind !== 'add') return c as LocalChange;
  const o = (c as { object?: Partial<WireObject> }).object;
  if (!o || typeof o.key !== 'string' || typeof o.raw !== 'string') {
    throw new Error('applyLocalChange: add needs object {key, type, raw (base64), date, flags}');
  }
  const spec: ObjectSpec = {
    key: o.key,
    type: OBJECT_TYPES.includes(o.type as ObjectType) ? (o.type as ObjectType) : 'message',
    raw: Buffer.from(o.raw, 'base64'),
    date: new Date(o.date ?? 0),
    flags: Array.isArray(o.flags) ? o.flags.map(String) : [],
  };
  return { kind: 'add', folder: String(c.folder), object: spec };
}

const COUNTERS = [
  'foldersListed',
  'downloadedMetadata',
  'downloadedContent',
  'uploaded',
  'deletedOnServer',
  'removedLocally',
  'flagsPushed',
  'flagsPulled',
] as const;

/** An adapter's sync result as a SyncReport: missing counters are 0, missing lists empty. */
export function decodeReport(result: unknown): SyncReport {
  const r = (result && typeof result === 'object' ? result : {}) as Record<string, unknown>;
  const strings = (v: unknown, what: string): string[] => {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
      throw new Error(`sync result: ${what} must be an array of strings`);
    return v as string[];
  };
  const report = {
    foldersSynced: strings(r.foldersSynced, 'foldersSynced'),
    resynced: strings(r.resynced, 'resynced'),
  } as SyncReport;
  for (const k of COUNTERS) {
    const v = r[k] ?? 0;
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new Error(`sync result: ${k} must be a number, got ${JSON.stringify(v)}`);
    report[k] = v;
  }
  return report;
}

/** An adapter's localState result, checked and normalised (sorted folders, keys and flags). */
export function decodeView(result: unknown): StoreView {
  const v = result as { folders?: unknown } | null;
  if (!v || typeof v !== 'object' || !Array.isArray(v.folders)) {
    throw new Error('localState result: expected {folders: [{name, objects: [...]}]}');
  }
  const folders = v.folders.map((f: unknown, i: number) => {
    const folder = f as { name?: unknown; objects?: unknown } | null;
    if (!folder || typeof folder.name !== 'string' || !Array.isArray(folder.objects)) {
      throw new Error(`localState result: folders[${i}] needs a name and an objects array`);
    }
    const objects = folder.objects.map((o: unknown, j: number) => {
      const obj = o as { key?: unknown; flags?: unknown; content?: unknown } | null;
      const where = `localState result: ${folder.name as string} objects[${j}]`;
      if (!obj || typeof obj.key !== 'string') throw new Error(`${where} needs a key`);
      if (!Array.isArray(obj.flags) || obj.flags.some((x) => typeof x !== 'string'))
        throw new Error(`${where}: flags must be an array of strings`);
      const content: unknown = obj.content ?? 'metadata';
      if (content !== 'full' && content !== 'metadata')
        throw new Error(`${where}: content must be "full" or "metadata"`);
      return {
        key: obj.key,
        flags: obj.flags as string[],
        content: content as 'full' | 'metadata',
      };
    });
    return { name: folder.name, objects };
  });
  return normaliseView({ folders });
}

export function decodeHello(result: unknown): HelloResult {
  const r = result as Partial<HelloResult> | null;
  if (!r || typeof r !== 'object' || typeof r.name !== 'string' || r.name === '') {
    throw new Error('hello result: expected {name, version, supports: [...]}');
  }
  const supports = Array.isArray(r.supports) ? r.supports.map(String) : [];
  const unknown = supports.filter((m) => !(PROTOCOL_METHODS as readonly string[]).includes(m));
  if (unknown.length) {
    throw new Error(
      `hello result: unknown methods in supports: ${unknown.join(', ')} (known: ${PROTOCOL_METHODS.join(', ')})`,
    );
  }
  return { name: r.name, version: typeof r.version === 'string' ? r.version : '', supports };
}

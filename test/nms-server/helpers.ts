/** Shared set-up of the NMS front-end tests: a running simulator, two users, clients, messages. */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { NmsHttp } from '../../src/bindings/nms/client/http.ts';
import type { MessageStore } from '../../src/model/store.ts';
import {
  startNmsServer,
  type NmsServerOptions,
  type RunningNmsServer,
} from '../../simulators/server/nms/index.ts';

export const ALICE = { name: 'alice', password: 'alice-pw' };
export const BOB = { name: 'bob', password: 'bob-pw' };

export interface Harness {
  server: RunningNmsServer;
  alice: NmsHttp;
  bob: NmsHttp;
  store: MessageStore;
}

export const ANY = { accept: () => true };

export async function startHarness(options: Partial<NmsServerOptions> = {}): Promise<Harness> {
  const server = await startNmsServer({ users: [ALICE, BOB], ...options });
  const store = server.stores.get(ALICE.name);
  if (!store) throw new Error('no store for alice');
  return {
    server,
    alice: client(server, ALICE),
    bob: client(server, BOB),
    store,
  };
}

/** alice's box with Default/conv-a and k1, k2 in INBOX: where the folder tests start. */
export async function startFolderHarness(): Promise<Harness> {
  const h = await startHarness();
  h.store.createFolder('Default/conv-a');
  h.store.append('INBOX', message('k1'));
  h.store.append('INBOX', message('k2'));
  return h;
}

export function client(
  server: RunningNmsServer,
  user: { name: string; password: string },
  box = user.name,
): NmsHttp {
  return new NmsHttp({
    root: server.baseUrl(box),
    user: user.name,
    password: user.password,
    timeoutMs: 5000,
  });
}

export function message(
  key: string,
  options: { date?: string; context?: string; subject?: string } = {},
): Buffer {
  return Buffer.from(
    [
      `From: <tel:+15550001>`,
      `To: <tel:+15550002>`,
      `Subject: ${options.subject ?? `about ${key}`}`,
      `Date: ${options.date ?? 'Tue, 01 Jul 2025 10:00:00 +0000'}`,
      `IMDN-Message-ID: ${key}`,
      `Message-Direction: received`,
      ...(options.context ? [`Message-Context: ${options.context}`] : []),
      'Content-Type: text/plain',
      '',
      `body of ${key}`,
      '',
    ].join('\r\n'),
  );
}

/** A folder as the front end answers it (GET folders/{id}, folder search). */
export interface FolderJson {
  resourceURL: string;
  path: string;
  name: string;
  parentFolder?: string;
  lastModSeq: number;
  attributes: { attribute: Array<{ name: string; value: string[] }> };
  subFolders: { folderReference: Array<{ resourceURL: string; path: string }> };
  objects: { objectReference: Array<{ resourceURL: string; path: string }> };
  cursor?: string;
}

/** Objects of the box from a search: `{resourceURL, correlationId, ...}`. */
export interface ObjectJson {
  resourceURL: string;
  path: string;
  parentFolder: string;
  payloadURL: string;
  lastModSeq: number;
  correlationId: string;
  flags: { flag: string[] };
  attributes: { attribute: Array<{ name: string; value: string[] }> };
  payloadPart: Array<{ href: string; contentType: string; size: number }>;
}

export async function search(
  http: NmsHttp,
  selection: Record<string, unknown> = {},
): Promise<{ object: ObjectJson[]; cursor?: string; creationCursor?: string }> {
  const body = await http.json<{
    objectList: { object: ObjectJson[]; cursor?: string; creationCursor?: string };
  }>('POST', 'objects/operations/search', {
    json: { selectionCriteria: { maxEntries: 100, ...selection } },
  });
  return body.objectList;
}

/** Every object, following cursors `maxEntries` at a time; `between` runs after each page. */
export async function walk(
  http: NmsHttp,
  maxEntries: number,
  between: (page: number) => void = () => {},
): Promise<ObjectJson[]> {
  const all: ObjectJson[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const list = await search(http, { maxEntries, ...(cursor ? { fromCursor: cursor } : {}) });
    all.push(...list.object);
    cursor = list.cursor;
    if (!cursor) return all;
    between(page);
  }
  throw new Error('walk did not end');
}

export function idOf(url: string): string {
  return url.slice(url.lastIndexOf('/') + 1);
}

export function requestErrorId(json: unknown): string | undefined {
  const root = (json as { requestError?: Record<string, { messageId?: string }> }).requestError;
  return root?.serviceException?.messageId ?? root?.policyException?.messageId;
}

export const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One request on a fresh socket, the path sent exactly as written (fetch would normalise it). */
export function rawRequest(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string | Buffer,
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

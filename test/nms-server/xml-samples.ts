/**
 * One JSON body of every NMS shape the front end reads or writes (built with the real
 * shape builders where there is one), for the XML round-trip tests; and a loopback
 * notifyURL that keeps each posted body with its Content-Type.
 */
import { createServer, type Server } from 'node:http';
import type {
  FolderRecord,
  ObjectRecord,
  SubscriptionRecord,
} from '../../src/bindings/nms/server/backend.ts';
import * as events from '../../src/bindings/nms/server/event-shapes.ts';
import { BoxShapes } from '../../src/bindings/nms/server/json-shapes.ts';
import { requestErrorBody, NmsFault } from '../../src/bindings/nms/server/request-error.ts';

const shapes = new BoxShapes('http://nms.test/nms/v1/cpmct/alice');

const folder = (id: string, path: string, parentId?: string): FolderRecord => ({
  id,
  kind: id === 'root' ? 'root' : 'model',
  path,
  name: path.split('/').pop() ?? '',
  ...(parentId ? { parentId } : {}),
  lastModSeq: 3n,
  order: [1],
});

const object = (flags: string[], parts: number): ObjectRecord => ({
  id: 'f1-1000-7',
  folderId: 'f1',
  folderPath: '/INBOX',
  flags,
  lastModSeq: 42n,
  correlationId: '12345',
  contentId: 'c 1',
  date: new Date(0),
  attributes: [
    { name: 'Subject', value: [' spaced & <escaped> '] },
    { name: 'To', value: ['a', 'b'] },
    { name: 'Empty', value: [] },
  ],
  parts: Array.from({ length: parts }, (_, i) => ({
    contentType: 'text/plain',
    body: Buffer.alloc(i + 3),
  })),
  size: 10,
  created: 1n,
  order: [1, 7],
});

const root = folder('root', '/');
const inbox = folder('f1', '/INBOX', 'root');
const one = object(['\\Seen'], 1);
const bare = object([], 2);
const criteria = {
  criterion: [
    { type: 'Date', value: 'minDate=2013-11-11T09:30:10Z' },
    { type: 'Attribute', name: 'Message-Context', value: 'pager-message' },
    { type: 'CreatedObjects', value: '' },
  ],
  operator: 'And',
};
const subscription: SubscriptionRecord = {
  id: 's1',
  notifyURL: 'http://127.0.0.1:9/n',
  callbackData: 'cb',
  filter: { criterion: [{ type: 'Flag', name: '\\Seen', value: 'true' }], operator: 'Not' },
  duration: 600,
  index: 1,
  restartToken: 't4',
};

/** name → a JSON body with exactly one root key. */
export const SAMPLES: Record<string, Record<string, unknown>> = {
  object: { object: shapes.object(one) },
  'object without flags': { object: shapes.object(bare) },
  objectList: { objectList: { object: [shapes.object(one), shapes.object(bare)], cursor: 'x' } },
  'empty objectList': { objectList: { object: [], creationCursor: 'c0' } },
  folder: { folder: shapes.folder(root, [inbox], [one], 'k') },
  'empty folder': { folder: shapes.folder(inbox, [], []) },
  folderList: { folderList: { folder: [shapes.folder(root, [inbox], [])] } },
  reference: { reference: shapes.objectReference(one) },
  objectReferenceList: { objectReferenceList: { objectReference: [{ resourceURL: 'u' }] } },
  flagList: { flagList: shapes.flags(one) },
  folderName: { folderName: 'renamed & co' },
  pathList: { pathList: { path: ['/INBOX/f1-1000-7'] } },
  selectionCriteria: {
    selectionCriteria: {
      maxEntries: 50,
      fromCursor: 'abc',
      searchScope: { resourceURL: shapes.folderUrl('f1') },
      nonRecursiveScope: true,
      searchCriteria: criteria,
      sortCriteria: { criterion: [{ type: 'Date', order: 'Ascending' }] },
    },
  },
  targetSourceRef: {
    targetSourceRef: {
      targetRef: shapes.folderUrl('f1'),
      sourceRefs: { objects: { objectReference: [{ resourceURL: 'u1' }, { resourceURL: 'u2' }] } },
    },
  },
  bulkResponseList: {
    bulkResponseList: {
      response: [
        { code: 201, reason: 'Created', success: shapes.objectReference(one) },
        {
          code: 404,
          reason: 'Not Found',
          failure: requestErrorBody(new NmsFault(404, 'SVC0004', ['u'])),
        },
      ],
    },
  },
  nmsSubscription: { nmsSubscription: shapes.subscription(subscription) },
  nmsSubscriptionList: {
    nmsSubscriptionList: { subscription: [shapes.subscription(subscription)], resourceURL: 'u' },
  },
  'empty nmsSubscriptionList': { nmsSubscriptionList: { subscription: [], resourceURL: 'u' } },
  nmsSubscriptionUpdate: { nmsSubscriptionUpdate: { restartToken: 't1', duration: 0 } },
  nmsEventList: {
    nmsEventList: {
      nmsEvent: [
        events.changedObjectEvent(shapes, { ...one, flags: [] }),
        events.changedObjectEvent(shapes, one),
        events.removedObjectEvent(shapes, 'deletedObject', one),
        events.removedObjectEvent(shapes, 'expiredObject', one),
        events.changedFolderEvent(shapes, inbox),
        events.deletedFolderEvent(shapes, 'f2', 9n),
        events.resetBoxEvent(),
      ],
      callbackData: 'abcd',
      index: 1,
      restartToken: 't7',
      link: [{ rel: 'NmsSubscription', href: shapes.subscriptionUrl('s1') }],
    },
  },
  requestError: requestErrorBody(new NmsFault(400, 'SVC0002', ['maxEntries'])) as Record<
    string,
    unknown
  >,
  'requestError without variables': requestErrorBody(new NmsFault(403, 'POL0001')) as Record<
    string,
    unknown
  >,
};

export interface Posted {
  contentType: string;
  text: string;
}

/** A notifyURL that answers 204 and keeps every body posted to it. */
export async function startXmlReceiver(): Promise<{
  url: string;
  posted: Posted[];
  settle(count: number, ms?: number): Promise<Posted[]>;
  stop(): Promise<void>;
}> {
  const posted: Posted[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      posted.push({
        contentType: req.headers['content-type'] ?? '',
        text: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}/notify`,
    posted,
    async settle(count, ms = 3000) {
      const deadline = Date.now() + ms;
      while (posted.length < count && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
      return posted;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Seeded hostile requests to every NMS route: random methods, ids, JSON fragments of the
 * right and the wrong shape, and garbage. No answer may be a server failure (5xx), every
 * refusal with a body carries a requestError, and the front end keeps serving.
 */
import { expect } from 'chai';
import { faker } from '@faker-js/faker';
import { requestErrorOf } from '../../src/bindings/nms/client/http.ts';
import { ANY, message, startHarness, type Harness } from './helpers.ts';

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];
/** Each route with the method it serves; a fifth of the requests use a random method. */
const ROUTES: Array<[string, string]> = [
  ['POST', 'objects'],
  ['GET', 'objects/{id}'],
  ['DELETE', 'objects/{id}'],
  ['PUT', 'objects/{id}/flags'],
  ['PUT', 'objects/{id}/flags/{flag}'],
  ['DELETE', 'objects/{id}/flags/{flag}'],
  ['GET', 'objects/{id}/payload'],
  ['GET', 'objects/{id}/payloadParts/{n}'],
  ['POST', 'objects/operations/search'],
  ['GET', 'objects/operations/pathToId?path={path}'],
  ['POST', 'folders'],
  ['GET', 'folders/{folder}'],
  ['DELETE', 'folders/{folder}'],
  ['PUT', 'folders/{folder}/folderName'],
  ['POST', 'folders/operations/search'],
  ['GET', 'folders/operations/pathToId?path={path}'],
  ['POST', 'folders/operations/copyToFolder'],
  ['POST', 'folders/operations/moveToFolder'],
  ['POST', 'subscriptions'],
  ['POST', 'subscriptions/{sub}'],
  ['GET', 'payloads/{content}'],
];
const ROOTS = [
  'selectionCriteria',
  'folder',
  'object',
  'flagList',
  'folderName',
  'targetSourceRef',
  'nmsSubscription',
  'nmsSubscriptionUpdate',
];

function hostileValue(depth = 0): unknown {
  const pick = faker.number.int({ min: 0, max: depth > 2 ? 4 : 7 });
  switch (pick) {
    case 0:
      return faker.number.int({ min: -5, max: 2 ** 40 });
    case 1:
      return faker.helpers.arrayElement([
        '',
        '..',
        '../../bob',
        '%2F',
        '\\Seen',
        'f1-1000-1',
        'http://127.0.0.1:1/x',
        'minDate=xx',
      ]);
    case 2:
      return null;
    case 3:
      return faker.datatype.boolean();
    case 4:
      return faker.string.sample({ min: 0, max: 40 });
    case 5:
      return Array.from({ length: faker.number.int({ min: 0, max: 3 }) }, () =>
        hostileValue(depth + 1),
      );
    default: {
      const keys = [
        'maxEntries',
        'fromCursor',
        'searchCriteria',
        'criterion',
        'type',
        'name',
        'value',
        'operator',
        'searchScope',
        'resourceURL',
        'parentFolder',
        'parentFolderPath',
        'flag',
        'callbackReference',
        'notifyURL',
        'restartToken',
        'duration',
        'targetRef',
        'sourceRefs',
        'objectReference',
      ];
      return Object.fromEntries(
        faker.helpers
          .arrayElements(keys, { min: 0, max: 4 })
          .map((k) => [k, hostileValue(depth + 1)]),
      );
    }
  }
}

function hostileBody(): string | undefined {
  const kind = faker.number.int({ min: 0, max: 3 });
  if (kind === 0) return undefined;
  if (kind === 1) return faker.string.sample({ min: 1, max: 200 });
  if (kind === 2) return JSON.stringify(hostileValue());
  return JSON.stringify({ [faker.helpers.arrayElement(ROOTS)]: hostileValue() });
}

describe('NMS front end: fuzzing with seeded hostile requests', function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => {
    h = await startHarness();
    h.store.createFolder('Default/c1');
    h.store.append('Default/c1', message('fz-1'));
  });
  after(() => h.server.stop());

  it('600 requests: never a 5xx, every refusal with a body is a requestError, still serving after', async () => {
    faker.seed(20261206);
    const ids = [
      'f1-1000-1',
      'f2-1001-1',
      '..%2F..%2Fbob',
      'operations',
      'f1-1000-1%2F..',
      'x'.repeat(300),
      '%00',
    ];
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (let i = 0; i < 600; i++) {
      const [served, route] = faker.helpers.arrayElement(ROUTES);
      const path = route
        .replace('{id}', faker.helpers.arrayElement(ids))
        .replace('{flag}', faker.helpers.arrayElement(['%5CSeen', 'junk', '%5C', '..']))
        .replace('{n}', faker.helpers.arrayElement(['1', '0', '-1', '99', 'x']))
        .replace(
          '{path}',
          encodeURIComponent(faker.helpers.arrayElement(['/Default/c1', '/../..', '', '/x/y'])),
        )
        .replace(
          '{folder}',
          faker.helpers.arrayElement(['root', 'f1', 'f2', 'v1', 'f99', '..', 'operations']),
        )
        .replace('{sub}', faker.helpers.arrayElement(['s1', 's999', '..']))
        .replace('{content}', faker.helpers.arrayElement(['C1', 'C999', '..%2F..']));
      const method = faker.number.int(4) === 0 ? faker.helpers.arrayElement(METHODS) : served;
      const body = method === 'GET' ? undefined : hostileBody();
      const answer = await h.alice.request(method, path, {
        ...ANY,
        ...(body !== undefined ? { body, contentType: 'application/json' } : {}),
      });
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      const where = `${method} ${path} ${body?.slice(0, 60) ?? ''}`;
      if (answer.status >= 500) failures.push(`${where} -> ${answer.status}`);
      if (answer.status >= 400 && answer.body.length > 0 && !requestErrorOf(answer.json))
        failures.push(
          `${where} -> ${answer.status} without requestError: ${answer.body.toString('utf8').slice(0, 80)}`,
        );
    }
    expect(failures).to.deep.equal([]);
    // The requests reach the handlers, not only the router: some succeed, some are refused.
    const ok = [...statuses].filter(([s]) => s < 300).reduce((n, [, c]) => n + c, 0);
    expect(ok, JSON.stringify([...statuses])).to.be.greaterThan(5);
    expect(statuses.get(400) ?? 0).to.be.greaterThan(50);
    const after = await h.alice.request('GET', 'folders/root');
    expect(after.status).to.equal(200);
  });
});

/**
 * The NMS store the harness plays for client conformance, driven by raw fetch as a client
 * (or a hostile one) would: each request is one trace entry attributed by the secret the
 * device was told, credentials never kept; the controls a case arms act once; bad input gets
 * the spec's errors, recorded, and the store keeps answering.
 */
import { expect } from 'chai';
import {
  startNmsClientStore,
  UNKNOWN_PARTY,
  type NmsClientStore,
} from '../../simulators/server/nms/nms-client-store.ts';
import { STORE_ACTOR } from '../../src/engine/trace.ts';

const USERS = [
  { name: 'alice', password: 'alicepass' },
  { name: 'bob', password: 'bobpass' },
];

const basic = (user: string, secret: string) =>
  `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;

describe('e2e: the NMS store of client conformance', function () {
  this.timeout(20_000);
  let store: NmsClientStore;
  let phone: string;
  let tablet: string;

  beforeEach(async () => {
    store = await startNmsClientStore({ users: USERS });
    phone = basic('alice', store.deviceSecret('alice', 'phone'));
    tablet = basic('alice', store.deviceSecret('alice', 'tablet'));
  });
  afterEach(() => store.stop());

  const call = (
    auth: string | undefined,
    method: string,
    sub: string,
    body?: string,
    user = 'alice',
  ) =>
    fetch(`${store.boxRoot(user)}${sub}`, {
      method,
      headers: {
        accept: 'application/json',
        ...(auth ? { authorization: auth } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body } : {}),
    });
  const search = (
    auth: string | undefined,
    criteria: Record<string, unknown> = { maxEntries: 100 },
  ) =>
    call(
      auth,
      'POST',
      '/folders/operations/search',
      JSON.stringify({ selectionCriteria: criteria }),
    );

  it('attributes each request to the device whose secret it carries; the password is the store actor', async () => {
    for (const auth of [phone, tablet, basic('alice', 'alicepass'), undefined])
      await (await search(auth)).arrayBuffer();
    expect(store.trace.map((e) => [e.connection, e.http?.status])).to.deep.equal([
      ['phone', 200],
      ['tablet', 200],
      [STORE_ACTOR, 200],
      [UNKNOWN_PARTY, 401],
    ]);
    expect(store.trace[0]!.line).to.match(
      /^POST \/nms\/v1\/cpmct\/alice\/folders\/operations\/search -> 200$/,
    );
    expect(store.trace[0]!.http!.requestBytes).to.be.greaterThan(0);
    expect(store.trace[0]!.http!.responseBytes).to.be.greaterThan(0);
    expect(JSON.stringify(store.trace)).to.not.contain('alicepass');
  });

  it("a device's secret opens its own user's box only", async () => {
    const other = await call(
      phone,
      'POST',
      '/folders/operations/search',
      '{"selectionCriteria":{"maxEntries":9}}',
      'bob',
    );
    expect(other.status).to.equal(403);
    const wrongUser = await search(basic('bob', store.deviceSecret('alice', 'phone')));
    expect(wrongUser.status).to.equal(401);
  });

  it('refuse-next answers the next client request once, with Retry-After; the store actor passes', async () => {
    store.control('alice', { kind: 'refuse-next', status: 503, retryAfterS: 2 });
    expect((await search(basic('alice', 'alicepass'))).status).to.equal(200);
    const refused = await search(phone);
    expect(refused.status).to.equal(503);
    expect(refused.headers.get('retry-after')).to.equal('2');
    expect((await search(phone)).status).to.equal(200);
    expect(store.trace.filter((e) => e.http?.retryAfter === '2')).to.have.length(1);
  });

  it('page-size caps every search at that many entries and notes the next cursor', async () => {
    for (const name of ['a', 'b', 'c'])
      await call(
        phone,
        'POST',
        '/folders',
        JSON.stringify({ folder: { name, parentFolderPath: '/' } }),
      );
    store.control('alice', { kind: 'page-size', size: 1 });
    const answer = (await (await search(phone, { maxEntries: 50 })).json()) as {
      folderList: { folder: unknown[]; cursor?: string };
    };
    expect(answer.folderList.folder).to.have.length(1);
    expect(store.trace.at(-1)!.http!.nextCursor).to.equal(answer.folderList.cursor);
    store.resetControls();
    const all = (await (await search(phone, { maxEntries: 50 })).json()) as {
      folderList: { folder: unknown[] };
    };
    expect(all.folderList.folder.length).to.be.greaterThan(1);
  });

  it('expire-restart-tokens refuses the tokens handed out so far, 400 SVC0002, and only those', async () => {
    const created = (await (
      await call(
        phone,
        'POST',
        '/subscriptions',
        JSON.stringify({
          nmsSubscription: { callbackReference: { notifyURL: 'http://127.0.0.1:9/cb' } },
        }),
      )
    ).json()) as { nmsSubscription: { resourceURL: string; restartToken: string } };
    const { resourceURL, restartToken } = created.nmsSubscription;
    store.control('alice', { kind: 'expire-restart-tokens' });
    const update = (token: string) =>
      fetch(resourceURL, {
        method: 'POST',
        headers: {
          authorization: phone,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify({ nmsSubscriptionUpdate: { restartToken: token } }),
      });
    const refused = await update(restartToken);
    expect(refused.status).to.equal(400);
    expect(JSON.stringify(await refused.json())).to.contain('SVC0002');
    await call(
      phone,
      'POST',
      '/folders',
      JSON.stringify({ folder: { name: 'later', parentFolderPath: '/' } }),
    );
    const fresh = (await (
      await call(phone, 'GET', `/subscriptions/${resourceURL.split('/').at(-1)}`)
    ).json()) as {
      nmsSubscription: { restartToken: string };
    };
    expect((await update(fresh.nmsSubscription.restartToken)).status).to.equal(200);
  });

  it('bad input (malformed JSON and XML, unknown ids, a flood) gets the spec errors, recorded, and the store answers on', async () => {
    const statuses: number[] = [];
    statuses.push(
      (await call(phone, 'POST', '/folders/operations/search', '{"selectionCriteria":')).status,
    );
    const xml = await fetch(`${store.boxRoot('alice')}/folders/operations/search`, {
      method: 'POST',
      headers: { authorization: phone, 'content-type': 'application/xml' },
      body: '<selectionCriteria><maxEntries>1</maxEntries>',
    });
    statuses.push(xml.status);
    statuses.push((await call(phone, 'GET', '/objects/f999-1-1')).status);
    statuses.push((await call(phone, 'DELETE', '/folders/nope')).status);
    expect(statuses).to.deep.equal([400, 400, 404, 404]);
    const flood = await Promise.all(Array.from({ length: 60 }, () => search(phone)));
    expect(flood.every((r) => r.status === 200)).to.equal(true);
    await Promise.all(flood.map((r) => r.arrayBuffer()));
    expect(store.trace.filter((e) => e.connection === 'phone')).to.have.length(64);
    expect(store.trace.slice(0, 4).map((e) => e.http?.status)).to.deep.equal(statuses);
    expect((await search(phone)).status).to.equal(200);
  });
});

import { expect } from 'chai';
import { getResponse } from 'msw';
import { createNmsHandlers } from '../../src/bindings/nms/server/index.ts';
import { SimulatorBackend } from '../../simulators/server/nms/index.ts';
import { NmsHttp } from '../../src/bindings/nms/client/http.ts';
import {
  ALICE,
  ANY,
  BOB,
  basic,
  client,
  message,
  rawRequest,
  requestErrorId,
  startHarness,
  type Harness,
} from './helpers.ts';

describe('NMS front end: authentication, isolation and errors', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    h.store.append('INBOX', message('k1'));
    h.server.stores.get('bob')!.append('INBOX', message('b1'));
  });
  afterEach(() => h.server.stop());

  it('answers 401 + WWW-Authenticate + requestError without or with wrong credentials', async () => {
    const anonymous = await h.alice.request('GET', 'folders/root', { anonymous: true, ...ANY });
    expect(anonymous.status).to.equal(401);
    expect(anonymous.headers.get('www-authenticate')).to.equal('Basic realm="cpmct"');
    expect(requestErrorId(anonymous.json)).to.be.a('string');
    const wrong = new NmsHttp({ root: h.server.baseUrl('alice'), user: 'alice', password: 'nope' });
    expect((await wrong.request('GET', 'folders/root', ANY)).status).to.equal(401);
  });

  it("accepts a Bearer token equal to the box owner password, not another user's", async () => {
    const res = await h.alice.request('GET', 'folders/root', {
      anonymous: true,
      headers: { authorization: `Bearer ${ALICE.password}` },
    });
    expect(res.status).to.equal(200);
    const other = await h.alice.request('GET', 'folders/root', {
      anonymous: true,
      headers: { authorization: `Bearer ${BOB.password}` },
      ...ANY,
    });
    expect(other.status).to.equal(401);
  });

  it("answers 403 POL0001 to one user's credentials on another user's box", async () => {
    const aliceOnBob = client(h.server, ALICE, 'bob');
    for (const path of ['folders/root', 'objects/f1-1000-1', 'payloads/C1']) {
      const res = await aliceOnBob.request('GET', path, ANY);
      expect(res.status, path).to.equal(403);
      expect(requestErrorId(res.json)).to.equal('POL0001');
      expect(res.body.toString()).not.to.contain('b1');
    }
  });

  it('path traversal ids never reach a file or another box', async () => {
    const auth = { authorization: basic(ALICE.name, ALICE.password) };
    const root = '/nms/v1/cpmct/alice';
    for (const path of [
      `${root}/objects/..%2F..%2Fbob%2Fobjects%2Ff1-1000-1`,
      `${root}/objects/f1-1000-1/../`,
      `${root}/objects/f1-1000-1/..%2F..%2F..%2Fbob`,
      `${root}/folders/..%2Fbob`,
      `${root}/payloads/..%2F..%2Fetc%2Fpasswd`,
      `${root}/../bob/objects/f1-1000-1`,
      `${root}/objects/operations`,
    ]) {
      const res = await rawRequest(h.server.port, 'GET', path, auth);
      expect([400, 403, 404, 405], path).to.include(res.status);
      expect(res.body, path).not.to.contain('b1');
      expect(res.body, path).not.to.contain('root:');
    }
  });

  it('answers 413 to a body over 1 MiB', async () => {
    const huge = Buffer.alloc(1024 * 1024 + 10, 0x61);
    const res = await h.alice.request('POST', 'objects/operations/search', {
      body: huge,
      contentType: 'application/json',
      ...ANY,
    });
    expect(res.status).to.equal(413);
    expect(requestErrorId(res.json)).to.equal('SVC0002');
  });

  it('answers 400 SVC0002 to malformed JSON and to wrong types', async () => {
    const malformed = await h.alice.request('POST', 'folders', {
      body: '{"folder": ',
      contentType: 'application/json',
      ...ANY,
    });
    expect(malformed.status).to.equal(400);
    expect(requestErrorId(malformed.json)).to.equal('SVC0002');
    const wrongType = await h.alice.request('POST', 'folders', { json: { folder: [] }, ...ANY });
    expect(wrongType.status).to.equal(400);
    const notifyType = await h.alice.request('POST', 'subscriptions', {
      json: { nmsSubscription: { callbackReference: { notifyURL: 42 } } },
      ...ANY,
    });
    expect(notifyType.status).to.equal(400);
  });

  it('answers 405 with Allow to an unsupported method on a known resource', async () => {
    const patch = await h.alice.request('PATCH', 'objects/f1-1000-1', ANY);
    expect(patch.status).to.equal(405);
    expect(patch.headers.get('allow')).to.equal('GET, DELETE');
    const getSearch = await h.alice.request('GET', 'objects/operations/search', ANY);
    expect(getSearch.status).to.equal(405);
    expect(getSearch.headers.get('allow')).to.equal('POST');
  });

  it('answers 404 SVC0004 to an unknown resource path', async () => {
    const res = await h.alice.request('GET', 'nothing/here', ANY);
    expect(res.status).to.equal(404);
    expect(requestErrorId(res.json)).to.equal('SVC0004');
  });

  it('a handler that throws answers 500 SVC0001 and the server keeps serving', async () => {
    const backend = new SimulatorBackend({ users: [ALICE], origin: 'http://nms.test' });
    backend.folders = () => {
      throw new Error('boom');
    };
    const handlers = createNmsHandlers(backend, { origin: 'http://nms.test' });
    const headers = { authorization: basic(ALICE.name, ALICE.password) };
    const url = 'http://nms.test/nms/v1/cpmct/alice/folders/operations/search';
    const res = await getResponse(
      handlers,
      new Request(url, { method: 'POST', headers, body: '{"selectionCriteria":{"maxEntries":5}}' }),
    );
    expect(res?.status).to.equal(500);
    expect(requestErrorId(await res?.json())).to.equal('SVC0001');
    const after = await getResponse(
      handlers,
      new Request('http://nms.test/nms/v1/cpmct/alice/folders/f1/folderName', { headers }),
    );
    expect(after?.status).to.equal(200);
    await backend.stop();
  });
});

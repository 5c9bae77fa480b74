/**
 * Hostile requests to the NMS front end over a real socket (issue 11, section 3): XML with
 * a DOCTYPE, prototype-named elements or keys, bodies nested far too deep, another user's
 * password as a token, requests fetch cannot carry. Each is the client's error: `400`
 * (or `401`/`405`) with a `requestError` body, never `500` with a parser's text.
 */
import { expect } from 'chai';
import { MAX_JSON_DEPTH } from '../../src/bindings/nms/server/json-guard.ts';
import { COMMON_NAMESPACE, fromXml, xmlRoot } from '../../src/bindings/nms/xml.ts';
import { MAX_XML_DEPTH, xmlRefusal } from '../../src/bindings/nms/xml-guard.ts';
import {
  ALICE,
  BOB,
  basic,
  message,
  rawRequest,
  startHarness,
  type Harness,
  type RawAnswer,
} from './helpers.ts';

const SEARCH = 'objects/operations/search';
const XML = 'application/xml';
const JSON_TYPE = 'application/json';

/** The serviceException/policyException of a requestError answer, in JSON or XML. */
function requestError(answer: RawAnswer): { messageId: string; variables: string } {
  const xml = String(answer.headers['content-type']).startsWith(XML);
  if (xml)
    expect(xmlRoot(answer.body)).to.deep.equal({
      name: 'requestError',
      namespace: COMMON_NAMESPACE,
    });
  const parsed = (xml ? fromXml(answer.body) : JSON.parse(answer.body)) as {
    requestError?: Record<string, { messageId?: unknown; variables?: unknown }>;
  };
  const exception = parsed.requestError?.serviceException ?? parsed.requestError?.policyException;
  expect(exception, answer.body).to.be.an('object');
  expect(exception?.messageId).to.be.a('string');
  return {
    messageId: String(exception?.messageId),
    variables: ([] as unknown[]).concat(exception?.variables ?? []).join(' '),
  };
}

const nestedXml = (depth: number) => '<x>'.repeat(depth) + '</x>'.repeat(depth);
const nestedJson = (depth: number) => '{"x":'.repeat(depth) + '1' + '}'.repeat(depth);

describe('NMS front end: hostile request bodies and credentials', () => {
  let h: Harness;
  let post: (path: string, body: string, type: string) => Promise<RawAnswer>;

  beforeEach(async () => {
    h = await startHarness();
    h.store.append('INBOX', message('k1'));
    const root = new URL(h.server.baseUrl(ALICE.name)).pathname;
    post = (path, body, type) =>
      rawRequest(
        h.server.port,
        'POST',
        `${root}/${path}`,
        {
          authorization: basic(ALICE.name, ALICE.password),
          'content-type': type,
        },
        body,
      );
  });
  afterEach(() => h.server.stop());

  /** A 400 SVC0002 answer in the request's format whose variables say `why`. */
  function expectRefused(answer: RawAnswer, format: string, why: RegExp): void {
    expect(answer.status, answer.body).to.equal(400);
    expect(String(answer.headers['content-type'])).to.match(new RegExp(`^${format}`));
    const error = requestError(answer);
    expect(error.messageId).to.equal('SVC0002');
    expect(error.variables).to.match(why);
  }

  it('refuses a DOCTYPE with an external entity, reading nothing it names', async () => {
    const body = `<?xml version="1.0"?>
      <!DOCTYPE s [<!ENTITY e SYSTEM "file:///etc/passwd">]>
      <selectionCriteria><maxEntries>&e;</maxEntries></selectionCriteria>`;
    const answer = await post(SEARCH, body, XML);
    expectRefused(answer, XML, /DOCTYPE/);
    expect(answer.body).not.to.contain('root:');
  });

  it('refuses entity expansion before anything is expanded', async () => {
    const levels = ['<!ENTITY a0 "ha">'];
    for (let i = 1; i < 10; i++) levels.push(`<!ENTITY a${i} "${`&a${i - 1};`.repeat(10)}">`);
    const body = `<!DOCTYPE s [${levels.join('')}]><selectionCriteria><maxEntries>&a9;</maxEntries></selectionCriteria>`;
    const answer = await post(SEARCH, body, XML);
    expectRefused(answer, XML, /DOCTYPE/);
    expect(answer.body.length).to.be.below(1000);
  });

  it('refuses elements named like prototype properties; Object.prototype stays clean', async () => {
    for (const name of ['__proto__', 'constructor', 'prototype', 'nms:__proto__']) {
      const body = `<selectionCriteria><${name}><polluted>yes</polluted></${name}></selectionCriteria>`;
      expectRefused(await post(SEARCH, body, XML), XML, new RegExp(name.replace('nms:', '')));
      const root = `<${name}><maxEntries>1</maxEntries></${name}>`;
      expectRefused(await post(SEARCH, root, XML), XML, /reserved/);
    }
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });

  it(`refuses 100,000 nested tags at the depth bound (${MAX_XML_DEPTH}); that depth is served`, async () => {
    const criteria = (inner: string) =>
      `<selectionCriteria><maxEntries>1</maxEntries>${inner}</selectionCriteria>`;
    const deep = await post(SEARCH, criteria(nestedXml(100_000)), XML);
    expectRefused(deep, XML, new RegExp(`deeper than ${MAX_XML_DEPTH}`));
    const atBound = await post(SEARCH, criteria(nestedXml(MAX_XML_DEPTH - 1)), XML);
    expect(atBound.status, atBound.body).to.equal(200);
    const overBound = await post(SEARCH, criteria(nestedXml(MAX_XML_DEPTH)), XML);
    expectRefused(overBound, XML, /deeper/);
  });

  it('refuses __proto__ and constructor keys in JSON; Object.prototype stays clean', async () => {
    for (const body of [
      '{"selectionCriteria":{"maxEntries":1,"__proto__":{"polluted":"yes"}}}',
      '{"__proto__":{"polluted":"yes"},"selectionCriteria":{"maxEntries":1}}',
      '{"selectionCriteria":{"maxEntries":1,"constructor":{"prototype":{"polluted":"yes"}}}}',
    ])
      expectRefused(await post(SEARCH, body, JSON_TYPE), JSON_TYPE, /reserved/);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });

  it('refuses reserved JSON keys on every path that reads a JSON body', async () => {
    const root = new URL(h.server.baseUrl(ALICE.name)).pathname;
    const auth = basic(ALICE.name, ALICE.password);
    const hostile = '"__proto__":{"polluted":"yes"}';
    const put = (path: string, body: string) =>
      rawRequest(
        h.server.port,
        'PUT',
        `${root}/${path}`,
        { authorization: auth, 'content-type': JSON_TYPE },
        body,
      );
    const form = new FormData();
    form.set('root-fields', `{"object":{"parentFolder":"x",${hostile}}}`);
    form.set('attachments', new Blob([new Uint8Array(message('k2'))], { type: 'message/cpim' }));
    const multipart = new Response(form);
    const multipartBody = Buffer.from(await multipart.arrayBuffer());
    const answers = [
      await post('folders', `{"folder":{"name":"n",${hostile}}}`, JSON_TYPE),
      await post('subscriptions', `{"nmsSubscription":{${hostile}}}`, JSON_TYPE),
      await put('folders/f1/folderName', `{"folderName":"n",${hostile}}`),
      await put('objects/f1-1000-1/flags/%5CSeen', `{${hostile}}`),
      await rawRequest(
        h.server.port,
        'POST',
        `${root}/objects`,
        {
          authorization: auth,
          'content-type': multipart.headers.get('content-type') ?? '',
        },
        multipartBody,
      ),
    ];
    for (const answer of answers) expectRefused(answer, JSON_TYPE, /__proto__ is reserved/);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });

  it(`refuses JSON nested 100,000 deep at the depth bound (${MAX_JSON_DEPTH}); that depth is served`, async () => {
    const criteria = (inner: string) => `{"selectionCriteria":{"maxEntries":1,"x":${inner}}}`;
    const arrays = '['.repeat(100_000) + ']'.repeat(100_000);
    for (const inner of [arrays, nestedJson(100_000)])
      expectRefused(await post(SEARCH, criteria(inner), JSON_TYPE), JSON_TYPE, /deeper/);
    // the two levels around `inner` count too
    const atBound = await post(SEARCH, criteria(nestedJson(MAX_JSON_DEPTH - 2)), JSON_TYPE);
    expect(atBound.status, atBound.body).to.equal(200);
    const overBound = await post(SEARCH, criteria(nestedJson(MAX_JSON_DEPTH - 1)), JSON_TYPE);
    expectRefused(overBound, JSON_TYPE, new RegExp(`deeper than ${MAX_JSON_DEPTH}`));
  });

  it("answers another user's password as a bearer token or Basic password 401, as any wrong one", async () => {
    const path = `${new URL(h.server.baseUrl(ALICE.name)).pathname}/folders/root`;
    const get = (authorization: string) =>
      rawRequest(h.server.port, 'GET', path, { authorization });
    const wrong = await get('Bearer not-a-password');
    expect(wrong.status).to.equal(401);
    for (const authorization of [
      `Bearer ${BOB.password}`,
      basic(ALICE.name, BOB.password),
      basic(ALICE.name, 'not-a-password'),
    ]) {
      const answer = await get(authorization);
      expect(answer.status, authorization).to.equal(401);
      expect(answer.headers['www-authenticate']).to.equal(wrong.headers['www-authenticate']);
      expect(answer.body).to.equal(wrong.body);
      expect(requestError(answer).messageId).to.equal('POL0001');
    }
    expect((await get(`Bearer ${ALICE.password}`)).status).to.equal(200);
  });

  it('answers requests fetch cannot carry as the client errors they are', async () => {
    const root = new URL(h.server.baseUrl(ALICE.name)).pathname;
    const auth = { authorization: basic(ALICE.name, ALICE.password) };
    const trace = await rawRequest(h.server.port, 'TRACE', `${root}/folders/root`, auth);
    expect(trace.status).to.equal(405);
    expect(requestError(trace).messageId).to.equal('SVC0002');
    for (const path of [`${root}/folders/%E0%A4%A`, `/nms/v1/cpmct/%E0%A4%A/folders/root`]) {
      const answer = await rawRequest(h.server.port, 'GET', path, auth);
      expect(answer.status, path).to.equal(400);
      expect(requestError(answer).variables).to.match(/percent-encoding/);
    }
  });
});

describe('NMS XML guard (xml-guard.ts)', () => {
  it('skips comments, CDATA, processing instructions and quoted attribute values', () => {
    const text = `<?xml version="1.0"?><!-- <!DOCTYPE x> <__proto__> -->
      <a b="x > y" c='<__proto__>'><![CDATA[<!DOCTYPE x><__proto__>]]><e/><e/></a>`;
    expect(xmlRefusal(text)).to.equal(undefined);
  });

  it('counts open elements only: self-closing and closed siblings do not add depth', () => {
    const siblings = '<a><b/><b></b></a>'.repeat(1000);
    expect(xmlRefusal(`<r>${siblings}</r>`, 3)).to.equal(undefined);
    expect(xmlRefusal(nestedXml(3), 3)).to.equal(undefined);
    expect(xmlRefusal(nestedXml(4), 3)).to.match(/deeper than 3/);
  });
});

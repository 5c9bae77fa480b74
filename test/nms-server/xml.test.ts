import { expect } from 'chai';
import type { NmsResponse } from '../../src/bindings/nms/client/http.ts';
import {
  COMMON_NAMESPACE,
  fromXml,
  NMS_NAMESPACE,
  toXml,
  xmlRoot,
  XmlSyntaxError,
} from '../../src/bindings/nms/xml.ts';
import { ANY, message, startHarness, type Harness } from './helpers.ts';
import { SAMPLES, startXmlReceiver } from './xml-samples.ts';

const XML = { accept: 'application/xml' };

/** An XML answer with `root` in `namespace`; answers its content as JSON. */
function xmlAnswer(res: NmsResponse, root: string, namespace = NMS_NAMESPACE) {
  expect(res.headers.get('content-type')).to.match(/^application\/xml/);
  expect(xmlRoot(res.body.toString('utf8'))).to.deep.equal({ name: root, namespace });
  return fromXml(res.body.toString('utf8'));
}

describe('NMS XML mapping (xml.ts)', () => {
  for (const [name, json] of Object.entries(SAMPLES)) {
    it(`round-trips ${name}`, () => {
      const text = toXml(json);
      const root = Object.keys(json)[0]!;
      expect(xmlRoot(text)).to.deep.equal({
        name: root,
        namespace: root === 'requestError' ? COMMON_NAMESPACE : NMS_NAMESPACE,
      });
      expect(fromXml(text)).to.deep.equal(json);
    });
  }

  it('reads indented XML, default namespaces, one-item repeats, typed leaves', () => {
    const text = `<?xml version="1.0"?>
      <selectionCriteria xmlns="${NMS_NAMESPACE}">
        <maxEntries>5</maxEntries>
        <nonRecursiveScope>false</nonRecursiveScope>
        <searchCriteria>
          <criterion><type>Flag</type><name>\\Seen</name><value>true</value></criterion>
        </searchCriteria>
      </selectionCriteria>`;
    expect(fromXml(text)).to.deep.equal({
      selectionCriteria: {
        maxEntries: 5,
        nonRecursiveScope: false,
        searchCriteria: { criterion: [{ type: 'Flag', name: '\\Seen', value: 'true' }] },
      },
    });
  });

  it('refuses what is not well-formed XML', () => {
    for (const text of ['<a><b></a>', '{"a": 1}', '<a/><b/>', ''])
      expect(() => fromXml(text), text).to.throw(XmlSyntaxError);
  });
});

describe('NMS front end: XML requests and answers', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    h.store.append('INBOX', message('k1'));
  });
  afterEach(() => h.server.stop());

  it('GET an object with Accept XML answers the JSON content in XML', async () => {
    const json = await h.alice.json('GET', 'objects/f1-1000-1');
    const res = await h.alice.request('GET', 'objects/f1-1000-1', { headers: XML });
    expect(xmlAnswer(res, 'object')).to.deep.equal(json);
  });

  it('an XML search is answered in XML with the content of the JSON search', async () => {
    const criteria = { selectionCriteria: { maxEntries: 10 } };
    const json = await h.alice.json('POST', 'objects/operations/search', { json: criteria });
    const res = await h.alice.request('POST', 'objects/operations/search', { xml: criteria });
    expect(xmlAnswer(res, 'objectList')).to.deep.equal(json);
  });

  it('folders: XML create answers an XML reference; GET and search answer XML', async () => {
    const body = { folder: { parentFolderPath: '/', name: 'Work' } };
    const created = await h.alice.request('POST', 'folders', { xml: body, headers: XML });
    expect(created.status).to.equal(201);
    expect(xmlAnswer(created, 'reference')).to.have.nested.property('reference.path', '/Work');
    expect(h.store.hasFolder('Work')).to.equal(true);
    const json = await h.alice.json('GET', 'folders/root');
    expect(
      xmlAnswer(await h.alice.request('GET', 'folders/root', { headers: XML }), 'folder'),
    ).to.deep.equal(json);
    const search = { selectionCriteria: { maxEntries: 10 } };
    const res = await h.alice.request('POST', 'folders/operations/search', { xml: search });
    const listed = await h.alice.json('POST', 'folders/operations/search', { json: search });
    expect(xmlAnswer(res, 'folderList')).to.deep.equal(listed);
  });

  it('subscriptions: XML create answers XML; the event lists are posted in XML', async () => {
    const receiver = await startXmlReceiver();
    try {
      const body = { nmsSubscription: { callbackReference: { notifyURL: receiver.url } } };
      const created = await h.alice.request('POST', 'subscriptions', { xml: body });
      expect(created.status).to.equal(201);
      const sub = xmlAnswer(created, 'nmsSubscription').nmsSubscription as { index: number };
      expect(sub.index).to.equal(1);
      const listed = await h.alice.request('GET', 'subscriptions', { headers: XML });
      expect(xmlAnswer(listed, 'nmsSubscriptionList')).to.have.nested.property(
        'nmsSubscriptionList.subscription.length',
        1,
      );
      h.store.setFlags('INBOX', [1], 'add', ['\\Seen']);
      const [posted] = await receiver.settle(1);
      expect(posted?.contentType).to.match(/^application\/xml/);
      expect(xmlRoot(posted!.text)).to.deep.equal({
        name: 'nmsEventList',
        namespace: NMS_NAMESPACE,
      });
      const list = fromXml(posted!.text).nmsEventList as Record<string, unknown>;
      expect(list.index).to.equal(1);
      expect(list.nmsEvent).to.have.length(1);
      expect(list.link).to.have.length(1);
    } finally {
      await receiver.stop();
    }
  });

  it('a JSON subscription is still notified in JSON', async () => {
    const receiver = await startXmlReceiver();
    try {
      const body = { nmsSubscription: { callbackReference: { notifyURL: receiver.url } } };
      await h.alice.request('POST', 'subscriptions', { json: body });
      h.store.setFlags('INBOX', [1], 'add', ['\\Seen']);
      const [posted] = await receiver.settle(1);
      expect(posted?.contentType).to.equal('application/json');
    } finally {
      await receiver.stop();
    }
  });

  it('errors follow the answer format: requestError in the common namespace', async () => {
    const res = await h.alice.request('GET', 'objects/f1-1000-9', { headers: XML, ...ANY });
    expect(res.status).to.equal(404);
    const body = xmlAnswer(res, 'requestError', COMMON_NAMESPACE);
    expect(body).to.have.nested.property('requestError.serviceException.messageId', 'SVC0004');
    const json = await h.alice.request('GET', 'objects/f1-1000-9', ANY);
    expect(json.headers.get('content-type')).to.match(/json/);
  });

  it('malformed XML is 400 SVC0002, answered in XML', async () => {
    const res = await h.alice.request('POST', 'objects/operations/search', {
      body: '<selectionCriteria><maxEntries>4</maxEntries>',
      contentType: 'application/xml',
      headers: { accept: '*/*' },
      ...ANY,
    });
    expect(res.status).to.equal(400);
    const body = xmlAnswer(res, 'requestError', COMMON_NAMESPACE);
    expect(body).to.have.nested.property('requestError.serviceException.messageId', 'SVC0002');
  });

  it('Accept decides over the body: JSON asked for, JSON answered', async () => {
    const criteria = { selectionCriteria: { maxEntries: 1 } };
    const res = await h.alice.request('POST', 'objects/operations/search', {
      xml: criteria,
      headers: { accept: 'application/json' },
    });
    expect(res.format).to.equal('json');
    const ranked = await h.alice.request('POST', 'objects/operations/search', {
      json: criteria,
      headers: { accept: 'application/json;q=0.5, application/xml' },
    });
    expect(ranked.format).to.equal('xml');
  });
});

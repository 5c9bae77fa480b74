import { expect } from 'chai';
import {
  ANY,
  idOf,
  message,
  search,
  startHarness,
  type Harness,
  type ObjectJson,
} from './helpers.ts';

function createForm(rootFields: unknown, raw: Buffer): FormData {
  const form = new FormData();
  form.append('root-fields', new Blob([JSON.stringify(rootFields)], { type: 'application/json' }));
  form.append('attachments', new Blob([new Uint8Array(raw)], { type: 'message/rfc822' }));
  return form;
}

describe('NMS front end: objects, flags and payloads', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    h.store.append('INBOX', message('k1'), { flags: ['\\Seen'] });
    h.store.append('INBOX', message('k2', { context: 'multimedia-message' }));
  });
  afterEach(() => h.server.stop());

  it('GET an object answers its JSON with attributes, payload and correlation', async () => {
    const [first] = (await search(h.alice)).object;
    const { object } = await h.alice.json<{ object: ObjectJson }>('GET', first!.resourceURL);
    expect(idOf(object.resourceURL)).to.match(/^f1-1000-1$/);
    expect(object.path).to.equal('/INBOX/f1-1000-1');
    expect(object.parentFolder).to.equal(`${h.server.baseUrl('alice')}/folders/f1`);
    expect(object.correlationId).to.equal('k1');
    expect(object.flags.flag).to.deep.equal(['\\Seen']);
    const attr = (name: string) => object.attributes.attribute.find((a) => a.name === name)?.value;
    expect(attr('Date')).to.deep.equal(['2025-07-01T10:00:00.000Z']);
    expect(attr('Message-Context')).to.deep.equal(['pager-message']);
    expect(attr('Direction')).to.deep.equal(['In']);
    expect(attr('IMDN-Message-ID')).to.deep.equal(['k1']);
    expect(attr('Size')).to.deep.equal([String(message('k1').length)]);
    expect(object.payloadURL).to.equal(`${h.server.baseUrl('alice')}/payloads/C1`);
    expect(object.lastModSeq).to.be.a('number');
  });

  it('GET an unknown object answers 404 SVC0004 naming the path', async () => {
    const res = await h.alice.request('GET', 'objects/f1-1000-99', ANY);
    expect(res.status).to.equal(404);
    const json = res.json as {
      requestError: { serviceException: { messageId: string; variables: string[] } };
    };
    expect(json.requestError.serviceException.messageId).to.equal('SVC0004');
    expect(json.requestError.serviceException.variables[0]).to.contain('/objects/f1-1000-99');
  });

  it('POST /objects stores a multipart object and answers 201 + Location + reference', async () => {
    const raw = message('k-new');
    const form = createForm(
      { object: { parentFolderPath: '/INBOX', flags: { flag: ['\\Flagged'] } } },
      raw,
    );
    const res = await h.alice.request('POST', 'objects', { body: form });
    expect(res.status).to.equal(201);
    const ref = (res.json as { reference: { resourceURL: string; path: string } }).reference;
    expect(res.headers.get('location')).to.equal(ref.resourceURL);
    expect(ref.path).to.equal(`/INBOX/${idOf(ref.resourceURL)}`);
    const stored = h.store.objects('INBOX').at(-1)!;
    expect(h.store.content(stored.contentId).raw.equals(raw)).to.equal(true);
    expect([...stored.flags]).to.deep.equal(['\\Flagged']);
  });

  it('POST /objects into a virtual folder makes that folder a model folder', async () => {
    h.store.createFolder('Default/conv-a');
    const folders = await h.alice.json<{ reference: { resourceURL: string } }>(
      'GET',
      'folders/operations/pathToId?path=/Default',
    );
    expect(idOf(folders.reference.resourceURL)).to.match(/^v/);
    const form = createForm(
      { object: { parentFolder: folders.reference.resourceURL } },
      message('kv'),
    );
    const res = await h.alice.request('POST', 'objects', { body: form });
    expect(res.status).to.equal(201);
    expect(h.store.hasFolder('Default')).to.equal(true);
    expect(h.store.objects('Default')).to.have.length(1);
  });

  it('POST /objects refuses a body that is not multipart, or has no attachment', async () => {
    const json = await h.alice.request('POST', 'objects', { json: { object: {} }, ...ANY });
    expect(json.status).to.equal(400);
    const form = new FormData();
    form.append('root-fields', JSON.stringify({ object: { parentFolderPath: '/INBOX' } }));
    const missing = await h.alice.request('POST', 'objects', { body: form, ...ANY });
    expect(missing.status).to.equal(400);
    const nowhere = createForm({ object: { parentFolderPath: '/Nope' } }, message('x'));
    expect((await h.alice.request('POST', 'objects', { body: nowhere, ...ANY })).status).to.equal(
      404,
    );
  });

  it('DELETE removes the object (then 404) and leaves a tombstone', async () => {
    const [first] = (await search(h.alice)).object;
    expect((await h.alice.request('DELETE', first!.resourceURL)).status).to.equal(204);
    expect(h.store.objects('INBOX').map((o) => o.uid)).to.deep.equal([2]);
    expect((await h.alice.request('GET', first!.resourceURL, ANY)).status).to.equal(404);
    expect((await h.alice.request('DELETE', first!.resourceURL, ANY)).status).to.equal(404);
  });

  it('pathToId finds an object by its path, 404 otherwise', async () => {
    const ref = await h.alice.json<{ reference: { resourceURL: string } }>(
      'GET',
      'objects/operations/pathToId?path=/INBOX/f1-1000-2',
    );
    expect(idOf(ref.reference.resourceURL)).to.equal('f1-1000-2');
    const res = await h.alice.request(
      'GET',
      'objects/operations/pathToId?path=/INBOX/f1-1000-9',
      ANY,
    );
    expect(res.status).to.equal(404);
  });

  it('flags: GET list, PUT list, PUT one (201 / 204), GET one, DELETE one (204 / 404)', async () => {
    const base = 'objects/f1-1000-2/flags';
    const list = await h.alice.json<{ flagList: { flag: string[] } }>('GET', base);
    expect(list.flagList.flag).to.deep.equal([]);
    expect((await h.alice.request('PUT', `${base}/%5CSeen`, { json: {} })).status).to.equal(201);
    expect((await h.alice.request('PUT', `${base}/%5CSeen`, { json: {} })).status).to.equal(204);
    expect((await h.alice.request('GET', `${base}/%5CSeen`)).status).to.equal(204);
    expect([...h.store.object('INBOX', 2).flags]).to.deep.equal(['\\Seen']);
    expect((await h.alice.request('DELETE', `${base}/%5CSeen`)).status).to.equal(204);
    expect((await h.alice.request('DELETE', `${base}/%5CSeen`, ANY)).status).to.equal(404);
    expect((await h.alice.request('GET', `${base}/%5CSeen`, ANY)).status).to.equal(404);
    await h.alice.request('PUT', base, { json: { flagList: { flag: ['\\Flagged', '$label'] } } });
    expect([...h.store.object('INBOX', 2).flags].sort()).to.deep.equal(['$label', '\\Flagged']);
    const bad = await h.alice.request('PUT', base, { json: { flagList: { flag: 'x' } }, ...ANY });
    expect(bad.status).to.equal(400);
  });

  it('payloads: by content id and by object, raw bytes as message/rfc822; parts 1-based', async () => {
    const [first] = (await search(h.alice)).object;
    for (const url of [first!.payloadURL, `${first!.resourceURL}/payload`]) {
      const res = await h.alice.request('GET', url);
      expect(res.headers.get('content-type')).to.equal('message/rfc822');
      expect(res.body.equals(message('k1'))).to.equal(true);
    }
    const part = await h.alice.request('GET', first!.payloadPart[0]!.href);
    expect(part.body.toString()).to.equal('body of k1\r\n');
    expect(part.headers.get('content-type')).to.equal('text/plain');
    expect(
      (await h.alice.request('GET', `${first!.resourceURL}/payloadParts/2`, ANY)).status,
    ).to.equal(404);
    expect((await h.alice.request('GET', 'payloads/C999', ANY)).status).to.equal(404);
  });

  it('first-level parts of a multipart object are served one by one', async () => {
    const raw = Buffer.from(
      [
        'IMDN-Message-ID: mp1',
        'Content-Type: multipart/mixed; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/plain',
        '',
        'hello',
        '--b1',
        'Content-Type: image/png',
        '',
        'PNGDATA',
        '--b1--',
        '',
      ].join('\r\n'),
    );
    h.store.append('INBOX', raw);
    const { object } = await h.alice.json<{ object: ObjectJson }>('GET', 'objects/f1-1000-3');
    expect(object.payloadPart.map((p) => p.contentType)).to.deep.equal(['text/plain', 'image/png']);
    const second = await h.alice.request('GET', object.payloadPart[1]!.href);
    expect(second.body.toString()).to.equal('PNGDATA');
  });
});

/** The typed NMS operations and the callback listener, against the NMS simulator. */
import { expect } from 'chai';
import {
  addFlag,
  CallbackListener,
  copyToFolder,
  createFolder,
  createObject,
  createSubscription,
  deleteSubscription,
  folderByPath,
  getFolder,
  getObject,
  getPayload,
  listSubscriptions,
  removeFlag,
  searchFolders,
  searchObjects,
  updateSubscription,
} from '../../src/bindings/nms/client/index.ts';
import { object, useNms } from './helpers.ts';

describe('nms clients: typed operations and callback listener', function () {
  this.timeout(10_000);
  const nms = useNms();

  it('creates objects with multipart bodies, pages through searches and folders', async () => {
    const h = nms.http();
    const folder = await createFolder(h, { parentFolderPath: '/Default', name: 'x' });
    for (let i = 1; i <= 5; i++)
      await createObject(h, {
        parentFolder: folder.resourceURL,
        flags: ['\\Seen'],
        raw: object(`k-${i}`).raw,
      });
    const all = await searchObjects(h, { scope: folder.resourceURL, maxEntries: 2 });
    expect(all.map((o) => o.correlationId)).to.deep.equal(['k-1', 'k-2', 'k-3', 'k-4', 'k-5']);
    expect(all[0]!.flags?.flag).to.deep.equal(['\\Seen']);
    const listed = await getFolder(h, folder.resourceURL, { maxEntries: 2 });
    expect(listed.objects?.objectReference).to.have.length(5);
    const paths = (await searchFolders(h, { maxEntries: 1 })).map((f) => f.path).sort();
    expect(paths).to.include.members(['/Default', '/Default/x', '/INBOX']);
    expect(await folderByPath(h, '/Default/x')).to.deep.include({
      resourceURL: folder.resourceURL,
    });
    expect(await folderByPath(h, '/Nowhere')).to.equal(undefined);
    expect(h.log.exchanges.some((e) => (e.requestBody ?? '').includes('[attachments] ('))).to.equal(
      true,
    );
  });

  it('flags one by one, payloads and copyToFolder', async () => {
    const h = nms.http();
    const a = await createFolder(h, { parentFolderPath: '/', name: 'A' });
    const b = await createFolder(h, { parentFolderPath: '/', name: 'B' });
    const ref = await createObject(h, {
      parentFolder: a.resourceURL,
      flags: [],
      raw: object('k').raw,
    });
    expect(await addFlag(h, ref.resourceURL, '\\Flagged')).to.equal(true);
    expect(await addFlag(h, ref.resourceURL, '\\Flagged')).to.equal(false);
    expect(await removeFlag(h, ref.resourceURL, '\\Flagged')).to.equal(true);
    expect(await removeFlag(h, ref.resourceURL, '\\Flagged')).to.equal(false);
    const o = await getObject(h, ref.resourceURL);
    expect(await getPayload(h, o.payloadURL!)).to.deep.equal(object('k').raw);
    const [result] = await copyToFolder(h, b.resourceURL, [ref.resourceURL]);
    expect(result!.code).to.equal(201);
    const copy = await getObject(h, result!.success!.resourceURL);
    expect(copy.resourceURL).to.not.equal(o.resourceURL);
    expect(copy.payloadURL).to.equal(o.payloadURL);
  });

  it('subscriptions: create, events to the callback listener (204), update replays, delete', async () => {
    const h = nms.http();
    const listener = await CallbackListener.start();
    try {
      const s = await createSubscription(h, { notifyURL: listener.url('t'), callbackData: 'cb' });
      expect(s.index).to.equal(1);
      expect((await listSubscriptions(h)).subscriptions).to.have.length(1);
      await createFolder(h, { parentFolderPath: '/', name: 'A' });
      expect(await listener.waitForAny(3000)).to.equal(true);
      const [first] = listener.take();
      expect(first!.path).to.equal('/t');
      expect(first!.list.index).to.equal(1);
      expect(first!.list.callbackData).to.equal('cb');
      expect(first!.list.nmsEvent?.[0]?.changedFolder).to.not.equal(undefined);
      const replay = await updateSubscription(h, s.resourceURL, { restartToken: s.restartToken! });
      expect(replay.index).to.equal(2);
      expect(await listener.waitForAny(3000)).to.equal(true);
      expect(listener.take()[0]!.list.index).to.equal(2);
      await deleteSubscription(h, s.resourceURL);
      await deleteSubscription(h, s.resourceURL); // already gone: no error
      expect((await listSubscriptions(h)).subscriptions).to.deep.equal([]);
    } finally {
      await listener.close();
    }
  });

  it('the callback listener refuses what is not an event list, and is gone after close()', async () => {
    const listener = await CallbackListener.start();
    const url = listener.url();
    expect((await fetch(url)).status).to.equal(405);
    const bad = await fetch(url, { method: 'POST', body: 'not json' });
    expect(bad.status).to.equal(400);
    const good = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ nmsEventList: { nmsEvent: [{ resetBox: {} }], index: 1 } }),
    });
    expect(good.status).to.equal(204);
    expect(listener.pending).to.equal(1);
    expect(await listener.waitForAny(10)).to.equal(true);
    listener.take();
    expect(await listener.waitForAny(50)).to.equal(false);
    await listener.close();
    const after = await fetch(url, { method: 'POST', body: '{}' }).catch((e: Error) => e);
    expect(after).to.be.instanceOf(Error);
  });
});

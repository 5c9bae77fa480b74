import { expect } from 'chai';
import { ANY, message } from './helpers.ts';
import {
  CallbackReceiver,
  eventsOf,
  useSubscriptions,
  type Subscription,
} from './callback-receiver.ts';

describe('NMS front end: events (bursts, coalescing, replay, kinds)', () => {
  const nms = useSubscriptions();

  it('one burst is one list; lists carry index 1, 2, ... with callbackData, token and link', async () => {
    const sub = await nms.subscribe();
    nms.h.store.append('INBOX', message('k2'));
    nms.h.store.append('INBOX', message('k3'));
    const [first] = await nms.receiver.waitFor(1);
    expect(first!.index).to.equal(1);
    expect(first!.callbackData).to.equal('cb-1');
    expect(first!.link).to.deep.equal([{ rel: 'NmsSubscription', href: sub.resourceURL }]);
    expect(eventsOf(first).map(([kind, e]) => [kind, e.correlationId])).to.deep.equal([
      ['changedObject', 'k2'],
      ['changedObject', 'k3'],
    ]);
    nms.h.store.setFlags('INBOX', [1], 'add', ['\\Seen']);
    const lists = await nms.receiver.waitFor(2);
    expect(lists[1]!.index).to.equal(2);
    const [kind, event] = eventsOf(lists[1])[0]!;
    expect(kind).to.equal('changedObject');
    expect(event.flags).to.deep.equal({ flag: ['\\Seen'] });
    expect(event.resourceURL).to.match(/\/objects\/f1-1000-1$/);
    expect(event.parentFolder).to.match(/\/folders\/f1$/);
    expect(event.lastModSeq).to.equal(Number(nms.h.store.object('INBOX', 1).modseq));
  });

  it('coalesces changes of one object within a burst to its last state', async () => {
    await nms.subscribe();
    nms.h.store.setFlags('INBOX', [1], 'add', ['\\Seen']);
    nms.h.store.setFlags('INBOX', [1], 'add', ['\\Flagged']);
    const [list] = await nms.receiver.waitFor(1);
    const events = eventsOf(list);
    expect(events).to.have.length(1);
    expect(events[0]![1].flags).to.deep.equal({ flag: ['\\Seen', '\\Flagged'] });
  });

  it('replays every event after a restartToken, on create and on update, keeping the index', async () => {
    const sub = await nms.subscribe();
    nms.h.store.append('INBOX', message('k2'));
    const [first] = await nms.receiver.waitFor(1);
    const token = first!.restartToken;
    nms.h.store.append('INBOX', message('k3'));
    nms.h.store.setFlags('INBOX', [1], 'add', ['\\Seen']);
    await nms.receiver.waitFor(2);
    nms.h.store.append('INBOX', message('k4'));
    await nms.receiver.waitFor(3);
    const update = await nms.h.alice.json<{ nmsSubscription: Subscription }>(
      'POST',
      sub.resourceURL,
      {
        json: { nmsSubscriptionUpdate: { restartToken: token } },
      },
    );
    expect(update.nmsSubscription.index).to.equal(4);
    const lists = await nms.receiver.waitFor(4);
    expect(lists[3]!.index).to.equal(4);
    expect(eventsOf(lists[3]).map(([, e]) => e.correlationId)).to.deep.equal(['k3', 'k1', 'k4']);
    const other = await CallbackReceiver.start();
    try {
      await nms.h.alice.request('POST', 'subscriptions', {
        json: {
          nmsSubscription: { callbackReference: { notifyURL: other.url }, restartToken: token },
        },
      });
      const [replayed] = await other.waitFor(1);
      expect(replayed!.index).to.equal(1);
      expect(eventsOf(replayed).map(([, e]) => e.correlationId)).to.deep.equal(['k3', 'k1', 'k4']);
    } finally {
      await other.stop();
    }
    const bad = await nms.h.alice.request('POST', sub.resourceURL, {
      json: { nmsSubscriptionUpdate: { restartToken: 't999999' } },
      ...ANY,
    });
    expect(bad.status).to.equal(400);
  });

  it('deletedObject for DELETE and IMAP expunge, expiredObject for the server expiry', async () => {
    nms.h.store.append('INBOX', message('k2'));
    nms.h.store.append('INBOX', message('k3'));
    await nms.subscribe();
    await nms.h.alice.request('DELETE', 'objects/f1-1000-1');
    const [byNms] = await nms.receiver.waitFor(1);
    expect(eventsOf(byNms).map(([k]) => k)).to.deep.equal(['deletedObject']);
    nms.h.server.expireObject('alice', 'INBOX', 2);
    const lists = await nms.receiver.waitFor(2);
    expect(eventsOf(lists[1]).map(([k, e]) => [k, e.correlationId])).to.deep.equal([
      ['expiredObject', 'k2'],
    ]);
    nms.h.store.setFlags('INBOX', [3], 'add', ['\\Deleted']);
    nms.h.store.expunge('INBOX');
    const all = await nms.receiver.waitFor(3);
    expect(eventsOf(all[2]).map(([k]) => k)).to.deep.equal(['deletedObject']);
    expect(eventsOf(all[2])[0]![1].lastModSeq).to.equal(Number(nms.h.store.highestModseq));
  });

  it('resetBox on a UIDVALIDITY change and on the resetBox control', async () => {
    await nms.subscribe();
    nms.h.store.resetFolder('INBOX');
    const [first] = await nms.receiver.waitFor(1);
    expect(eventsOf(first)).to.deep.equal([['resetBox', {}]]);
    nms.h.server.resetBox('alice');
    const lists = await nms.receiver.waitFor(2);
    expect(eventsOf(lists[1]).map(([k]) => k)).to.deep.equal(['resetBox']);
    const { object } = await nms.h.alice.json<{ object: { resourceURL: string } }>(
      'GET',
      `objects/f1-${nms.h.store.folder('INBOX').uidValidity}-1`,
    );
    expect(object.resourceURL).to.not.match(/f1-1000-1$/);
  });

  it('changedFolder on create and rename (same id), deletedFolder on delete', async () => {
    await nms.subscribe();
    nms.h.store.createFolder('Work');
    const [created] = await nms.receiver.waitFor(1);
    const [kind, folder] = eventsOf(created)[0]!;
    expect(kind).to.equal('changedFolder');
    expect(folder.name).to.equal('Work');
    nms.h.store.renameFolder('Work', 'Play');
    const lists = await nms.receiver.waitFor(2);
    expect(eventsOf(lists[1])[0]![1]).to.include({ name: 'Play', resourceURL: folder.resourceURL });
    nms.h.store.deleteFolder('Play');
    const after = await nms.receiver.waitFor(3);
    expect(eventsOf(after[2])[0]![0]).to.equal('deletedFolder');
    expect(eventsOf(after[2])[0]![1].resourceURL).to.equal(folder.resourceURL);
  });
});

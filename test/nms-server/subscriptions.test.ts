import { expect } from 'chai';
import { ANY, idOf, message } from './helpers.ts';
import { CallbackReceiver, useSubscriptions, type Subscription } from './callback-receiver.ts';

describe('NMS front end: subscriptions and events', () => {
  const nms = useSubscriptions();

  it('create answers 201 with index 1, a restartToken and the duration', async () => {
    const sub = await nms.subscribe();
    expect(sub.index).to.equal(1);
    expect(sub.restartToken).to.match(/^t[0-9]+$/);
    expect(sub.duration).to.equal(600);
    expect(sub.callbackReference.callbackData).to.equal('cb-1');
    expect(idOf(sub.resourceURL)).to.match(/^s[0-9]+$/);
  });

  it('refuses a notifyURL that is not http:// on a loopback host', async () => {
    for (const notifyURL of [
      'http://example.com/n',
      'https://127.0.0.1/n',
      'file:///etc/passwd',
      'nope',
    ]) {
      const res = await nms.h.alice.request('POST', 'subscriptions', {
        json: { nmsSubscription: { callbackReference: { notifyURL } } },
        ...ANY,
      });
      expect(res.status, notifyURL).to.equal(400);
    }
  });

  it('list, get, update duration, delete (then 404); nothing is sent after delete', async () => {
    const sub = await nms.subscribe();
    const list = await nms.h.alice.json<{ nmsSubscriptionList: { subscription: Subscription[] } }>(
      'GET',
      'subscriptions',
    );
    expect(list.nmsSubscriptionList.subscription.map((s) => s.resourceURL)).to.deep.equal([
      sub.resourceURL,
    ]);
    const updated = await nms.h.alice.json<{ nmsSubscription: Subscription }>(
      'POST',
      sub.resourceURL,
      {
        json: { nmsSubscriptionUpdate: { duration: 60 } },
      },
    );
    expect(updated.nmsSubscription.duration).to.equal(60);
    expect((await nms.h.alice.request('DELETE', sub.resourceURL)).status).to.equal(204);
    expect((await nms.h.alice.request('GET', sub.resourceURL, ANY)).status).to.equal(404);
    expect((await nms.h.alice.request('DELETE', sub.resourceURL, ANY)).status).to.equal(404);
    nms.h.store.append('INBOX', message('k2'));
    expect(await nms.receiver.settle()).to.have.length(0);
  });

  it('a failed delivery is dropped: the next list still carries the next index', async () => {
    const failing = await CallbackReceiver.start(500);
    try {
      await nms.h.alice.request('POST', 'subscriptions', {
        json: { nmsSubscription: { callbackReference: { notifyURL: failing.url } } },
      });
      nms.h.store.append('INBOX', message('k2'));
      await failing.waitFor(1);
      nms.h.store.append('INBOX', message('k3'));
      const lists = await failing.waitFor(2);
      expect(lists.map((l) => l.index)).to.deep.equal([1, 2]);
      expect(await failing.settle()).to.have.length(2);
    } finally {
      await failing.stop();
    }
  });
});

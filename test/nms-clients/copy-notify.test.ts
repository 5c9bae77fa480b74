/** Copy linkage, notifications, strict-mode events and resetBox over NMS. */
import { expect } from 'chai';
import type { DeviceDriver, StoreActor } from '../../src/engine/ports.ts';
import { bare, flagsOf, keysOf, markers, object, useNms } from './helpers.ts';

describe('nms clients: copy, notifications, events and resetBox', function () {
  this.timeout(15_000);
  const nms = useNms();
  let actor: StoreActor;
  let phone: DeviceDriver;

  beforeEach(async () => {
    actor = nms.actor();
    phone = await nms.device('phone');
    await actor.createFolder('Default/conv-alpha');
    await actor.createFolder('Saved');
    await actor.deliver('Default/conv-alpha', object('m-1'));
    await actor.deliver('Default/conv-alpha', object('m-2', { flags: ['\\Seen'] }));
  });

  it('copies with copyToFolder: a new id in the target, the same payloadURL', async () => {
    await phone.sync();
    await phone.copy('Default/conv-alpha', 'm-2', 'Saved');
    const source = await actor.contentIdentities('Default/conv-alpha', 'm-2');
    const copy = await actor.contentIdentities('Saved', 'm-2');
    expect(copy).to.have.length(1);
    expect(copy).to.deep.equal(source);
    expect(await actor.content('Saved', 'm-2')).to.deep.equal(object('m-2').raw);
    expect(flagsOf(await actor.view(), 'Saved', 'm-2')).to.deep.equal(['\\Seen']);
    expect(phone.evidence()[0]!.text).to.match(
      /POST \S+\/folders\/operations\/copyToFolder -> 200/,
    );
    await phone.sync();
    expect(bare(phone.localView())).to.deep.equal(bare(await actor.view()));
  });

  it('copies an object it never synced (found by key), and refuses a missing target in one line', async () => {
    await phone.copy('Default/conv-alpha', 'm-1', 'Saved');
    expect(keysOf(await actor.view(), 'Saved')).to.deep.equal(['m-1']);
    const missing = await phone.copy('Default/conv-alpha', 'm-1', 'Nowhere').catch((e: Error) => e);
    expect((missing as Error).message).to.equal('phone: copy: no folder Nowhere on the server');
    const unknown = await phone.copy('Default/conv-alpha', 'zz', 'Saved').catch((e: Error) => e);
    expect((unknown as Error).message).to.equal(
      'phone: copy: Default/conv-alpha holds no zz on the server',
    );
  });

  it('listen: notified of a new object in the folder, not of one elsewhere', async () => {
    await phone.sync();
    await phone.listen('Default/conv-alpha');
    expect(await phone.waitForNotification(200)).to.equal(false);
    await actor.deliver('Saved', object('elsewhere'));
    expect(await phone.waitForNotification(300)).to.equal(false);
    await actor.deliver('Default/conv-alpha', object('n-1'));
    expect(await phone.waitForNotification(3000)).to.equal(true);
    expect(await phone.waitForNotification(100)).to.equal(false);
  });

  it('listen: notified when another device deletes or flags an object', async () => {
    const tablet = await nms.device('tablet');
    await phone.sync();
    await tablet.sync();
    await phone.listen('Default/conv-alpha');
    await tablet.applyLocalChange({ kind: 'delete', folder: 'Default/conv-alpha', key: 'm-1' });
    await tablet.sync();
    expect(await phone.waitForNotification(3000)).to.equal(true);
    await actor.setFlags('Default/conv-alpha', 'm-2', ['\\Flagged'], []);
    expect(await phone.waitForNotification(3000)).to.equal(true);
    expect((await phone.sync()).removedLocally).to.equal(1);
    expect(bare(phone.localView())).to.deep.equal(bare(await actor.view()));
  });

  it('waitForNotification before listen() rejects in one line; listen on a missing folder too', async () => {
    const early = await phone.waitForNotification(10).catch((e: Error) => e);
    expect((early as Error).message).to.equal('phone: waitForNotification: listen() first');
    const missing = await phone.listen('Nowhere').catch((e: Error) => e);
    expect((missing as Error).message).to.equal('phone: listen: no folder Nowhere on the server');
  });

  it('strict mode: replays the events since its restartToken at each sync', async () => {
    await phone.sync();
    await actor.delete('Default/conv-alpha', 'm-1');
    await actor.setFlags('Default/conv-alpha', 'm-2', ['\\Flagged'], []);
    const report = await phone.sync();
    expect(report.removedLocally).to.equal(1);
    expect(report.flagsPulled).to.equal(1);
    const text = phone.evidence()[0]!.text;
    expect(text).to.match(/POST \S+\/subscriptions -> 201/);
    expect(text).to.match(
      /POST \S+\/subscriptions\/s\d+ -> 200 .*\n> \{"nmsSubscriptionUpdate":\{"restartToken":"t\d+"\}\}/,
    );
    expect(bare(phone.localView())).to.deep.equal(bare(await actor.view()));
  });

  it('simplified mode: no subscription, the same end state', async () => {
    const tablet = await nms.device('tablet', { mode: 'simplified' });
    await tablet.sync();
    await actor.delete('Default/conv-alpha', 'm-1');
    await tablet.sync();
    expect(tablet.evidence()[0]!.text).to.not.match(/\/subscriptions/);
    expect(keysOf(tablet.localView(), 'Default/conv-alpha')).to.deep.equal(['m-2']);
  });

  for (const mode of ['strict', 'simplified'] as const) {
    it(`resetBox (${mode}): every id dropped, resynced without duplicates, local state kept`, async () => {
      const device = await nms.device(`d-${mode}`, { mode });
      await device.sync();
      await device.fetchContent('Default/conv-alpha', ['m-1']);
      await device.applyLocalChange({
        kind: 'flags',
        folder: 'Default/conv-alpha',
        key: 'm-1',
        add: ['\\Flagged'],
      });
      await device.applyLocalChange({ kind: 'delete', folder: 'Default/conv-alpha', key: 'm-2' });
      nms.server().resetBox('alice');
      const report = await device.sync();
      if (mode === 'strict') expect(report.resynced).to.include('Default/conv-alpha');
      expect(report.uploaded).to.equal(0);
      const store = await actor.view();
      expect(keysOf(store, 'Default/conv-alpha')).to.deep.equal(['m-1']);
      expect(flagsOf(store, 'Default/conv-alpha', 'm-1')).to.deep.equal(['\\Flagged']);
      expect(bare(device.localView())).to.deep.equal(bare(store));
      expect(markers(device.localView(), 'Default/conv-alpha')).to.deep.equal({ 'm-1': 'full' });
    });
  }
});

/** listen() + waitForNotification() (IDLE on a second connection), against Dovecot. */
import { expect } from 'chai';
import type { DeviceDriver, StoreActor } from '../../src/engine/ports.ts';
import { createImapDevice } from '../../simulators/clients/imap-device.ts';
import { createImapStoreActor } from '../../simulators/clients/imap-store-actor.ts';
import { ALICE, object, useDovecot } from './helpers.ts';

describe('clients: server notifications over IMAP IDLE (Dovecot)', function () {
  this.timeout(20_000);
  const dovecot = useDovecot();
  let actor: StoreActor;
  let phone: DeviceDriver;

  beforeEach(async () => {
    const endpoint = dovecot.endpoint();
    actor = await createImapStoreActor({ endpoint, ...ALICE });
    phone = await createImapDevice({ name: 'phone', endpoint, ...ALICE });
    await actor.createFolder('Conv1');
    await actor.deliver('Conv1', object('s-1'));
  });
  afterEach(async () => {
    await Promise.all([phone?.close(), actor?.close()]);
  });

  it('resolves true after a delivery, a flag change and an expunge', async () => {
    await phone.listen('Conv1');
    await actor.deliver('Conv1', object('s-2'));
    expect(await phone.waitForNotification(5000)).to.equal(true);
    const flagged = phone.waitForNotification(5000);
    await actor.setFlags('Conv1', 's-1', ['\\Flagged'], []);
    expect(await flagged).to.equal(true);
    await actor.delete('Conv1', 's-2');
    expect(await phone.waitForNotification(5000)).to.equal(true);
    const listener = phone.evidence()[1]!;
    expect(listener.label).to.equal('phone#2 (alice)');
    expect(listener.text).to.match(/ C: \S+ EXAMINE Conv1\n/);
    expect(listener.text).to.match(/ C: \S+ IDLE\n/);
  });

  it('resolves false within the timeout when nothing happens', async () => {
    await phone.listen('Conv1');
    const started = Date.now();
    expect(await phone.waitForNotification(300)).to.equal(false);
    expect(Date.now() - started).to.be.within(250, 1500);
  });

  it('rejects waiting without listening, and listening to a missing folder', async () => {
    let message = '';
    await phone.waitForNotification(10).catch((e: Error) => (message = e.message));
    expect(message).to.equal('phone: waitForNotification: listen() first');
    await phone.listen('Nowhere').catch((e: Error) => (message = e.message));
    expect(message).to.match(/^phone: listen: EXAMINE Nowhere: NO /);
  });
});

/** Two devices of one user and the store converge (seed 003, 5.5.2.20), against Dovecot. */
import { expect } from 'chai';
import type { DeviceDriver, StoreActor } from '../../src/engine/ports.ts';
import { createImapDevice } from '../../simulators/clients/imap-device.ts';
import { createImapStoreActor } from '../../simulators/clients/imap-store-actor.ts';
import { ALICE, flagsOf, keysOf, object, useDovecot } from './helpers.ts';
import { syncScenarios } from './sync-scenarios.ts';

describe('clients: two devices converge over IMAP (Dovecot)', function () {
  this.timeout(20_000);
  const dovecot = useDovecot();
  let actor: StoreActor;
  let phone: DeviceDriver;
  let tablet: DeviceDriver;

  beforeEach(async () => {
    const endpoint = dovecot.endpoint();
    actor = await createImapStoreActor({ endpoint, ...ALICE });
    phone = await createImapDevice({ name: 'phone', endpoint, ...ALICE });
    tablet = await createImapDevice({ name: 'tablet', endpoint, ...ALICE });
  });
  afterEach(async () => {
    await Promise.all([phone?.close(), tablet?.close(), actor?.close()]);
  });

  syncScenarios({
    actor: () => actor,
    phone: () => phone,
    tablet: () => tablet,
    deletions: {
      title: 'sees objects deleted on the server, with and without QRESYNC',
      async witness() {
        const device = await createImapDevice({
          name: 'old',
          endpoint: dovecot.endpoint(),
          ...ALICE,
          qresync: false,
        });
        return { device, release: () => device.close() };
      },
    },
  });

  it('does not set \\Seen by syncing metadata; fetchContent marks content full without \\Seen', async () => {
    await actor.createFolder('Conv1');
    await actor.deliver('Conv1', object('s-1'));
    await phone.sync();
    expect(flagsOf(await actor.view(), 'Conv1', 's-1')).to.deep.equal([]);
    await phone.fetchContent('Conv1', ['s-1']);
    const held = phone.localView().folders.find((f) => f.name === 'Conv1')!.objects[0]!;
    expect(held.content).to.equal('full');
    expect(flagsOf(await actor.view(), 'Conv1', 's-1')).to.deep.equal([]);
    expect(await actor.content('Conv1', 's-1')).to.deep.equal(object('s-1').raw);
  });

  it('copies an object to another folder on the server (UID COPY) and refuses a missing target', async () => {
    await actor.createFolder('Conv1');
    await actor.createFolder('Saved');
    await actor.deliver('Conv1', object('s-1'));
    await phone.sync();
    await phone.copy('Conv1', 's-1', 'Saved');
    expect(keysOf(await actor.view(), 'Saved')).to.deep.equal(['s-1']);
    let refusal = '';
    await phone.copy('Conv1', 's-1', 'Nowhere').catch((e: Error) => (refusal = e.message));
    expect(refusal).to.match(/^phone: copy: UID COPY .*NO/);
    expect(refusal).to.not.include('\n');
    await phone.sync();
    expect(keysOf(phone.localView(), 'Saved')).to.deep.equal(['s-1']);
  });

  it('records a transcript per connection, password redacted', async () => {
    await phone.sync();
    const evidence = phone.evidence();
    expect(evidence[0]?.label).to.equal('phone#1 (alice)');
    expect(evidence[0]?.kind).to.equal('imap-transcript');
    expect(evidence[0]?.text).to.match(/^\+\d+\.\d{3} C: \S+ AUTHENTICATE PLAIN$/m);
    expect(evidence[0]?.text).to.match(/ C: \S+ LIST "" "\*" RETURN \(STATUS/);
    expect(evidence[0]?.text).to.not.include('alicepass');
    expect(evidence[0]?.text).to.not.match(/BODY\[\]|BODY\.PEEK\[\]/);
  });
});

/** Two devices of one user and the store converge (seed 003, 5.5.2.20), against Dovecot. */
import { expect } from 'chai';
import type { DeviceDriver, StoreActor } from '../../src/engine/ports.ts';
import { createImapDevice } from '../../simulators/clients/imap-device.ts';
import { createImapStoreActor } from '../../simulators/clients/imap-store-actor.ts';
import { ALICE, bare, flagsOf, keysOf, object, useDovecot } from './helpers.ts';

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

  async function converged(): Promise<void> {
    const store = bare(await actor.view());
    expect(bare(phone.localView())).to.deep.equal(store);
    expect(bare(tablet.localView())).to.deep.equal(store);
  }

  it('downloads new objects from the server, metadata only', async () => {
    await actor.createFolder('Conv1');
    await actor.deliver('Conv1', object('s-1'));
    await actor.deliver('Conv1', object('s-2', { flags: ['\\Seen'] }));
    const report = await phone.sync();
    await tablet.sync();
    expect(report.downloadedMetadata).to.equal(2);
    expect(report.downloadedContent).to.equal(0);
    expect(report.foldersSynced).to.include('Conv1');
    expect(keysOf(phone.localView(), 'Conv1')).to.deep.equal(['s-1', 's-2']);
    expect(flagsOf(phone.localView(), 'Conv1', 's-2')).to.deep.equal(['\\Seen']);
    const marks = phone
      .localView()
      .folders.find((f) => f.name === 'Conv1')!
      .objects.map((o) => o.content);
    expect(marks).to.deep.equal(['metadata', 'metadata']);
    await converged();
  });

  it('uploads new local objects of both devices without duplicates', async () => {
    await actor.createFolder('Conv1');
    await phone.sync();
    await tablet.sync();
    await phone.applyLocalChange({ kind: 'add', folder: 'Conv1', object: object('p-1') });
    await tablet.applyLocalChange({ kind: 'add', folder: 'Conv1', object: object('t-1') });
    // the same object created on both devices (e.g. a sent message known to both)
    await phone.applyLocalChange({ kind: 'add', folder: 'Conv1', object: object('both-1') });
    await tablet.applyLocalChange({ kind: 'add', folder: 'Conv1', object: object('both-1') });
    const first = await phone.sync();
    const second = await tablet.sync();
    await phone.sync();
    expect(first.uploaded).to.equal(2);
    expect(second.uploaded).to.equal(1);
    expect(keysOf(await actor.view(), 'Conv1')).to.deep.equal(['both-1', 'p-1', 't-1']);
    await converged();
  });

  it('propagates a local delete to the server (3e) and to the other device (3c)', async () => {
    await actor.createFolder('Conv1');
    await actor.deliver('Conv1', object('s-1'));
    await actor.deliver('Conv1', object('s-2'));
    await phone.sync();
    await tablet.sync();
    await phone.applyLocalChange({ kind: 'delete', folder: 'Conv1', key: 's-1' });
    const pushed = await phone.sync();
    expect(pushed.deletedOnServer).to.equal(1);
    expect(keysOf(await actor.view(), 'Conv1')).to.deep.equal(['s-2']);
    const seen = await tablet.sync();
    expect(seen.removedLocally).to.equal(1);
    await converged();
  });

  it('sees objects deleted on the server, with and without QRESYNC', async () => {
    const endpoint = dovecot.endpoint();
    const condstoreOnly = await createImapDevice({
      name: 'old',
      endpoint,
      ...ALICE,
      qresync: false,
    });
    try {
      await actor.createFolder('Conv1');
      for (const k of ['s-1', 's-2', 's-3']) await actor.deliver('Conv1', object(k));
      await phone.sync();
      await condstoreOnly.sync();
      await actor.delete('Conv1', 's-2');
      await actor.setFlags('Conv1', 's-3', ['\\Deleted'], []);
      expect((await phone.sync()).removedLocally).to.equal(2);
      expect((await condstoreOnly.sync()).removedLocally).to.equal(2);
      expect(keysOf(phone.localView(), 'Conv1')).to.deep.equal(['s-1']);
      expect(keysOf(condstoreOnly.localView(), 'Conv1')).to.deep.equal(['s-1']);
    } finally {
      await condstoreOnly.close();
    }
  });

  it('synchronises flags both ways, concurrent changes to different flags both survive', async () => {
    await actor.createFolder('Conv1');
    await actor.deliver('Conv1', object('s-1'));
    await actor.deliver('Conv1', object('s-2', { flags: ['\\Seen', '\\Flagged'] }));
    await phone.sync();
    await tablet.sync();
    await phone.applyLocalChange({
      kind: 'flags',
      folder: 'Conv1',
      key: 's-1',
      add: ['\\Flagged'],
    });
    await tablet.applyLocalChange({ kind: 'flags', folder: 'Conv1', key: 's-1', add: ['\\Seen'] });
    await tablet.applyLocalChange({
      kind: 'flags',
      folder: 'Conv1',
      key: 's-2',
      remove: ['\\Flagged'],
    });
    await actor.setFlags('Conv1', 's-2', ['$Forwarded'], []);
    expect((await phone.sync()).flagsPushed).to.equal(1);
    const t = await tablet.sync();
    expect(t.flagsPushed).to.equal(2);
    expect(t.flagsPulled).to.be.greaterThan(0);
    await phone.sync();
    const store = await actor.view();
    expect(flagsOf(store, 'Conv1', 's-1')).to.deep.equal(['\\Flagged', '\\Seen']);
    expect(flagsOf(store, 'Conv1', 's-2')).to.deep.equal(['$Forwarded', '\\Seen']);
    await converged();
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

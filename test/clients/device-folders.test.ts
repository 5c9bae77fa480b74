/** Folder reconcile both ways (step 2) and UIDVALIDITY changes (step 3a), against Dovecot. */
import { expect } from 'chai';
import type { DeviceDriver, StoreActor } from '../../src/engine/ports.ts';
import { createImapDevice } from '../../simulators/clients/imap-device.ts';
import { createImapStoreActor } from '../../simulators/clients/imap-store-actor.ts';
import { ALICE, bare, flagsOf, keysOf, object, useDovecot } from './helpers.ts';

const names = (view: { folders: Array<{ name: string }> }) => view.folders.map((f) => f.name);

describe('clients: folders and UIDVALIDITY over IMAP (Dovecot)', function () {
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

  it('creates a locally created folder on the server and on the other device', async () => {
    await phone.applyLocalChange({ kind: 'create-folder', folder: 'Conv1' });
    await phone.applyLocalChange({ kind: 'add', folder: 'Conv1', object: object('p-1') });
    await phone.sync();
    expect(names(await actor.view())).to.deep.equal(['Conv1', 'INBOX']);
    await tablet.sync();
    expect(keysOf(tablet.localView(), 'Conv1')).to.deep.equal(['p-1']);
  });

  it('deletes a locally deleted folder on the server and on the other device', async () => {
    await actor.createFolder('Conv1');
    await actor.deliver('Conv1', object('s-1'));
    await phone.sync();
    await tablet.sync();
    await phone.applyLocalChange({ kind: 'delete-folder', folder: 'Conv1' });
    await phone.sync();
    expect(names(await actor.view())).to.deep.equal(['INBOX']);
    await tablet.sync();
    expect(names(tablet.localView())).to.deep.equal(['INBOX']);
    expect(bare(phone.localView())).to.deep.equal(bare(await actor.view()));
  });

  it('follows folders created and deleted on the server', async () => {
    await actor.createFolder('Conv1');
    await actor.createFolder('Conv2');
    await phone.sync();
    expect(names(phone.localView())).to.deep.equal(['Conv1', 'Conv2', 'INBOX']);
    await actor.deleteFolder('Conv1');
    await phone.sync();
    expect(names(phone.localView())).to.deep.equal(['Conv2', 'INBOX']);
  });

  it('re-creates a folder deleted on the server that holds new local objects', async () => {
    await actor.createFolder('Conv1');
    await actor.deliver('Conv1', object('s-1'));
    await phone.sync();
    await phone.applyLocalChange({ kind: 'add', folder: 'Conv1', object: object('p-1') });
    await actor.deleteFolder('Conv1');
    await phone.sync();
    expect(keysOf(await actor.view(), 'Conv1')).to.deep.equal(['p-1']);
    expect(keysOf(phone.localView(), 'Conv1')).to.deep.equal(['p-1']);
  });

  it('resyncs a folder whose UIDVALIDITY changed: no duplicates, pending changes kept', async () => {
    await actor.createFolder('Conv1');
    await actor.deliver('Conv1', object('s-1'));
    await actor.deliver('Conv1', object('s-2'));
    await actor.deliver('Conv1', object('s-3'));
    await phone.sync();
    await phone.fetchContent('Conv1', ['s-3']);
    const before = await actor.uidValidity('Conv1');
    await phone.applyLocalChange({ kind: 'add', folder: 'Conv1', object: object('p-1') });
    await phone.applyLocalChange({
      kind: 'flags',
      folder: 'Conv1',
      key: 's-1',
      add: ['\\Flagged'],
    });
    await phone.applyLocalChange({ kind: 'delete', folder: 'Conv1', key: 's-2' });
    await actor.resetFolder('Conv1');
    expect(await actor.uidValidity('Conv1')).to.not.equal(before);
    const report = await phone.sync();
    expect(report.resynced).to.deep.equal(['Conv1']);
    expect(report.uploaded).to.equal(1);
    expect(report.deletedOnServer).to.equal(1);
    const store = await actor.view();
    expect(keysOf(store, 'Conv1')).to.deep.equal(['p-1', 's-1', 's-3']);
    expect(flagsOf(store, 'Conv1', 's-1')).to.deep.equal(['\\Flagged']);
    expect(bare(phone.localView())).to.deep.equal(bare(store));
    const s3 = phone.localView().folders[0]!.objects.find((o) => o.key === 's-3');
    expect(s3?.content).to.equal('full');
    const again = await phone.sync();
    expect(again.resynced).to.deep.equal([]);
    expect(again.downloadedMetadata + again.uploaded + again.deletedOnServer).to.equal(0);
  });

  it('the store actor keeps objects and flags across resetFolder, children included', async () => {
    await actor.createFolder('Conv1');
    await actor.createFolder('Conv1.Session1');
    await actor.deliver('Conv1', object('s-1', { flags: ['\\Seen'] }));
    await actor.deliver('Conv1.Session1', object('s-2'));
    const before = await actor.view();
    await actor.resetFolder('Conv1');
    expect(await actor.view()).to.deep.equal(before);
  });
});

/** Two NMS devices of one user and the store converge (seed 003, 5.5.2.20). */
import { expect } from 'chai';
import type { DeviceDriver, StoreActor } from '../../src/engine/ports.ts';
import { converged, syncScenarios } from '../clients/sync-scenarios.ts';
import { flagsOf, keysOf, object, useNms } from './helpers.ts';

describe('nms clients: two devices converge', function () {
  this.timeout(15_000);
  const nms = useNms();
  let actor: StoreActor;
  let phone: DeviceDriver;
  let tablet: DeviceDriver;

  beforeEach(async () => {
    actor = nms.actor();
    phone = await nms.device('phone');
    tablet = await nms.device('tablet', { mode: 'simplified' });
  });

  syncScenarios({
    actor: () => actor,
    phone: () => phone,
    tablet: () => tablet,
    deletions: {
      title: 'sees objects deleted on the server, or flagged \\Deleted, in both modes',
      witness: async () => ({ device: tablet, release: async () => {} }),
    },
  });
  const bothConverged = () => converged(actor, phone, tablet);

  it('follows cursors: a page size of 2 still finds every object and folder', async () => {
    const small = await nms.device('small', { pageSize: 2 });
    for (const f of ['A', 'B', 'C']) await actor.createFolder(f);
    for (let i = 1; i <= 7; i++) await actor.deliver('A', object(`a-${i}`));
    await small.sync();
    expect(keysOf(small.localView(), 'A')).to.have.length(7);
    expect(small.localView().folders.map((f) => f.name)).to.deep.equal(['A', 'B', 'C', 'INBOX']);
    const text = small.evidence()[0]!.text;
    expect(text).to.match(/"fromCursor"/);
  });

  it('a pending local flag change wins over the server for that flag', async () => {
    await actor.deliver('Conv1', object('s-1', { flags: ['\\Seen'] }));
    await phone.sync();
    await phone.applyLocalChange({
      kind: 'flags',
      folder: 'Conv1',
      key: 's-1',
      remove: ['\\Seen'],
    });
    await actor.setFlags('Conv1', 's-1', ['\\Flagged'], []);
    await phone.sync();
    expect(flagsOf(await actor.view(), 'Conv1', 's-1')).to.deep.equal(['\\Flagged']);
    expect(flagsOf(phone.localView(), 'Conv1', 's-1')).to.deep.equal(['\\Flagged']);
  });

  it('applies server flags only when lastModSeq grew (a frozen lastModSeq hides the change)', async () => {
    await nms.server().stop();
    const { startNmsServer } = await import('../../simulators/server/nms/index.ts');
    const frozen = await startNmsServer({
      users: [{ name: 'alice', password: 'alicepass' }],
      mutant: 'nms-lastmodseq-frozen',
    });
    try {
      const { createNmsStoreActor } =
        await import('../../simulators/clients/nms/nms-store-actor.ts');
      const { createNmsDevice } = await import('../../simulators/clients/nms/nms-device.ts');
      const root = frozen.baseUrl('alice');
      const store = await createNmsStoreActor({ root, user: 'alice', password: 'alicepass' });
      const device = await createNmsDevice({
        name: 'd',
        root,
        user: 'alice',
        password: 'alicepass',
      });
      try {
        await store.deliver('Conv1', object('s-1'));
        await device.sync();
        await store.setFlags('Conv1', 's-1', ['\\Seen'], []);
        expect(flagsOf(await store.view(), 'Conv1', 's-1')).to.deep.equal(['\\Seen']);
        const report = await device.sync();
        expect(report.flagsPulled).to.equal(0);
        expect(flagsOf(device.localView(), 'Conv1', 's-1')).to.deep.equal([]);
      } finally {
        await device.close();
        await store.close();
      }
    } finally {
      await frozen.stop();
    }
  });

  it('creates and deletes folders both ways', async () => {
    await actor.createFolder('Server1');
    await phone.sync();
    await tablet.sync();
    await phone.applyLocalChange({ kind: 'create-folder', folder: 'Default/local-1' });
    await phone.applyLocalChange({ kind: 'delete-folder', folder: 'Server1' });
    await phone.sync();
    let names = (await actor.view()).folders.map((f) => f.name);
    expect(names).to.include('Default/local-1');
    expect(names).to.not.include('Server1');
    await tablet.sync();
    expect(tablet.localView().folders.map((f) => f.name)).to.deep.equal([
      'Default/local-1',
      'INBOX',
    ]);
    await actor.deleteFolder('Default/local-1');
    await actor.createFolder('Server2');
    await phone.sync();
    await tablet.sync();
    names = phone.localView().folders.map((f) => f.name);
    expect(names).to.deep.equal(['INBOX', 'Server2']);
    await bothConverged();
  });

  it('re-creates a folder deleted on the server that still holds new local objects', async () => {
    await actor.createFolder('Conv1');
    await phone.sync();
    await phone.applyLocalChange({ kind: 'add', folder: 'Conv1', object: object('p-1') });
    await actor.deleteFolder('Conv1');
    await phone.sync();
    expect(keysOf(await actor.view(), 'Conv1')).to.deep.equal(['p-1']);
    await tablet.sync();
    await bothConverged();
  });

  it('records one http-exchanges evidence per device, credentials redacted', async () => {
    await phone.sync();
    const evidence = phone.evidence();
    expect(evidence).to.have.length(1);
    expect(evidence[0]!.kind).to.equal('http-exchanges');
    expect(evidence[0]!.label).to.equal('phone (alice)');
    expect(evidence[0]!.text).to.match(/POST \S+\/folders\/operations\/search -> 200/);
    expect(evidence[0]!.text).to.not.include('alicepass');
    expect(evidence[0]!.text).to.not.match(/\/payload/);
  });
});

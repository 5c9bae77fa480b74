/**
 * Two devices of one user and the store converge (seed 003, 5.5.2.20): one scenario table
 * that every device binding runs against its own store actor and devices (IMAP on Dovecot,
 * NMS on the simulator). Call `syncScenarios` inside a `describe`; it adds one `it` per
 * scenario and reads the actor and devices through the target as each test runs.
 */
import { expect } from 'chai';
import type { DeviceDriver, StoreActor } from '../../src/engine/ports.ts';
import { bare, flagsOf, folderOf, keysOf, object } from './helpers.ts';

export interface SyncTarget {
  /** The store actor and two devices of alice, made fresh for each test. */
  actor(): StoreActor;
  phone(): DeviceDriver;
  tablet(): DeviceDriver;
  /** The second device that must see deletions on the server, beside the phone. */
  deletions: {
    title: string;
    witness(): Promise<{ device: DeviceDriver; release(): Promise<void> }>;
  };
}

/** Every device holds what the store holds (content markers aside). */
export async function converged(actor: StoreActor, ...devices: DeviceDriver[]): Promise<void> {
  const store = bare(await actor.view());
  for (const d of devices) expect(bare(d.localView())).to.deep.equal(store);
}

export function syncScenarios(target: SyncTarget): void {
  let actor: StoreActor;
  let phone: DeviceDriver;
  let tablet: DeviceDriver;
  beforeEach(() => {
    actor = target.actor();
    phone = target.phone();
    tablet = target.tablet();
  });
  const bothConverged = () => converged(actor, phone, tablet);

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
    const marks = Object.fromEntries(
      folderOf(phone.localView(), 'Conv1')!.objects.map((o) => [o.key, o.content]),
    );
    expect(marks).to.deep.equal({ 's-1': 'metadata', 's-2': 'metadata' });
    expect((await phone.sync()).downloadedMetadata).to.equal(0);
    await bothConverged();
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
    expect(await actor.content('Conv1', 'p-1')).to.deep.equal(object('p-1').raw);
    await bothConverged();
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
    await bothConverged();
  });

  it(target.deletions.title, async () => {
    const { device: witness, release } = await target.deletions.witness();
    try {
      await actor.createFolder('Conv1');
      for (const k of ['s-1', 's-2', 's-3']) await actor.deliver('Conv1', object(k));
      await phone.sync();
      await witness.sync();
      await actor.delete('Conv1', 's-2');
      await actor.setFlags('Conv1', 's-3', ['\\Deleted'], []);
      expect((await phone.sync()).removedLocally).to.equal(2);
      expect((await witness.sync()).removedLocally).to.equal(2);
      expect(keysOf(phone.localView(), 'Conv1')).to.deep.equal(['s-1']);
      expect(keysOf(witness.localView(), 'Conv1')).to.deep.equal(['s-1']);
    } finally {
      await release();
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
    await bothConverged();
  });
}

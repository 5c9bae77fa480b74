/**
 * Partial sync preferences and eager content (RD-STOR-x1): one scenario table that every
 * device binding runs against its own store actor and device (IMAP on Dovecot, NMS on the
 * simulator). Call `partialScenarios` inside a `describe`, after the hook that makes the
 * actor and the phone: it seeds the store before each test and adds one `it` per scenario.
 */
import { expect } from 'chai';
import type { DeviceDriver, StoreActor } from '../../src/engine/ports.ts';
import { flagsOf, folderOf, keysOf, object } from './helpers.ts';

export interface PartialTarget {
  /** The store actor and the device under test, made fresh for each test. */
  actor(): StoreActor;
  phone(): DeviceDriver;
  /** The nested folder Work/Chat written with the binding's hierarchy separator. */
  workChat: string;
  /** Eager download with a size limit leaves \Seen unset: how the evidence shows it. */
  eager: { title: string; noSeenInEvidence(text: string): void };
}

/** Conv1: jan, feb, mar (messages), ft (file transfer), img (3000-byte media); Conv2; Work/Chat. */
export async function seedPartial(actor: StoreActor, workChat: string): Promise<void> {
  await actor.createFolder('Conv1');
  await actor.createFolder('Conv2');
  await actor.createFolder(workChat);
  await actor.deliver('Conv1', object('jan', { date: '2024-01-10T10:00:00Z' }));
  await actor.deliver('Conv1', object('feb', { date: '2024-02-10T10:00:00Z' }));
  await actor.deliver('Conv1', object('mar', { date: '2024-03-10T10:00:00Z' }));
  await actor.deliver(
    'Conv1',
    object('ft', { date: '2024-03-11T10:00:00Z', type: 'file-transfer-history' }),
  );
  await actor.deliver(
    'Conv1',
    object('img', {
      date: '2024-03-12T10:00:00Z',
      type: 'standalone-media',
      body: 'x'.repeat(3000),
    }),
  );
  await actor.deliver('Conv2', object('c2', { date: '2024-03-10T10:00:00Z' }));
  await actor.deliver(workChat, object('w1', { date: '2024-03-10T10:00:00Z' }));
}

export function partialScenarios(target: PartialTarget): void {
  const { workChat } = target;
  let actor: StoreActor;
  let phone: DeviceDriver;

  beforeEach(async () => {
    actor = target.actor();
    phone = target.phone();
    await seedPartial(actor, workChat);
  });

  it('folder subset: exact names and prefixes', async () => {
    phone.setPreferences({ folders: ['Conv2', 'Work*'] });
    const report = await phone.sync();
    expect(report.foldersSynced).to.deep.equal(['Conv2', workChat]);
    expect(phone.localView().folders.map((f) => f.name)).to.deep.equal(['Conv2', workChat]);
  });

  it('date window: since inclusive, before exclusive; widening it shows the rest', async () => {
    phone.setPreferences({
      folders: ['Conv1'],
      since: '2024-02-10',
      before: '2024-03-11',
    });
    await phone.sync();
    expect(keysOf(phone.localView(), 'Conv1')).to.deep.equal(['feb', 'mar']);
    phone.setPreferences({ folders: ['Conv1'] });
    const report = await phone.sync();
    expect(report.downloadedMetadata).to.equal(0);
    expect(keysOf(phone.localView(), 'Conv1')).to.deep.equal(['feb', 'ft', 'img', 'jan', 'mar']);
  });

  it('latest N per folder, and the window moves when the server adds and removes', async () => {
    phone.setPreferences({ folders: ['Conv1'], latest: 2 });
    await phone.sync();
    expect(keysOf(phone.localView(), 'Conv1')).to.deep.equal(['ft', 'img']);
    await actor.delete('Conv1', 'img');
    await phone.sync();
    expect(keysOf(phone.localView(), 'Conv1')).to.deep.equal(['ft', 'mar']);
    await actor.deliver('Conv1', object('apr', { date: '2024-04-01T10:00:00Z' }));
    await phone.sync();
    expect(keysOf(phone.localView(), 'Conv1')).to.deep.equal(['apr', 'ft']);
  });

  it('object types from the headers', async () => {
    phone.setPreferences({
      folders: ['Conv1'],
      types: ['file-transfer-history', 'standalone-media'],
    });
    await phone.sync();
    expect(keysOf(phone.localView(), 'Conv1')).to.deep.equal(['ft', 'img']);
  });

  it('local objects outside the filters stay visible and are uploaded', async () => {
    phone.setPreferences({ folders: ['Conv1'], since: '2024-03-01' });
    await phone.applyLocalChange({
      kind: 'add',
      folder: 'Conv1',
      object: object('old-local', { date: '2023-01-01T00:00:00Z' }),
    });
    const report = await phone.sync();
    expect(report.uploaded).to.equal(1);
    expect(keysOf(phone.localView(), 'Conv1')).to.deep.equal(['ft', 'img', 'mar', 'old-local']);
    expect(keysOf(await actor.view(), 'Conv1')).to.include('old-local');
  });

  it('a local object whose key is hidden by a filter is merged, not uploaded twice', async () => {
    phone.setPreferences({ folders: ['Conv1'], since: '2024-03-01' });
    await phone.sync();
    await phone.applyLocalChange({
      kind: 'add',
      folder: 'Conv1',
      object: object('jan', { date: '2024-01-10T10:00:00Z', flags: ['\\Seen'] }),
    });
    const report = await phone.sync();
    expect(report.uploaded).to.equal(0);
    expect(report.flagsPushed).to.equal(1);
    const store = await actor.view();
    expect(keysOf(store, 'Conv1').filter((k) => k === 'jan')).to.have.length(1);
    expect(flagsOf(store, 'Conv1', 'jan')).to.deep.equal(['\\Seen']);
    expect(keysOf(phone.localView(), 'Conv1')).to.include('jan');
  });

  it(target.eager.title, async () => {
    phone.setPreferences({ folders: ['Conv1'], content: 'eager', maxSize: 1000 });
    const report = await phone.sync();
    expect(report.downloadedContent).to.equal(4);
    const marks = Object.fromEntries(
      folderOf(phone.localView(), 'Conv1')!.objects.map((o) => [o.key, o.content]),
    );
    expect(marks).to.deep.equal({
      jan: 'full',
      feb: 'full',
      mar: 'full',
      ft: 'full',
      img: 'metadata',
    });
    const store = await actor.view();
    for (const key of ['jan', 'feb', 'mar', 'ft', 'img'])
      expect(flagsOf(store, 'Conv1', key)).to.deep.equal([]);
    target.eager.noSeenInEvidence(phone.evidence()[0]!.text);
    // on demand, the size limit does not apply
    await phone.fetchContent('Conv1', ['img']);
    expect(
      folderOf(phone.localView(), 'Conv1')!.objects.find((o) => o.key === 'img')!.content,
    ).to.equal('full');
  });

  it('rejects unusable preferences with one line', () => {
    expect(() => phone.setPreferences({ since: 'yesterday' })).to.throw(
      'preferences: since is not a calendar date (YYYY-MM-DD): yesterday',
    );
    expect(() => phone.setPreferences({ latest: -1 })).to.throw(
      /latest must be a non-negative integer/,
    );
  });
}

/**
 * Simplified synchronisation (OMA NMS, protocol digest b.2): after the first sync the device
 * learns changes from CreatedObjects, VanishedObjects and Flag searches, not by walking
 * every folder, and ends in the same state as a strict device.
 */
import { expect } from 'chai';
import type { DeviceDriver, StoreActor } from '../../src/engine/ports.ts';
import { emptyReport } from '../../simulators/clients/sync-context.ts';
import { bare, flagsOf, keysOf, object, useNms } from './helpers.ts';
import { objectSearches, type Search } from './searches.ts';

const criteriaOf = (s: Search) => s.criteria.searchCriteria?.criterion ?? [];
const typesOf = (list: Search[]) => [
  ...new Set(list.flatMap((s) => criteriaOf(s).map((c) => c.type))),
];
const scoped = (list: Search[]) => list.filter((s) => s.criteria.searchScope);

describe('nms clients: simplified synchronisation', function () {
  this.timeout(15_000);
  const nms = useNms();
  let actor: StoreActor;
  let tablet: DeviceDriver;

  beforeEach(async () => {
    actor = nms.actor();
    tablet = await nms.device('tablet', { mode: 'simplified', pageSize: 1 });
    await actor.createFolder('Conv1');
    await actor.createFolder('Conv2');
    await actor.deliver('Conv1', object('m-1', { flags: ['\\Seen'] }));
    await actor.deliver('Conv1', object('m-2', { flags: ['\\Seen'] }));
    await actor.deliver('Conv1', object('m-3', { flags: ['\\Seen', '\\Flagged'] }));
    await actor.deliver('Conv2', object('k-1'));
  });

  async function converged(...devices: DeviceDriver[]): Promise<void> {
    const store = bare(await actor.view());
    for (const d of devices) expect(bare(d.localView())).to.deep.equal(store);
  }

  it('first sync: one CreatedObjects walk from "" lists every folder, none is enumerated', async () => {
    await tablet.sync();
    const searches = objectSearches(tablet).slice(1); // after open()'s probe
    expect(searches).to.have.length.greaterThan(3); // one object per page
    expect(typesOf(searches)).to.deep.equal(['CreatedObjects']);
    expect(searches.map((s) => criteriaOf(s)[0]?.value)).to.satisfy((v: string[]) =>
      v.every((x) => x === ''),
    );
    expect(scoped(searches)).to.deep.equal([]);
    expect(searches.slice(1).every((s) => s.criteria.fromCursor)).to.equal(true);
    await converged(tablet);
  });

  it('later syncs: CreatedObjects from the kept cursor, VanishedObjects, Flag searches; no walk', async () => {
    await tablet.sync();
    const before = objectSearches(tablet).length;
    const cursor = objectSearches(tablet).at(-1)!.creationCursor;
    expect(cursor).to.be.a('string').and.not.equal('');
    await tablet.applyLocalChange({ kind: 'flags', folder: 'Conv2', key: 'k-1', add: ['$Work'] });
    await actor.deliver('Conv1', object('n-1'));
    await actor.delete('Conv1', 'm-1');
    await actor.setFlags('Conv1', 'm-2', ['\\Answered'], ['\\Seen']);
    await actor.setFlags('Conv1', 'm-3', [], ['\\Flagged']);
    const report = await tablet.sync();
    const later = objectSearches(tablet).slice(before);
    expect(scoped(later)).to.deep.equal([]);
    expect(criteriaOf(later[0]!)).to.deep.equal([{ type: 'CreatedObjects', value: cursor }]);
    expect(later.map((s) => criteriaOf(s)[0])).to.deep.include.members([
      { type: 'VanishedObjects', value: '' },
      { type: 'Flag', name: '\\Seen', value: 'false' },
      { type: 'Flag', name: '\\Flagged', value: 'true' },
      { type: 'Flag', name: '\\Answered', value: 'true' },
      { type: 'Flag', name: '\\Draft', value: 'true' },
      { type: 'Flag', name: '$Work', value: 'true' },
    ]);
    expect(report.downloadedMetadata).to.equal(1);
    expect(report.removedLocally).to.equal(1);
    expect(report.flagsPulled).to.equal(2);
    expect(report.flagsPushed).to.equal(1);
    expect(keysOf(tablet.localView(), 'Conv1')).to.deep.equal(['m-2', 'm-3', 'n-1']);
    expect(flagsOf(tablet.localView(), 'Conv1', 'm-2')).to.deep.equal(['\\Answered']);
    expect(flagsOf(tablet.localView(), 'Conv1', 'm-3')).to.deep.equal(['\\Seen']);
    await converged(tablet);

    const quiet = await tablet.sync();
    expect({ ...quiet, foldersListed: 0, foldersSynced: [] }).to.deep.equal(emptyReport());
  });

  it('keeps pending local flag changes over the server flags (local changes win)', async () => {
    await tablet.sync();
    await tablet.applyLocalChange({
      kind: 'flags',
      folder: 'Conv1',
      key: 'm-3',
      remove: ['\\Seen'],
    });
    await actor.setFlags('Conv1', 'm-3', ['\\Answered'], ['\\Flagged']);
    await actor.setFlags('Conv1', 'm-1', [], ['\\Seen']);
    await tablet.sync();
    expect(flagsOf(await actor.view(), 'Conv1', 'm-3')).to.deep.equal(['\\Answered']);
    expect(flagsOf(tablet.localView(), 'Conv1', 'm-1')).to.deep.equal([]);
    await converged(tablet);
  });

  it('enumerates only a folder the searches cannot describe: back in the folder subset', async () => {
    tablet.setPreferences({ folders: ['Conv1', 'INBOX'] });
    await tablet.sync();
    await actor.deliver('Conv2', object('k-2'));
    await tablet.sync();
    const before = objectSearches(tablet).length;
    tablet.setPreferences({});
    await actor.deliver('Conv1', object('n-1'));
    await tablet.sync();
    const later = objectSearches(tablet).slice(before);
    expect(scoped(later)).to.have.length(2); // Conv2 only, one object per page
    expect(new Set(scoped(later).map((s) => s.criteria.searchScope?.resourceURL)).size).to.equal(1);
    expect(keysOf(tablet.localView(), 'Conv2')).to.deep.equal(['k-1', 'k-2']);
    await converged(tablet);
  });

  it('converges with a strict device through concurrent changes on both', async () => {
    const phone = await nms.device('phone');
    await phone.sync();
    await tablet.sync();
    await phone.applyLocalChange({ kind: 'delete', folder: 'Conv1', key: 'm-1' });
    await phone.applyLocalChange({
      kind: 'flags',
      folder: 'Conv1',
      key: 'm-2',
      add: ['\\Flagged'],
    });
    await phone.applyLocalChange({ kind: 'add', folder: 'Conv2', object: object('p-1') });
    await phone.copy('Conv1', 'm-3', 'Conv2');
    await tablet.applyLocalChange({
      kind: 'flags',
      folder: 'Conv1',
      key: 'm-2',
      remove: ['\\Seen'],
    });
    await tablet.applyLocalChange({ kind: 'flags', folder: 'Conv2', key: 'k-1', add: ['$Work'] });
    await tablet.applyLocalChange({ kind: 'add', folder: 'Conv1', object: object('t-1') });
    await tablet.applyLocalChange({ kind: 'delete', folder: 'Conv1', key: 'm-3' });
    await actor.createFolder('Conv3');
    await actor.deliver('Conv3', object('s-1', { flags: ['\\Seen', '$Late'] }));
    for (const d of [phone, tablet, phone, tablet]) await d.sync();
    const store = await actor.view();
    expect(keysOf(store, 'Conv1')).to.deep.equal(['m-2', 't-1']);
    expect(keysOf(store, 'Conv2')).to.deep.equal(['k-1', 'm-3', 'p-1']);
    expect(flagsOf(store, 'Conv1', 'm-2')).to.deep.equal(['\\Flagged']);
    expect(flagsOf(store, 'Conv2', 'k-1')).to.deep.equal(['$Work']);
    await converged(phone, tablet);
  });
});

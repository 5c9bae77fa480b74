/**
 * Attribution: each difference names the clause that what was wrong proves broken, from the
 * oracle's provenance and from who is under test, never a case's whole clause list.
 */
import { expect } from 'chai';
import { attributeDevice, attributeStore, type Role } from '../../src/engine/attribution.ts';
import { Oracle } from '../../src/engine/oracle.ts';
import { failedStepClause } from '../../src/engine/damage.ts';
import { ObjectFactory } from '../../src/fixtures/generate.ts';
import { differences, type StoreView } from '../../src/model/view.ts';

const FOLDER = 'Default/conv-alpha';

function world() {
  const oracle = new Oracle();
  const objects = new ObjectFactory(7);
  const make = () =>
    objects.create({ type: 'message', date: new Date('2026-01-10T10:00:00Z'), flags: [] });
  oracle.createFolder('alice', FOLDER);
  oracle.addDevice('phone', 'alice', {});
  oracle.addDevice('tablet', 'alice', {});
  const given = [make(), make()];
  for (const spec of given) oracle.deliver('alice', FOLDER, spec);
  oracle.step = 0;
  oracle.synced('phone');
  oracle.synced('tablet');
  return { oracle, given, make };
}

/** The store as the oracle expects it, with one change applied to what was "observed". */
function observed(
  oracle: Oracle,
  change: (objects: StoreView['folders'][number]['objects']) => void,
): StoreView {
  const view = structuredClone(oracle.storeView('alice'));
  const folder = view.folders.find((f) => f.name === FOLDER)!;
  change(folder.objects);
  return view;
}

function storeClauses(oracle: Oracle, actual: StoreView, role: Role): string[] {
  return differences(oracle.storeView('alice'), actual).flatMap((d) =>
    attributeStore(d, 'alice', role, oracle).map((a) => a.clause),
  );
}

describe('attribution: a difference names the clause it proves broken', () => {
  it('an object a device added but missing in the store: 5.5.2.3 for a store, 3d for a client', () => {
    const { oracle, make } = world();
    const mine = make();
    oracle.step = 1;
    oracle.localChange('phone', { kind: 'add', folder: FOLDER, object: mine });
    oracle.step = 2;
    oracle.synced('phone');
    const actual = observed(oracle, (objects) =>
      objects.splice(
        objects.findIndex((o) => o.key === mine.key),
        1,
      ),
    );
    expect(storeClauses(oracle, actual, 'server')).to.deep.equal(['SD-5.5.2.3']);
    expect(storeClauses(oracle, actual, 'client')).to.deep.equal(['SD-5.5.2.20-3d']);
  });

  it('an object deleted on a device but still in the store: 5.5.2.6 for a store, 3e for a client', () => {
    const { oracle, given } = world();
    const victim = given[0]!;
    oracle.step = 1;
    oracle.localChange('phone', { kind: 'delete', folder: FOLDER, key: victim.key });
    oracle.step = 2;
    oracle.synced('phone');
    const actual = observed(oracle, (objects) => objects.push({ key: victim.key, flags: [] }));
    expect(storeClauses(oracle, actual, 'server')).to.deep.equal(['SD-5.5.2.6']);
    expect(storeClauses(oracle, actual, 'client')).to.deep.equal(['SD-5.5.2.20-3e']);
  });

  it('an object deleted in the store but still on a device: 3c', () => {
    const { oracle, given } = world();
    const victim = given[1]!;
    oracle.step = 1;
    oracle.deleteObject('alice', FOLDER, victim.key);
    oracle.synced('tablet');
    const expected = oracle.device('tablet');
    const held = structuredClone(expected.replica);
    held.folders[0]!.objects.push({ key: victim.key, flags: [], content: 'metadata' });
    const clauses = differences(expected.replica, held).flatMap((d) =>
      attributeDevice(d, expected, oracle, 'client').map((a) => a.clause),
    );
    expect(clauses).to.deep.equal(['SD-5.5.2.20-3c']);
  });

  it('flags a device set that did not travel: 5.5.2.13 for a store, 3f for a client', () => {
    const { oracle, given } = world();
    const target = given[0]!;
    oracle.step = 1;
    oracle.localChange('phone', {
      kind: 'flags',
      folder: FOLDER,
      key: target.key,
      add: ['\\Flagged'],
    });
    oracle.step = 2;
    oracle.synced('phone');
    const actual = observed(oracle, (objects) => {
      const o = objects.find((x) => x.key === target.key)!;
      o.flags = [];
    });
    expect(storeClauses(oracle, actual, 'server')).to.deep.equal(['SD-5.5.2.13']);
    expect(storeClauses(oracle, actual, 'client')).to.deep.equal(['SD-5.5.2.20-3f']);
  });

  it('\\Seen that no step set (a fetch changed state): 5.5.2.4, and only that', () => {
    const { oracle, given } = world();
    const read = given[0]!;
    const flagged = given[1]!;
    oracle.step = 1;
    oracle.setFlags('alice', FOLDER, flagged.key, ['\\Flagged'], []);
    const actual = observed(oracle, (objects) => {
      objects.find((x) => x.key === read.key)!.flags = ['\\Seen'];
      objects.find((x) => x.key === flagged.key)!.flags = [];
    });
    expect(storeClauses(oracle, actual, 'server').sort()).to.deep.equal([
      'SD-5.5.2.13',
      'SD-5.5.2.4',
    ]);
  });

  it('a folder a device removed that the store still lists: 5.5.2.11 for a store, step 2 for a client', () => {
    const { oracle } = world();
    oracle.step = 1;
    oracle.localChange('phone', { kind: 'delete-folder', folder: FOLDER });
    oracle.step = 2;
    oracle.synced('phone');
    const actual: StoreView = {
      folders: [...oracle.storeView('alice').folders, { name: FOLDER, objects: [] }],
    };
    expect(storeClauses(oracle, actual, 'server')).to.deep.equal(['SD-5.5.2.11']);
    expect(storeClauses(oracle, actual, 'client')).to.deep.equal(['SD-5.5.2.20-2']);
  });

  it('an object held against the device preferences: RD-STOR-x1', () => {
    const { oracle, given } = world();
    const expected = oracle.device('phone');
    expected.preferences = { latest: 1 };
    oracle.synced('phone');
    const kept = expected.replica.folders[0]!.objects.map((o) => o.key);
    const dropped = given.find((g) => !kept.includes(g.key))!;
    const held = structuredClone(expected.replica);
    held.folders[0]!.objects.push({ key: dropped.key, flags: [], content: 'metadata' });
    const clauses = differences(expected.replica, held).flatMap((d) =>
      attributeDevice(d, expected, oracle, 'client').map((a) => a.clause),
    );
    expect(clauses).to.deep.equal(['RD-STOR-x1']);
  });

  it('content a device fetched and does not hold: 5.5.2.4 for a store, 3b for a client', () => {
    const { oracle, given } = world();
    oracle.synced('phone');
    const expected = oracle.device('phone');
    expected.contentHeld.add(given[0]!.key);
    oracle.synced('phone');
    const wanted = expected.replica;
    const held = structuredClone(wanted);
    held.folders[0]!.objects.find((o) => o.key === given[0]!.key)!.content = 'metadata';
    const clauses = (role: 'server' | 'client') =>
      differences(wanted, held, { content: true }).flatMap((d) =>
        attributeDevice(d, expected, oracle, role).map((a) => a.clause),
      );
    expect(clauses('server')).to.deep.equal(['SD-5.5.2.4']);
    expect(clauses('client')).to.deep.equal(['SD-5.5.2.20-3b']);
  });

  it('an object a device held before and lost although nobody removed it: 3c; never held: 3b', () => {
    const { oracle, given, make } = world();
    const fresh = make();
    oracle.step = 1;
    oracle.deliver('alice', FOLDER, fresh);
    oracle.synced('phone');
    const expected = oracle.device('phone');
    const lost = structuredClone(expected.replica);
    lost.folders[0]!.objects = lost.folders[0]!.objects.filter(
      (o) => o.key !== given[0]!.key && o.key !== fresh.key,
    );
    const clauses = differences(expected.replica, lost)
      .flatMap((d) => attributeDevice(d, expected, oracle, 'client').map((a) => a.clause))
      .sort();
    expect(clauses).to.deep.equal(['SD-5.5.2.20-3b', 'SD-5.5.2.20-3c']);
  });
});

describe('attribution: a failed step', () => {
  const sync = { do: 'sync', device: 'phone' } as const;
  it('is judged on the operation the store refused (server) or the step that sent it (client)', () => {
    const refusal = 'phone: sync: SELECT Default/conv-old: NO [NONEXISTENT] no mailbox';
    expect(failedStepClause(sync, 'server', refusal)).to.equal('SD-5.5.2.2');
    expect(failedStepClause(sync, 'client', refusal)).to.equal('SD-5.5.2.20-2');
    expect(failedStepClause(sync, 'server', 'UID STORE 3 +FLAGS: NO busy')).to.equal('SD-5.5.2.13');
    expect(failedStepClause(sync, 'client', 'APPEND Default: BAD literal')).to.equal(
      'SD-5.5.2.20-3d',
    );
  });

  it('falls back to the step when nothing says what was refused', () => {
    expect(failedStepClause(sync, 'server', 'connection dropped')).to.equal(
      'SD-COPY-5.5.2.20-server-sync',
    );
    expect(
      failedStepClause({ do: 'fetch-content', device: 'phone', objects: [] }, 'server'),
    ).to.equal('SD-5.5.2.4');
  });
});

/**
 * The deliberately broken variants of the reference client (simulators/clients/mutants.ts):
 * each one, run beside the unbroken client in the same small scenario against the project's
 * IMAP simulator, shows its deviation in the store, the local view, the report or the trace.
 */
import { expect } from 'chai';
import {
  CLIENT_MUTANTS,
  CLIENT_MUTANT_NAMES,
  clientMutantByName,
  type ClientMutant,
} from '../../simulators/clients/mutants.ts';
import { createImapDevice } from '../../simulators/clients/imap-device.ts';
import { createImapStoreActor } from '../../simulators/clients/imap-store-actor.ts';
import { startImapServer, type TraceEntry } from '../../simulators/server/imap-server.ts';
import type { DeviceDriver, StoreActor, SyncReport } from '../../src/engine/ports.ts';
import { ALICE, flagsOf, folderOf, keysOf, object } from './helpers.ts';

interface World {
  device: DeviceDriver;
  actor: StoreActor;
  /** Client command lines sent during `during()`. */
  commands(during: () => Promise<unknown>): Promise<string[]>;
}

/** Run a scenario against a fresh simulator with the unbroken client or a mutant. */
async function run<T>(mutant: ClientMutant | undefined, scenario: (w: World) => Promise<T>) {
  const trace: TraceEntry[] = [];
  const server = await startImapServer({
    users: [{ name: ALICE.user, password: ALICE.password }],
    onTrace: (e) => trace.push(e),
  });
  const endpoint = { host: server.host, port: server.port };
  const actor = await createImapStoreActor({ endpoint, ...ALICE });
  const device = await createImapDevice({
    name: 'phone',
    endpoint,
    ...ALICE,
    ...(mutant ? { mutant } : {}),
  });
  const commands = async (during: () => Promise<unknown>) => {
    const from = trace.length;
    await during();
    return trace.slice(from).flatMap((e) => (e.direction === 'C' ? [e.line] : []));
  };
  try {
    return await scenario({ device, actor, commands });
  } finally {
    await device.close();
    await actor.close();
    await server.stop();
  }
}

/** The same scenario, unbroken and broken. */
async function both<T>(mutant: ClientMutant, scenario: (w: World) => Promise<T>) {
  return { ref: await run(undefined, scenario), mut: await run(mutant, scenario) };
}

const contentOf = (d: DeviceDriver, folder: string) =>
  folderOf(d.localView(), folder)?.objects.map((o) => o.content);

describe('clients: mutants of the reference client (IMAP simulator)', function () {
  this.timeout(20_000);

  it('registry: every mutant names a description and a clause; unknown names are listed', () => {
    expect(CLIENT_MUTANT_NAMES.length).to.be.greaterThanOrEqual(15);
    for (const name of CLIENT_MUTANT_NAMES) {
      expect(CLIENT_MUTANTS[name].clause).to.match(/^(SD|RD)-/);
      expect(clientMutantByName(name)).to.equal(name);
    }
    expect(() => clientMutantByName('nope')).to.throw(
      /unknown client mutant "nope"; known: skip-3c/,
    );
  });

  it('createImapDevice rejects an unknown mutant before connecting', async () => {
    const endpoint = { host: '127.0.0.1', port: 1 };
    const options = { name: 'x', endpoint, ...ALICE, mutant: 'bogus' as ClientMutant };
    let error: unknown;
    await createImapDevice(options).catch((e: unknown) => (error = e));
    expect(String(error)).to.match(/unknown client mutant "bogus"/);
  });

  it('skip-3c: an object removed on the server stays on the device', async () => {
    const { ref, mut } = await both('skip-3c', async ({ device, actor }) => {
      await actor.createFolder('Conv1');
      await actor.deliver('Conv1', object('a'));
      await actor.deliver('Conv1', object('b'));
      await device.sync();
      await actor.delete('Conv1', 'a');
      const report = await device.sync();
      return { keys: keysOf(device.localView(), 'Conv1'), removed: report.removedLocally };
    });
    expect(ref).to.deep.equal({ keys: ['b'], removed: 1 });
    expect(mut).to.deep.equal({ keys: ['a', 'b'], removed: 0 });
  });

  it('no-upload: a new local object never reaches the store', async () => {
    const { ref, mut } = await both('no-upload', async ({ device, actor }) => {
      await actor.createFolder('Conv1');
      await device.sync();
      await device.applyLocalChange({ kind: 'add', folder: 'Conv1', object: object('p-1') });
      const { uploaded } = await device.sync();
      return { store: keysOf(await actor.view(), 'Conv1'), uploaded };
    });
    expect(ref).to.deep.equal({ store: ['p-1'], uploaded: 1 });
    expect(mut).to.deep.equal({ store: [], uploaded: 0 });
  });

  it('never-push-deletions: an object deleted on the device stays in the store', async () => {
    const { ref, mut } = await both('never-push-deletions', async ({ device, actor }) => {
      await actor.deliver('INBOX', object('a'));
      await actor.deliver('INBOX', object('b'));
      await device.sync();
      await device.applyLocalChange({ kind: 'delete', folder: 'INBOX', key: 'a' });
      const { deletedOnServer } = await device.sync();
      return {
        deleted: deletedOnServer,
        store: keysOf(await actor.view(), 'INBOX'),
        local: keysOf(device.localView(), 'INBOX'),
      };
    });
    expect(ref).to.deep.equal({ deleted: 1, store: ['b'], local: ['b'] });
    expect(mut).to.deep.equal({ deleted: 0, store: ['a', 'b'], local: ['b'] });
  });

  it('flags-one-way: local flag changes are not pushed, server changes still pulled', async () => {
    const { ref, mut } = await both('flags-one-way', async ({ device, actor }) => {
      await actor.deliver('INBOX', object('a'));
      await device.sync();
      await device.applyLocalChange({ kind: 'flags', folder: 'INBOX', key: 'a', add: ['\\Seen'] });
      await actor.setFlags('INBOX', 'a', ['\\Flagged'], []);
      await device.sync();
      return {
        store: flagsOf(await actor.view(), 'INBOX', 'a'),
        local: flagsOf(device.localView(), 'INBOX', 'a'),
      };
    });
    expect(ref).to.deep.equal({ store: ['\\Flagged', '\\Seen'], local: ['\\Flagged', '\\Seen'] });
    expect(mut).to.deep.equal({ store: ['\\Flagged'], local: ['\\Flagged', '\\Seen'] });
  });

  it('no-folder-push: folders created or deleted on the device are not created/deleted in the store', async () => {
    const { ref, mut } = await both('no-folder-push', async ({ device, actor, commands }) => {
      await actor.createFolder('Old');
      await device.sync();
      await device.applyLocalChange({ kind: 'create-folder', folder: 'New' });
      await device.applyLocalChange({ kind: 'delete-folder', folder: 'Old' });
      const sent = await commands(() => device.sync());
      const folders = (await actor.view()).folders.map((f) => f.name);
      return { folders, create: sent.some((l) => /^\S+ (CREATE|DELETE) /.test(l)) };
    });
    expect(ref).to.deep.equal({ folders: ['INBOX', 'New'], create: true });
    expect(mut).to.deep.equal({ folders: ['INBOX', 'Old'], create: false });
  });

  it('redownload-all: the second sync fetches metadata and content of everything from 1:*', async () => {
    const { ref, mut } = await both('redownload-all', async ({ device, actor, commands }) => {
      await actor.deliver('INBOX', object('a'));
      await actor.deliver('INBOX', object('b'));
      await device.sync();
      let report: SyncReport | undefined;
      const sent = await commands(async () => (report = await device.sync()));
      return {
        fetches: sent.filter((l) => /UID FETCH/.test(l)).map((l) => l.replace(/^\S+ /, '')),
        metadata: report?.downloadedMetadata,
        content: report?.downloadedContent,
        marks: contentOf(device, 'INBOX'),
      };
    });
    expect(ref).to.deep.equal({
      fetches: [],
      metadata: 0,
      content: 0,
      marks: ['metadata', 'metadata'],
    });
    expect(mut.fetches).to.have.length(1);
    expect(mut.fetches[0]).to.match(/^UID FETCH 1:\* \(.*BODY\.PEEK\[\]/);
    expect(mut).to.deep.include({ metadata: 2, content: 2, marks: ['full', 'full'] });
  });

  it('eager-content: content is downloaded with the metadata in on-demand mode', async () => {
    const { ref, mut } = await both('eager-content', async ({ device, actor, commands }) => {
      await actor.deliver('INBOX', object('a'));
      device.setPreferences({ content: 'on-demand' });
      const sent = await commands(() => device.sync());
      return {
        peeks: sent.filter((l) => l.includes('BODY.PEEK[]')).length,
        marks: contentOf(device, 'INBOX'),
        store: flagsOf(await actor.view(), 'INBOX', 'a'),
      };
    });
    expect(ref).to.deep.equal({ peeks: 0, marks: ['metadata'], store: [] });
    expect(mut).to.deep.equal({ peeks: 1, marks: ['full'], store: [] });
  });

  it('mark-read-on-fetch: content is fetched with BODY[] and the store marks it \\Seen', async () => {
    const { ref, mut } = await both('mark-read-on-fetch', async ({ device, actor, commands }) => {
      await actor.deliver('INBOX', object('a'));
      await device.sync();
      const sent = await commands(() => device.fetchContent('INBOX', ['a']));
      return {
        fetch: sent.filter((l) => /UID FETCH/.test(l)).map((l) => l.replace(/^\S+ /, '')),
        marks: contentOf(device, 'INBOX'),
        store: flagsOf(await actor.view(), 'INBOX', 'a'),
      };
    });
    expect(ref.fetch).to.have.length(1);
    expect(ref.fetch[0]).to.include('BODY.PEEK[]');
    expect(ref).to.deep.include({ marks: ['full'], store: [] });
    expect(mut.fetch).to.deep.equal(['UID FETCH 1 (UID BODY[])']);
    expect(mut).to.deep.include({ marks: ['full'], store: ['\\Seen'] });
  });

  it('mark-read-on-fetch: an eager sync marks every object it downloads \\Seen', async () => {
    const { ref, mut } = await both('mark-read-on-fetch', async ({ device, actor }) => {
      await actor.deliver('INBOX', object('a'));
      device.setPreferences({ content: 'eager' });
      await device.sync();
      return {
        marks: contentOf(device, 'INBOX'),
        store: flagsOf(await actor.view(), 'INBOX', 'a'),
      };
    });
    expect(ref).to.deep.equal({ marks: ['full'], store: [] });
    expect(mut).to.deep.equal({ marks: ['full'], store: ['\\Seen'] });
  });

  it('ignore-filters: folder subset, latest-N and type filters are ignored', async () => {
    const { ref, mut } = await both('ignore-filters', async ({ device, actor }) => {
      await actor.deliver('Conv1', object('a', { date: '2024-01-01T10:00:00Z' }));
      await actor.deliver('Conv1', object('b', { date: '2024-01-02T10:00:00Z' }));
      await actor.deliver('Conv1', object('m', { type: 'standalone-media' }));
      await actor.deliver('Conv2', object('c'));
      device.setPreferences({ folders: ['Conv1'], latest: 1, types: ['message'] });
      await device.sync();
      const view = device.localView();
      return { folders: view.folders.map((f) => f.name), conv1: keysOf(view, 'Conv1') };
    });
    expect(ref).to.deep.equal({ folders: ['Conv1'], conv1: ['b'] });
    expect(mut).to.deep.equal({ folders: ['Conv1', 'Conv2', 'INBOX'], conv1: ['a', 'b', 'm'] });
  });

  it('select-without-list: no LIST after the first sync, so a new server folder is never seen', async () => {
    const { ref, mut } = await both('select-without-list', async ({ device, actor, commands }) => {
      await actor.deliver('INBOX', object('a'));
      await device.sync();
      await actor.deliver('Conv2', object('c'));
      const sent = await commands(() => device.sync());
      return {
        list: sent.some((l) => /^\S+ LIST /.test(l)),
        folders: device.localView().folders.map((f) => f.name),
      };
    });
    expect(ref).to.deep.equal({ list: true, folders: ['Conv2', 'INBOX'] });
    expect(mut).to.deep.equal({ list: false, folders: ['INBOX'] });
  });

  it('no-uidvalidity-check: after a rebuild the old UIDs delete the wrong object', async () => {
    const { ref, mut } = await both('no-uidvalidity-check', async ({ device, actor }) => {
      await actor.createFolder('Conv1');
      for (const k of ['a', 'b', 'c']) await actor.deliver('Conv1', object(k));
      await device.sync();
      await actor.delete('Conv1', 'a');
      await device.sync();
      await actor.resetFolder('Conv1');
      await device.applyLocalChange({ kind: 'delete', folder: 'Conv1', key: 'b' });
      const { resynced } = await device.sync();
      return {
        resynced,
        store: keysOf(await actor.view(), 'Conv1'),
        local: keysOf(device.localView(), 'Conv1'),
      };
    });
    expect(ref).to.deep.equal({ resynced: ['Conv1'], store: ['c'], local: ['c'] });
    expect(mut.resynced).to.deep.equal([]);
    expect(mut.store).to.deep.equal(['b']);
    expect(mut.local).to.not.deep.equal(mut.store);
  });
});

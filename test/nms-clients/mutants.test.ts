/**
 * The NMS client mutants (simulators/clients/nms/mutants.ts): each deviates from the
 * reference device at its one named point, shown against a real NMS simulator with the
 * reference device doing the same thing beside it where the difference is on the wire.
 */
import { createServer, type Server } from 'node:http';
import { expect } from 'chai';
import {
  deleteSubscription,
  listSubscriptions,
  searchObjects,
} from '../../src/bindings/nms/client/index.ts';
import {
  NMS_CLIENT_MUTANTS,
  NMS_CLIENT_MUTANT_NAMES,
} from '../../simulators/clients/nms/mutants.ts';
import { DeviceHttp } from '../../simulators/clients/nms/nms-device-http.ts';
import type { DeviceDriver } from '../../src/engine/ports.ts';
import { registry } from '../e2e/helpers.ts';
import { flagsOf, keysOf, markers, object, useNms } from './helpers.ts';
import {
  isFolderSearch,
  isPayloadGet,
  isSubscriptionUpdate,
  requestsOf,
  requestsSince,
} from './mutant-helpers.ts';

describe('nms clients: mutants of the reference NMS device', function () {
  this.timeout(15_000);
  const nms = useNms();
  const both = async (mutant: string): Promise<[DeviceDriver, DeviceDriver]> => [
    await nms.device('reference'),
    await nms.device('mutant', { mutant }),
  ];

  it('each mutant names a registered clause and its knock-ons; unknown names are refused', async () => {
    expect(NMS_CLIENT_MUTANT_NAMES.length).to.be.greaterThanOrEqual(12);
    for (const [name, info] of Object.entries(NMS_CLIENT_MUTANTS)) {
      expect(registry.byId.has(info.clause), name).to.equal(true);
      for (const clause of Object.keys('knockOn' in info ? info.knockOn : {}))
        expect(registry.byId.has(clause), `${name} knock-on ${clause}`).to.equal(true);
    }
    let error: unknown;
    await nms.device('d', { mutant: 'no-such-mutant' }).catch((e: unknown) => (error = e));
    expect(String(error)).to.match(
      /unknown NMS client mutant "no-such-mutant"; known: .*no-upload/,
    );
  });

  it('walks-every-sync never updates its subscription; ignores-restart-token updates it without the token', async () => {
    const reference = await nms.device('reference');
    const walker = await nms.device('walker', { mutant: 'walks-every-sync' });
    const forgetful = await nms.device('forgetful', { mutant: 'ignores-restart-token' });
    for (const d of [reference, walker, forgetful]) await d.sync();
    await nms.actor().deliver('Conv1', object('k-1'));
    for (const d of [reference, walker, forgetful]) await d.sync();
    const updates = (d: DeviceDriver) => requestsOf(d).filter(isSubscriptionUpdate);
    expect(updates(reference).map((r) => /restartToken/.test(r.body))).to.deep.equal([true]);
    expect(updates(walker)).to.deep.equal([]);
    expect(updates(forgetful).map((r) => /restartToken/.test(r.body))).to.deep.equal([false]);
    for (const d of [walker, forgetful])
      expect(keysOf(d.localView(), 'Conv1')).to.deep.equal(['k-1']);
  });

  it('lists-nothing-first walks only the folders it remembers', async () => {
    const [reference, mutant] = await both('lists-nothing-first');
    await nms.actor().deliver('Conv1', object('k-1'));
    for (const d of [reference, mutant]) await d.sync();
    const marks = [reference, mutant].map((d) => requestsOf(d).length);
    await nms.actor().deliver('Conv2', object('k-2'));
    for (const d of [reference, mutant]) await d.sync();
    expect(requestsSince(reference, marks[0]!, isFolderSearch)).to.have.length(1);
    expect(requestsSince(mutant, marks[1]!, isFolderSearch)).to.deep.equal([]);
    expect(keysOf(reference.localView(), 'Conv2')).to.deep.equal(['k-2']);
    expect(keysOf(mutant.localView(), 'Conv2')).to.deep.equal([]);
  });

  it('payloads-during-sync downloads content during an on-demand sync', async () => {
    const [reference, mutant] = await both('payloads-during-sync');
    await nms.actor().deliver('Conv1', object('k-1'));
    for (const d of [reference, mutant]) await d.sync();
    expect(requestsOf(reference).filter(isPayloadGet)).to.deep.equal([]);
    expect(requestsOf(mutant).filter(isPayloadGet)).to.have.length(1);
    expect(markers(mutant.localView(), 'Conv1')).to.deep.equal({ 'k-1': 'full' });
  });

  it('redownloads-payloads downloads content it already holds again', async () => {
    const [reference, mutant] = await both('redownloads-payloads');
    await nms.actor().deliver('Conv1', object('k-1'));
    for (const d of [reference, mutant]) {
      await d.sync();
      await d.fetchContent('Conv1', ['k-1']);
      await d.fetchContent('Conv1', ['k-1']);
    }
    expect(requestsOf(reference).filter(isPayloadGet)).to.have.length(1);
    expect(requestsOf(mutant).filter(isPayloadGet)).to.have.length(2);
  });

  it('drops-local-deletions never sends DELETE: the object stays in the store', async () => {
    const mutant = await nms.device('mutant', { mutant: 'drops-local-deletions' });
    await nms.actor().deliver('Conv1', object('k-1'));
    await mutant.sync();
    await mutant.applyLocalChange({ kind: 'delete', folder: 'Conv1', key: 'k-1' });
    await mutant.sync();
    expect(requestsOf(mutant).filter((r) => r.method === 'DELETE')).to.deep.equal([]);
    expect(keysOf(await nms.actor().view(), 'Conv1')).to.deep.equal(['k-1']);
  });

  it('no-upload never stores a new local object', async () => {
    const [reference, mutant] = await both('no-upload');
    await nms.actor().createFolder('Conv1');
    for (const d of [reference, mutant]) {
      await d.sync();
      await d.applyLocalChange({ kind: 'add', folder: 'Conv1', object: object(`up-${d.name}`) });
      await d.sync();
    }
    expect(keysOf(await nms.actor().view(), 'Conv1')).to.deep.equal(['up-reference']);
  });

  it('flags-as-flag-list replaces the whole flag list instead of adding the one flag', async () => {
    const [reference, mutant] = await both('flags-as-flag-list');
    await nms.actor().deliver('Conv1', object('k-1', { flags: ['\\Flagged'] }));
    for (const d of [reference, mutant]) await d.sync();
    await mutant.applyLocalChange({ kind: 'flags', folder: 'Conv1', key: 'k-1', add: ['\\Seen'] });
    await mutant.sync();
    const flagWrites = (d: DeviceDriver) =>
      requestsOf(d)
        .filter((r) => r.method === 'PUT' || (r.method === 'DELETE' && /\/flags/.test(r.path)))
        .map((r) => `${r.method} ${r.path.replace(/^\/objects\/[^/]+/, '')} ${r.body.trim()}`);
    expect(flagWrites(mutant)).to.deep.equal([
      'PUT /flags {"flagList":{"flag":["\\\\Flagged","\\\\Seen"]}}',
    ]);
    expect(flagsOf(await nms.actor().view(), 'Conv1', 'k-1')).to.deep.equal([
      '\\Flagged',
      '\\Seen',
    ]);
    await reference.sync();
    await reference.applyLocalChange({
      kind: 'flags',
      folder: 'Conv1',
      key: 'k-1',
      add: ['\\Answered'],
    });
    await reference.sync();
    expect(flagWrites(reference)).to.deep.equal(['PUT /flags/%5CAnswered {}']);
  });

  it('skips-server-deletions keeps what the store removed', async () => {
    const [reference, mutant] = await both('skips-server-deletions');
    await nms.actor().deliver('Conv1', object('k-1'));
    await nms.actor().deliver('Conv1', object('k-2'));
    for (const d of [reference, mutant]) await d.sync();
    await nms.actor().delete('Conv1', 'k-1');
    for (const d of [reference, mutant]) await d.sync();
    expect(keysOf(reference.localView(), 'Conv1')).to.deep.equal(['k-2']);
    expect(keysOf(mutant.localView(), 'Conv1')).to.deep.equal(['k-1', 'k-2']);
  });

  it('copy-without-target names the source folder: the copy lands there', async () => {
    const mutant = await nms.device('mutant', { mutant: 'copy-without-target' });
    await nms.actor().deliver('Conv1', object('k-1'));
    await nms.actor().createFolder('Conv2');
    await mutant.sync();
    await mutant.copy('Conv1', 'k-1', 'Conv2');
    const h = nms.http();
    const all = await searchObjects(h, {});
    expect(all.map((o) => o.correlationId)).to.deep.equal(['k-1', 'k-1']);
    expect(new Set(all.map((o) => o.parentFolder)).size).to.equal(1);
  });

  it('touches-other-folders walks folders outside its preferences but shows only the subset', async () => {
    const [reference, mutant] = await both('touches-other-folders');
    await nms.actor().deliver('Conv1', object('k-1'));
    await nms.actor().deliver('Other', object('o-1'));
    for (const d of [reference, mutant]) {
      d.setPreferences({ folders: ['Conv1'] });
      await d.sync();
    }
    const scopes = (d: DeviceDriver) =>
      requestsOf(d)
        .filter((r) => r.path === '/objects/operations/search')
        .map((r) => /"searchScope"/.test(r.body)).length;
    expect(scopes(mutant)).to.be.greaterThan(scopes(reference));
    expect(mutant.localView()).to.deep.equal(reference.localView());
  });

  it('ignores-reset-box loses a pending flag change when the ids are voided', async () => {
    const [reference, mutant] = await both('ignores-reset-box');
    await nms.actor().deliver('Conv1', object('k-1'));
    await nms.actor().deliver('Conv1', object('k-2'));
    for (const d of [reference, mutant]) await d.sync();
    await reference.applyLocalChange({
      kind: 'flags',
      folder: 'Conv1',
      key: 'k-1',
      add: ['\\Seen'],
    });
    await mutant.applyLocalChange({ kind: 'flags', folder: 'Conv1', key: 'k-2', add: ['\\Seen'] });
    nms.server().resetBox('alice');
    for (const d of [reference, mutant]) await d.sync();
    const store = await nms.actor().view();
    expect(flagsOf(store, 'Conv1', 'k-1')).to.deep.equal(['\\Seen']);
    expect(flagsOf(store, 'Conv1', 'k-2')).to.deep.equal([]);
  });

  it('duplicates-after-expired-token uploads everything again when its subscription is refused', async () => {
    const [reference, mutant] = await both('duplicates-after-expired-token');
    await nms.actor().deliver('Conv1', object('k-1'));
    for (const d of [reference, mutant]) await d.sync();
    const h = nms.http();
    const dropAll = async () => {
      for (const s of (await listSubscriptions(h)).subscriptions)
        await deleteSubscription(h, s.resourceURL);
    };
    await dropAll();
    await reference.sync();
    expect(keysOf(await nms.actor().view(), 'Conv1')).to.deep.equal(['k-1']);
    expect((await listSubscriptions(h)).subscriptions).to.have.length(1);
    await dropAll();
    await mutant.sync();
    expect(keysOf(await nms.actor().view(), 'Conv1')).to.deep.equal(['k-1', 'k-1']);
  });

  it('first-page-only reads the first page of each search only', async () => {
    const reference = await nms.device('reference', { pageSize: 2 });
    const mutant = await nms.device('mutant', { pageSize: 2, mutant: 'first-page-only' });
    for (let i = 1; i <= 5; i++) await nms.actor().deliver('Conv1', object(`k-${i}`));
    for (const d of [reference, mutant]) await d.sync();
    expect(keysOf(reference.localView(), 'Conv1')).to.have.length(5);
    expect(keysOf(mutant.localView(), 'Conv1')).to.have.length(2);
  });

  it('trusts-events-only never walks a folder again: a new object is missed, a deletion is not', async () => {
    const [reference, mutant] = await both('trusts-events-only');
    await nms.actor().deliver('Conv1', object('k-1'));
    for (const d of [reference, mutant]) await d.sync();
    await nms.actor().deliver('Conv1', object('k-2'));
    await nms.actor().delete('Conv1', 'k-1');
    for (const d of [reference, mutant]) await d.sync();
    expect(keysOf(reference.localView(), 'Conv1')).to.deep.equal(['k-2']);
    expect(keysOf(mutant.localView(), 'Conv1')).to.deep.equal([]);
  });

  it('flags-one-way takes the store flags but never sends its own', async () => {
    const mutant = await nms.device('mutant', { mutant: 'flags-one-way' });
    await nms.actor().deliver('Conv1', object('k-1'));
    await mutant.sync();
    await mutant.applyLocalChange({ kind: 'flags', folder: 'Conv1', key: 'k-1', add: ['\\Seen'] });
    await nms.actor().setFlags('Conv1', 'k-1', ['\\Flagged'], []);
    await mutant.sync();
    expect(flagsOf(await nms.actor().view(), 'Conv1', 'k-1')).to.deep.equal(['\\Flagged']);
    expect(flagsOf(mutant.localView(), 'Conv1', 'k-1')).to.deep.equal(['\\Flagged', '\\Seen']);
  });

  it('no-folder-push keeps a local folder local and brings a deleted one back', async () => {
    const mutant = await nms.device('mutant', { mutant: 'no-folder-push' });
    await nms.actor().createFolder('Old');
    await mutant.sync();
    await mutant.applyLocalChange({ kind: 'create-folder', folder: 'New' });
    await mutant.applyLocalChange({ kind: 'delete-folder', folder: 'Old' });
    await mutant.sync();
    const names = (await nms.actor().view()).folders.map((f) => f.name);
    expect(names).to.include('Old').and.not.include('New');
  });

  it('drops-only-empty-folders keeps a folder the store removed while it holds objects', async () => {
    const [reference, mutant] = await both('drops-only-empty-folders');
    await nms.actor().deliver('Full', object('k-1'));
    for (const d of [reference, mutant]) await d.sync();
    await nms.actor().deleteFolder('Full');
    for (const d of [reference, mutant]) await d.sync();
    const has = (d: DeviceDriver) => d.localView().folders.some((f) => f.name === 'Full');
    expect([has(reference), has(mutant)]).to.deep.equal([false, true]);
  });

  it('ignores-date-window shows objects outside the window', async () => {
    const [reference, mutant] = await both('ignores-date-window');
    await nms.actor().deliver('Conv1', object('old', { date: '2020-01-01T10:00:00Z' }));
    await nms.actor().deliver('Conv1', object('new', { date: '2024-06-01T10:00:00Z' }));
    for (const d of [reference, mutant]) {
      d.setPreferences({ since: '2024-01-01' });
      await d.sync();
    }
    expect(keysOf(reference.localView(), 'Conv1')).to.deep.equal(['new']);
    expect(keysOf(mutant.localView(), 'Conv1')).to.deep.equal(['new', 'old']);
  });

  it('mark-read-on-fetch sets \\Seen in the store on what it fetches', async () => {
    const [reference, mutant] = await both('mark-read-on-fetch');
    await nms.actor().deliver('Conv1', object('k-1'));
    await nms.actor().deliver('Conv1', object('k-2'));
    await reference.sync();
    await reference.fetchContent('Conv1', ['k-1']);
    expect(flagsOf(await nms.actor().view(), 'Conv1', 'k-1')).to.deep.equal([]);
    await mutant.sync();
    await mutant.fetchContent('Conv1', ['k-2']);
    expect(flagsOf(await nms.actor().view(), 'Conv1', 'k-2')).to.deep.equal(['\\Seen']);
  });

  it('deaf-callback never reports what arrives at its callback', async () => {
    const [reference, mutant] = await both('deaf-callback');
    await nms.actor().deliver('Conv1', object('k-1'));
    for (const d of [reference, mutant]) {
      await d.sync();
      await d.listen('Conv1');
    }
    await nms.actor().deliver('Conv1', object('k-2'));
    expect(await reference.waitForNotification(2_000)).to.equal(true);
    expect(await mutant.waitForNotification(200)).to.equal(false);
  });

  it('no-periodic never syncs by itself when its period elapses', async () => {
    const [reference, mutant] = await both('no-periodic');
    const start = Date.parse('2025-01-01T00:00:00Z');
    const periodic = async (d: DeviceDriver) => {
      d.setPreferences({ periodMs: 60_000 });
      await d.advanceClock!(start);
      return d.advanceClock!(start + 61_000);
    };
    expect(await periodic(reference)).to.not.equal(undefined);
    expect(await periodic(mutant)).to.equal(undefined);
  });
});

describe('nms clients: Retry-After (reference) and ignores-retry-after', () => {
  let server: Server;
  let root: string;
  let busy = 0;
  beforeEach(async () => {
    busy = 1;
    server = createServer((req, res) => {
      if (busy-- > 0) {
        res.writeHead(503, { 'retry-after': '2', 'content-type': 'application/json' }).end('{}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as { port: number };
    root = `http://127.0.0.1:${port}/nms/v1/cpmct/alice`;
  });
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const waitsOf = async (mutant?: 'ignores-retry-after') => {
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    const http = new DeviceHttp({ root, user: 'alice', password: 'p' }, mutant, sleep);
    const answer = await http.json<{ ok: boolean }>('GET', 'objects/x');
    return { waits, ok: answer.ok, statuses: http.log.exchanges.map((e) => e.status) };
  };

  it('the reference waits the Retry-After, then sends the request again', async () => {
    expect(await waitsOf()).to.deep.equal({ waits: [2000], ok: true, statuses: [503, 200] });
  });

  it('ignores-retry-after sends it again at once', async () => {
    expect(await waitsOf('ignores-retry-after')).to.deep.equal({
      waits: [0],
      ok: true,
      statuses: [503, 200],
    });
  });

  it('a 503 without Retry-After, or one that keeps coming, is an error', async () => {
    busy = 10;
    const http = new DeviceHttp({ root, user: 'alice', password: 'p' }, undefined, async () => {});
    const error = await http.json('GET', 'objects/x').catch((e: unknown) => e);
    expect(String(error)).to.match(/503/);
    expect(http.log.exchanges).to.have.length(4);
  });
});

/**
 * The mbsync adapter (src/adapters/mbsync) against the reference store: a real mbsync
 * run per sync, its Maildir as the device's local state. Skipped when mbsync is missing.
 */
import { existsSync } from 'node:fs';
import { expect } from 'chai';
import {
  createMbsyncDevice,
  MBSYNC_MISSING,
  mbsyncInstalled,
} from '../../src/adapters/mbsync/mbsync-device.ts';
import { startImapServer, type RunningImapServer } from '../../simulators/server/imap-server.ts';
import type { DeviceDriver, ObjectSpec } from '../../src/engine/ports.ts';
import { headerValue } from '../../src/model/rfc822.ts';
import type { MessageStore } from '../../src/model/store.ts';
import { diffViews, viewOfStore } from '../../src/model/view.ts';
import { message, seed } from '../server/helpers.ts';

const ALICE = { name: 'alice', password: 'alicepass' };

function spec(key: string, flags: string[] = [], date = '2024-05-01T08:00:00Z'): ObjectSpec {
  return { key, type: 'message', raw: message(key), date: new Date(date), flags };
}

/** uid of the object with this key in a folder of the store. */
function uidOf(store: MessageStore, folder: string, key: string): number {
  const found = store
    .objects(folder)
    .find((o) => headerValue(store.content(o.contentId).raw, 'IMDN-Message-ID') === key);
  if (!found) throw new Error(`${folder} holds no ${key}`);
  return found.uid;
}

function flagsOn(store: MessageStore, folder: string, key: string): string[] {
  return [...store.object(folder, uidOf(store, folder, key)).flags].sort();
}

describe('adapters: mbsync device against the reference store', function () {
  this.timeout(20_000);
  let server: RunningImapServer;
  let store: MessageStore;
  let device: DeviceDriver;

  before(function () {
    if (!mbsyncInstalled()) {
      console.log(`      ${MBSYNC_MISSING}`);
      this.skip();
    }
  });

  beforeEach(async () => {
    server = await startImapServer({ users: [ALICE], port: 0 });
    store = server.stores.get('alice')!;
    seed(store); // INBOX m1 (\Seen) m2 m3, Default/conv-1 c1
    store.createFolder('Work');
    store.append('Work', message('w1'), { internalDate: new Date('2024-01-20T10:00:00Z') });
    device = await createMbsyncDevice({
      name: 'phone',
      endpoint: { host: server.host, port: server.port },
      user: ALICE.name,
      password: ALICE.password,
      timeoutMs: 10_000,
    });
  });

  afterEach(async () => {
    await device?.close();
    await server?.stop();
  });

  const converged = () =>
    expect(diffViews(viewOfStore(store), device.localView())).to.deep.equal([]);

  it('downloads every folder and object at the first sync, whole and with their flags', async () => {
    const report = await device.sync();
    converged();
    const view = device.localView();
    expect(view.folders.map((f) => f.name)).to.deep.equal(['Default/conv-1', 'INBOX', 'Work']);
    const inbox = view.folders.find((f) => f.name === 'INBOX')!;
    expect(inbox.objects).to.deep.equal([
      { key: 'm1', flags: ['\\Seen'], content: 'full' },
      { key: 'm2', flags: [], content: 'full' },
      { key: 'm3', flags: [], content: 'full' },
    ]);
    expect(report).to.include({
      foldersListed: 3,
      downloadedMetadata: 5,
      downloadedContent: 5,
      uploaded: 0,
      deletedOnServer: 0,
      removedLocally: 0,
      flagsPushed: 0,
    });
    expect(report.foldersSynced).to.have.members(['INBOX', 'Default/conv-1', 'Work']);
    // mbsync fetched with BODY.PEEK[]: nothing was marked \Seen on the store.
    expect(flagsOn(store, 'INBOX', 'm2')).to.deep.equal([]);
  });

  it('uploads local objects, into new folders too, with flags and date', async () => {
    await device.sync();
    await device.applyLocalChange({
      kind: 'add',
      folder: 'INBOX',
      object: spec('up1', ['\\Seen']),
    });
    await device.applyLocalChange({ kind: 'add', folder: 'Default/conv-2', object: spec('up2') });
    expect(device.localView().folders.map((f) => f.name)).to.include('Default/conv-2');
    const report = await device.sync();
    expect(report.uploaded).to.equal(2);
    expect(flagsOn(store, 'INBOX', 'up1')).to.deep.equal(['\\Seen']);
    const uploaded = store.object('INBOX', uidOf(store, 'INBOX', 'up1'));
    expect(uploaded.internalDate.toISOString()).to.equal('2024-05-01T08:00:00.000Z');
    // Maildir holds LF; what reaches the store is CRLF again (plus mbsync's X-TUID header).
    const raw = store.content(uploaded.contentId).raw.toString('latin1');
    expect(raw)
      .to.match(/^From: .*\r\n/)
      .and.to.include('X-TUID: ');
    expect(store.hasFolder('Default/conv-2')).to.equal(true);
    converged();
    const again = await device.sync();
    expect(again).to.include({ uploaded: 0, downloadedContent: 0 });
    converged();
  });

  it('refuses to add an object twice and flags mbsync cannot hold', async () => {
    await device.sync();
    await expectReject(
      device.applyLocalChange({ kind: 'add', folder: 'INBOX', object: spec('m1') }),
      /phone: add: INBOX already holds m1/,
    );
    await expectReject(
      device.applyLocalChange({ kind: 'add', folder: 'INBOX', object: spec('k', ['$label']) }),
      /cannot hold flag \$label/,
    );
    await expectReject(
      device.applyLocalChange({ kind: 'flags', folder: 'INBOX', key: 'nope', add: ['\\Seen'] }),
      /INBOX holds no nope/,
    );
  });

  it('pushes local flag changes', async () => {
    await device.sync();
    await device.applyLocalChange({
      kind: 'flags',
      folder: 'INBOX',
      key: 'm2',
      add: ['\\Flagged', '\\Answered'],
    });
    await device.applyLocalChange({
      kind: 'flags',
      folder: 'INBOX',
      key: 'm1',
      remove: ['\\Seen'],
    });
    const report = await device.sync();
    expect(report.flagsPushed).to.equal(2);
    expect(flagsOn(store, 'INBOX', 'm2')).to.deep.equal(['\\Answered', '\\Flagged']);
    expect(flagsOn(store, 'INBOX', 'm1')).to.deep.equal([]);
    converged();
  });

  it('propagates a local delete (unlinked file) to the store, expunged', async () => {
    await device.sync();
    await device.applyLocalChange({ kind: 'delete', folder: 'INBOX', key: 'm3' });
    expect(device.localView().folders.find((f) => f.name === 'INBOX')!.objects).to.have.length(2);
    const report = await device.sync();
    expect(report.deletedOnServer).to.equal(1);
    expect(store.objects('INBOX')).to.have.length(2);
    converged();
  });

  it('pulls new objects, flag changes, expunges and new folders from the store', async () => {
    await device.sync();
    store.append('INBOX', message('s1'), { internalDate: new Date('2024-06-01T10:00:00Z') });
    store.setFlags('INBOX', [uidOf(store, 'INBOX', 'm2')], 'add', ['\\Answered']);
    store.setFlags('INBOX', [uidOf(store, 'INBOX', 'm1')], 'add', ['\\Deleted']);
    store.expunge('INBOX');
    store.createFolder('Default/conv-9');
    store.append('Default/conv-9', message('n9'));
    const report = await device.sync();
    expect(report).to.include({
      downloadedContent: 2,
      flagsPulled: 1,
      removedLocally: 1,
      flagsPushed: 0,
    });
    converged();
  });

  it('reconciles folders: created locally, removed when empty, kept when not (mbsync safety)', async () => {
    await device.sync();
    await device.applyLocalChange({ kind: 'create-folder', folder: 'Local/empty' });
    await device.sync();
    expect(store.hasFolder('Local/empty')).to.equal(true);

    await device.applyLocalChange({ kind: 'delete-folder', folder: 'Local/empty' });
    expect(device.localView().folders.map((f) => f.name)).not.to.include('Local/empty');
    await device.sync();
    expect(store.hasFolder('Local/empty')).to.equal(false);

    // A non-empty folder: mbsync never deletes it on the store and says so.
    await device.applyLocalChange({ kind: 'delete-folder', folder: 'Work' });
    await device.sync();
    expect(store.hasFolder('Work')).to.equal(true);
    expect(device.localView().folders.map((f) => f.name)).not.to.include('Work');
    const warning = device.evidence().find((e) => e.label.endsWith('warnings'));
    expect(warning?.text).to.match(/near side box Work cannot be opened and far side box Work/);

    // Removed on the store while empty: removed locally too.
    store.createFolder('Gone');
    await device.sync();
    expect(device.localView().folders.map((f) => f.name)).to.include('Gone');
    store.deleteFolder('Gone');
    await device.sync();
    expect(device.localView().folders.map((f) => f.name)).not.to.include('Gone');
  });

  it('recovers from a UIDVALIDITY change and reports the folder as resynchronised', async () => {
    await device.sync();
    store.resetFolder('Work');
    const report = await device.sync();
    expect(report.resynced).to.deep.equal(['Work']);
    converged();
  });

  it('fails the sync when a UIDVALIDITY change hits objects without Message-ID', async () => {
    // mbsync 1.4 recovers by Message-ID; CPM objects may carry only IMDN-Message-ID.
    const bare = message('bare')
      .toString('latin1')
      .replace(/^Message-ID: .*\r\n/m, '');
    store.append('Work', Buffer.from(bare, 'latin1'));
    await device.sync();
    store.resetFolder('Work');
    await expectReject(
      device.sync(),
      /^phone: sync: mbsync exited with 1: Error: .*Work: Unable to recover from UIDVALIDITY change\.$/,
    );
    // ... and at every later run too.
    await expectReject(device.sync(), /Unable to recover from UIDVALIDITY change/);
  });

  it('keeps the password out of the evidence and records config and runs', async () => {
    await device.sync();
    const evidence = device.evidence();
    expect(evidence.map((e) => e.kind)).to.include.members(['note', 'imap-transcript']);
    const config = evidence.find((e) => e.label.startsWith('phone mbsync config'))!;
    expect(config.text).to.include('Pass "***"').and.include('SyncState *');
    const run = evidence.find((e) => e.kind === 'imap-transcript')!;
    expect(run.label).to.equal('phone mbsync run #1 (alice)');
    expect(run.text).to.include('LOGIN').and.include('exit 0');
    for (const e of evidence) expect(e.text).not.to.include(ALICE.password);
  });

  it('answers copy, listen and notifications as mbsync can (not at all)', async () => {
    await device.sync();
    await expectReject(device.copy('INBOX', 'm1', 'Work'), /mbsync has no object copy request/);
    await expectReject(device.listen('INBOX'), /does not listen/);
    expect(await device.waitForNotification(10)).to.equal(false);
    await device.fetchContent('INBOX', ['m1', 'm2']);
    await expectReject(device.fetchContent('INBOX', ['zz']), /INBOX holds no zz/);
  });

  it('removes its work dir at close and refuses work afterwards', async () => {
    await device.sync();
    const config = device.evidence()[0]!.text;
    const dir = /^Path "(.*)\/mail\/"$/m.exec(config)![1]!;
    expect(existsSync(dir)).to.equal(true);
    await device.close();
    expect(existsSync(dir)).to.equal(false);
    await expectReject(device.sync(), /phone: sync: the device is closed/);
  });
});

async function expectReject(promise: Promise<unknown>, pattern: RegExp): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    expect(err).to.be.instanceOf(Error);
    expect((err as Error).message).to.match(pattern);
    expect((err as Error).message).not.to.include('\n');
    return err as Error;
  }
  throw new Error(`expected a rejection matching ${pattern}`);
}

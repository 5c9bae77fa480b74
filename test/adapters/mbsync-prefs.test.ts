/**
 * The mbsync adapter: partial-sync preferences mapped onto mbsync options (Patterns,
 * MaxMessages, MaxSize), the preferences mbsync cannot honour, and runs that go wrong
 * (a store that never answers, garbage, nothing listening). Skipped when mbsync is missing.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { expect } from 'chai';
import {
  createMbsyncDevice,
  MBSYNC_MISSING,
  mbsyncInstalled,
} from '../../src/adapters/mbsync/mbsync-device.ts';
import { startImapServer, type RunningImapServer } from '../../simulators/server/imap-server.ts';
import type { DeviceDriver } from '../../src/engine/ports.ts';
import type { MessageStore } from '../../src/model/store.ts';
import { diffViews, viewOfStore } from '../../src/model/view.ts';
import { message, seed } from '../server/helpers.ts';

const ALICE = { name: 'alice', password: 'alicepass' };

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    expect(err).to.be.instanceOf(Error);
    expect((err as Error).message).not.to.include('\n');
    return err as Error;
  }
  throw new Error('expected a rejection');
}

function keys(device: DeviceDriver, folder: string): string[] {
  return (
    device
      .localView()
      .folders.find((f) => f.name === folder)
      ?.objects.map((o) => o.key) ?? []
  );
}

describe('adapters: mbsync device preferences and failures', function () {
  this.timeout(20_000);
  const devices: DeviceDriver[] = [];

  before(function () {
    if (!mbsyncInstalled()) {
      console.log(`      ${MBSYNC_MISSING}`);
      this.skip();
    }
  });

  afterEach(async () => {
    for (const d of devices.splice(0)) await d.close();
  });

  async function device(
    port: number,
    extra: { password?: string; timeoutMs?: number } = {},
  ): Promise<DeviceDriver> {
    const d = await createMbsyncDevice({
      name: 'tablet',
      endpoint: { host: '127.0.0.1', port },
      user: ALICE.name,
      password: extra.password ?? ALICE.password,
      timeoutMs: extra.timeoutMs ?? 10_000,
    });
    devices.push(d);
    return d;
  }

  describe('preferences', () => {
    let server: RunningImapServer;
    let store: MessageStore;

    beforeEach(async () => {
      server = await startImapServer({ users: [ALICE], port: 0 });
      store = server.stores.get('alice')!;
      seed(store); // INBOX m1 (\Seen) m2 m3, Default/conv-1 c1
      store.createFolder('Work');
      store.append('Work', message('w1'));
    });

    afterEach(async () => {
      await server?.stop();
    });

    it('syncs only the folder subset (Patterns: exact names and prefixes)', async () => {
      const d = await device(server.port);
      d.setPreferences({ folders: ['INBOX', 'Default/*'] });
      await d.sync();
      expect(d.localView().folders.map((f) => f.name)).to.deep.equal(['Default/conv-1', 'INBOX']);
      const inSubset = (name: string) => name !== 'Work';
      expect(diffViews(viewOfStore(store), d.localView(), { folders: inSubset })).to.deep.equal([]);
      const config = d
        .evidence()
        .filter((e) => e.label.includes('config'))
        .at(-1)!.text;
      expect(config).to.include('Patterns "INBOX" "Default/*"');

      d.setPreferences({ folders: [] });
      store.append('INBOX', message('late'));
      await d.sync();
      expect(keys(d, 'INBOX')).not.to.include('late');
    });

    it('keeps the latest N by arrival (MaxMessages + ExpireUnread), never deleting on the store', async () => {
      const d = await device(server.port);
      d.setPreferences({ latest: 2 });
      await d.sync();
      expect(keys(d, 'INBOX')).to.deep.equal(['m2', 'm3']);
      // Arrival order, not date: an old-dated message that arrives last is kept.
      store.append('INBOX', message('old'), { internalDate: new Date('2020-01-01T00:00:00Z') });
      const report = await d.sync();
      expect(keys(d, 'INBOX')).to.deep.equal(['m3', 'old']);
      expect(report.removedLocally).to.equal(1);
      expect(store.objects('INBOX')).to.have.length(4);
      const config = d
        .evidence()
        .filter((e) => e.label.includes('config'))
        .at(-1)!.text;
      expect(config).to.include('MaxMessages 2').and.include('ExpireUnread yes');
    });

    it('leaves objects over maxSize as placeholders (metadata only) that cannot be fetched on demand', async () => {
      store.append('INBOX', message('big', { body: 'x'.repeat(4000) }));
      const d = await device(server.port);
      d.setPreferences({ maxSize: 1000, content: 'eager' });
      const report = await d.sync();
      expect(report.downloadedMetadata - report.downloadedContent).to.equal(1);
      const inbox = d.localView().folders.find((f) => f.name === 'INBOX')!;
      expect(inbox.objects.find((o) => o.key === 'big')?.content).to.equal('metadata');
      expect(inbox.objects.find((o) => o.key === 'm2')?.content).to.equal('full');
      const err = await rejection(d.fetchContent('INBOX', ['big']));
      expect(err.message).to.match(/MaxSize placeholder/);
      await d.fetchContent('INBOX', ['m1']);
    });

    it('throws for what mbsync cannot do, leaving the preferences as they were', async () => {
      const d = await device(server.port);
      const configs = () => d.evidence().filter((e) => e.label.includes('config')).length;
      const before = configs();
      for (const prefs of [
        { since: '2024-01-01' },
        { before: '2024-01-01' },
        { types: ['message' as const] },
        { content: 'on-demand' as const },
        { latest: 0 },
      ]) {
        expect(() => d.setPreferences(prefs), JSON.stringify(prefs)).to.throw(
          /^tablet: setPreferences: mbsync cannot .* \(unsupported preference\)$/,
        );
      }
      expect(configs()).to.equal(before);
      d.setPreferences({ content: 'eager' });
      expect(configs()).to.equal(before + 1);
    });

    it('quotes and redacts an awkward password', async () => {
      const awkward = { name: 'alice', password: 'p "w\\d x' };
      const other = await startImapServer({ users: [awkward], port: 0 });
      try {
        other.stores.get('alice')!.append('INBOX', message('q1'));
        const d = await device(other.port, { password: awkward.password });
        await d.sync();
        expect(keys(d, 'INBOX')).to.deep.equal(['q1']);
        for (const e of d.evidence()) expect(e.text).not.to.include(awkward.password);
      } finally {
        await other.stop();
      }
    });
  });

  describe('failures', () => {
    let listener: Server | undefined;
    const sockets = new Set<Socket>();

    async function fakeStore(onConnect: (s: Socket) => void): Promise<number> {
      listener = createServer((s) => {
        sockets.add(s);
        s.on('error', () => {});
        onConnect(s);
      });
      await new Promise<void>((resolve) => listener!.listen(0, '127.0.0.1', resolve));
      return (listener.address() as { port: number }).port;
    }

    afterEach(async () => {
      for (const s of sockets) s.destroy();
      sockets.clear();
      await new Promise<void>((resolve) =>
        listener ? listener.close(() => resolve()) : resolve(),
      );
      listener = undefined;
    });

    it('kills a run that gets no answer at the timeout and rejects cleanly', async () => {
      const port = await fakeStore(() => {}); // accepts, never greets
      const d = await device(port, { timeoutMs: 1000 });
      const started = Date.now();
      const err = await rejection(d.sync());
      expect(Date.now() - started).to.be.below(3000);
      expect(err.message).to.match(/^tablet: sync: mbsync timed out after 1000 ms and was killed/);
      const run = d.evidence().find((e) => e.kind === 'imap-transcript')!;
      expect(run.text).to.include('killed after 1000 ms (timeout)');
    });

    it("rejects with mbsync's error line when the store speaks garbage", async () => {
      const port = await fakeStore((s) => s.end('HELLO this is not IMAP\r\n'));
      const d = await device(port);
      const err = await rejection(d.sync());
      expect(err.message).to.match(/^tablet: sync: mbsync exited with 1: /);
      expect(err.message.length).to.be.below(400);
    });

    it('reports an unreachable store as an environment problem (ECONNREFUSED)', async () => {
      const port = await fakeStore(() => {});
      await new Promise<void>((resolve) => listener!.close(() => resolve()));
      listener = undefined;
      const d = await device(port);
      const err = await rejection(d.sync());
      expect(err.message).to.match(/refused/i);
      expect((err as Error & { code?: string }).code).to.equal('ECONNREFUSED');
    });

    it('rejects with the install hint when the binary is missing', async () => {
      const err = await rejection(
        createMbsyncDevice({
          name: 'x',
          endpoint: { host: '127.0.0.1', port: 1 },
          user: 'u',
          password: 'p',
          mbsyncBin: '/nonexistent/mbsync',
        }),
      );
      expect(err.message).to.equal(`x: ${MBSYNC_MISSING}`);
    });
  });
});

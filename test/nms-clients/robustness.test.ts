/** NMS device and listener robustness: dead stores, mid-sync failures, one-line errors, clean close. */
import { expect } from 'chai';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { createNmsDevice } from '../../simulators/clients/nms/nms-device.ts';
import { createNmsStoreActor } from '../../simulators/clients/nms/nms-store-actor.ts';
import { startNmsServer } from '../../simulators/server/nms/index.ts';
import { ALICE, deadRoot, object } from './helpers.ts';

const users = [{ name: ALICE.user, password: ALICE.password }];

function resources(): string[] {
  return process
    .getActiveResourcesInfo()
    .filter((r) => r !== 'TTYWrap')
    .sort();
}

describe('nms clients: robustness', function () {
  this.timeout(15_000);

  it('rejects in one line when the store is not there or the password is wrong', async () => {
    const dead = await createNmsDevice({ name: 'phone', root: await deadRoot(), ...ALICE }).catch(
      (e: Error) => e,
    );
    expect((dead as Error).message).to.match(/^phone: open: POST \S+: ECONNREFUSED/);
    expect((dead as Error).message).to.not.include('\n');
    const server = await startNmsServer({ users });
    try {
      const wrong = await createNmsDevice({
        name: 'phone',
        root: server.baseUrl('alice'),
        user: 'alice',
        password: 'wrong',
      }).catch((e: Error) => e);
      expect((wrong as Error).message).to.match(/^phone: open: POST \S+: 401 /);
    } finally {
      await server.stop();
    }
  });

  it('a store that never answers: "no answer within" the timeout', async () => {
    const sockets = new Set<Socket>();
    const silent = createTcpServer((s) => sockets.add(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const { port } = silent.address() as { port: number };
    try {
      const started = Date.now();
      const error = await createNmsDevice({
        name: 'phone',
        root: `http://127.0.0.1:${port}/nms/v1/cpmct/alice`,
        ...ALICE,
        timeoutMs: 300,
      }).catch((e: Error) => e);
      expect((error as Error).message).to.match(/^phone: open: POST \S+: no answer within 300 ms$/);
      expect(Date.now() - started).to.be.lessThan(3000);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('the server stopped in the middle of a sync: one-line rejection, close() still clean', async () => {
    let exchanges = 0;
    let armed = false;
    let stopping: Promise<void> | undefined;
    const server = await startNmsServer({
      users,
      onExchange: () => {
        if (armed && ++exchanges === 6) stopping = server.stop();
      },
    });
    const root = server.baseUrl('alice');
    const actor = await createNmsStoreActor({ root, ...ALICE });
    for (let i = 1; i <= 6; i++) await actor.deliver('Conv1', object(`m-${i}`));
    await actor.close();
    const phone = await createNmsDevice({ name: 'phone', root, ...ALICE, pageSize: 1 });
    try {
      armed = true;
      const error = await phone.sync().catch((e: Error) => e);
      await stopping;
      expect(error).to.be.instanceOf(Error);
      expect((error as Error).message).to.match(
        /^phone: sync: POST \S+: (ECONNREFUSED|UND_ERR_SOCKET)/,
      );
      expect((error as Error).message).to.not.include('\n');
      const again = await phone.sync().catch((e: Error) => e);
      expect((again as Error).message).to.match(
        /^phone: sync: POST \S+: (ECONNREFUSED|UND_ERR_SOCKET)/,
      );
    } finally {
      await phone.close();
      await server.stop();
    }
    const after = await phone.sync().catch((e: Error) => e);
    expect((after as Error).message).to.equal('phone: sync: the device is closed');
  });

  it('nothing is left running after close(): listeners, subscriptions, sockets', async () => {
    // the simulator's modules keep one timer of their own once loaded: the baseline has it
    await (await startNmsServer({ users })).stop();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const before = resources();
    const server = await startNmsServer({ users });
    const root = server.baseUrl('alice');
    const actor = await createNmsStoreActor({ root, ...ALICE });
    const phone = await createNmsDevice({ name: 'phone', root, ...ALICE });
    try {
      await actor.deliver('Conv1', object('m-1'));
      await phone.sync();
      await phone.listen('Conv1');
      await actor.deliver('Conv1', object('m-2'));
      expect(await phone.waitForNotification(3000)).to.equal(true);
      await phone.close();
      const list = await fetch(`${root}/subscriptions`, {
        headers: { authorization: `Basic ${Buffer.from('alice:alicepass').toString('base64')}` },
      });
      const body = (await list.json()) as { nmsSubscriptionList?: { subscription?: unknown[] } };
      expect(body.nmsSubscriptionList?.subscription ?? []).to.deep.equal([]);
    } finally {
      await phone.close();
      await actor.close();
      await server.stop();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(resources()).to.deep.equal(before);
  });
});

/**
 * Failures reject with one readable line and never hang: connection refused, garbage, silence,
 * a connection dropped mid-command. Nothing is thrown out of band.
 */
import { expect } from 'chai';
import net from 'node:net';
import { connect } from '../../src/bindings/imap/client/index.ts';
import { createImapDevice } from '../../simulators/clients/imap-device.ts';
import { createImapStoreActor } from '../../simulators/clients/imap-store-actor.ts';
import { startFakeServer, type Misbehaviour } from './fake-imap-server.ts';
import { ALICE } from './helpers.ts';

async function refusedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 1;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function failure(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (err) {
    expect(err).to.be.instanceOf(Error);
    const message = (err as Error).message;
    expect(message, 'one line').to.not.include('\n');
    return message;
  }
  throw new Error('expected a rejection');
}

describe('clients: robustness (no Dovecot needed)', function () {
  this.timeout(10_000);
  const outOfBand: unknown[] = [];
  const record = (err: unknown) => outOfBand.push(err);
  before(() => {
    process.on('uncaughtException', record);
    process.on('unhandledRejection', record);
  });
  after(() => {
    process.off('uncaughtException', record);
    process.off('unhandledRejection', record);
  });
  afterEach(async () => {
    await new Promise((r) => setTimeout(r, 20));
    expect(outOfBand, 'errors thrown out of band').to.deep.equal([]);
  });

  it('connection refused: connect 127.0.0.1:<port>: ECONNREFUSED', async () => {
    const port = await refusedPort();
    const endpoint = { host: '127.0.0.1', port };
    expect(await failure(createImapDevice({ name: 'phone', endpoint, ...ALICE }))).to.equal(
      `connect 127.0.0.1:${port}: ECONNREFUSED`,
    );
    expect(await failure(createImapStoreActor({ endpoint, ...ALICE }))).to.equal(
      `connect 127.0.0.1:${port}: ECONNREFUSED`,
    );
  });

  const cases: Array<[Misbehaviour, RegExp]> = [
    ['garbage-greeting', /^connect 127\.0\.0\.1:\d+: /],
    ['silent-greeting', /^connect 127\.0\.0\.1:\d+: /],
  ];
  for (const [mode, pattern] of cases) {
    it(`${mode}: connect rejects within the connect timeout`, async () => {
      const fake = await startFakeServer(mode);
      try {
        const started = Date.now();
        const message = await failure(
          connect({ host: fake.host, port: fake.port }, 'alice', 'alicepass', {
            connectTimeoutMs: 500,
          }),
        );
        expect(message).to.match(pattern);
        expect(Date.now() - started).to.be.below(3000);
      } finally {
        await fake.stop();
      }
    });
  }

  for (const mode of ['drop', 'silent', 'garbage'] as const) {
    it(`${mode} after login: sync rejects with one line, the device recovers and closes cleanly`, async () => {
      const fake = await startFakeServer(mode);
      try {
        const device = await createImapDevice({
          name: 'phone',
          endpoint: { host: fake.host, port: fake.port },
          ...ALICE,
          connectTimeoutMs: 1000,
          commandTimeoutMs: 500,
        });
        const started = Date.now();
        const message = await failure(device.sync());
        expect(message).to.match(/^phone: sync: LIST: /);
        if (mode === 'silent')
          expect(message).to.equal('phone: sync: LIST: no answer within 500 ms');
        expect(Date.now() - started).to.be.below(3000);
        // the next call reconnects (and fails the same way), it does not reuse a dead connection
        expect(await failure(device.sync())).to.match(/^phone: sync: LIST: /);
        expect(device.evidence().length).to.be.within(1, 2);
        expect(device.evidence()[0]!.text).to.match(/ C: \S+ LIST /);
        expect(device.evidence()[0]!.text).to.not.include('alicepass');
        await device.close();
        expect(await failure(device.sync())).to.equal('phone: sync: the device is closed');
      } finally {
        await fake.stop();
      }
    });
  }
});

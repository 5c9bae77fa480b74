import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { setupServer } from 'msw/node';
import { NmsHttp } from '../../src/bindings/nms/client/http.ts';
import type { HttpExchange } from '../../src/bindings/nms/http-exchange.ts';
import { startImapServer } from '../../simulators/server/imap-server.ts';
import { createNmsFrontEnd, startNmsServer } from '../../simulators/server/nms/index.ts';
import { ALICE, BOB, client, message, search } from './helpers.ts';

const STOP_SCRIPT = fileURLToPath(new URL('./stop-script.ts', import.meta.url));

describe('NMS front end: life cycle, in-process use, one model for both bindings', () => {
  it('stop() ends deliveries in flight and leaves nothing that keeps the process alive', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', STOP_SCRIPT], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill();
        resolve(null);
      }, 15_000);
      child.on('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(code, out).to.equal(0);
    const stopped = /stopped in (\d+) ms/.exec(out);
    expect(stopped, out).to.not.equal(null);
    expect(Number(stopped![1])).to.be.lessThan(1000);
    expect(out).to.contain('delivery was in flight');
  }).timeout(20_000);

  it('serves JS clients in the same process through msw setupServer', async () => {
    const fe = createNmsFrontEnd({ origin: 'http://nms.test', users: [ALICE] });
    const mock = setupServer(...fe.handlers);
    mock.listen({ onUnhandledRequest: 'bypass' });
    try {
      fe.stores.get('alice')!.append('INBOX', message('inproc'));
      const http = new NmsHttp({
        root: fe.baseUrl('alice'),
        user: 'alice',
        password: ALICE.password,
      });
      const list = await search(http);
      expect(list.object.map((o) => o.correlationId)).to.deep.equal(['inproc']);
      expect(
        list.object[0]!.resourceURL.startsWith('http://nms.test/nms/v1/cpmct/alice/'),
      ).to.equal(true);
    } finally {
      mock.close();
      await fe.stop();
    }
  });

  it('shares the IMAP server stores: a change on either side is seen on the other', async () => {
    const imap = await startImapServer({ users: [ALICE, BOB] });
    const nms = await startNmsServer({ users: [ALICE, BOB], stores: imap.stores });
    try {
      const store = imap.stores.get('alice')!;
      expect(nms.stores.get('alice')).to.equal(store);
      store.append('INBOX', message('from-imap'));
      const alice = client(nms, ALICE);
      const [object] = (await search(alice)).object;
      expect(object!.correlationId).to.equal('from-imap');
      await alice.request('PUT', `${object!.resourceURL}/flags/%5CSeen`, { json: {} });
      expect([...store.object('INBOX', 1).flags]).to.deep.equal(['\\Seen']);
      await alice.request('DELETE', object!.resourceURL);
      expect(store.objects('INBOX')).to.have.length(0);
    } finally {
      await nms.stop();
      await imap.stop();
    }
  });

  it('records each exchange with credentials redacted, labelled with the box', async () => {
    const seen: HttpExchange[] = [];
    const nms = await startNmsServer({ users: [ALICE], onExchange: (e) => seen.push(e) });
    try {
      await client(nms, ALICE).request('GET', 'folders/root');
      expect(seen).to.have.length(1);
      expect(seen[0]!.label).to.equal('alice');
      expect(seen[0]!.status).to.equal(200);
      expect(seen[0]!.requestHeaders.authorization).to.equal('Basic ***');
      expect(seen[0]!.responseBody).to.contain('"Root"');
    } finally {
      await nms.stop();
    }
  });
});

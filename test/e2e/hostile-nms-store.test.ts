/**
 * A dead or hostile NMS store must give inconclusive or fail with a one-line reason:
 * never a crash, never a hang, never a stack trace. Each fake store is a real HTTP
 * listener on loopback; the profile is an ordinary non-embedded NMS profile.
 */
import { expect } from 'chai';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { startTarget } from '../../src/targets/start-target.ts';
import type { CaseResult } from '../../src/engine/result.ts';
import { runOne } from '../../src/runner/execute.ts';
import { profile, settings, suites } from './helpers.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function fakeStore(handler: Handler): Promise<{ server: Server; port: number }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : 0 };
}

async function judge(port: number, caseId = 'SRV-NEW-001'): Promise<CaseResult> {
  const base = profile('reference-nms');
  const p = {
    ...base,
    iut: { name: 'hostile', embedded: false },
    endpoint: { host: '127.0.0.1', port },
    timing: { notificationTimeoutMs: 500, commandTimeoutMs: 1500, connectTimeoutMs: 1500 },
  };
  const running = await startTarget(p, { settings: settings() });
  try {
    const loaded = suites.cases.find((c) => c.definition.id === caseId)!;
    return await runOne(loaded, { ...running.target, stepTimeoutMs: 5000 });
  } finally {
    await running.stop();
  }
}

function expectOneLine(result: CaseResult): void {
  expect(['inconclusive', 'fail']).to.include(result.verdict);
  expect(result.reason).to.not.equal('');
  expect(result.reason).to.not.include('\n');
  expect(result.reason).to.not.match(/\bat .*\.ts:\d+/);
}

describe('e2e: a dead or hostile NMS store', function () {
  this.timeout(30_000);
  const servers: Server[] = [];
  afterEach(() => {
    for (const s of servers.splice(0)) {
      s.close();
      s.closeAllConnections();
    }
  });

  it('connection refused → inconclusive, with the reason', async () => {
    const { server, port } = await fakeStore(() => undefined);
    await new Promise((r) => server.close(r));
    const result = await judge(port);
    expect(result.verdict).to.equal('inconclusive');
    expect(result.reason).to.match(/ECONNREFUSED|refused/i);
  });

  it('HTML and 200 to everything → inconclusive or fail, one line', async () => {
    const { server, port } = await fakeStore((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello</html>');
    });
    servers.push(server);
    expectOneLine(await judge(port));
  });

  it('JSON of the wrong shape → inconclusive or fail, one line', async () => {
    const { server, port } = await fakeStore((_req, res) => {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end('{"objectList": {"object": "not a list"}, "folderList": 7}');
    });
    servers.push(server);
    expectOneLine(await judge(port));
  });

  it('500 with a non-OMA body → inconclusive or fail, one line', async () => {
    const { server, port } = await fakeStore((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"boom"}');
    });
    servers.push(server);
    expectOneLine(await judge(port));
  });

  it('a store that never answers → inconclusive or fail within the timeouts, no hang', async () => {
    const { server, port } = await fakeStore(() => undefined);
    servers.push(server);
    const started = Date.now();
    expectOneLine(await judge(port));
    expect(Date.now() - started).to.be.lessThan(20_000);
  });

  it('a connection dropped mid-answer → inconclusive or fail, one line', async () => {
    const { server, port } = await fakeStore((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
      res.write('{"objectList":');
      res.socket?.destroy();
    });
    servers.push(server);
    expectOneLine(await judge(port));
  });
});

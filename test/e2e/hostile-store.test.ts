/**
 * A dead or hostile store must give inconclusive or fail, with evidence: never a crash,
 * never a hang. Each fake store here is a real TCP listener on loopback.
 */
import { expect } from 'chai';
import { createServer, type Server, type Socket } from 'node:net';
import { startTarget } from '../../src/targets/start-target.ts';
import { runOne } from '../../src/runner/execute.ts';
import { profile, settings, suites } from './helpers.ts';

function fakeStore(
  onConnection: (socket: Socket) => void,
): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer(onConnection);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : 0 });
    });
  });
}

async function judge(port: number) {
  const base = profile('dovecot');
  const p = {
    ...base,
    launch: undefined,
    endpoint: { host: '127.0.0.1', port },
    timing: { notificationTimeoutMs: 500, commandTimeoutMs: 1500, connectTimeoutMs: 1500 },
  };
  const running = await startTarget(p, { settings: settings() });
  try {
    const loaded = suites.cases.find((c) => c.definition.id === 'SRV-NEW-001')!;
    return await runOne(loaded, { ...running.target, stepTimeoutMs: 5000 });
  } finally {
    await running.stop();
  }
}

describe('e2e: a dead or hostile store', function () {
  this.timeout(30_000);

  it('connection refused → inconclusive, with the reason', async () => {
    const { server, port } = await fakeStore(() => undefined);
    await new Promise((r) => server.close(r));
    const result = await judge(port);
    expect(result.verdict).to.equal('inconclusive');
    expect(result.reason).to.match(/ECONNREFUSED|refused/i);
  });

  it('connection dropped right after the greeting → inconclusive or fail, with evidence', async () => {
    const { server, port } = await fakeStore((socket) => {
      socket.write('* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] hostile\r\n');
      socket.once('data', () => socket.destroy());
    });
    try {
      const result = await judge(port);
      expect(['inconclusive', 'fail']).to.include(result.verdict);
      expect(result.reason).to.not.equal('');
    } finally {
      server.close();
    }
  });

  it('garbage bytes instead of IMAP → inconclusive or fail, no crash', async () => {
    const { server, port } = await fakeStore((socket) => {
      socket.write(Buffer.from([0xff, 0x00, 0x13, 0x37, 0x0a, 0x0d, 0x0a]));
      socket.on('data', () => socket.write('\x00\x01garbage}}}{{{\r\n'));
    });
    try {
      const result = await judge(port);
      expect(['inconclusive', 'fail']).to.include(result.verdict);
    } finally {
      server.close();
    }
  });

  it('a store that never answers → inconclusive or fail within the timeouts, no hang', async () => {
    const sockets: Socket[] = [];
    const { server, port } = await fakeStore((socket) => sockets.push(socket));
    try {
      const started = Date.now();
      const result = await judge(port);
      expect(['inconclusive', 'fail']).to.include(result.verdict);
      expect(Date.now() - started).to.be.lessThan(20_000);
    } finally {
      for (const s of sockets) s.destroy();
      server.close();
    }
  });
});

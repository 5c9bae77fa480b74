/**
 * Hostile clients against the reference store's connection limits, each answered as Dovecot
 * answers it and each shown at its bound: connections per user+address and per address,
 * auto-logout before and after login (and IDLE kept alive by its keepalives), bad commands
 * in a row, failed logins (growing delay, then BYE), and the listen backlog. The limits'
 * clock is virtual (ManualTimers), so no test waits for a timeout.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import type { RunningImapServer } from '../../simulators/server/imap-server.ts';
import { DEFAULT_LIMITS } from '../../src/bindings/imap/server/limits.ts';
import { ALICE, BOB, last, RawClient, startSeeded } from './helpers.ts';
import { ManualTimers } from './manual-timers.ts';

const MINUTE = 60_000;

/** The first line a new connection gets, and whether the server then closed it. */
async function firstLine(server: RunningImapServer): Promise<{ line: string; closed: boolean }> {
  const socket = connect(server.port, server.host);
  let text = '';
  socket.on('data', (data: Buffer) => (text += data.toString('latin1')));
  socket.on('error', () => {});
  const closed = await new Promise<boolean>((resolve) => {
    socket.once('close', () => resolve(true));
    socket.on('data', () => {
      if (text.includes('\r\n') && !text.startsWith('* BYE')) resolve(false);
    });
  });
  socket.destroy();
  return { line: text.split('\r\n')[0] ?? '', closed };
}

async function closedSoon(client: RawClient): Promise<boolean> {
  for (let i = 0; i < 100 && !client.closed; i++) await new Promise((r) => setTimeout(r, 5));
  return client.closed;
}

describe('server: hostile clients meet the connection limits', function () {
  this.timeout(10_000);
  let server: RunningImapServer;
  let timers: ManualTimers;
  const clients: RawClient[] = [];

  async function client(): Promise<RawClient> {
    const raw = await RawClient.connect(server);
    clients.push(raw);
    return raw;
  }

  beforeEach(() => {
    timers = new ManualTimers();
  });
  afterEach(async () => {
    for (const raw of clients.splice(0)) raw.close();
    await server?.stop();
  });

  it('refuses a LOGIN over the connections of one user from one address with NO [LIMIT]', async () => {
    const limit = 3;
    server = await startSeeded({ timers, limits: { maxConnectionsPerUserAddress: limit } });
    const held: RawClient[] = [];
    for (let i = 0; i < limit; i++) {
      held.push(await client());
      await held[i]!.login();
    }
    const extra = await client();
    const refused = await extra.command('x', `LOGIN alice ${ALICE.password}`);
    expect(last(refused)).to.equal(
      'x NO [LIMIT] Maximum number of connections from user+IP exceeded',
    );
    // Another user from the same address is not affected; a freed slot is taken again.
    await extra.login(BOB);
    const again = await client();
    await held[0]!.command('q', 'LOGOUT');
    await again.login(ALICE);
    expect(last(await again.command('n', 'NOOP'))).to.match(/^n OK/);
  });

  it('greets connections over the limit from one address with BYE and closes them', async () => {
    const limit = 4;
    server = await startSeeded({ timers, limits: { maxConnectionsPerAddress: limit } });
    for (let i = 0; i < limit; i++) await client();
    const over = await firstLine(server);
    expect(over).to.deep.equal({
      line: '* BYE Maximum number of connections from your address exceeded',
      closed: true,
    });
    clients.pop()!.close();
    await new Promise((r) => setTimeout(r, 20));
    expect((await firstLine(server)).line).to.match(/^\* OK \[CAPABILITY /);
  });

  it('logs out a connection that has not logged in within the login timeout, input or not', async () => {
    server = await startSeeded({ timers });
    const lazy = await client();
    timers.advance(DEFAULT_LIMITS.loginTimeoutMs / 2);
    expect(last(await lazy.command('n', 'NOOP'))).to.match(/^n OK/);
    timers.advance(DEFAULT_LIMITS.loginTimeoutMs / 2 - 1);
    expect(last(await lazy.command('c', 'CAPABILITY'))).to.match(/^c OK/);
    timers.advance(1);
    expect(await lazy.readUntil((l) => l.startsWith('* BYE'))).to.deep.equal([
      '* BYE Disconnected for inactivity.',
    ]);
    expect(await closedSoon(lazy)).to.equal(true);
    expect(DEFAULT_LIMITS.loginTimeoutMs).to.be.at.most(2 * MINUTE);
  });

  it('logs out a logged-in connection after 30 minutes without a command, not before', async () => {
    server = await startSeeded({ timers });
    const quiet = await client();
    await quiet.login();
    expect(DEFAULT_LIMITS.idleTimeoutMs).to.be.at.least(30 * MINUTE);
    timers.advance(DEFAULT_LIMITS.idleTimeoutMs - 1);
    expect(last(await quiet.command('n', 'NOOP'))).to.match(/^n OK/);
    timers.advance(DEFAULT_LIMITS.idleTimeoutMs - 1);
    expect(last(await quiet.command('m', 'NOOP'))).to.match(/^m OK/);
    timers.advance(DEFAULT_LIMITS.idleTimeoutMs);
    expect(await quiet.readUntil((l) => l.startsWith('* BYE'))).to.deep.equal([
      '* BYE Disconnected for inactivity.',
    ]);
    expect(await closedSoon(quiet)).to.equal(true);
  });

  it('keeps an IDLE that takes its keepalives past the auto-logout time', async () => {
    server = await startSeeded({ timers });
    const idler = await client();
    await idler.login();
    await idler.command('s', 'SELECT INBOX');
    idler.send('i IDLE\r\n');
    await idler.readUntil((l) => l.startsWith('+'));
    const rounds = Math.ceil(DEFAULT_LIMITS.idleTimeoutMs / DEFAULT_LIMITS.idleKeepaliveMs) + 2;
    for (let i = 0; i < rounds; i++) {
      timers.advance(DEFAULT_LIMITS.idleKeepaliveMs);
      expect(await idler.readUntil((l) => l.startsWith('* '))).to.deep.equal(['* OK Still here']);
    }
    idler.send('DONE\r\n');
    expect(last(await idler.readUntil((l) => l.startsWith('i ')))).to.match(/^i OK/);
  });

  it('says BYE after the maximum of bad commands in a row; a good one starts the count again', async () => {
    server = await startSeeded({ timers });
    const max = DEFAULT_LIMITS.maxBadCommands;
    const noisy = await client();
    for (let i = 1; i < max; i++) noisy.send(`b${i} FROB\r\n`);
    const first = await noisy.readUntil((l) => l.startsWith(`b${max - 1} `));
    expect(first.filter((l) => / BAD /.test(l))).to.have.length(max - 1);
    expect(last(await noisy.command('n', 'NOOP'))).to.match(/^n OK/);
    for (let i = 1; i <= max + 5; i++) noisy.send(`c${i} FROB\r\n`);
    const lines = await noisy.readUntil((l) => l.startsWith('* BYE'));
    expect(lines.filter((l) => / BAD /.test(l))).to.have.length(max);
    expect(last(lines)).to.equal('* BYE Too many invalid IMAP commands.');
    expect(await closedSoon(noisy)).to.equal(true);
  });

  it('delays each failed login longer (2, 4, 8 s, at most 15 s) and says BYE after 3', async () => {
    server = await startSeeded({
      timers,
      limits: { loginFailureDelayMs: 2_000, maxLoginFailureDelayMs: 15_000 },
    });
    const guesser = await client();
    const expectDelayed = async (raw: RawClient, tag: string, delay: number) => {
      raw.send(`${tag} LOGIN alice guess-${tag}\r\n`);
      await timers.timerOf(delay);
      expect(await raw.idleFor(10)).to.equal('');
      timers.advance(delay);
      return raw.readUntil((l) => l.startsWith(`${tag} `));
    };
    expect(last(await expectDelayed(guesser, 'a', 2_000))).to.match(
      /^a NO \[AUTHENTICATIONFAILED\]/,
    );
    await expectDelayed(guesser, 'b', 4_000);
    await expectDelayed(guesser, 'c', 8_000);
    expect(await guesser.readUntil((l) => l.startsWith('* BYE'))).to.deep.equal([
      '* BYE Too many failed login attempts.',
    ]);
    expect(await closedSoon(guesser)).to.equal(true);
    // The penalty is per address: a new connection starts at the cap, until a login succeeds.
    const next = await client();
    await expectDelayed(next, 'd', 15_000);
    await next.login();
    const fresh = await client();
    await expectDelayed(fresh, 'e', 2_000);
  });

  it('listens with a backlog of 4096 by default (Node alone would use 511)', async () => {
    server = await startSeeded({ timers });
    const listing = execFileSync('ss', ['-ltnH', `sport = :${server.port}`], { encoding: 'utf8' });
    const backlog = Number(listing.trim().split(/\s+/)[2]);
    expect(DEFAULT_LIMITS.listenBacklog).to.equal(4096);
    expect(backlog).to.equal(Math.min(DEFAULT_LIMITS.listenBacklog, somaxconn()));
  });
});

function somaxconn(): number {
  return Number(readFileSync('/proc/sys/net/core/somaxconn', 'utf8'));
}

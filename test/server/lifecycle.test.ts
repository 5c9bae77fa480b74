import { connect } from 'node:net';
import { expect } from 'chai';
import { startImapServer, type TraceEntry } from '../../simulators/server/imap-server.ts';
import { ALICE, BOB, imapflow, last, RawClient, startSeeded } from './helpers.ts';

function tcpHandles(): number {
  return process.getActiveResourcesInfo().filter((name) => name.startsWith('TCP')).length;
}

async function settle(check: () => boolean, ms = 2000): Promise<void> {
  const until = Date.now() + ms;
  while (!check() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('server: lifecycle, users, trace', () => {
  it('stop() closes idle, busy and half-sent connections and the listener', async () => {
    const baseline = tcpHandles();
    const server = await startSeeded();
    const idling = await RawClient.connect(server);
    await idling.login();
    await idling.command('s', 'SELECT INBOX');
    idling.send('i IDLE\r\n');
    await idling.readUntil((l) => l.startsWith('+'));
    const halfway = await RawClient.connect(server);
    await halfway.login();
    halfway.send('a APPEND INBOX {10}\r\n');
    await halfway.readUntil((l) => l.startsWith('+'));
    halfway.send('12345');
    const flow = await imapflow(server);
    await server.stop();
    await server.stop();
    await settle(() => idling.closed && halfway.closed && tcpHandles() <= baseline);
    expect(idling.closed && halfway.closed).to.equal(true);
    flow.close();
    await settle(() => tcpHandles() <= baseline);
    expect(tcpHandles()).to.equal(baseline);
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect(server.port, server.host);
      socket.on('error', () => resolve(true));
      socket.on('connect', () => {
        socket.destroy();
        resolve(false);
      });
    });
    expect(refused).to.equal(true);
  });

  it('keeps users apart: folders, messages and notifications', async () => {
    const server = await startSeeded();
    const bob = await RawClient.connect(server);
    const alice = await RawClient.connect(server);
    try {
      await bob.login(BOB);
      await alice.login(ALICE);
      const list = await bob.command('l', 'LIST "" *');
      expect(list.filter((l) => l.startsWith('* LIST'))).to.deep.equal([
        '* LIST (\\HasNoChildren) "/" INBOX',
      ]);
      expect(last(await bob.command('s', 'SELECT Default/conv-1'))).to.match(
        /^s NO \[NONEXISTENT\]/,
      );
      expect((await bob.command('t', 'STATUS INBOX (MESSAGES)'))[0]).to.equal(
        '* STATUS INBOX (MESSAGES 0)',
      );
      await bob.command('u', 'SELECT INBOX');
      bob.send('i IDLE\r\n');
      await bob.readUntil((l) => l.startsWith('+'));
      await alice.command('a', 'APPEND INBOX {3+}\r\nabc');
      expect(await bob.idleFor(100)).to.equal('');
      expect(server.stores.get('bob')!.objects('INBOX')).to.have.length(0);
      expect(last(await alice.command('x', `LOGIN bob ${ALICE.password}`))).to.match(/^x BAD/);
      const wrong = await RawClient.connect(server);
      expect(last(await wrong.command('w', `LOGIN bob ${ALICE.password}`))).to.match(
        /^w NO \[AUTHENTICATIONFAILED\]/,
      );
      wrong.close();
    } finally {
      bob.close();
      alice.close();
      await server.stop();
    }
  });

  it('traces every line with passwords masked, and uses the clock and UIDVALIDITY base', async () => {
    const trace: TraceEntry[] = [];
    const server = await startImapServer({
      users: [ALICE],
      onTrace: (entry) => trace.push(entry),
      clock: () => new Date('2030-05-06T07:08:09Z'),
      uidValidityBase: 4242,
    });
    const client = await RawClient.connect(server);
    try {
      await client.login();
      const plain = Buffer.from(`\0alice\0${ALICE.password}`).toString('base64');
      await client.command('a', `AUTHENTICATE PLAIN ${plain}`);
      await client.command('b', 'APPEND INBOX {3+}\r\nabc');
      const lines = await client.command('c', 'STATUS INBOX (UIDVALIDITY)');
      expect(lines[0]).to.equal('* STATUS INBOX (UIDVALIDITY 4242)');
      await client.command('d', 'SELECT INBOX');
      expect((await client.command('e', 'FETCH 1 INTERNALDATE'))[0]).to.equal(
        '* 1 FETCH (INTERNALDATE "06-May-2030 07:08:09 +0000")',
      );
    } finally {
      client.close();
      await server.stop();
    }
    const text = trace.map((e) => `${e.direction} ${e.line}`).join('\n');
    expect(text).not.to.include(ALICE.password);
    expect(text).not.to.include(Buffer.from(`\0alice\0${ALICE.password}`).toString('base64'));
    expect(text).to.include('C L1 LOGIN alice ***');
    expect(text).to.include('C b APPEND INBOX {3+}\r\nabc');
    expect(text).to.include('S b OK [APPENDUID 4242 1] APPEND completed');
    expect(trace.find((e) => e.line.startsWith('c STATUS'))).to.include({
      user: 'alice',
      connection: 1,
    });
  });
});

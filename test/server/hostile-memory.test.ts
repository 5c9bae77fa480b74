/**
 * Hostile clients against the reference store's memory bounds (issue 11, section 1): each
 * test checks the answer on the wire and that the connection never held more than its
 * limit (ImapSession.peakBuffered), with small limits so it stays fast. MULTIAPPEND is
 * checked against RFC 3502's description of the command.
 */
import { connect, type Socket } from 'node:net';
import { expect } from 'chai';
import type { ServerLimits } from '../../src/bindings/imap/server/limits.ts';
import { ALICE, last, message, RawClient } from './helpers.ts';
import { startProbedServer, until, type ProbedServer } from './probed-server.ts';

const KiB = 1024;
/** Bytes one socket read may bring in at once, over any limit (Node reads 64 KiB at most). */
const ONE_READ = 64 * KiB;

const LIMITS: Partial<ServerLimits> = {
  maxLineLength: 2 * KiB,
  maxLiteralBeforeLogin: 1 * KiB,
  maxCommandSizeBeforeLogin: 4 * KiB,
  maxLiteral: 64 * KiB,
  maxCommandSize: 96 * KiB,
  outputHighWaterMark: 256 * KiB,
  maxSearchDepth: 8,
};

describe('server: hostile clients and memory bounds', () => {
  let server: ProbedServer;
  let client: RawClient;

  beforeEach(async () => {
    server = await startProbedServer(LIMITS);
    client = await RawClient.connect(server);
  });
  afterEach(async () => {
    client.close();
    await server.stop();
  });

  const session = () => server.sessions.at(-1)!;

  describe('literals before login', () => {
    it('refuses a synchronising literal over the cap without a continuation, then closes', async () => {
      client.send(`a LOGIN {${LIMITS.maxLiteralBeforeLogin! + 1}}\r\n`);
      const lines = await client.readUntil((line) => line.startsWith('* BYE'));
      expect(lines.some((line) => line.startsWith('+'))).to.equal(false);
      expect(last(lines)).to.equal('* BYE Literal size too large');
      await until(() => client.closed, 'the close');
    });

    it('says BYE to a big non-synchronising literal without reading it into memory', async () => {
      const size = 1024 * KiB;
      client.send(`a NOOP {${size}+}\r\n`);
      client.send(Buffer.alloc(size, 0x61));
      expect(last(await client.readUntil((line) => line.startsWith('* BYE')))).to.equal(
        '* BYE Literal size too large',
      );
      expect(session().peakBuffered.input).to.be.at.most(
        LIMITS.maxCommandSizeBeforeLogin! + ONE_READ,
      );
    });

    it('caps the total of one command, however small each literal is', async () => {
      const literal = 'x'.repeat(LIMITS.maxLiteralBeforeLogin!);
      const parts = Array.from({ length: 6 }, () => `{${literal.length}+}\r\n${literal}`);
      client.send(`a ID (${parts.map((p) => `"k" ${p}`).join(' ')})\r\n`);
      expect(last(await client.readUntil((line) => line.startsWith('* BYE')))).to.equal(
        '* BYE Literal size too large',
      );
      expect(session().peakBuffered.input).to.be.at.most(
        LIMITS.maxCommandSizeBeforeLogin! + ONE_READ,
      );
      await until(() => client.closed, 'the close');
    });

    it('still asks for small synchronising literals before login', async () => {
      client.send('a LOGIN {5}\r\n');
      await client.readUntil((line) => line.startsWith('+'));
      client.send(`alice {${ALICE.password.length}}\r\n`);
      await client.readUntil((line) => line.startsWith('+'));
      client.send(`${ALICE.password}\r\n`);
      expect(last(await client.readUntil((line) => line.startsWith('a ')))).to.match(/^a OK/);
    });
  });

  describe('literals after login', () => {
    beforeEach(() => client.login());

    it('refuses a literal over the cap with NO [TOOBIG] and no continuation', async () => {
      const lines = await client.command('a', `APPEND INBOX {${LIMITS.maxLiteral! + 1}}`);
      expect(lines.some((line) => line.startsWith('+'))).to.equal(false);
      expect(last(lines)).to.match(/^a NO \[TOOBIG\]/);
      expect(last(await client.command('n', 'NOOP'))).to.match(/^n OK/);
    });

    it('skips an oversized non-synchronising literal unread and stays in step', async () => {
      const size = 4 * LIMITS.maxLiteral!;
      client.send(`a APPEND INBOX {${size}+}\r\n`);
      client.send(Buffer.alloc(size, 0x61));
      client.send('\r\nn NOOP\r\n');
      const lines = await client.readUntil((line) => line.startsWith('n '));
      expect(lines.find((line) => line.startsWith('a '))).to.match(/^a NO \[TOOBIG\]/);
      expect(last(lines)).to.match(/^n OK/);
      expect(session().peakBuffered.input).to.be.at.most(LIMITS.maxLineLength! + ONE_READ);
    });

    it('caps the total of the literals of one command (MULTIAPPEND included)', async () => {
      const before = server.store.folder('INBOX').objects.size;
      const body = message('part', { body: 'y'.repeat(40 * KiB) });
      const parts = [1, 2, 3].map(() => `{${body.length}+}\r\n${body.toString('latin1')}`);
      const lines = await client.command('a', `APPEND INBOX ${parts.join(' ')}`);
      expect(last(lines)).to.match(/^a NO \[TOOBIG\]/);
      expect(server.store.folder('INBOX').objects.size).to.equal(before);
      expect(session().peakBuffered.input).to.be.at.most(LIMITS.maxCommandSize! + ONE_READ);
    });
  });

  describe('over-long lines', () => {
    it('answers the tag with BAD once logged in, and goes on', async () => {
      await client.login();
      const lines = await client.command('t1', `SELECT ${'a'.repeat(10 * LIMITS.maxLineLength!)}`);
      expect(last(lines)).to.equal('t1 BAD Too long argument');
      expect(last(await client.command('t2', 'NOOP'))).to.match(/^t2 OK/);
      expect(session().peakBuffered.input).to.be.at.most(LIMITS.maxLineLength! + ONE_READ);
    });

    it('skips the non-synchronising literal an over-long line announces', async () => {
      await client.login();
      client.send(`t1 APPEND INBOX ${'a'.repeat(2 * LIMITS.maxLineLength!)} {11+}\r\n`);
      client.send('t9 LOGOUT\r\n\r\nt2 NOOP\r\n');
      const lines = await client.readUntil((line) => line.startsWith('t2 '));
      expect(lines.filter((line) => /^t\d /.test(line))).to.deep.equal([
        't1 BAD Too long argument',
        't2 OK NOOP completed',
      ]);
    });

    it('says BYE and closes before login', async () => {
      client.send(`t1 LOGIN ${'a'.repeat(10 * LIMITS.maxLineLength!)} b\r\n`);
      const lines = await client.readUntil((line) => line.startsWith('* BYE'));
      expect(last(lines)).to.equal('* BYE Input buffer full, aborting');
      await until(() => client.closed, 'the close');
      expect(session().peakBuffered.input).to.be.at.most(
        LIMITS.maxCommandSizeBeforeLogin! + ONE_READ,
      );
    });
  });

  describe('SEARCH nesting', () => {
    beforeEach(async () => {
      await client.login();
      await client.command('s', 'SELECT INBOX');
    });

    it('refuses keys nested past the limit with BAD, and takes them at the limit', async () => {
      const depth = LIMITS.maxSearchDepth!;
      const deep = await client.command('d', `SEARCH ${'NOT '.repeat(depth + 1)}ALL`);
      expect(last(deep)).to.match(/^d BAD .*nested too deeply/);
      const ors = await client.command('o', `SEARCH ${'OR SEEN '.repeat(depth + 1)}ALL`);
      expect(last(ors)).to.match(/^o BAD .*nested too deeply/);
      const within = await client.command('w', `SEARCH ${'NOT '.repeat(depth)}ALL`);
      expect(within).to.include(depth % 2 === 0 ? '* SEARCH 1 2 3' : '* SEARCH');
      expect(last(within)).to.match(/^w OK/);
    });

    it('refuses 5,000 nested NOTs with BAD under the default limit, not a server error', async () => {
      const other = await startProbedServer({});
      const raw = await RawClient.connect(other);
      try {
        await raw.login();
        await raw.command('s', 'SELECT INBOX');
        const lines = await raw.command('d', `SEARCH ${'NOT '.repeat(5000)}ALL`);
        expect(last(lines)).to.match(/^d BAD /);
      } finally {
        raw.close();
        await other.stop();
      }
    });
  });

  describe('output backpressure', () => {
    it('stops reading commands while the client does not read its answers', async () => {
      const body = 'z'.repeat(1024 * KiB);
      const big = message('big', { body });
      const { uid } = server.store.append('INBOX', big, { internalDate: new Date(0) });
      const fetches = 48; // 48 MB: more than loopback buffers take (tcp_rmem max + tcp_wmem max)
      const socket = await pausedConnection(server);
      socket.write(`L LOGIN ${ALICE.name} ${ALICE.password}\r\nS SELECT INBOX\r\n`);
      for (let i = 0; i < fetches; i++) socket.write(`f${i} UID FETCH ${uid} BODY.PEEK[]\r\n`);
      const probe = server.sessions.at(-1)!;
      await until(() => probe.waitingForClient, 'the session to wait for its client');
      const read = server.commandsRead();
      expect(read).to.be.below(fetches);
      const response = big.length + 64;
      expect(probe.peakBuffered.output).to.be.at.most(LIMITS.outputHighWaterMark! + response);
      expect(probe.peakBuffered.input).to.be.at.most(LIMITS.maxLineLength! + ONE_READ);
      const done = tagsSeen(socket, `f${fetches - 1} OK`);
      socket.resume();
      await done;
      expect(server.commandsRead()).to.be.at.least(fetches + 2);
      socket.destroy();
    });
  });

  describe('MULTIAPPEND (RFC 3502)', () => {
    beforeEach(() => client.login());

    it('appends several messages with their own flags and dates, answering one set of UIDs', async () => {
      // RFC 3502 section 6's example: two messages to saved-messages, the second with a date.
      const folder = server.store.createFolder('saved-messages');
      const first = message('multi-1');
      const second = message('multi-2');
      client.send(`m APPEND saved-messages (\\Seen) {${first.length}}\r\n`);
      await client.readUntil((line) => line.startsWith('+'));
      client.send(first);
      client.send(` (\\Flagged) " 7-Feb-1994 22:43:04 -0800" {${second.length}}\r\n`);
      await client.readUntil((line) => line.startsWith('+'));
      client.send(second);
      client.send('\r\n');
      const lines = await client.readUntil((line) => line.startsWith('m '));
      expect(last(lines)).to.equal(`m OK [APPENDUID ${folder.uidValidity} 1:2] APPEND completed`);
      const [one, two] = server.store.objects('saved-messages');
      expect(server.store.content(one!.contentId).raw.equals(first)).to.equal(true);
      expect(server.store.content(two!.contentId).raw.equals(second)).to.equal(true);
      expect([...one!.flags]).to.deep.equal(['\\Seen']);
      expect([...two!.flags]).to.deep.equal(['\\Flagged']);
      expect(two!.internalDate.toISOString()).to.equal('1994-02-08T06:43:04.000Z');
    });

    it('appends none when one of the messages is refused', async () => {
      const before = server.store.folder('INBOX').objects.size;
      const good = message('kept-out');
      const lines = await client.command(
        'm',
        `APPEND INBOX {${good.length}+}\r\n${good.toString('latin1')} "yesterday" {3+}\r\nabc`,
      );
      expect(last(lines)).to.match(/^m BAD/);
      expect(server.store.folder('INBOX').objects.size).to.equal(before);
      const empty = await client.command('e', `APPEND INBOX {3+}\r\nabc {0+}\r\n`);
      expect(last(empty)).to.match(/^e NO/);
      expect(server.store.folder('INBOX').objects.size).to.equal(before);
    });

    it('appends none to a mailbox that does not exist, answering [TRYCREATE]', async () => {
      const lines = await client.command('m', 'APPEND Nowhere {3+}\r\nabc {3+}\r\ndef');
      expect(last(lines)).to.match(/^m NO \[TRYCREATE\]/);
    });
  });
});

async function pausedConnection(server: ProbedServer): Promise<Socket> {
  const socket = connect(server.port, server.host);
  socket.on('error', () => {});
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  socket.pause();
  return socket;
}

/** Resolves once `text` has arrived on the socket (looked for across chunk boundaries). */
function tagsSeen(socket: Socket, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let tail = '';
    socket.on('data', (data: Buffer) => {
      const window = tail + data.toString('latin1');
      if (window.includes(text)) resolve();
      tail = window.slice(-text.length);
    });
    socket.once('close', () => reject(new Error(`closed before ${text}`)));
  });
}

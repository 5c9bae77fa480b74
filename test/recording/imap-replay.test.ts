/**
 * The IMAP replay server on a hand-written recording: each connection of a case is answered
 * from the recorded connection its bytes fit (whatever order they open in), and a command or a
 * connection the recording does not hold is the case's problem, named in one line.
 */
import { expect } from 'chai';
import { connect, type Socket } from 'node:net';
import { startImapReplay, type ImapReplay } from '../../src/recording/imap-replay.ts';
import type { ImapRecording, RecordedConnection } from '../../src/recording/recording-file.ts';

function connection(tag: string, answer: string): RecordedConnection {
  return {
    exchange: [
      { from: 'store', text: '* OK ready\r\n' },
      { from: 'client', text: `${tag} NOOP\r\n` },
      { from: 'store', text: `${tag} OK ${answer}\r\n` },
      { from: 'client', text: `${tag}2 LOGOUT\r\n` },
      { from: 'store', text: `* BYE\r\n${tag}2 OK bye\r\n` },
    ],
    closedBy: 'store',
  };
}

const RECORDING: ImapRecording = {
  format: 'cpmct-recording/1',
  binding: 'imap',
  profile: 'hand-written',
  seed: 1,
  recordedAt: '2026-01-15T12:00:00Z',
  origin: 'imap://127.0.0.1:1',
  cases: { 'CASE-001 [plain]': [connection('a', 'first'), connection('b', 'second')] },
};

/** Opens a connection and collects everything the replay sends on it. */
function open(replay: ImapReplay): {
  socket: Socket;
  received: () => string;
  closed: Promise<void>;
} {
  const socket = connect(replay.port, replay.host);
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return { socket, received: () => text, closed };
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setImmediate(resolve));
}

describe('recording: IMAP replay server', () => {
  let replay: ImapReplay;
  beforeEach(async () => {
    replay = await startImapReplay(RECORDING);
    replay.beginCase('CASE-001', 'plain');
  });
  afterEach(async () => replay.stop());

  it('answers each connection from the recorded one its bytes fit, in either order', async () => {
    const second = open(replay);
    await until(() => second.received().includes('* OK ready'));
    second.socket.write('b NOOP\r\nb2 LOGOUT\r\n');
    const first = open(replay);
    await until(() => first.received().includes('* OK ready'));
    first.socket.write('a NOOP\r\n');
    await until(() => first.received().includes('a OK first'));
    first.socket.write('a2 LOGOUT\r\n');
    await Promise.all([first.closed, second.closed]);
    expect(second.received()).to.equal('* OK ready\r\nb OK second\r\n* BYE\r\nb2 OK bye\r\n');
    expect(first.received()).to.equal('* OK ready\r\na OK first\r\n* BYE\r\na2 OK bye\r\n');
    expect(replay.problem()).to.equal(undefined);
    expect(replay.unused()).to.equal(0);
  });

  it('a command the recording does not hold: the connection is cut, the case has the reason', async () => {
    const client = open(replay);
    await until(() => client.received().includes('* OK ready'));
    client.socket.write('c NOOP\r\n');
    await client.closed;
    expect(replay.problem()).to.equal(
      'replay: connection 1 of CASE-001 [plain]: the device sent "c NOOP" where the recording holds "a NOOP"',
    );
  });

  it('a connection more than the recording holds is the case problem too', async () => {
    for (const tag of ['a', 'b']) {
      const client = open(replay);
      await until(() => client.received().includes('* OK ready'));
      client.socket.write(`${tag} NOOP\r\n${tag}2 LOGOUT\r\n`);
      await client.closed;
    }
    const extra = open(replay);
    await extra.closed;
    expect(extra.received()).to.equal('');
    expect(replay.problem()).to.match(
      /connection 3 of CASE-001 \[plain\]: the recording holds no connection 3/,
    );
  });
});

/** The transcript recorder and the small helpers of the IMAP client wrapper (no server). */
import { expect } from 'chai';
import {
  ImapClientError,
  TranscriptRecorder,
  describeError,
  expandSet,
  uidSet,
  withTimeout,
} from '../../src/bindings/imap/client/index.ts';

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');

function recorder(options: { maxLiteral?: number } = {}) {
  let t = 1000;
  const rec = new TranscriptRecorder({
    label: 'phone#1 (alice)',
    secrets: ['alicepass'],
    now: () => t,
    ...options,
  });
  const advance = (ms: number) => (t += ms);
  const server = (s: string | Buffer) =>
    rec.logger.trace({ src: 's', msg: 'read from socket', data: b64(s) });
  const client = (s: string) =>
    rec.logger.trace({ src: 'c', msg: 'write to socket', data: b64(s) });
  return { rec, advance, server, client };
}

describe('clients: IMAP transcript recorder', () => {
  it('timestamps lines relative to the connection start, one per line, C: and S:', () => {
    const { rec, advance, server, client } = recorder();
    server('* OK ready\r\n');
    advance(12);
    client('1 NOOP\r\n');
    advance(3);
    server('1 OK do');
    server('ne\r\n');
    expect(rec.text()).to.equal('+0.000 S: * OK ready\n+0.012 C: 1 NOOP\n+0.015 S: 1 OK done\n');
    expect(rec.evidence()).to.deep.equal({
      kind: 'imap-transcript',
      label: 'phone#1 (alice)',
      text: rec.text(),
    });
  });

  it('redacts LOGIN/AUTHENTICATE frames imapflow hides, and the password anywhere', () => {
    const { rec, server } = recorder();
    rec.logger.debug({ src: 'c', msg: '2 LOGIN "alice" "(* value hidden *)"' });
    rec.logger.trace({ src: 'c', data: b64('(* value hidden *)\r\n'), hidden: true });
    rec.logger.debug({ src: 'c', msg: '3 AUTHENTICATE PLAIN' });
    rec.logger.trace({ src: 'c', data: b64('(* value hidden *)\r\n'), hidden: true });
    rec.logger.debug({ src: 'c', msg: 'AGFsaWNl...' });
    rec.logger.trace({ src: 'c', data: b64('(* value hidden *)\r\n'), hidden: true });
    server('* OK your password alicepass is weak\r\n');
    const lines = rec
      .text()
      .split('\n')
      .map((l) => l.slice(7));
    expect(lines.slice(0, 4)).to.deep.equal([
      'C: 2 LOGIN "alice" ***',
      'C: 3 AUTHENTICATE PLAIN',
      'C: ***',
      'S: * OK your password *** is weak',
    ]);
  });

  it('shows small literals indented and summarises large ones', () => {
    const { rec, server, client } = recorder({ maxLiteral: 40 });
    client('A APPEND Conv1 () {20+}\r\nIMDN-Message-ID: x\r\n\r\n');
    server(`* 1 FETCH (UID 1 BODY[] {100}\r\n${'y'.repeat(100)})\r\nA OK\r\n`);
    expect(
      rec
        .text()
        .split('\n')
        .map((l) => l.slice(7)),
    ).to.deep.equal([
      'C: A APPEND Conv1 () {20+}',
      'C:   IMDN-Message-ID: x',
      'S: * 1 FETCH (UID 1 BODY[] {100}',
      'S:   [literal 100 bytes not shown]',
      'S: )',
      'S: A OK',
      '',
    ]);
  });

  it('escapes control characters and notes a cut line at the end', () => {
    const { rec, server } = recorder();
    server(Buffer.from([0x2a, 0x20, 0x00, 0x07, 0x0d, 0x0a, 0x41]));
    rec.finish();
    expect(rec.text()).to.equal(
      '+0.000 S: * \\x00\\x07\n+0.000 S: A [no CRLF]\n+0.000 -- connection closed\n',
    );
  });
});

describe('clients: IMAP client helpers', () => {
  it('uidSet compacts, expandSet expands', () => {
    expect(uidSet([5, 1, 2, 3, 9, 10, 3])).to.equal('1:3,5,9:10');
    expect(expandSet('1:3,5,10:9')).to.deep.equal([1, 2, 3, 5, 9, 10]);
  });

  it('describeError gives one line for NO/BAD, socket errors and others', () => {
    expect(
      describeError({
        responseStatus: 'NO',
        responseText: "Mailbox doesn't exist: X (0.001 + 0.000 secs).",
        serverResponseCode: 'NONEXISTENT',
      }),
    ).to.equal("NO [NONEXISTENT] Mailbox doesn't exist: X");
    expect(
      describeError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:1' }),
    ).to.equal('ECONNREFUSED');
    expect(describeError(new Error('two\nlines'))).to.equal('two lines');
  });

  it('withTimeout rejects with a label, tears down, and leaves no timer behind', async () => {
    let torn = false;
    const never = new Promise<void>(() => undefined);
    try {
      await withTimeout(never, 20, 'NOOP', () => (torn = true));
      expect.fail('should reject');
    } catch (err) {
      expect(err).to.be.instanceOf(ImapClientError);
      expect((err as Error).message).to.equal('NOOP: no answer within 20 ms');
    }
    expect(torn).to.equal(true);
    expect(await withTimeout(Promise.resolve(7), 10_000, 'X', () => undefined)).to.equal(7);
  });
});

/**
 * The client's IMAP login leaves no credential in a recording, however it is sent (LOGIN with
 * atoms, quoted strings or literals, AUTHENTICATE with or without an initial response) and
 * however the bytes are split; everything else passes unchanged.
 */
import { expect } from 'chai';
import { ClientLoginRedaction } from '../../src/recording/imap-login-redaction.ts';

const SECRET = 's3cr3t-pw';

/** The redacted stream, fed in chunks of `size` bytes. */
function redact(stream: string, size: number): string {
  const redaction = new ClientLoginRedaction();
  const bytes = Buffer.from(stream, 'latin1');
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size)
    out.push(redaction.push(bytes.subarray(i, i + size)));
  return Buffer.concat(out).toString('latin1');
}

const LOGINS = {
  atoms: `2 LOGIN alice ${SECRET}\r\n`,
  quoted: `2 LOGIN "alice" "${SECRET}"\r\n`,
  literals: `2 LOGIN {5}\r\nalice {${SECRET.length}+}\r\n${SECRET}\r\n`,
  'AUTHENTICATE, initial response': `2 AUTHENTICATE PLAIN ${Buffer.from(`\0alice\0${SECRET}`).toString('base64')}\r\n`,
  'AUTHENTICATE, continuation': `2 AUTHENTICATE PLAIN\r\n${Buffer.from(`\0alice\0${SECRET}`).toString('base64')}\r\n`,
};

describe('recording: IMAP login redaction', () => {
  for (const [name, login] of Object.entries(LOGINS)) {
    it(`${name}: no credential, the commands around it unchanged, in any chunking`, () => {
      const before = '1 ID ("name" "cpmct")\r\n';
      const after = '3 APPEND INBOX {11+}\r\nhello\r\nbody\r\n4 LOGOUT\r\n';
      const whole = redact(before + login + after, 1 << 20);
      expect(whole.startsWith(before)).to.equal(true);
      expect(whole.endsWith(after)).to.equal(true);
      expect(whole).not.to.include(SECRET);
      expect(whole).not.to.include(Buffer.from(`\0alice\0${SECRET}`).toString('base64'));
      for (const size of [1, 3, 7])
        expect(redact(before + login + after, size), `chunks of ${size}`).to.equal(whole);
    });
  }

  it('two logins with other passwords redact alike (a replay matches its recording)', () => {
    const other = LOGINS.quoted.replace(SECRET, 'another-password');
    expect(redact(other, 4)).to.equal(redact(LOGINS.quoted, 4));
  });
});

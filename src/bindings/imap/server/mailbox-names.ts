/**
 * Mailbox names as the client sends them (RFC 3501 5.1 and 5.1.3, RFC 9051 5.1): modified
 * UTF-7 is decoded strictly, and a name the store must not keep is refused. NUL cannot occur
 * in IMAP strings at all (CHAR8 starts at %x01), so it is a syntax error (BAD); other control
 * characters, a malformed `&...-` shift sequence and an over-long name are refused with
 * `NO [CANNOT]`, as Dovecot does.
 */
import { bad, no } from './errors.ts';

/** Longest name, in characters of its wire (modified UTF-7) form. */
const MAX_MAILBOX_NAME_LENGTH = 1024;
/** Longest name of one hierarchy level (between delimiters), wire form. */
const MAX_MAILBOX_LEVEL_LENGTH = 255;

const DELIMITER = '/';
const BASE64_RUN = /^[A-Za-z0-9+,]*$/;

/** Why a wire name is not valid modified UTF-7, or undefined when it is. */
function utf7Problem(wire: string): string | undefined {
  for (let at = wire.indexOf('&'); at >= 0; at = wire.indexOf('&', at + 1)) {
    const close = wire.indexOf('-', at + 1);
    if (close < 0) return '"&" is not closed by "-"';
    const run = wire.slice(at + 1, close);
    at = close;
    if (run === '') continue;
    if (!BASE64_RUN.test(run)) return 'invalid character in a "&...-" sequence';
    const bits = run.length * 6;
    // Whole UTF-16 units, padded with fewer than 6 zero bits.
    if (bits % 16 >= 6) return 'a "&...-" sequence does not end on a character boundary';
    const bytes = Buffer.from(run.replace(/,/g, '/'), 'base64');
    for (let i = 0; i + 1 < bytes.length; i += 2) {
      const unit = bytes.readUInt16BE(i);
      if (unit < 0x80) return 'US-ASCII must not be encoded';
    }
  }
  return undefined;
}

/**
 * Check a mailbox name as sent on the wire (before modified UTF-7 decoding); throws BAD or
 * NO [CANNOT] when it is refused.
 */
export function checkWireMailboxName(wire: string): void {
  if (wire.includes('\0')) throw bad('NUL in mailbox name');
  for (let i = 0; i < wire.length; i++) {
    const code = wire.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) throw no('control character in mailbox name', 'CANNOT');
    if (code > 0x7f) throw no('mailbox name is not 7-bit (modified UTF-7 expected)', 'CANNOT');
  }
  const problem = utf7Problem(wire);
  if (problem) throw no(`mailbox name is not valid modified UTF-7: ${problem}`, 'CANNOT');
  if (wire.length > MAX_MAILBOX_NAME_LENGTH)
    throw no(`mailbox name longer than ${MAX_MAILBOX_NAME_LENGTH}`, 'CANNOT');
  if (wire.split(DELIMITER).some((level) => level.length > MAX_MAILBOX_LEVEL_LENGTH))
    throw no(`mailbox name level longer than ${MAX_MAILBOX_LEVEL_LENGTH}`, 'CANNOT');
}

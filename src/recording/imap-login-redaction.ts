/**
 * What a device sends an IMAP store, with its credentials taken out, so a recording holds no
 * password and a replay with other credentials still matches it. Until the login, the client's
 * bytes are read line by line (literals included): `tag LOGIN ...` becomes `tag LOGIN ***`, with
 * the literals it carries; `tag AUTHENTICATE MECH resp` keeps the mechanism, and the response
 * line after a continuation becomes `***`. From the login on, bytes pass unchanged (COMPRESS
 * may make them binary). Recorder and replay run the same redaction, so both compare alike.
 */
const LITERAL_AT_END = /\{(\d+)\+?\}$/;
const LOGIN = /^(\S+ LOGIN)\b/i;
const AUTHENTICATE = /^(\S+ AUTHENTICATE \S+)( \S+)?$/i;
const REDACTED = Buffer.from('***');
const CRLF = Buffer.from('\r\n');

export class ClientLoginRedaction {
  private buffer: Buffer = Buffer.alloc(0);
  /** Bytes of a literal still to come, and whether they are secret. */
  private literalLeft = 0;
  private secretLiteral = false;
  /** Inside a LOGIN command that continues after a literal. */
  private inLogin = false;
  /** The SASL response line comes next. */
  private saslNext = false;
  private loggedIn = false;

  /** The redacted bytes ready so far (complete lines and literals until the login). */
  push(chunk: Buffer): Buffer {
    if (this.loggedIn && this.buffer.length === 0) return chunk;
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const out: Buffer[] = [];
    while (this.buffer.length) {
      if (this.loggedIn) {
        out.push(this.buffer);
        this.buffer = Buffer.alloc(0);
        break;
      }
      if (this.literalLeft > 0) {
        const take = Math.min(this.literalLeft, this.buffer.length);
        out.push(this.secretLiteral ? Buffer.alloc(0) : this.buffer.subarray(0, take));
        if (this.secretLiteral && take === this.literalLeft) out.push(REDACTED);
        this.buffer = this.buffer.subarray(take);
        this.literalLeft -= take;
        continue;
      }
      const nl = this.buffer.indexOf(10);
      if (nl < 0) break;
      const raw = this.buffer.subarray(0, nl + 1);
      this.buffer = this.buffer.subarray(nl + 1);
      out.push(this.line(raw.toString('latin1').replace(/\r?\n$/, ''), raw));
    }
    return Buffer.concat(out);
  }

  private line(text: string, raw: Buffer): Buffer {
    const literal = LITERAL_AT_END.exec(text);
    if (this.saslNext) {
      this.saslNext = false;
      this.loggedIn = true;
      return Buffer.concat([REDACTED, CRLF]);
    }
    const login = this.inLogin ? undefined : LOGIN.exec(text);
    if (login || this.inLogin) {
      // Every argument of LOGIN (user name too) is hidden, literals included.
      this.inLogin = Boolean(literal);
      if (literal) this.startLiteral(Number(literal[1]), true);
      else this.loggedIn = true;
      const head = login ? `${login[1]} ***` : '***';
      return Buffer.concat([Buffer.from(literal ? `${head} {*}` : head, 'latin1'), CRLF]);
    }
    const sasl = AUTHENTICATE.exec(text);
    if (sasl) {
      if (sasl[2]) this.loggedIn = true;
      else this.saslNext = true;
      return Buffer.concat([Buffer.from(`${sasl[1]}${sasl[2] ? ' ***' : ''}`, 'latin1'), CRLF]);
    }
    if (literal) this.startLiteral(Number(literal[1]), false);
    return raw;
  }

  private startLiteral(length: number, secret: boolean): void {
    this.literalLeft = length;
    this.secretLiteral = secret;
  }
}

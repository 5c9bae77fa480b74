/**
 * Records one IMAP connection as a readable transcript: every line the client sends (`C:`) and
 * receives (`S:`), timestamped relative to the connection start, with credentials redacted and
 * large literals summarised. It is fed by imapflow's raw traffic log (`logRaw: true`), whose
 * entries carry the socket bytes in base64 (plaintext also when COMPRESS=DEFLATE is active:
 * writes are logged before deflation, reads after inflation).
 */
import type { Evidence } from '../../../engine/result.ts';

/** The logger interface imapflow calls (a subset of pino's). */
export interface ImapLogger {
  trace(obj: unknown): void;
  debug(obj: unknown): void;
  info(obj: unknown): void;
  warn(obj: unknown): void;
  error(obj: unknown): void;
}

export interface TranscriptOptions {
  /** e.g. "phone#1 (alice)". */
  label: string;
  /** Secrets to replace by `***` wherever they appear (the password). */
  secrets?: string[];
  /** Literals longer than this are summarised. Default 1024 bytes. */
  maxLiteral?: number;
  /** Time source; default Date.now. Offsets are relative to the recorder's creation. */
  now?: () => number;
  /** Another logger that also receives every entry (debugging). */
  forward?: Partial<ImapLogger>;
  /** Lines kept at most (memory bound for bulk runs); later lines are only counted. */
  maxLines?: number;
}

const HIDDEN = '(* value hidden *)';
const LITERAL_AT_END = /~?\{(\d+)\+?\}$/;

/** Splits one direction of the byte stream into lines and literals. */
class DirectionParser {
  private buffer: Buffer = Buffer.alloc(0);
  private literalLeft = 0;
  private literalParts: Buffer[] = [];

  constructor(private readonly emit: (line: string, literal?: Buffer) => void) {}

  push(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      if (this.literalLeft > 0) {
        if (this.buffer.length === 0) return;
        const take = Math.min(this.literalLeft, this.buffer.length);
        this.literalParts.push(this.buffer.subarray(0, take));
        this.buffer = this.buffer.subarray(take);
        this.literalLeft -= take;
        if (this.literalLeft > 0) return;
        this.emit('', Buffer.concat(this.literalParts));
        this.literalParts = [];
        continue;
      }
      const nl = this.buffer.indexOf(10);
      if (nl < 0) return;
      const line = this.buffer.subarray(0, nl).toString('utf8').replace(/\r$/, '');
      this.buffer = this.buffer.subarray(nl + 1);
      const literal = LITERAL_AT_END.exec(line);
      this.emit(line);
      if (literal) this.literalLeft = Number(literal[1]);
    }
  }

  /** Whatever is left when the connection ends (a line without CRLF, a cut literal). */
  flush(): void {
    if (this.literalParts.length) this.emit('', Buffer.concat(this.literalParts));
    else if (this.buffer.length) this.emit(this.buffer.toString('utf8') + ' [no CRLF]');
    this.buffer = Buffer.alloc(0);
    this.literalParts = [];
    this.literalLeft = 0;
  }
}

export class TranscriptRecorder {
  readonly label: string;
  private readonly lines: string[] = [];
  private readonly start: number;
  private readonly now: () => number;
  private readonly secrets: string[];
  private readonly maxLiteral: number;
  private readonly client: DirectionParser;
  private readonly server: DirectionParser;
  private readonly forward: Partial<ImapLogger> | undefined;
  /** The last command imapflow logged (credentials already masked), for hidden raw frames. */
  private pendingCommand: string | undefined;
  private serverFirst: string | undefined;
  private readonly maxLines: number;
  private dropped = 0;

  constructor(options: TranscriptOptions) {
    this.label = options.label;
    this.now = options.now ?? Date.now;
    this.start = this.now();
    this.secrets = (options.secrets ?? []).filter((s) => s.length > 0);
    this.maxLiteral = options.maxLiteral ?? 1024;
    this.forward = options.forward;
    this.maxLines = options.maxLines ?? 100_000;
    this.client = new DirectionParser((line, literal) => this.add('C', line, literal));
    this.server = new DirectionParser((line, literal) => this.add('S', line, literal));
  }

  /** The logger to hand to imapflow (together with `logRaw: true`). */
  readonly logger: ImapLogger = {
    trace: (obj) => {
      this.forward?.trace?.(obj);
      this.onEntry(obj);
    },
    debug: (obj) => {
      this.forward?.debug?.(obj);
      this.onEntry(obj);
    },
    info: (obj) => {
      this.forward?.info?.(obj);
      this.onEntry(obj);
    },
    warn: (obj) => {
      this.forward?.warn?.(obj);
    },
    error: (obj) => {
      this.forward?.error?.(obj);
      const entry = obj as { err?: { message?: string; code?: string }; msg?: string };
      const why = entry.err?.code ?? entry.err?.message ?? entry.msg;
      if (why) this.note(`error: ${why}`);
    },
  };

  /** A line of commentary (connection events), marked with `--`. */
  note(text: string): void {
    this.push(`${this.stamp()} -- ${this.redact(text)}`);
  }

  /** Ends the transcript: flushes partial lines. */
  finish(reason = 'connection closed'): void {
    this.client.flush();
    this.server.flush();
    if (this.dropped) this.lines.push(`${this.stamp()} -- ${this.dropped} more lines not recorded`);
    this.dropped = 0;
    this.note(reason);
  }

  text(): string {
    return this.lines.join('\n') + (this.lines.length ? '\n' : '');
  }

  evidence(): Evidence {
    return { kind: 'imap-transcript', label: this.label, text: this.text() };
  }

  private onEntry(obj: unknown): void {
    if (!obj || typeof obj !== 'object') return;
    const entry = obj as { src?: string; msg?: unknown; data?: unknown; hidden?: boolean };
    if (entry.src === 'connection' && typeof entry.msg === 'string') {
      this.note(entry.msg.toLowerCase());
      return;
    }
    if (typeof entry.data === 'string' && (entry.src === 'c' || entry.src === 's')) {
      if (entry.src === 's') {
        this.server.push(Buffer.from(entry.data, 'base64'));
        return;
      }
      if (entry.hidden) this.hiddenWrite();
      else this.client.push(Buffer.from(entry.data, 'base64'));
      this.pendingCommand = undefined;
      return;
    }
    if (entry.src === 'c' && typeof entry.msg === 'string') this.pendingCommand = entry.msg;
  }

  /** imapflow withholds every frame of LOGIN/AUTHENTICATE; show the masked command instead. */
  private hiddenWrite(): void {
    const command = this.pendingCommand;
    if (command && /^\S+ (LOGIN|AUTHENTICATE)\b/i.test(command)) {
      this.add('C', command.split(`"${HIDDEN}"`).join('***'));
    } else {
      this.add('C', '***');
    }
  }

  /** The first line the server sent, if any (for "no valid greeting" messages). */
  get firstServerLine(): string | undefined {
    return this.serverFirst;
  }

  private add(direction: 'C' | 'S', line: string, literal?: Buffer): void {
    const prefix = `${this.stamp()} ${direction}:`;
    if (direction === 'S' && this.serverFirst === undefined && line)
      this.serverFirst = this.redact(line);
    if (!literal) {
      if (line === '') return; // the CRLF that ends a command after its last literal
      this.push(`${prefix} ${this.redact(line)}`);
      return;
    }
    if (literal.length > this.maxLiteral) {
      this.push(`${prefix}   [literal ${literal.length} bytes not shown]`);
      return;
    }
    const text = literal.toString('utf8').replace(/\r?\n$/, '');
    for (const part of text.split(/\r?\n/)) this.push(`${prefix}   ${this.redact(part)}`);
  }

  private push(line: string): void {
    if (this.lines.length < this.maxLines) this.lines.push(line);
    else this.dropped++;
  }

  /** Secrets become ***, control characters become \xNN (transcripts stay plain text). */
  private redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join('***');
    return escapeControls(out);
  }

  private stamp(): string {
    const ms = Math.max(0, this.now() - this.start);
    return `+${(ms / 1000).toFixed(3)}`;
  }
}

/** Control characters (except tab) as \xNN. */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f]/g;

export function escapeControls(text: string): string {
  return text.replace(CONTROLS, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

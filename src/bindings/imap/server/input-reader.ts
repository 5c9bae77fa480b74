/**
 * Reads whole commands from a client: lines and the literals they announce, `{n}`
 * (synchronising: the server answers `+` first) or `{n+}` (LITERAL+), within limits.
 * Data may arrive split at any byte or several commands per packet. Nothing over a limit
 * is ever held: an over-long line is skipped, an oversized literal is refused before it
 * is read (synchronising) or skipped unread (non-synchronising), or, where the limits say
 * so (before login), the command is answered as fatal and the connection is to be closed.
 */
import { InputBuffer } from './input-buffer.ts';

export { ConnectionClosed } from './input-buffer.ts';

export interface ReaderLimits {
  /** Longest line (between literals) accepted before the command is refused. */
  maxLineLength: number;
  /** Largest literal accepted. */
  maxLiteralSize: number;
  /** Total bytes of one command, lines (with CRLF) and literals; unlimited when absent. */
  maxCommandSize?: number;
  /** Over any limit, give up on the connection (answer BYE) instead of refusing the command. */
  closeOnOverflow?: boolean;
}

export const DEFAULT_LIMITS: ReaderLimits = {
  maxLineLength: 256 * 1024,
  maxLiteralSize: 64 * 1024 * 1024,
};

/** One piece of a command: text between literals, or a literal's bytes. */
export type CommandPiece = { text: string } | { literal: Buffer; nonSync?: boolean };

export type ReadFailure = 'line-too-long' | 'literal-too-big' | 'literal-plus-disabled';

export type RawCommand =
  | { ok: true; pieces: CommandPiece[] }
  | {
      ok: false;
      reason: ReadFailure;
      /** What was read of the command before the failure (at least its tag, when known). */
      text: string;
      /** The connection cannot go on: answer BYE and close. */
      fatal?: boolean;
    };

export interface ReaderHooks {
  /** Called before a synchronising literal is read: the server must send `+`. */
  continueLiteral(size: number): void;
  literalPlusAllowed(): boolean;
  /** A read waits for bytes that have not arrived (the socket may be resumed). */
  needInput?(): void;
}

const LITERAL_AT_END = /\{(\d{1,20})(\+?)\}$/;

type Failure = Extract<RawCommand, { ok: false }>;

export class InputReader {
  private readonly input: InputBuffer;
  /** Bytes held in the literals of the command being read. */
  private held = 0;
  private peak = 0;

  constructor(
    private readonly limits: ReaderLimits | (() => ReaderLimits) = DEFAULT_LIMITS,
    private readonly hooks: ReaderHooks = {
      continueLiteral: () => {},
      literalPlusAllowed: () => true,
    },
  ) {
    this.input = new InputBuffer(() => this.hooks.needInput?.());
  }

  private current(): ReaderLimits {
    return typeof this.limits === 'function' ? this.limits() : this.limits;
  }

  /** Bytes received and not yet consumed. */
  get buffered(): number {
    return this.input.buffered;
  }

  /** Whether a read waits for more bytes (the socket must then be read). */
  get waiting(): boolean {
    return this.input.waiting;
  }

  /** The most bytes ever held at once: unconsumed input plus the current command's literals. */
  get peakHeld(): number {
    return this.peak;
  }

  push(data: Buffer): void {
    this.input.push(data);
    this.peak = Math.max(this.peak, this.input.buffered + this.held);
  }

  close(): void {
    this.input.close();
  }

  /** One raw line (AUTHENTICATE responses, IDLE's DONE); undefined when over the limit. */
  async readLine(limit = this.current().maxLineLength): Promise<string | undefined> {
    const line = await this.input.readLine(limit);
    return typeof line === 'string' ? line : undefined;
  }

  /** A whole command: its text pieces and literals, continuation requests included. */
  async readCommand(): Promise<RawCommand> {
    try {
      return await this.assemble(this.current());
    } finally {
      this.held = 0;
    }
  }

  private async assemble(limits: ReaderLimits): Promise<RawCommand> {
    const maxCommand = limits.maxCommandSize ?? Infinity;
    const fatal = limits.closeOnOverflow === true;
    const pieces: CommandPiece[] = [];
    let total = 0;
    let failure: Failure | undefined;
    for (;;) {
      const budget = failure
        ? limits.maxLineLength
        : Math.min(limits.maxLineLength, maxCommand - total);
      const line = await this.input.readLine(Math.max(budget, 0));
      let text: string;
      if (typeof line === 'string') {
        text = line;
        total += Buffer.byteLength(line, 'utf8') + 2;
        if (!failure) pieces.push({ text: line });
      } else {
        const prefix = pieces.length === 0 ? line.head : textOf(pieces);
        if (fatal) return { ok: false, reason: 'line-too-long', text: prefix, fatal };
        failure ??= { ok: false, reason: 'line-too-long', text: prefix };
        text = line.tail;
      }
      const literal = LITERAL_AT_END.exec(text);
      if (!literal) return failure ?? { ok: true, pieces };
      if (!failure) pieces[pieces.length - 1] = { text: text.slice(0, literal.index) };
      const size = Number(literal[1]);
      const nonSync = literal[2] === '+';
      const tooBig = size > limits.maxLiteralSize || total + size > maxCommand;
      if (tooBig && fatal)
        return { ok: false, reason: 'literal-too-big', text: textOf(pieces), fatal };
      if (nonSync && !this.hooks.literalPlusAllowed() && !failure)
        failure = { ok: false, reason: 'literal-plus-disabled', text: textOf(pieces) };
      if (tooBig && !failure)
        failure = { ok: false, reason: 'literal-too-big', text: textOf(pieces) };
      if (failure) {
        // A refused synchronising literal is never sent; a non-synchronising one is on its way.
        if (!nonSync) return failure;
        await this.input.skip(size);
        continue;
      }
      if (!nonSync) this.hooks.continueLiteral(size);
      this.held += size;
      this.peak = Math.max(this.peak, this.input.buffered + this.held);
      pieces.push({ literal: await this.input.readBytes(size), ...(nonSync ? { nonSync } : {}) });
      total += size;
    }
  }
}

function textOf(pieces: CommandPiece[]): string {
  return pieces.map((p) => ('text' in p ? p.text : '')).join('');
}

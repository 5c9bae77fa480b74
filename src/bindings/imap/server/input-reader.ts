/**
 * Pull-style reader of the bytes a client sends: whole lines, literals announced by
 * `{n}` (synchronising: the server answers `+` first) or `{n+}` (LITERAL+), with limits.
 * Data may arrive split at any byte or several commands per packet; the reader only
 * ever looks at what it has and waits for more.
 */

export interface ReaderLimits {
  /** Longest line (between literals) accepted before the command is refused. */
  maxLineLength: number;
  /** Largest literal accepted. */
  maxLiteralSize: number;
}

export const DEFAULT_LIMITS: ReaderLimits = {
  maxLineLength: 256 * 1024,
  maxLiteralSize: 64 * 1024 * 1024,
};

/** One piece of a command: text between literals, or a literal's bytes. */
export type CommandPiece = { text: string } | { literal: Buffer; nonSync?: boolean };

export type RawCommand =
  | { ok: true; pieces: CommandPiece[] }
  | {
      ok: false;
      reason: 'line-too-long' | 'literal-too-big' | 'literal-plus-disabled';
      text: string;
    };

export interface ReaderHooks {
  /** Called before a synchronising literal is read: the server must send `+`. */
  continueLiteral(size: number): void;
  literalPlusAllowed(): boolean;
}

const LITERAL_AT_END = /\{(\d{1,20})(\+?)\}$/;

export class ConnectionClosed extends Error {
  constructor() {
    super('connection closed');
    this.name = 'ConnectionClosed';
  }
}

export class InputReader {
  private chunks: Buffer[] = [];
  private size = 0;
  /** Leading chunks already searched for a line feed (so slow senders cost O(n), not O(n^2)). */
  private scannedChunks = 0;
  private scannedBytes = 0;
  private waiter: (() => void) | undefined;
  private closed = false;

  constructor(
    private readonly limits: ReaderLimits = DEFAULT_LIMITS,
    private readonly hooks: ReaderHooks = {
      continueLiteral: () => {},
      literalPlusAllowed: () => true,
    },
  ) {}

  push(data: Buffer): void {
    if (data.length === 0) return;
    this.chunks.push(data);
    this.size += data.length;
    this.wake();
  }

  close(): void {
    this.closed = true;
    this.wake();
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }

  private async more(): Promise<void> {
    if (this.closed) throw new ConnectionClosed();
    await new Promise<void>((resolve) => (this.waiter = resolve));
  }

  /** Index of the first LF in the buffered data, or -1. */
  private findNewline(): number {
    for (; this.scannedChunks < this.chunks.length; this.scannedChunks++) {
      const chunk = this.chunks[this.scannedChunks]!;
      const at = chunk.indexOf(10);
      if (at >= 0) return this.scannedBytes + at;
      this.scannedBytes += chunk.length;
    }
    return -1;
  }

  private take(count: number): Buffer {
    if (count === 0) return Buffer.alloc(0);
    this.scannedChunks = 0;
    this.scannedBytes = 0;
    const first = this.chunks[0]!;
    let out: Buffer;
    if (first.length >= count) {
      out = first.subarray(0, count);
      if (first.length === count) this.chunks.shift();
      else this.chunks[0] = first.subarray(count);
    } else {
      const all = Buffer.concat(this.chunks, this.size);
      out = all.subarray(0, count);
      this.chunks = all.length > count ? [all.subarray(count)] : [];
    }
    this.size -= count;
    return out;
  }

  private skip(count: number): number {
    const n = Math.min(count, this.size);
    this.take(n);
    return n;
  }

  /**
   * One line without its CRLF (a bare LF is tolerated). Lines longer than `limit` are
   * consumed and reported as `undefined`.
   */
  async readLine(limit = this.limits.maxLineLength): Promise<string | undefined> {
    let discarding = false;
    for (;;) {
      const newline = this.findNewline();
      if (newline >= 0) {
        const line = this.take(newline + 1);
        if (discarding || newline > limit) return undefined;
        const end = newline > 0 && line[newline - 1] === 13 ? newline - 1 : newline;
        return line.toString('utf8', 0, end);
      }
      if (this.size > limit) {
        discarding = true;
        this.skip(this.size);
      }
      await this.more();
    }
  }

  async readBytes(count: number): Promise<Buffer> {
    while (this.size < count) await this.more();
    return Buffer.from(this.take(count));
  }

  private async discardBytes(count: number): Promise<void> {
    let left = count;
    for (;;) {
      left -= this.skip(left);
      if (left <= 0) return;
      await this.more();
    }
  }

  /** A whole command: its text pieces and literals, continuation requests included. */
  async readCommand(): Promise<RawCommand> {
    const pieces: CommandPiece[] = [];
    let failure: RawCommand | undefined;
    for (;;) {
      const line = await this.readLine();
      if (line === undefined) return { ok: false, reason: 'line-too-long', text: '' };
      const literal = LITERAL_AT_END.exec(line);
      if (!literal) {
        pieces.push({ text: line });
        return failure ?? { ok: true, pieces };
      }
      const text = line.slice(0, literal.index);
      pieces.push({ text });
      const size = Number(literal[1]);
      const nonSync = literal[2] === '+';
      const prefix = textOf(pieces);
      if (nonSync && !this.hooks.literalPlusAllowed()) {
        // The client sends the bytes anyway: drop them and the rest of the command.
        await this.discardBytes(size);
        failure ??= { ok: false, reason: 'literal-plus-disabled', text: prefix };
        continue;
      }
      if (size > this.limits.maxLiteralSize) {
        if (!nonSync) return { ok: false, reason: 'literal-too-big', text: prefix };
        await this.discardBytes(size);
        failure ??= { ok: false, reason: 'literal-too-big', text: prefix };
        continue;
      }
      if (failure) {
        if (!nonSync) return failure;
        await this.discardBytes(size);
        continue;
      }
      if (!nonSync) this.hooks.continueLiteral(size);
      pieces.push({ literal: await this.readBytes(size), ...(nonSync ? { nonSync } : {}) });
    }
  }
}

function textOf(pieces: CommandPiece[]): string {
  return pieces.map((p) => ('text' in p ? p.text : '')).join('');
}

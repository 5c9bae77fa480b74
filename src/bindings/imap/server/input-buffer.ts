/**
 * The bytes a client has sent and the server has not consumed yet, with pull-style reads:
 * a line, a counted run of bytes (a literal, copied into one buffer of its own as it
 * arrives), or bytes to skip. Over-long lines are skipped, not kept: only their first and
 * last bytes are remembered, so nothing here grows past what the caller asked for plus the
 * chunk that just arrived.
 */

/** A line that was too long: what the caller may still want to know about it. */
export interface SkippedLine {
  /** Its first bytes (the tag is there). */
  head: string;
  /** Its last bytes (a literal announcement is there). */
  tail: string;
}

const HEAD_KEPT = 64;
const TAIL_KEPT = 32;

export class ConnectionClosed extends Error {
  constructor() {
    super('connection closed');
    this.name = 'ConnectionClosed';
  }
}

export class InputBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  /** Leading chunks already searched for a line feed (so slow senders cost O(n), not O(n^2)). */
  private scannedChunks = 0;
  private scannedBytes = 0;
  private waiter: (() => void) | undefined;
  private closed = false;

  /** `needInput` runs whenever a read waits for bytes that have not arrived. */
  constructor(private readonly needInput: () => void = () => {}) {}

  /** Bytes received and not consumed yet. */
  get buffered(): number {
    return this.size;
  }

  /** Whether a read is waiting for more bytes. */
  get waiting(): boolean {
    return this.waiter !== undefined;
  }

  push(data: Buffer): void {
    if (data.length === 0 || this.closed) return;
    this.chunks.push(data);
    this.size += data.length;
    this.wake();
  }

  close(): void {
    this.closed = true;
    this.chunks = [];
    this.size = 0;
    this.wake();
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }

  private async more(): Promise<void> {
    if (this.closed) throw new ConnectionClosed();
    const arrived = new Promise<void>((resolve) => (this.waiter = resolve));
    this.needInput();
    await arrived;
    if (this.closed) throw new ConnectionClosed();
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

  /** The next `count` buffered bytes (a view when they sit in one chunk). */
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

  /**
   * One line without its CRLF (a bare LF is tolerated), or, when it is longer than `limit`
   * bytes, its head and tail (the line itself is consumed and dropped).
   */
  async readLine(limit: number): Promise<string | SkippedLine> {
    let skipped: { head: Buffer; tail: Buffer } | undefined;
    for (;;) {
      const newline = this.findNewline();
      if (newline >= 0) {
        if (skipped === undefined && newline <= limit) {
          const line = this.take(newline + 1);
          const end = newline > 0 && line[newline - 1] === 13 ? newline - 1 : newline;
          return line.toString('utf8', 0, end);
        }
        skipped = keepEnds(skipped, this.take(newline + 1));
        const tail = skipped.tail.toString('latin1').replace(/\r?\n$/, '');
        return { head: skipped.head.toString('latin1'), tail };
      }
      if (this.size > limit || skipped) skipped = keepEnds(skipped, this.take(this.size));
      await this.more();
    }
  }

  /** Exactly `count` bytes, in a buffer of their own, filled as they arrive. */
  async readBytes(count: number): Promise<Buffer> {
    const out = Buffer.allocUnsafe(count);
    let filled = 0;
    while (filled < count) {
      if (this.size === 0) await this.more();
      const part = this.take(Math.min(this.chunks[0]!.length, count - filled));
      part.copy(out, filled);
      filled += part.length;
    }
    return out;
  }

  /** Consume and drop `count` bytes as they arrive. */
  async skip(count: number): Promise<void> {
    let left = count;
    while (left > 0) {
      if (this.size === 0) await this.more();
      left -= this.take(Math.min(this.chunks[0]!.length, left)).length;
    }
  }
}

/** The first HEAD_KEPT and last TAIL_KEPT bytes of what has been skipped so far. */
function keepEnds(
  kept: { head: Buffer; tail: Buffer } | undefined,
  next: Buffer,
): { head: Buffer; tail: Buffer } {
  const head = kept?.head ?? Buffer.alloc(0);
  const joinedHead =
    head.length < HEAD_KEPT
      ? Buffer.from(Buffer.concat([head, next.subarray(0, HEAD_KEPT - head.length)]))
      : head;
  const tail = Buffer.concat([kept?.tail ?? Buffer.alloc(0), next.subarray(-TAIL_KEPT)]);
  return { head: joinedHead, tail: Buffer.from(tail.subarray(-TAIL_KEPT)) };
}

/**
 * Where `cpmct serve` writes its log lines, cheaply: lines are gathered and written once per
 * turn of the event loop (not one write per line), to stdout or to a file capped at
 * `maxBytes` with one rotation (FILE becomes FILE.1 when full, so at most twice the cap is
 * kept on disk).
 */
import { closeSync, fstatSync, openSync, renameSync, writeSync } from 'node:fs';

export interface LineSink {
  /** One line, without its newline. */
  line(text: string): void;
  /** Write what is gathered now and release the file. */
  close(): void;
}

type Writer = (chunk: string) => void;

/** Gathers lines and hands them to `writer` in one chunk per event-loop turn. */
class BatchedSink implements LineSink {
  private lines: string[] = [];
  private scheduled = false;

  constructor(
    private readonly writer: (lines: string[]) => void,
    private readonly onClose: () => void = () => {},
  ) {}

  line(text: string): void {
    this.lines.push(text);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    if (this.lines.length === 0) return;
    const lines = this.lines;
    this.lines = [];
    this.writer(lines);
  }

  close(): void {
    this.flush();
    this.onClose();
  }
}

export function streamSink(write: Writer): LineSink {
  return new BatchedSink((lines) => write(lines.join('\n') + '\n'));
}

/**
 * A file that does not grow past `maxBytes` (a single longer line is kept whole): when the
 * next line would not fit, FILE becomes FILE.1 and a new FILE is started.
 */
export function rotatingFileSink(path: string, maxBytes: number): LineSink {
  let fd = openSync(path, 'a');
  let size = fstatSync(fd).size;
  const rotate = () => {
    closeSync(fd);
    renameSync(path, `${path}.1`);
    fd = openSync(path, 'a');
    size = 0;
  };
  const writeLines = (lines: string[]) => {
    let chunk = '';
    let chunkBytes = 0;
    for (const text of lines) {
      const bytes = Buffer.byteLength(text) + 1;
      if (size + chunkBytes + bytes > maxBytes && size + chunkBytes > 0) {
        if (chunkBytes > 0) writeSync(fd, chunk);
        rotate();
        chunk = '';
        chunkBytes = 0;
      }
      chunk += text + '\n';
      chunkBytes += bytes;
    }
    if (chunkBytes > 0) writeSync(fd, chunk);
    size += chunkBytes;
  };
  return new BatchedSink(writeLines, () => closeSync(fd));
}

/**
 * Atomic file writes for reports: the content goes to a temporary file in the target's own
 * directory, is flushed to disk, and is then renamed over the target. A crash or a throwing
 * serializer therefore leaves either the previous file or the complete new one, never half
 * a report. Temporary files are dot-files ending in `.tmp` and are removed on failure.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Whole content, or chunks produced while writing (for large reports). */
export type ReportContent = string | Uint8Array | Iterable<string> | AsyncIterable<string>;

/** Chunks are buffered up to this many bytes before each write to the temporary file. */
const FLUSH_BYTES = 64 * 1024;

/** The temporary name used while writing `file` (same directory, so rename is atomic). */
export function tempPathFor(file: string): string {
  const suffix = `${process.pid}.${randomBytes(6).toString('hex')}`;
  return join(dirname(file), `.${basename(file)}.${suffix}.tmp`);
}

/** True for a name produced by {@link tempPathFor}. */
export function isTempName(name: string): boolean {
  return /^\..+\.\d+\.[0-9a-f]{12}\.tmp$/.test(name);
}

async function writeChunks(fh: FileHandle, content: ReportContent): Promise<void> {
  if (typeof content === 'string' || content instanceof Uint8Array) {
    await fh.writeFile(content);
    return;
  }
  let pending: string[] = [];
  let pendingBytes = 0;
  for await (const chunk of content) {
    pending.push(chunk);
    pendingBytes += chunk.length;
    if (pendingBytes >= FLUSH_BYTES) {
      await fh.writeFile(pending.join(''));
      pending = [];
      pendingBytes = 0;
    }
  }
  if (pending.length > 0) await fh.writeFile(pending.join(''));
}

/**
 * Writes `content` to `file` atomically, creating the directory if it is missing.
 * On any error the temporary file is removed and the error is rethrown; an existing
 * `file` is left untouched.
 */
export async function writeFileAtomic(file: string, content: ReportContent): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = tempPathFor(file);
  let fh: FileHandle | undefined;
  try {
    fh = await open(temp, 'wx', 0o644);
    await writeChunks(fh, content);
    await fh.sync();
    await fh.close();
    fh = undefined;
    await rename(temp, file);
  } catch (err) {
    if (fh) await fh.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw err;
  }
}

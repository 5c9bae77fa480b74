/**
 * The log of `cpmct serve`: its flags (`--log FILE`, `--log-max-size`, `--quiet`,
 * `--log-format text|json`), and the writers it hands the servers. Status lines (ready,
 * stopped) always go to stdout; the traffic log (every IMAP line, every NMS request) goes
 * to stdout or FILE, or nowhere with `--quiet`, in which case the servers get no trace hook
 * at all and pay nothing for it.
 */
import type { HttpExchange } from '../bindings/nms/http-exchange.ts';
import type { TraceEntry } from '../../simulators/server/trace.ts';
import { rotatingFileSink, streamSink, type LineSink } from './log-sink.ts';
import { UsageError } from './usage.ts';

const FORMATS = ['text', 'json'] as const;
type LogFormat = (typeof FORMATS)[number];
const DEFAULT_MAX_SIZE = 10 * 1024 * 1024;
const UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };

export interface ServeLogOptions {
  format: LogFormat;
  quiet: boolean;
  file?: string;
  maxBytes: number;
}

export function serveLogOptions(values: Record<string, unknown>): ServeLogOptions {
  const format = (values['log-format'] as string | undefined) ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--log-format must be one of: ${FORMATS.join(', ')} (got "${format}")`);
  const quiet = values.quiet === true;
  const file = values.log as string | undefined;
  if (quiet && file !== undefined) throw new UsageError('--quiet and --log exclude each other');
  const size = values['log-max-size'] as string | undefined;
  let maxBytes = DEFAULT_MAX_SIZE;
  if (size !== undefined) {
    const match = /^(\d{1,12})([KMG]?)$/i.exec(size);
    maxBytes = match ? Number(match[1]) * UNITS[match[2]!.toUpperCase()]! : 0;
    if (maxBytes < 1)
      throw new UsageError(`--log-max-size must be a size like 512K or 10M (got "${size}")`);
    if (file === undefined) throw new UsageError('--log-max-size needs --log FILE');
  }
  return { format: format as LogFormat, quiet, maxBytes, ...(file !== undefined ? { file } : {}) };
}

export interface ServeLog {
  /** The IMAP trace hook; undefined with --quiet. */
  imap: ((entry: TraceEntry) => void) | undefined;
  /** The NMS exchange hook; undefined with --quiet. */
  nms: ((exchange: HttpExchange) => void) | undefined;
  /** A status line (ready, fixture loaded, stopped), always shown on stdout. */
  status(text: string): void;
  close(): void;
}

const stamp = (at: number) => new Date(at).toISOString();

export function openServeLog(options: ServeLogOptions): ServeLog {
  const stdout = streamSink((chunk) => process.stdout.write(chunk));
  let traffic: LineSink | undefined;
  if (!options.quiet) {
    try {
      traffic = options.file ? rotatingFileSink(options.file, options.maxBytes) : stdout;
    } catch (error) {
      throw new UsageError(`--log: cannot write ${options.file}: ${(error as Error).message}`);
    }
  }
  const json = options.format === 'json';
  return {
    imap:
      traffic &&
      ((entry) =>
        traffic.line(
          json
            ? JSON.stringify({ ...entry, at: stamp(entry.at) })
            : `${stamp(entry.at)} #${entry.connection}${entry.user ? ` ${entry.user}` : ''} ${entry.direction}: ${entry.line}`,
        )),
    nms:
      traffic &&
      ((e) =>
        traffic.line(
          json
            ? JSON.stringify({
                at: stamp(e.at),
                label: e.label,
                method: e.method,
                url: e.url,
                status: e.status,
              })
            : `${stamp(e.at)} ${e.label} ${e.method} ${e.url} -> ${e.status}`,
        )),
    status: (text) =>
      stdout.line(json ? JSON.stringify({ at: stamp(Date.now()), status: text }) : text),
    close: () => {
      if (traffic !== stdout) traffic?.close();
      stdout.close();
    },
  };
}

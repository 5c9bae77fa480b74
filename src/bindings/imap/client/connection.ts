/**
 * One IMAP connection: imapflow plus its transcript, per-command timeouts, one-line errors,
 * out-of-band error capture and the raw-command escape hatch. The commands are in client.ts.
 */
import type { ImapFlow, ExpungeEvent, FlagsEvent, ExistsEvent } from 'imapflow';
import { encodePath } from 'imapflow/lib/tools.js';
import { ImapClientError, labelled, withTimeout } from './errors.ts';
import {
  toNode,
  untaggedEntry,
  taggedParts,
  type RawArg,
  type RawResponse,
  type ParsedUntagged,
} from './raw.ts';
import type { TranscriptRecorder } from './transcript.ts';
import type { TlsSettings } from '../../tls.ts';

export interface ImapEndpoint {
  host: string;
  port: number;
  /** true: implicit TLS, unverified (older callers); or the profile's TLS settings. */
  tls?: boolean | TlsSettings;
}

export type ImapEvents = {
  exists: ExistsEvent;
  expunge: ExpungeEvent;
  flags: FlagsEvent;
};

export class ImapConnection {
  readonly transcript: TranscriptRecorder;
  readonly endpoint: ImapEndpoint;
  readonly commandTimeoutMs: number;
  /** The last error imapflow reported out of band (socket errors, protocol violations). */
  lastError: Error | undefined;
  private closed = false;

  constructor(
    readonly flow: ImapFlow,
    transcript: TranscriptRecorder,
    endpoint: ImapEndpoint,
    commandTimeoutMs: number,
  ) {
    this.transcript = transcript;
    this.endpoint = endpoint;
    this.commandTimeoutMs = commandTimeoutMs;
    flow.on('error', (err: Error) => {
      this.lastError = err;
    });
    flow.on('close', () => {
      if (!this.closed) this.transcript.finish();
      this.closed = true;
    });
  }

  /** Capability names, upper-cased, as advertised after login. */
  capabilities(): Set<string> {
    return new Set([...this.flow.capabilities.keys()].map((c) => c.toUpperCase()));
  }

  has(capability: string): boolean {
    return this.capabilities().has(capability.toUpperCase());
  }

  get qresync(): boolean {
    return this.flow.enabled.has('QRESYNC');
  }

  get condstore(): boolean {
    return this.flow.enabled.has('CONDSTORE') || this.qresync;
  }

  get usable(): boolean {
    return !this.closed && this.flow.usable;
  }

  /** Run one operation with the command timeout; any failure becomes `label: reason`. */
  async op<T>(label: string, work: () => Promise<T>): Promise<T> {
    if (!this.usable) {
      const why = this.lastError
        ? `connection lost (${this.lastError.message})`
        : 'connection closed';
      throw new ImapClientError(`${label}: ${why}`, { code: 'NoConnection' });
    }
    return withTimeout(work(), this.commandTimeoutMs, label, () => this.close());
  }

  /** Start IDLE on the selected folder; it runs until the next command or close(). */
  startIdle(): void {
    this.flow.idle().catch((err: unknown) => {
      this.lastError = labelled('IDLE', err);
    });
  }

  on<K extends keyof ImapEvents>(event: K, handler: (e: ImapEvents[K]) => void): () => void {
    const listener = handler as (e: unknown) => void;
    this.flow.on(event, listener);
    return () => this.flow.off(event, listener);
  }

  /** Any command imapflow has no API for. Untagged responses are returned in order. */
  async raw(command: string, args: RawArg[], label?: string): Promise<RawResponse> {
    label ??= `${command}${args.length ? ' ' + args.map(argText).join(' ') : ''}`;
    return this.op(label, async () => {
      const untagged: RawResponse['untagged'] = [];
      const collect = async (parsed: ParsedUntagged) => {
        untagged.push(untaggedEntry(parsed));
      };
      const handlers: Record<string, (parsed: ParsedUntagged) => Promise<void>> = {};
      for (const k of ['SEARCH', 'ESEARCH', 'STATUS', 'METADATA', 'OK', 'NO', 'BAD']) {
        handlers[k] = collect;
      }
      const exec = (this.flow as unknown as RawExec).exec.bind(this.flow);
      const res = await exec(command, args.map(toNode), { untagged: handlers });
      res.next();
      return { ...taggedParts(res.response), untagged };
    });
  }

  /** LOGOUT, bounded by the command timeout; never throws. Then the socket is closed. */
  async logout(): Promise<void> {
    if (this.usable) {
      try {
        await withTimeout(
          this.flow.logout(),
          Math.min(this.commandTimeoutMs, 5000),
          'LOGOUT',
          () => undefined,
        );
      } catch {
        // closing anyway
      }
    }
    this.close();
  }

  close(): void {
    if (!this.flow.isClosed) this.flow.close();
    if (!this.closed) this.transcript.finish();
    this.closed = true;
  }

  protected mailboxArg(path: string): RawArg {
    return { string: encodePath(this.flow, path) };
  }
}

interface RawExec {
  exec(
    command: string,
    attributes: unknown[],
    options: { untagged: Record<string, (parsed: ParsedUntagged) => Promise<void>> },
  ): Promise<{ response: { command?: string; attributes?: unknown[] }; next: () => void }>;
}

function argText(arg: RawArg): string {
  if (Array.isArray(arg)) return `(${arg.map(argText).join(' ')})`;
  if (typeof arg === 'string' || typeof arg === 'number') return String(arg);
  if ('string' in arg) return arg.string;
  if ('literal' in arg) return `{${arg.literal.length}}`;
  return arg.sequence;
}

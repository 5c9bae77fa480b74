/** Opening a connection: login, ENABLE, optional COMPRESS, with a transcript from the start. */
import { ImapFlow } from 'imapflow';
import { ImapClient } from './client.ts';
import type { ImapEndpoint } from './connection.ts';
import { ImapClientError, withTimeout } from './errors.ts';
import { nodeTlsOptions, tlsFailureOf, type TlsSettings } from '../../tls.ts';
import { TranscriptRecorder, type ImapLogger } from './transcript.ts';

export interface ConnectOptions {
  /** ENABLE QRESYNC (and CONDSTORE) when the server offers it. Default true. */
  qresync?: boolean;
  /** false: no ENABLE at all (neither CONDSTORE nor QRESYNC, the `plain` sync variant). */
  condstore?: boolean;
  /** COMPRESS=DEFLATE when offered. Default false, so transcripts stay readable. */
  compress?: boolean;
  /** Also receives imapflow's log entries (debugging); the transcript is kept regardless. */
  logger?: Partial<ImapLogger>;
  /** Transcript label, e.g. "phone#1 (alice)". */
  label?: string;
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
  /** Transcript clock (ms). Default Date.now. */
  now?: () => number;
  /** Record the traffic (default true). Off for bulk measurements: imapflow's raw log costs. */
  record?: boolean;
  /** Called with the transcript before connecting, so it is kept even when connect fails. */
  onTranscript?: (transcript: TranscriptRecorder) => void;
}

/** Connect and log in. Rejects with one line, e.g. `connect 127.0.0.1:1: ECONNREFUSED`. */
export async function connect(
  endpoint: ImapEndpoint,
  user: string,
  password: string,
  options: ConnectOptions = {},
): Promise<ImapClient> {
  const label = options.label ?? `${user}@${endpoint.host}:${endpoint.port}`;
  const transcript = new TranscriptRecorder({
    label,
    secrets: [password],
    ...(options.now ? { now: options.now } : {}),
    ...(options.logger ? { forward: options.logger } : {}),
  });
  options.onTranscript?.(transcript);
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const tls = tlsSettingsOf(endpoint.tls);
  const flow = new ImapFlow({
    host: endpoint.host,
    port: endpoint.port,
    secure: tls?.mode === 'implicit',
    // starttls: required (no silent fallback to plain text); none: never; absent: if offered.
    ...(tls ? { doSTARTTLS: tls.mode === 'starttls' } : {}),
    ...(tls?.servername !== undefined ? { servername: tls.servername } : {}),
    tls: nodeTlsOptions(tls),
    auth: { user, pass: password },
    logger: transcript.logger,
    logRaw: options.record ?? true,
    qresync: options.qresync ?? true,
    disableCompression: !options.compress,
    disableAutoIdle: true,
    disableAutoEnable: options.condstore === false,
    connectionTimeout: connectTimeoutMs,
    greetingTimeout: connectTimeoutMs,
    clientInfo: { name: 'cpmct' },
  });
  const client = new ImapClient(flow, transcript, endpoint, options.commandTimeoutMs ?? 30_000);
  const notes = [
    ...(tls && tls.mode !== 'none'
      ? [`TLS ${tls.mode}${tls.verify ? ', certificate verified' : ', certificate not verified'}`]
      : []),
    ...(options.compress ? ['COMPRESS allowed'] : []),
    ...(options.record === false ? ['traffic not recorded'] : []),
    ...(options.condstore === false
      ? ['no ENABLE']
      : options.qresync === false
        ? ['no QRESYNC']
        : []),
  ];
  transcript.note(
    `connecting to ${endpoint.host}:${endpoint.port} as ${user}${notes.length ? ` (${notes.join(', ')})` : ''}`,
  );
  const where = `connect ${endpoint.host}:${endpoint.port}`;
  try {
    await withTimeout(flow.connect(), connectTimeoutMs, where, () => flow.close());
  } catch (err) {
    client.close();
    const tlsFailure = tls && tls.mode !== 'none' ? tlsFailureOf(err, where, tls) : undefined;
    if (tlsFailure) {
      transcript.note(tlsFailure.message);
      throw new ImapClientError(tlsFailure.message, { code: tlsFailure.code });
    }
    const first = transcript.firstServerLine;
    if (
      err instanceof ImapClientError &&
      err.code === 'ETIMEOUT' &&
      first &&
      !/^\* (OK|PREAUTH)\b/i.test(first)
    ) {
      throw new ImapClientError(
        `${where}: no IMAP greeting within ${connectTimeoutMs} ms, the server said: ${first.slice(0, 80)}`,
        { code: 'ETIMEOUT' },
      );
    }
    throw err;
  }
  return client;
}

/** `tls: true` (older callers) means implicit TLS without verification. */
function tlsSettingsOf(tls: ImapEndpoint['tls']): TlsSettings | undefined {
  if (tls === undefined || tls === false) return undefined;
  if (tls === true) return { mode: 'implicit', verify: false };
  return tls;
}

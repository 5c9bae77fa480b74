/**
 * Recording an IMAP store: a loopback proxy in front of it. Every device, the store actor and
 * the binding checks connect to the proxy, which passes the bytes through unchanged and keeps,
 * per connection, each side's bytes in order (the client's login redacted), filed under the
 * case that was running when the connection opened.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { ClientLoginRedaction } from './imap-login-redaction.ts';
import { caseKey, encodeBytes, type RecordedConnection } from './recording-file.ts';

export interface ImapRecorder {
  host: string;
  port: number;
  beginCase(caseId: string, variant?: string): void;
  /** Stops listening, closes what is still open, and gives the recorded connections. */
  stop(): Promise<Record<string, RecordedConnection[]>>;
}

interface LiveConnection {
  from: 'client' | 'store' | undefined;
  parts: Buffer[];
  recorded: RecordedConnection;
}

export async function startImapRecorder(store: {
  host: string;
  port: number;
}): Promise<ImapRecorder> {
  const cases: Record<string, RecordedConnection[]> = {};
  const open = new Set<Socket>();
  const lives: LiveConnection[] = [];
  let current = '';
  const server: Server = createServer((client) => {
    const recorded: RecordedConnection = { exchange: [] };
    (cases[current] ??= []).push(recorded);
    const live: LiveConnection = { from: undefined, parts: [], recorded };
    lives.push(live);
    const redaction = new ClientLoginRedaction();
    const upstream = connect(store.port, store.host);
    open.add(client).add(upstream);
    client.on('data', (chunk: Buffer) => {
      append(live, 'client', redaction.push(chunk));
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      append(live, 'store', chunk);
      client.write(chunk);
    });
    const closed = (by: 'client' | 'store') => () => {
      recorded.closedBy ??= by;
      flush(live);
      (by === 'client' ? upstream : client).end();
    };
    client.on('end', closed('client'));
    upstream.on('end', closed('store'));
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => open.delete(client));
    upstream.on('close', () => open.delete(upstream));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('recording proxy: no port');
  return {
    host: '127.0.0.1',
    port: address.port,
    beginCase: (caseId, variant) => void (current = caseKey(caseId, variant)),
    async stop() {
      for (const socket of open) socket.destroy();
      for (const live of lives) flush(live);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      return cases;
    },
  };
}

/** Bytes from one side: joined with the previous run from the same side, kept when it turns. */
function append(live: LiveConnection, from: 'client' | 'store', bytes: Buffer): void {
  if (bytes.length === 0) return;
  if (live.from !== from) flush(live);
  live.from = from;
  live.parts.push(bytes);
}

function flush(live: LiveConnection): void {
  if (live.from && live.parts.length)
    live.recorded.exchange.push(encodeBytes(live.from, Buffer.concat(live.parts)));
  live.parts = [];
}

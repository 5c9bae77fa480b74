/**
 * The reference NMS store: a real `node:http` listener in front of the msw handlers of
 * `createNmsFrontEnd` (every request answered through msw's `getResponse`). `stop()`
 * closes the listener, every connection and every pending event delivery.
 */
import { createServer } from 'node:http';
import type { HttpExchange } from '../../../src/bindings/nms/http-exchange.ts';
import type { MessageStore } from '../../../src/model/store.ts';
import { httpBridge } from './http-bridge.ts';
import { nmsMutantByName } from './mutants.ts';
import { createNmsFrontEnd, type NmsFrontEnd } from './nms-front-end.ts';
import type { UserAccount } from './simulator-backend.ts';

export interface NmsServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  users: UserAccount[];
  /** Share the IMAP server's stores; else one store per user with INBOX. */
  stores?: Map<string, MessageStore>;
  /** Run as a deliberately broken variant (see mutants.ts). */
  mutant?: string;
  clock?: () => Date;
  /** Every request and its answer, credentials redacted. */
  onExchange?: (exchange: HttpExchange) => void;
  /** First UIDVALIDITY of the stores created here. */
  uidValidityBase?: number;
}

export interface RunningNmsServer {
  host: string;
  port: number;
  origin: string;
  baseUrl(user: string): string;
  stores: Map<string, MessageStore>;
  expireObject(user: string, folder: string, uid: number): void;
  resetBox(user: string): void;
  stop(): Promise<void>;
}

export async function startNmsServer(options: NmsServerOptions): Promise<RunningNmsServer> {
  if (options.mutant !== undefined) nmsMutantByName(options.mutant);
  const host = options.host ?? '127.0.0.1';
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string')
    throw new Error('listener has no TCP address');
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  let fe: NmsFrontEnd;
  try {
    fe = createNmsFrontEnd({ ...options, origin });
  } catch (error) {
    server.close();
    throw error;
  }
  const bridge = httpBridge(fe.handlers, origin, options.onExchange);
  server.on('request', (req, res) => void bridge(req, res));

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await fe.stop();
      await closed;
    })();
    return stopping;
  };

  return {
    host,
    port: address.port,
    origin,
    baseUrl: fe.baseUrl,
    stores: fe.stores,
    expireObject: fe.expireObject,
    resetBox: fe.resetBox,
    stop,
  };
}

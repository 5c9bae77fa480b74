/**
 * The reference Message Storage Server over IMAP: a real listening socket in front of one
 * MessageStore per user. Connections are counted per address and per user+address, each
 * session lives under its limits (session-limits.ts). `stop()` closes every connection
 * and the listener.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { MessageStore } from '../../src/model/store.ts';
import { ImapSession } from './imap-session.ts';
import { mutantByName } from './mutants.ts';
import { ServerState, type UserAccount } from './server-state.ts';
import type { TraceEntry } from './trace.ts';
import type { StoreBehaviour } from './store-behaviours.ts';
import { ADDRESS_LIMIT_TEXT, ConnectionRegistry } from './connection-registry.ts';
import { LoginThrottle } from './login-throttle.ts';
import { SessionLimits } from './session-limits.ts';
import { REAL_TIMERS, type ServerTimers } from './server-timers.ts';
import type { ServerLimits } from '../../src/bindings/imap/server/limits.ts';

export type { TraceEntry } from './trace.ts';

export interface ImapServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  users: UserAccount[];
  /** Optional capabilities to switch off (not advertised; their commands answer BAD). */
  disabledCapabilities?: string[];
  /** Run as a deliberately broken variant (see mutants.ts). */
  mutant?: string;
  /** First UIDVALIDITY handed out in each user's store. */
  uidValidityBase?: number;
  /** Every command and response line; passwords masked. */
  onTrace?: (entry: TraceEntry) => void;
  /** Default INTERNALDATE for APPEND without a date; the time the behaviours measure. */
  clock?: () => Date;
  /** Behaviours of stores as vendors ship them: system folders, refused DELETEs. */
  behaviours?: StoreBehaviour[];
  /** Resource limits (limits.ts); fields left out keep their defaults. */
  limits?: Partial<ServerLimits>;
  /** The clock and timers of the limits (auto-logout, login delays); tests inject a virtual one. */
  timers?: ServerTimers;
}

export interface RunningImapServer {
  host: string;
  port: number;
  /** Each user's store, by user name: the server's live state. */
  stores: Map<string, MessageStore>;
  stop(): Promise<void>;
}

export const GREETING_TEXT = 'cpmct reference store ready';
/** How long a connection told BYE may linger before it is destroyed, ms. */
const LINGER_MS = 2_000;

export async function startImapServer(options: ImapServerOptions): Promise<RunningImapServer> {
  const mutant = options.mutant !== undefined ? mutantByName(options.mutant) : undefined;
  const state = new ServerState({
    users: options.users,
    ...(options.disabledCapabilities ? { disabledCapabilities: options.disabledCapabilities } : {}),
    ...(mutant ? { mutant } : {}),
    ...(options.uidValidityBase !== undefined ? { uidValidityBase: options.uidValidityBase } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.behaviours ? { behaviours: options.behaviours } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
  });
  const sessions = new Set<ImapSession>();
  const sockets = new Set<Socket>();
  let nextConnection = 1;
  const greeting = `* OK [CAPABILITY ${state.capabilities(false).join(' ')}] ${GREETING_TEXT}\r\n`;
  const timers = options.timers ?? REAL_TIMERS;
  const registry = new ConnectionRegistry(state.limits);
  const throttle = new LoginThrottle(state.limits, timers);
  const linger = (socket: Socket) => {
    if (!socket.destroyed) timers.setTimeout(() => socket.destroy(), LINGER_MS);
  };

  const listener: Server = createServer((socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    const address = socket.remoteAddress ?? '';
    if (!registry.admitConnection(address)) {
      socket.on('error', () => {});
      socket.end(`* BYE ${ADDRESS_LIMIT_TEXT}\r\n`);
      linger(socket);
      return;
    }
    const guard = new SessionLimits({ limits: state.limits, timers, registry, throttle, address });
    const onEnd = (ended: ImapSession) => {
      sessions.delete(ended);
      linger(socket);
    };
    const session = new ImapSession(nextConnection++, socket, state, options.onTrace, onEnd, guard);
    sessions.add(session);
    session.start(greeting);
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject);
    listener.listen({ port: options.port ?? 0, host, backlog: state.limits.listenBacklog }, () => {
      listener.off('error', reject);
      resolve();
    });
  });
  const address = listener.address();
  if (address === null || typeof address === 'string')
    throw new Error('listener has no TCP address');

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= new Promise<void>((resolve) => {
      listener.close(() => resolve());
      for (const session of [...sessions]) session.close('server shutting down');
      for (const socket of [...sockets]) socket.destroy();
    });
    return stopping;
  };

  return { host, port: address.port, stores: state.stores, stop };
}

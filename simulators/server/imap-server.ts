/**
 * The reference Message Storage Server over IMAP: a real listening socket in front of one
 * MessageStore per user. `stop()` closes every connection and the listener.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { MessageStore } from '../../src/model/store.ts';
import { ImapSession } from './imap-session.ts';
import { mutantByName } from './mutants.ts';
import { ServerState, type UserAccount } from './server-state.ts';
import type { TraceEntry } from './trace.ts';
import type { StoreBehaviour } from './store-behaviours.ts';

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
}

export interface RunningImapServer {
  host: string;
  port: number;
  /** Each user's store, by user name: the server's live state. */
  stores: Map<string, MessageStore>;
  stop(): Promise<void>;
}

export const GREETING_TEXT = 'cpmct reference store ready';

export async function startImapServer(options: ImapServerOptions): Promise<RunningImapServer> {
  const mutant = options.mutant !== undefined ? mutantByName(options.mutant) : undefined;
  const state = new ServerState({
    users: options.users,
    ...(options.disabledCapabilities ? { disabledCapabilities: options.disabledCapabilities } : {}),
    ...(mutant ? { mutant } : {}),
    ...(options.uidValidityBase !== undefined ? { uidValidityBase: options.uidValidityBase } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.behaviours ? { behaviours: options.behaviours } : {}),
  });
  const sessions = new Set<ImapSession>();
  let nextConnection = 1;
  const greeting = `* OK [CAPABILITY ${state.capabilities(false).join(' ')}] ${GREETING_TEXT}\r\n`;

  const listener: Server = createServer((socket: Socket) => {
    const session = new ImapSession(nextConnection++, socket, state, options.onTrace, (ended) => {
      sessions.delete(ended);
    });
    sessions.add(session);
    session.start(greeting);
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(options.port ?? 0, host, () => {
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
    });
    return stopping;
  };

  return { host, port: address.port, stores: state.stores, stop };
}

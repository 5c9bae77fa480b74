/**
 * The reference store `cpmct serve` runs standalone: IMAP, or NMS REST with IMAP over the same
 * model on a free port, taking on the store behaviours asked for (on the command line or by a
 * fixture) and loaded with a fixture's folders and seeded objects.
 */
import type { TraceEntry } from '../../simulators/server/trace.ts';
import { startImapServer, type RunningImapServer } from '../../simulators/server/imap-server.ts';
import { DEFAULT_LIMITS, type ServerLimits } from '../bindings/imap/server/limits.ts';
import { startNmsServer, type RunningNmsServer } from '../../simulators/server/nms/nms-server.ts';
import { checkBehaviours, type StoreBehaviour } from '../../simulators/server/store-behaviours.ts';
import type { HttpExchange } from '../bindings/nms/http-exchange.ts';
import { UsageError } from '../config/usage-error.ts';
import { fixtureBehaviours, loadFixture } from './store-fixture.ts';

export const SERVED_BINDINGS = ['imap', 'nms'];

/** The behaviours a fixture and `--behaviour` ask for, checked (read before the store starts). */
export function servedBehaviours(fixture: string | undefined, asked: string[]): StoreBehaviour[] {
  const all = [...(fixture ? fixtureBehaviours(fixture) : []), ...asked];
  try {
    return checkBehaviours([...new Set(all)]);
  } catch (error) {
    throw new UsageError(`--behaviour: ${(error as Error).message}`);
  }
}

/**
 * `--limit NAME=VALUE` (repeatable): the store's limits for this serve, over the defaults of
 * `src/bindings/imap/server/limits.ts` (e.g. `--limit maxConnectionsPerUserAddress=50`).
 */
export function servedLimits(asked: string[]): Partial<ServerLimits> {
  const limits: Partial<ServerLimits> = {};
  for (const item of asked) {
    const match = /^(\w+)=(\d+)$/.exec(item);
    const name = match?.[1] as keyof ServerLimits | undefined;
    if (!match || !name || !Object.hasOwn(DEFAULT_LIMITS, name))
      throw new UsageError(
        `--limit takes NAME=VALUE with a positive integer (got "${item}"); names: ${Object.keys(DEFAULT_LIMITS).join(', ')}`,
      );
    const value = Number(match[2]);
    if (!Number.isSafeInteger(value) || value <= 0)
      throw new UsageError(`--limit ${name} must be a positive integer (got "${match[2]}")`);
    limits[name] = value;
  }
  return limits;
}

export interface ServedStoreOptions {
  binding: string;
  port: number;
  users: Array<{ name: string; password: string }>;
  behaviours: StoreBehaviour[];
  limits?: Partial<ServerLimits>;
  onTrace?: ((entry: TraceEntry) => void) | undefined;
  onExchange?: ((exchange: HttpExchange) => void) | undefined;
}

export interface ServedStore {
  imap: RunningImapServer;
  nms: RunningNmsServer | undefined;
  stop(): Promise<void>;
}

/** Starts the store; with `--binding nms`, the NMS front end over the IMAP server's stores. */
export async function startServedStore(options: ServedStoreOptions): Promise<ServedStore> {
  const { binding, port, users, behaviours } = options;
  const imap = await startImapServer({
    host: '127.0.0.1',
    port: binding === 'imap' ? port : 0,
    users,
    ...(behaviours.length ? { behaviours } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.onTrace ? { onTrace: options.onTrace } : {}),
  });
  const nms =
    binding === 'nms'
      ? await startNmsServer({
          host: '127.0.0.1',
          port,
          users,
          stores: imap.stores,
          ...(options.onExchange ? { onExchange: options.onExchange } : {}),
        }).catch(async (error: unknown) => {
          await imap.stop();
          throw error;
        })
      : undefined;
  return {
    imap,
    nms,
    async stop() {
      await nms?.stop();
      await imap.stop();
    },
  };
}

/** Loads a fixture into the served store: the folders and objects it made. */
export function loadServedFixture(
  store: ServedStore,
  fixture: string,
  seed: number,
): { folders: number; objects: number } {
  return loadFixture(fixture, store.imap.stores, seed);
}

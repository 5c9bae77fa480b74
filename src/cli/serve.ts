/**
 * `cpmct serve`: run the reference store standalone for a developer pointing a client at
 * it. `--binding imap` serves IMAP; `--binding nms` serves NMS REST and, over the same
 * model, IMAP on a free port (so a change made over one shows over the other).
 */
import {
  loadServedFixture,
  SERVED_BINDINGS,
  servedBehaviours,
  servedLimits,
  startServedStore,
} from '../targets/serve-store.ts';
import { openServeLog, serveLogOptions } from './serve-log.ts';
import { EXIT, UsageError } from './usage.ts';

const USERS = [
  { name: 'alice', password: process.env.CPMCT_ALICE_PASSWORD ?? 'alicepass' },
  { name: 'bob', password: process.env.CPMCT_BOB_PASSWORD ?? 'bobpass' },
];

export async function serveCommand(values: Record<string, unknown>): Promise<number> {
  const binding = (values.binding as string | undefined) ?? 'imap';
  if (!SERVED_BINDINGS.includes(binding))
    throw new UsageError(
      `--binding must be one of: ${SERVED_BINDINGS.join(', ')} (got "${binding}")`,
    );
  const defaultPort = binding === 'nms' ? 8080 : 1143;
  const port = values.port === undefined ? defaultPort : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be 0-65535 (got "${String(values.port)}")`);
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  const fixture = values.fixture as string | undefined;
  const behaviours = servedBehaviours(fixture, (values.behaviour as string[] | undefined) ?? []);
  const limits = servedLimits((values.limit as string[] | undefined) ?? []);
  const logOptions = serveLogOptions(values);
  const log = openServeLog(logOptions);
  const store = await startServedStore({
    binding,
    port,
    users: USERS,
    behaviours,
    limits,
    onTrace: log.imap,
    onExchange: log.nms,
  }).catch((error: unknown) => {
    log.close();
    throw error;
  });
  const { imap, nms } = store;
  if (fixture) {
    const loaded = loadServedFixture(store, fixture, seed);
    log.status(
      `cpmct serve: fixture ${fixture}: ${loaded.folders} folders, ${loaded.objects} objects`,
    );
  }
  const users = USERS.map((u) => u.name).join(', ');
  if (behaviours.length) log.status(`cpmct serve: store behaviours: ${behaviours.join(', ')}`);
  const where = logOptions.quiet
    ? '; no traffic log (--quiet)'
    : logOptions.file
      ? `; traffic log in ${logOptions.file}`
      : '';
  if (nms)
    log.status(
      `cpmct serve: reference store (NMS) at ${nms.baseUrl('{user}')}, IMAP on ${imap.host}:${imap.port}, users ${users}${where}; Ctrl-C stops`,
    );
  else
    log.status(
      `cpmct serve: reference store (IMAP) on ${imap.host}:${imap.port}, users ${users}${where}; Ctrl-C stops`,
    );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await store.stop();
  log.status('cpmct serve: stopped');
  log.close();
  return EXIT.ok;
}

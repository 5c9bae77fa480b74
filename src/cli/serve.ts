/** `cpmct serve`: run the reference store standalone for a developer pointing a client at it. */
import { startImapServer } from '../../simulators/server/imap-server.ts';
import { loadFixture } from './fixture.ts';
import { EXIT, UsageError } from './usage.ts';

const USERS = [
  { name: 'alice', password: process.env.CPMCT_ALICE_PASSWORD ?? 'alicepass' },
  { name: 'bob', password: process.env.CPMCT_BOB_PASSWORD ?? 'bobpass' },
];

export async function serveCommand(values: Record<string, unknown>): Promise<number> {
  const binding = (values.binding as string | undefined) ?? 'imap';
  if (binding !== 'imap')
    throw new UsageError(`--binding must be one of: imap (got "${binding}"; nms is not built yet)`);
  const port = values.port === undefined ? 1143 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be 0-65535 (got "${String(values.port)}")`);
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  const server = await startImapServer({
    host: '127.0.0.1',
    port,
    users: USERS,
    onTrace: (entry) =>
      console.log(
        `${new Date(entry.at).toISOString()} #${entry.connection}${entry.user ? ` ${entry.user}` : ''} ${entry.direction}: ${entry.line}`,
      ),
  });
  const fixture = values.fixture as string | undefined;
  if (fixture) {
    const loaded = loadFixture(fixture, server.stores, seed);
    console.log(
      `cpmct serve: fixture ${fixture}: ${loaded.folders} folders, ${loaded.objects} objects`,
    );
  }
  console.log(
    `cpmct serve: reference store (IMAP) on ${server.host}:${server.port}, users ${USERS.map((u) => u.name).join(', ')}; Ctrl-C stops`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.stop();
  console.log('cpmct serve: stopped');
  return EXIT.ok;
}

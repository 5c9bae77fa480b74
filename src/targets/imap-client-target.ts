/**
 * Client conformance: the harness plays the store (its embedded simulator, recording every
 * command) and drives the client under test through an upper-tester adapter.
 */
import { startImapServer } from '../../simulators/server/imap-server.ts';
import { createImapDevice } from '../../simulators/clients/imap-device.ts';
import { createImapStoreActor } from '../../simulators/clients/imap-store-actor.ts';
import type { DeviceDriver, DriverFactory, StoreEndpoint, WireEntry } from '../engine/ports.ts';
import type { Profile } from '../profiles/profile.ts';
import { credentialsOf } from '../profiles/credentials.ts';
import { clientMutantOf } from './client-mutant.ts';
import { startCommandDevice } from './command-device.ts';
import { emptyStores } from './embedded-stores.ts';
import { iutLabel, targetFor, type RunningTarget, type TargetOptions } from './start-target.ts';
import { UsageError } from '../config/usage-error.ts';

export async function startClientTarget(
  profile: Profile,
  options: TargetOptions,
): Promise<RunningTarget> {
  const spec = profile.client;
  if (!spec) throw new UsageError(`profile ${profile.name}: role client needs a client section`);
  if (profile.binding === 'nms')
    return (await import('./nms-client-target.ts')).startNmsClientTarget(profile, spec, options);
  const mutant = clientMutantOf(profile, options.clientMutant);
  const { users, password } = credentialsOf(profile);
  const trace: WireEntry[] = [];
  const server = await startImapServer({
    host: '127.0.0.1',
    port: 0,
    users,
    onTrace: (e) =>
      trace.push({ at: e.at, connection: e.connection, direction: e.direction, line: e.line }),
  });
  // What a device is told: the embedded store speaks plain IMAP (no TLS) on loopback.
  const address = { binding: 'imap' as const, host: server.host, port: server.port };
  const endpoint: StoreEndpoint = { ...address, users };
  const timing = profile.timing;
  const createDevice = async (
    name: string,
    user: string,
    options: { simulated?: boolean } = {},
  ): Promise<DeviceDriver> => {
    const common = { name, endpoint: address, user, password: password(user) };
    if (options.simulated) return createImapDevice(common);
    switch (spec.adapter) {
      case 'reference':
        return createImapDevice({
          ...common,
          connectTimeoutMs: timing.connectTimeoutMs,
          commandTimeoutMs: timing.commandTimeoutMs,
          ...(mutant ? { mutant } : {}),
        });
      case 'mbsync': {
        // Adapters are loaded on demand: a run that does not use one never loads it.
        const { createMbsyncDevice } = await import('../adapters/mbsync/mbsync-device.ts');
        return createMbsyncDevice({ ...common, timeoutMs: timing.commandTimeoutMs * 3 });
      }
      case 'command':
        return startCommandDevice(profile, spec, common);
    }
  };
  const factory: DriverFactory = {
    endpoint,
    createDevice,
    createActor: (user) => createImapStoreActor({ endpoint, user, password: password(user) }),
    resetStore: async () => emptyStores(server.stores),
    trace,
  };
  return {
    target: targetFor(profile, factory, options),
    describe: `${iutLabel(profile)} (${spec.adapter} adapter) against the cpmct reference store at ${server.host}:${server.port}`,
    stop: () => server.stop(),
  };
}

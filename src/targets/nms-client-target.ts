/**
 * Client conformance over NMS REST: the harness plays the NMS store (nms-client-store.ts,
 * every request recorded with the device that sent it) and drives the client under test
 * through its upper-tester adapter (`reference`: cpmct's NMS device; `command`: any program).
 * Each device is told the box root, its user and a secret of its own (its identity).
 */
import { createNmsDevice } from '../../simulators/clients/nms/nms-device.ts';
import { StoreDelivery } from '../../simulators/clients/nms/nms-events.ts';
import { createNmsStoreActor } from '../../simulators/clients/nms/nms-store-actor.ts';
import type { DeviceDriver, DriverFactory, StoreEndpoint } from '../engine/ports.ts';
import type { ClientSpec, Profile } from '../profiles/profile.ts';
import { credentialsOf } from '../profiles/credentials.ts';
import { clientMutantOf } from './client-mutant.ts';
import { startCommandDevice } from './command-device.ts';
import { emptyStores } from './embedded-stores.ts';
import { startNmsClientStore } from '../../simulators/server/nms/nms-client-store.ts';
import { iutLabel, targetFor, type RunningTarget, type TargetOptions } from './start-target.ts';
import { UsageError } from '../config/usage-error.ts';

/** Called by startClientTarget (imap-client-target.ts), which has checked the client section. */
export async function startNmsClientTarget(
  profile: Profile,
  spec: ClientSpec,
  options: TargetOptions,
): Promise<RunningTarget> {
  if (spec.adapter === 'mbsync')
    throw new UsageError(`profile ${profile.name}: mbsync is an IMAP client; use binding imap`);
  const mutant = clientMutantOf(profile, options.clientMutant, 'nms');
  const { users, password } = credentialsOf(profile);
  const store = await startNmsClientStore({ host: '127.0.0.1', users });
  const endpoint: StoreEndpoint = { binding: 'nms', host: store.host, port: store.port, users };
  const timing = profile.timing;
  const storeDelivery = new StoreDelivery();
  const reference = (name: string, user: string, extra: { mutant?: string } = {}) =>
    createNmsDevice({
      name,
      root: store.boxRoot(user),
      user,
      password: store.deviceSecret(user, name),
      timeoutMs: timing.commandTimeoutMs,
      pageSize: profile.nms.pageSize,
      mode: profile.nms.sync,
      eventWaitMs: Math.min(timing.notificationTimeoutMs, 2_000),
      storeDelivery,
      ...extra,
    });
  const createDevice = async (
    name: string,
    user: string,
    deviceOptions: { simulated?: boolean } = {},
  ): Promise<DeviceDriver> => {
    if (deviceOptions.simulated) return reference(name, user);
    switch (spec.adapter) {
      case 'reference':
        return reference(name, user, mutant ? { mutant } : {});
      case 'command':
        return startCommandDevice(profile, spec, {
          name,
          endpoint: {
            binding: 'nms',
            host: store.host,
            port: store.port,
            nms: {
              root: store.boxRoot(user),
              basePath: '/nms/v1',
              storeName: store.boxRoot(user).split('/').at(-2)!,
            },
          },
          user,
          password: store.deviceSecret(user, name),
        });
      default:
        throw new UsageError(`profile ${profile.name}: adapter ${spec.adapter} cannot speak NMS`);
    }
  };
  const factory: DriverFactory = {
    endpoint,
    createDevice,
    createActor: (user) =>
      createNmsStoreActor({
        root: store.boxRoot(user),
        user,
        password: password(user),
        timeoutMs: timing.commandTimeoutMs,
      }),
    storeControl: async (user, control) => store.control(user, control),
    resetStore: async () => {
      store.resetControls();
      emptyStores(store.backend.stores);
    },
    trace: store.trace,
  };
  return {
    target: targetFor(profile, factory, options),
    describe: `${iutLabel(profile)} (${spec.adapter} adapter) against the cpmct reference NMS store at ${store.boxRoot('{user}')}`,
    stop: () => store.stop(),
  };
}

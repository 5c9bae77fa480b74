/**
 * Wires a profile to a running store under test: the embedded simulator, a launched
 * product, or a given endpoint; and the drivers (simulated devices, store actor) for it.
 */
import { startImapServer } from '../../simulators/server/imap-server.ts';
import { SkipAheadClock } from '../../simulators/server/skip-ahead-clock.ts';
import { checkBehaviours } from '../../simulators/server/store-behaviours.ts';
import { createImapDevice } from '../../simulators/clients/imap-device.ts';
import { listenOf, syncVariantOf } from '../../simulators/clients/sync-variant.ts';
import { createImapStoreActor } from '../../simulators/clients/imap-store-actor.ts';
import type { DriverFactory, StoreEndpoint } from '../engine/ports.ts';
import { launchProfile } from '../profiles/launch.ts';
import { declaredFeatures, type Profile } from '../profiles/profile.ts';
import { credentialsOf } from '../profiles/credentials.ts';
import type { Target } from '../runner/execute.ts';
import type { EngineSettings } from '../engine/context.ts';
import { emptyStores } from './embedded-stores.ts';
import { runImapBindingCheck } from './imap-binding-check.ts';

export interface RunningTarget {
  target: Target;
  /** What the IUT announced about itself, for the report. */
  describe: string;
  stop(): Promise<void>;
}

export interface TargetOptions {
  settings: Omit<EngineSettings, 'features' | 'notificationTimeoutMs'>;
  /** Embedded simulator only: a deliberately broken variant (the project's mutants). */
  mutant?: string;
  disabledCapabilities?: string[];
  /** Client conformance with the reference adapter: a deliberately broken client. */
  clientMutant?: string;
}

export async function startTarget(
  profile: Profile,
  options: TargetOptions,
): Promise<RunningTarget> {
  if (profile.role === 'client') {
    return (await import('./imap-client-target.ts')).startClientTarget(profile, options);
  }
  if (profile.binding === 'nms') {
    return (await import('./nms-store-target.ts')).startNmsTarget(profile, options);
  }
  const { users, password } = credentialsOf(profile);
  let located: { host: string; port: number; stop: () => Promise<void> };
  let resetStore: (() => Promise<void>) | undefined;
  let sleep: ((ms: number) => Promise<void>) | undefined;
  if (profile.iut.embedded) {
    // With vendor behaviours the store is prepared over IMAP, as a vendor's store is, and
    // runs on a clock the set-up's retries move ahead instead of waiting.
    const behaviours = checkBehaviours(profile.iut.behaviours ?? []);
    const clock = behaviours.length ? new SkipAheadClock() : undefined;
    const server = await startImapServer({
      ...(behaviours.length ? { behaviours, clock: clock!.now } : {}),
      host: profile.endpoint.host,
      port: 0,
      users,
      ...(options.mutant ? { mutant: options.mutant } : {}),
      ...(options.disabledCapabilities
        ? { disabledCapabilities: options.disabledCapabilities }
        : {}),
    });
    located = { host: server.host, port: server.port, stop: () => server.stop() };
    if (clock) sleep = clock.sleep;
    else resetStore = async () => emptyStores(server.stores);
  } else {
    located = await externalEndpoint(profile);
  }
  const { host, port, stop } = located;
  const endpoint: StoreEndpoint = {
    binding: 'imap',
    host,
    port,
    users,
    ...(profile.endpoint.tls ? { tls: profile.endpoint.tls } : {}),
  };
  const timing = profile.timing;
  const factory: DriverFactory = {
    endpoint,
    createDevice: (name, user, deviceOptions) =>
      createImapDevice({
        ...(deviceOptions?.variant !== undefined
          ? {
              variant: syncVariantOf(deviceOptions.variant),
              listen: listenOf(syncVariantOf(deviceOptions.variant)),
            }
          : {}),
        name,
        endpoint,
        user,
        password: password(user),
        connectTimeoutMs: timing.connectTimeoutMs,
        commandTimeoutMs: timing.commandTimeoutMs,
        compress: profile.imap.compress,
      }),
    createActor: (user) =>
      createImapStoreActor({
        endpoint,
        user,
        password: password(user),
        connectTimeoutMs: timing.connectTimeoutMs,
        commandTimeoutMs: timing.commandTimeoutMs,
      }),
    check: (name, user) =>
      runImapBindingCheck(name, {
        endpoint,
        user,
        password: password(user),
        connectTimeoutMs: timing.connectTimeoutMs,
        commandTimeoutMs: timing.commandTimeoutMs,
        seed: options.settings.seed,
        clockStart: options.settings.clockStart,
      }),
    ...(resetStore ? { resetStore } : {}),
    ...(sleep ? { sleep } : {}),
  };
  return {
    target: targetFor(profile, factory, options),
    describe: `${iutLabel(profile)} at ${host}:${port}`,
    stop,
  };
}

/** Where a store that is not the embedded simulator listens: launched by the profile, or given. */
/** The implementation under test as the profile names it, e.g. `Dovecot 2.3.21`. */
export function iutLabel(profile: Pick<Profile, 'iut'>): string {
  return `${profile.iut.name}${profile.iut.version ? ' ' + profile.iut.version : ''}`;
}

export async function externalEndpoint(
  profile: Profile,
): Promise<{ host: string; port: number; stop: () => Promise<void> }> {
  if (profile.launch) {
    const launched = await launchProfile(profile);
    return { host: launched.host, port: launched.port, stop: () => launched.stop() };
  }
  if (profile.endpoint.port === undefined)
    throw new Error(`profile ${profile.name}: no endpoint port and nothing launches the IUT`);
  return { host: profile.endpoint.host, port: profile.endpoint.port, stop: async () => {} };
}

/** The engine's view of a started IUT: its factory, the declared features, the IXIT limits. */
export function targetFor(
  profile: Profile,
  factory: DriverFactory,
  options: TargetOptions,
): Target {
  const features = declaredFeatures(profile);
  if (factory.endpoint.users.length > 1) features.add('multi-user');
  return {
    binding: factory.endpoint.binding,
    factory,
    settings: {
      ...options.settings,
      features,
      notificationTimeoutMs: profile.timing.notificationTimeoutMs,
      keepFolders: profile.store.keepFolders,
    },
    stepTimeoutMs: Math.max(30_000, profile.timing.commandTimeoutMs * 3),
  };
}

/**
 * Wires a server-role NMS profile: the embedded simulator (its IMAP and NMS front ends
 * over one model, so cross-binding cases run), a launched product, or a given endpoint;
 * the NMS devices and store actor; and the NMS binding checks.
 */
import { startImapServer } from '../../simulators/server/imap-server.ts';
import { startNmsServer } from '../../simulators/server/nms/nms-server.ts';
import { NMS_MUTANT_NAMES } from '../../simulators/server/nms/mutants.ts';
import { createImapDevice } from '../../simulators/clients/imap-device.ts';
import { createNmsDevice } from '../../simulators/clients/nms/nms-device.ts';
import { StoreDelivery } from '../../simulators/clients/nms/nms-events.ts';
import { createNmsStoreActor } from '../../simulators/clients/nms/nms-store-actor.ts';
import type { DriverFactory, StoreEndpoint } from '../engine/ports.ts';
import { setOriginTls } from '../bindings/nms/client/https-fetch.ts';
import type { Profile } from '../profiles/profile.ts';
import { credentialsOf } from '../profiles/credentials.ts';
import { runNmsCheck, type ServerControl } from './nms-binding-check.ts';
import { emptyStores, uidOfKey } from './embedded-stores.ts';
import {
  externalEndpoint,
  iutLabel,
  targetFor,
  type RunningTarget,
  type TargetOptions,
} from './start-target.ts';

export async function startNmsTarget(
  profile: Profile,
  options: TargetOptions,
): Promise<RunningTarget> {
  const { users, password } = credentialsOf(profile);
  const otherUser = (user: string) => users.find((u) => u.name !== user)?.name;
  const timing = profile.timing;
  const embedded = profile.iut.embedded ? await startEmbedded(profile, users, options) : undefined;
  const { host, port, stop } = embedded
    ? { host: embedded.nms.host, port: embedded.nms.port, stop: embedded.stop }
    : await externalEndpoint(profile);
  const tls = embedded ? undefined : profile.endpoint.tls;
  const scheme = tls?.mode === 'https' ? 'https' : 'http';
  // Every NMS client of the run (devices, store actor, checks) honours the profile's TLS.
  if (tls?.mode === 'https') setOriginTls(`https://${host}:${port}`, tls);
  const boxRoot = (user: string) =>
    embedded
      ? embedded.nms.baseUrl(user)
      : `${scheme}://${host}:${port}${profile.nms.basePath}/${profile.nms.storeName}/${encodeURIComponent(user)}`;
  const endpoint: StoreEndpoint = { binding: 'nms', host, port, users, ...(tls ? { tls } : {}) };
  const storeDelivery = new StoreDelivery();
  const factory: DriverFactory = {
    endpoint,
    ...(embedded ? { bindings: ['nms', 'imap'] as const } : {}),
    createDevice: (name, user, deviceOptions) => {
      if (deviceOptions?.binding === 'imap') {
        if (!embedded) throw new Error(`profile ${profile.name} serves no IMAP for device ${name}`);
        return createImapDevice({
          name,
          endpoint: embedded.imapEndpoint,
          user,
          password: password(user),
          connectTimeoutMs: timing.connectTimeoutMs,
          commandTimeoutMs: timing.commandTimeoutMs,
        });
      }
      return createNmsDevice({
        name,
        root: boxRoot(user),
        user,
        password: password(user),
        timeoutMs: timing.commandTimeoutMs,
        pageSize: profile.nms.pageSize,
        mode: profile.nms.sync,
        eventWaitMs: Math.min(timing.notificationTimeoutMs, 2_000),
        storeDelivery,
      });
    },
    createActor: (user) =>
      createNmsStoreActor({
        root: boxRoot(user),
        user,
        password: password(user),
        timeoutMs: timing.commandTimeoutMs,
      }),
    check: (name, user) =>
      runNmsCheck(name, {
        root: boxRoot(user),
        user,
        password: password(user),
        otherRoot: otherUser(user) && boxRoot(otherUser(user)!),
        timeoutMs: Math.max(timing.commandTimeoutMs, timing.notificationTimeoutMs),
        notificationTimeoutMs: timing.notificationTimeoutMs,
        seed: options.settings.seed,
        clockStart: options.settings.clockStart,
        ...(embedded ? { control: embedded.control(user) } : {}),
      }),
    ...(embedded ? { resetStore: async () => emptyStores(embedded.nms.stores) } : {}),
  };
  return {
    target: targetFor(profile, factory, options),
    describe: `${iutLabel(profile)} at ${boxRoot('{user}')}`,
    stop,
  };
}

/** The embedded simulator: one model, an IMAP and an NMS front end; mutants go to their own. */
async function startEmbedded(
  profile: Profile,
  users: Array<{ name: string; password: string }>,
  options: TargetOptions,
) {
  const nmsMutant =
    options.mutant && NMS_MUTANT_NAMES.includes(options.mutant) ? options.mutant : undefined;
  const imapMutant = options.mutant && !nmsMutant ? options.mutant : undefined;
  const imap = await startImapServer({
    host: profile.endpoint.host,
    port: 0,
    users,
    ...(imapMutant ? { mutant: imapMutant } : {}),
    ...(options.disabledCapabilities ? { disabledCapabilities: options.disabledCapabilities } : {}),
  });
  try {
    const nms = await startNmsServer({
      host: profile.endpoint.host,
      port: profile.endpoint.port ?? 0,
      users,
      stores: imap.stores,
      ...(nmsMutant ? { mutant: nmsMutant } : {}),
    });
    const control = (user: string): ServerControl => ({
      expireObject: async (folder, key) =>
        nms.expireObject(user, folder, uidOfKey(nms.stores, user, folder, key)),
      resetBox: async () => nms.resetBox(user),
    });
    return {
      nms,
      imapEndpoint: { host: imap.host, port: imap.port },
      control,
      stop: async () => {
        await nms.stop();
        await imap.stop();
      },
    };
  } catch (error) {
    await imap.stop();
    throw error;
  }
}

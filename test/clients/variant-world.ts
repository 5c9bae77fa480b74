/**
 * A fresh reference store (optionally a mutant of it) with a store actor and devices of one
 * user, each created for a sync variant; the store's trace tells which commands each device
 * sent, on which connection.
 */
import { createImapDevice } from '../../simulators/clients/imap-device.ts';
import { createImapStoreActor } from '../../simulators/clients/imap-store-actor.ts';
import type { SyncVariant } from '../../simulators/clients/sync-variant.ts';
import { startImapServer, type TraceEntry } from '../../simulators/server/imap-server.ts';
import type { DeviceDriver, StoreActor } from '../../src/engine/ports.ts';
import { ALICE } from './helpers.ts';

export interface VariantWorld {
  actor: StoreActor;
  device(name: string, variant: SyncVariant): Promise<DeviceDriver>;
  /** While `during` ran: the clients' command lines, the store's replies, the connections. */
  sent(
    during: () => Promise<unknown>,
  ): Promise<{ lines: string[]; replies: string[]; connections: Set<number> }>;
}

export async function inVariantWorld<T>(
  scenario: (w: VariantWorld) => Promise<T>,
  options: { mutant?: string } = {},
): Promise<T> {
  const trace: TraceEntry[] = [];
  const server = await startImapServer({
    users: [{ name: ALICE.user, password: ALICE.password }],
    onTrace: (e) => trace.push(e),
    ...(options.mutant ? { mutant: options.mutant } : {}),
  });
  const endpoint = { host: server.host, port: server.port };
  const devices: DeviceDriver[] = [];
  const actor = await createImapStoreActor({ endpoint, ...ALICE });
  const world: VariantWorld = {
    actor,
    async device(name, variant) {
      const device = await createImapDevice({ name, endpoint, ...ALICE, variant });
      devices.push(device);
      return device;
    },
    async sent(during) {
      const from = trace.length;
      await during();
      const happened = trace.slice(from);
      const sent = happened.filter((e) => e.direction === 'C');
      return {
        lines: sent.map((e) => e.line),
        replies: happened.filter((e) => e.direction === 'S').map((e) => e.line),
        connections: new Set(sent.map((e) => e.connection)),
      };
    },
  };
  try {
    return await scenario(world);
  } finally {
    for (const d of devices) await d.close();
    await actor.close();
    await server.stop();
  }
}

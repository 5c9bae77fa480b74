/** Shared helpers for the NMS client tests: a real NMS simulator per test, devices, actor. */
import { startNmsServer, type RunningNmsServer } from '../../simulators/server/nms/index.ts';
import { createNmsDevice, type NmsDeviceOptions } from '../../simulators/clients/nms/nms-device.ts';
import { createNmsStoreActor } from '../../simulators/clients/nms/nms-store-actor.ts';
import { NmsHttp } from '../../src/bindings/nms/client/index.ts';
import type { DeviceDriver, StoreActor } from '../../src/engine/ports.ts';
import type { StoreView } from '../../src/model/view.ts';

export { object, keysOf, flagsOf, folderOf, bare } from '../clients/helpers.ts';

export const ALICE = { user: 'alice', password: 'alicepass' };
export const BOB = { user: 'bob', password: 'bobpass' };

export interface NmsFixture {
  server(): RunningNmsServer;
  root(user?: string): string;
  actor(): StoreActor;
  /** A typed-operations client on alice's box. */
  http(): NmsHttp;
  device(name: string, options?: Partial<NmsDeviceOptions>): Promise<DeviceDriver>;
}

/** A fresh simulator, a store actor for alice, and devices closed after each test. */
export function useNms(): NmsFixture {
  let server: RunningNmsServer | undefined;
  let actor: StoreActor | undefined;
  const devices: DeviceDriver[] = [];
  beforeEach(async () => {
    server = await startNmsServer({
      users: [
        { name: ALICE.user, password: ALICE.password },
        { name: BOB.user, password: BOB.password },
      ],
    });
    actor = await createNmsStoreActor({ root: server.baseUrl(ALICE.user), ...ALICE });
  });
  afterEach(async () => {
    await Promise.all(devices.splice(0).map((d) => d.close()));
    await actor?.close();
    await server?.stop();
  });
  return {
    server: () => server!,
    root: (user = ALICE.user) => server!.baseUrl(user),
    actor: () => actor!,
    http: () => new NmsHttp({ root: server!.baseUrl(ALICE.user), ...ALICE }),
    device: async (name, options = {}) => {
      const d = await createNmsDevice({
        name,
        root: server!.baseUrl(ALICE.user),
        ...ALICE,
        ...options,
      });
      devices.push(d);
      return d;
    },
  };
}

/** The view without content markers (device replicas against the store). */
export function markers(view: StoreView, folder: string): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const o of view.folders.find((f) => f.name === folder)?.objects ?? [])
    out[o.key] = o.content;
  return out;
}

/** A box root on a loopback port nobody listens on (bound, then released). */
export async function deadRoot(): Promise<string> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/nms/v1/cpmct/alice`;
}

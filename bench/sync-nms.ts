/**
 * Benchmark part: one NMS device's initial sync of the corpus from the embedded NMS
 * front end (loaded straight into the model: loading is not what is measured), metadata
 * first, then with content; at two page sizes.
 */
import { createNmsDevice } from '../simulators/clients/nms/nms-device.ts';
import { startNmsServer } from '../simulators/server/nms/nms-server.ts';

export interface NmsSyncTimes {
  pageSize: number;
  metadataMs: number;
  contentMs: number;
}

const USER = { name: 'alice', password: 'alicepass' };
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

export async function nmsInitialSync(
  messages: Buffer[],
  pageSizes: number[],
): Promise<NmsSyncTimes[]> {
  const server = await startNmsServer({ users: [USER] });
  try {
    const store = server.stores.get(USER.name)!;
    store.createFolder('Default/bench');
    for (const raw of messages) store.append('Default/bench', raw);
    const times: NmsSyncTimes[] = [];
    for (const pageSize of pageSizes) {
      const one = async (eager: boolean) => {
        const device = await createNmsDevice({
          name: eager ? 'bench-eager' : 'bench',
          root: server.baseUrl(USER.name),
          user: USER.name,
          password: USER.password,
          pageSize,
          record: false,
          timeoutMs: 120_000,
        });
        if (eager) device.setPreferences({ content: 'eager' });
        const start = process.hrtime.bigint();
        const report = await device.sync();
        const elapsed = ms(start);
        await device.close();
        const got = eager ? report.downloadedContent : report.downloadedMetadata;
        if (got < messages.length) throw new Error(`NMS: only ${got} of ${messages.length} synced`);
        return elapsed;
      };
      times.push({ pageSize, metadataMs: await one(false), contentMs: await one(true) });
    }
    return times;
  } finally {
    await server.stop();
  }
}

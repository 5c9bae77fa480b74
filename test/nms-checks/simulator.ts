/** The NMS simulator with two users, and check contexts on it (with its server control). */
import { startNmsServer } from '../../simulators/server/nms/index.ts';
import { objectKey } from '../../src/model/view.ts';
import type { NmsCheckContext } from '../../src/bindings/nms/checks/index.ts';
import { ALICE, BOB, contextFor } from './helpers.ts';

export type RunningNms = Awaited<ReturnType<typeof startNmsServer>>;

export async function startSimulator(mutant?: string): Promise<RunningNms> {
  return startNmsServer({ users: [ALICE, BOB], ...(mutant ? { mutant } : {}) });
}

/** alice's box on `server`; `root` may point at a proxy in front of it instead. */
export function simulatorContext(
  server: RunningNms,
  root = server.baseUrl(ALICE.name),
  other: string | undefined = server.baseUrl(BOB.name),
): NmsCheckContext {
  return contextFor(root, {
    ...(other ? { otherRoot: other } : {}),
    control: {
      async expireObject(folder, key) {
        const store = server.stores.get(ALICE.name);
        if (!store) throw new Error('no store for alice');
        const found = store
          .objects(folder)
          .find((o) => objectKey(store.content(o.contentId).raw) === key);
        if (!found) throw new Error(`no object ${key} in ${folder}`);
        await server.expireObject(ALICE.name, folder, found.uid);
      },
      async resetBox() {
        await server.resetBox(ALICE.name);
      },
    },
  });
}

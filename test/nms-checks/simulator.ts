/**
 * The NMS simulator with two users, check contexts on it (with its server control), and the
 * rig that starts simulators and breaking proxies for a check test and stops them after it.
 */
import { startNmsServer } from '../../simulators/server/nms/index.ts';
import { objectKey } from '../../src/model/view.ts';
import type {
  NmsCheck,
  NmsCheckContext,
  NmsCheckOutcome,
} from '../../src/bindings/nms/checks/index.ts';
import { startBreakingProxy, type Mutate } from './breaking-proxy.ts';
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

export interface SimulatorRig {
  /** A simulator (running `mutant`, if named), stopped after the test. */
  start(mutant?: string): Promise<RunningNms>;
  /** `check` on alice's box of a fresh simulator (running `mutant`, if named). */
  run(check: NmsCheck, mutant?: string): Promise<NmsCheckOutcome>;
  /** alice's root through a proxy in front of `server` that breaks one rule by `mutate`. */
  breakWith(server: RunningNms, mutate: Mutate): Promise<string>;
  /** Stops `running` after the test as well (last started, first stopped). */
  stopAfter<T extends { stop(): Promise<void> }>(running: T): T;
}

/** What the check tests start, stopped after each test of the enclosing suite. */
export function useSimulator(): SimulatorRig {
  const running: Array<{ stop(): Promise<void> }> = [];
  afterEach(async () => {
    for (const r of running.splice(0).reverse()) await r.stop();
  });
  const rig: SimulatorRig = {
    stopAfter(r) {
      running.push(r);
      return r;
    },
    start: async (mutant) => rig.stopAfter(await startSimulator(mutant)),
    run: async (check, mutant) => check(simulatorContext(await rig.start(mutant))),
    async breakWith(server, mutate) {
      const proxy = rig.stopAfter(await startBreakingProxy(server.origin, mutate));
      return `${proxy.origin}/nms/v1/cpmct/${ALICE.name}`;
    },
  };
  return rig;
}

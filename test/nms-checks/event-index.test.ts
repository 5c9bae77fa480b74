import { expect } from 'chai';
import { NMS_CHECKS } from '../../src/bindings/nms/checks/index.ts';
import { startBreakingProxy, type BreakingProxy } from './breaking-proxy.ts';
import { show } from './helpers.ts';
import { simulatorContext, startSimulator, type RunningNms } from './simulator.ts';

const eventIndex = NMS_CHECKS['event-index']!;

describe('nms check: event-index', function () {
  this.timeout(20_000);
  let server: RunningNms | undefined;
  let proxy: BreakingProxy | undefined;
  afterEach(async () => {
    await proxy?.stop();
    await server?.stop();
    proxy = undefined;
  });

  it('holds on the reference store', async () => {
    server = await startSimulator();
    const outcome = await eventIndex(simulatorContext(server));
    expect(outcome.findings, show(outcome)).to.deep.equal([]);
    expect(outcome.notes.join('\n')).to.match(/index 1, 2, 3/);
    expect(outcome.evidence.map((e) => e.label).join('\n')).to.match(/notifications received/);
  });

  it('finds that nms-events-missing delivers nothing', async () => {
    server = await startSimulator('nms-events-missing');
    const outcome = await eventIndex({ ...simulatorContext(server), timeoutMs: 500 });
    expect(outcome.findings.join('\n'), show(outcome)).to.match(/no event list/);
  });

  it('finds an index that starts over after a replay', async () => {
    server = await startSimulator();
    let renumbered = 0;
    proxy = await startBreakingProxy(server.origin, (list, state) => {
      if (state.updated) list.nmsEventList.index = ++renumbered;
      return list;
    });
    const outcome = await eventIndex(
      simulatorContext(server, `${proxy.origin}/nms/v1/cpmct/alice`),
    );
    expect(outcome.findings.join('\n'), show(outcome)).to.match(/never restarts/);
  });

  it('finds a replay that does not deliver the events again', async () => {
    server = await startSimulator();
    proxy = await startBreakingProxy(server.origin, (list, state) =>
      state.updated ? undefined : list,
    );
    const outcome = await eventIndex({
      ...simulatorContext(server, `${proxy.origin}/nms/v1/cpmct/alice`),
      timeoutMs: 500,
    });
    expect(outcome.findings.join('\n'), show(outcome)).to.match(/not delivered again/);
  });
});

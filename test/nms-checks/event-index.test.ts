import { expect } from 'chai';
import { NMS_CHECKS } from '../../src/bindings/nms/checks/index.ts';
import { show } from './helpers.ts';
import { simulatorContext, useSimulator } from './simulator.ts';

const eventIndex = NMS_CHECKS['event-index']!;

describe('nms check: event-index', function () {
  this.timeout(20_000);
  const sim = useSimulator();

  it('holds on the reference store', async () => {
    const outcome = await sim.run(eventIndex);
    expect(outcome.findings, show(outcome)).to.deep.equal([]);
    expect(outcome.notes.join('\n')).to.match(/index 1, 2, 3/);
    expect(outcome.evidence.map((e) => e.label).join('\n')).to.match(/notifications received/);
  });

  it('finds that nms-events-missing delivers nothing', async () => {
    const server = await sim.start('nms-events-missing');
    const outcome = await eventIndex({ ...simulatorContext(server), timeoutMs: 500 });
    expect(outcome.findings.join('\n'), show(outcome)).to.match(/no event list/);
  });

  it('finds an index that starts over after a replay', async () => {
    const server = await sim.start();
    let renumbered = 0;
    const root = await sim.breakWith(server, (list, state) => {
      if (state.updated) list.nmsEventList.index = ++renumbered;
      return list;
    });
    const outcome = await eventIndex(simulatorContext(server, root));
    expect(outcome.findings.join('\n'), show(outcome)).to.match(/never restarts/);
  });

  it('finds a replay that does not deliver the events again', async () => {
    const server = await sim.start();
    const root = await sim.breakWith(server, (list, state) => (state.updated ? undefined : list));
    const outcome = await eventIndex({
      ...simulatorContext(server, root),
      timeoutMs: 500,
    });
    expect(outcome.findings.join('\n'), show(outcome)).to.match(/not delivered again/);
  });
});

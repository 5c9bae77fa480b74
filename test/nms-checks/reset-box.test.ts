import { expect } from 'chai';
import { NMS_CHECKS } from '../../src/bindings/nms/checks/index.ts';
import { show } from './helpers.ts';
import { simulatorContext, useSimulator } from './simulator.ts';

const resetBox = NMS_CHECKS['reset-box']!;

describe('nms check: reset-box', function () {
  this.timeout(20_000);
  const sim = useSimulator();

  it('holds on the reference store', async () => {
    const outcome = await sim.run(resetBox);
    expect(outcome.findings, show(outcome)).to.deep.equal([]);
    expect(outcome.inapplicable).to.equal(undefined);
  });

  it('cannot be judged without a server control', async () => {
    const server = await sim.start();
    const { control: _control, ...ctx } = simulatorContext(server);
    expect((await resetBox(ctx)).inapplicable).to.match(/no server control/);
  });

  it('finds a reset that is never notified', async () => {
    const server = await sim.start();
    const root = await sim.breakWith(server, (list) => {
      list.nmsEventList.nmsEvent = list.nmsEventList.nmsEvent.filter((e) => !('resetBox' in e));
      return list.nmsEventList.nmsEvent.length ? list : undefined;
    });
    const outcome = await resetBox({
      ...simulatorContext(server, root),
      timeoutMs: 500,
    });
    expect(outcome.findings.join('\n'), show(outcome)).to.match(/no resetBox event/);
  });
});

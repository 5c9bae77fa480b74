import { expect } from 'chai';
import { NMS_CHECKS } from '../../src/bindings/nms/checks/index.ts';
import { show } from './helpers.ts';
import { simulatorContext, useSimulator } from './simulator.ts';

const expiry = NMS_CHECKS.expiry!;

describe('nms check: expiry', function () {
  this.timeout(20_000);
  const sim = useSimulator();

  it('holds on the reference store', async () => {
    const outcome = await sim.run(expiry);
    expect(outcome.findings, show(outcome)).to.deep.equal([]);
    expect(outcome.inapplicable).to.equal(undefined);
  });

  it('cannot be judged without a server control', async () => {
    const server = await sim.start();
    const { control: _control, ...ctx } = simulatorContext(server);
    const outcome = await expiry(ctx);
    expect(outcome.inapplicable).to.match(/no server control/);
    expect(outcome.findings).to.deep.equal([]);
  });

  it('finds an expiry notified as a deletion', async () => {
    const server = await sim.start();
    const root = await sim.breakWith(server, (list) => {
      list.nmsEventList.nmsEvent = list.nmsEventList.nmsEvent.map((event) =>
        'expiredObject' in event ? { deletedObject: event.expiredObject } : event,
      );
      return list;
    });
    const outcome = await expiry(simulatorContext(server, root));
    expect(outcome.findings.join('\n'), show(outcome)).to.match(/notified as deletedObject/);
  });
});

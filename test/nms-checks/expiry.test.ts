import { expect } from 'chai';
import { NMS_CHECKS } from '../../src/bindings/nms/checks/index.ts';
import { startBreakingProxy, type BreakingProxy } from './breaking-proxy.ts';
import { show } from './helpers.ts';
import { simulatorContext, startSimulator, type RunningNms } from './simulator.ts';

const expiry = NMS_CHECKS.expiry!;

describe('nms check: expiry', function () {
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
    const outcome = await expiry(simulatorContext(server));
    expect(outcome.findings, show(outcome)).to.deep.equal([]);
    expect(outcome.inapplicable).to.equal(undefined);
  });

  it('cannot be judged without a server control', async () => {
    server = await startSimulator();
    const { control: _control, ...ctx } = simulatorContext(server);
    const outcome = await expiry(ctx);
    expect(outcome.inapplicable).to.match(/no server control/);
    expect(outcome.findings).to.deep.equal([]);
  });

  it('finds an expiry notified as a deletion', async () => {
    server = await startSimulator();
    proxy = await startBreakingProxy(server.origin, (list) => {
      list.nmsEventList.nmsEvent = list.nmsEventList.nmsEvent.map((event) =>
        'expiredObject' in event ? { deletedObject: event.expiredObject } : event,
      );
      return list;
    });
    const outcome = await expiry(simulatorContext(server, `${proxy.origin}/nms/v1/cpmct/alice`));
    expect(outcome.findings.join('\n'), show(outcome)).to.match(/notified as deletedObject/);
  });
});

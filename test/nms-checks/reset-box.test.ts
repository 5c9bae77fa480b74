import { expect } from 'chai';
import { NMS_CHECKS } from '../../src/bindings/nms/checks/index.ts';
import { startBreakingProxy, type BreakingProxy } from './breaking-proxy.ts';
import { show } from './helpers.ts';
import { simulatorContext, startSimulator, type RunningNms } from './simulator.ts';

const resetBox = NMS_CHECKS['reset-box']!;

describe('nms check: reset-box', function () {
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
    const outcome = await resetBox(simulatorContext(server));
    expect(outcome.findings, show(outcome)).to.deep.equal([]);
    expect(outcome.inapplicable).to.equal(undefined);
  });

  it('cannot be judged without a server control', async () => {
    server = await startSimulator();
    const { control: _control, ...ctx } = simulatorContext(server);
    expect((await resetBox(ctx)).inapplicable).to.match(/no server control/);
  });

  it('finds a reset that is never notified', async () => {
    server = await startSimulator();
    proxy = await startBreakingProxy(server.origin, (list) => {
      list.nmsEventList.nmsEvent = list.nmsEventList.nmsEvent.filter((e) => !('resetBox' in e));
      return list.nmsEventList.nmsEvent.length ? list : undefined;
    });
    const outcome = await resetBox({
      ...simulatorContext(server, `${proxy.origin}/nms/v1/cpmct/alice`),
      timeoutMs: 500,
    });
    expect(outcome.findings.join('\n'), show(outcome)).to.match(/no resetBox event/);
  });
});

import { expect } from 'chai';
import { NMS_CHECKS } from '../../src/bindings/nms/checks/index.ts';
import { show } from './helpers.ts';
import { simulatorContext, startSimulator, type RunningNms } from './simulator.ts';

const lastmodseq = NMS_CHECKS.lastmodseq!;

describe('nms check: lastmodseq', function () {
  this.timeout(20_000);
  let server: RunningNms | undefined;
  afterEach(async () => server?.stop());

  it('holds on the reference store', async () => {
    server = await startSimulator();
    const outcome = await lastmodseq(simulatorContext(server));
    expect(outcome.findings, show(outcome)).to.deep.equal([]);
    expect(outcome.notes.join('\n')).to.match(/lastModSeq: created \d+/);
  });

  it('finds a lastModSeq that nms-lastmodseq-frozen never raises', async () => {
    server = await startSimulator('nms-lastmodseq-frozen');
    const outcome = await lastmodseq(simulatorContext(server));
    expect(outcome.findings.join('\n'), show(outcome)).to.match(/must raise it/);
  });
});

import { expect } from 'chai';
import { NMS_CHECKS } from '../../src/bindings/nms/checks/index.ts';
import { show } from './helpers.ts';
import { useSimulator } from './simulator.ts';

const lastmodseq = NMS_CHECKS.lastmodseq!;

describe('nms check: lastmodseq', function () {
  this.timeout(20_000);
  const sim = useSimulator();

  it('holds on the reference store', async () => {
    const outcome = await sim.run(lastmodseq);
    expect(outcome.findings, show(outcome)).to.deep.equal([]);
    expect(outcome.notes.join('\n')).to.match(/lastModSeq: created \d+/);
  });

  it('finds a lastModSeq that nms-lastmodseq-frozen never raises', async () => {
    const outcome = await sim.run(lastmodseq, 'nms-lastmodseq-frozen');
    expect(outcome.findings.join('\n'), show(outcome)).to.match(/must raise it/);
  });
});

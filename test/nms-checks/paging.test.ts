import { expect } from 'chai';
import { NMS_CHECKS } from '../../src/bindings/nms/checks/index.ts';
import { show } from './helpers.ts';
import { simulatorContext, useSimulator } from './simulator.ts';

const paging = NMS_CHECKS.paging!;

describe('nms check: paging', function () {
  this.timeout(20_000);
  const sim = useSimulator();

  it('holds on the reference store', async () => {
    const outcome = await sim.run(paging);
    expect(outcome.findings, show(outcome)).to.deep.equal([]);
    expect(outcome.inapplicable).to.equal(undefined);
    expect(outcome.notes.join('\n')).to.match(/walk: \d+ pages/);
    expect(outcome.evidence.some((e) => e.kind === 'http-exchanges')).to.equal(true);
  });

  it('finds the objects nms-paging-skips leaves out', async () => {
    const outcome = await sim.run(paging, 'nms-paging-skips');
    expect(outcome.findings.join('\n'), show(outcome)).to.match(/never returned \d+ of \d+/);
  });

  it('leaves nothing behind in the box', async () => {
    const server = await sim.start();
    await paging(simulatorContext(server));
    const store = server.stores.get('alice')!;
    expect(store.listFolders().filter((f) => f.name.startsWith('cpmct-paging'))).to.deep.equal([]);
  });
});

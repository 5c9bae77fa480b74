import { expect } from 'chai';
import { NMS_CHECKS } from '../../src/bindings/nms/checks/index.ts';
import { contextFor, show } from './helpers.ts';
import { startLaxStub } from './lax-stub.ts';
import { simulatorContext, useSimulator } from './simulator.ts';

const errorBodies = NMS_CHECKS['error-bodies']!;

describe('nms check: error-bodies', function () {
  this.timeout(20_000);
  const sim = useSimulator();

  it('holds on the reference store, cross-box probes included', async () => {
    const outcome = await sim.run(errorBodies);
    expect(outcome.findings, show(outcome)).to.deep.equal([]);
    expect(outcome.notes.join('\n')).to.match(/another user's box/);
  });

  it('runs without a second user and says so', async () => {
    const server = await sim.start();
    const outcome = await errorBodies(simulatorContext(server, undefined, ''));
    expect(outcome.findings, show(outcome)).to.deep.equal([]);
    expect(outcome.notes.join('\n')).to.match(/no second user/);
  });

  it("finds that nms-cross-box serves another user's box", async () => {
    const outcome = await sim.run(errorBodies, 'nms-cross-box');
    const found = outcome.findings.join('\n');
    expect(found, show(outcome)).to.match(/another user's box: POST .*\/bob\/objects/);
    expect(found).to.match(/-> 200/);
  });

  it('names every request a store that accepts everything gets wrong', async () => {
    const stub = sim.stopAfter(await startLaxStub());
    const outcome = await errorBodies(contextFor(stub.root, { otherRoot: stub.otherRoot }));
    const found = outcome.findings.join('\n');
    for (const what of [
      'malformed JSON: POST',
      'maxEntries of the wrong type',
      'unknown object: GET',
      'path traversal: GET',
      'body over 1 MiB',
      'unsupported method: PATCH',
      'no credentials: GET',
      "another user's box",
    ])
      expect(found, show(outcome)).to.include(what);
    expect(found).to.include('-> 200');
  });
});

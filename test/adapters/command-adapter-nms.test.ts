/**
 * The example NMS client adapter (examples/command-adapter-nms.ts driving the naive client of
 * examples/nms-naive-client.ts) through the command adapter, against the harness playing the
 * NMS store: client cases run end to end and judge it by what it sent.
 */
import { expect } from 'chai';
import { startTarget } from '../../src/targets/start-target.ts';
import { casesFor, executeCases } from '../../src/runner/execute.ts';
import { profile, settings, suites } from '../e2e/helpers.ts';

describe('command adapter: the example NMS client adapter', function () {
  this.timeout(60_000);

  it('passes client cases over NMS: deletions pushed, new objects fetched once', async () => {
    const ids = ['CLI-DEL-001', 'CLI-NEW-002'];
    const running = await startTarget(profile('command-nms-example'), { settings: settings() });
    try {
      const cases = casesFor(suites.cases, running.target, 'client').filter((c) =>
        ids.includes(c.definition.id),
      );
      expect(cases.map((c) => c.definition.id).sort()).to.deep.equal(ids);
      const results = await executeCases(cases, running.target);
      expect(results.map((r) => `${r.id}: ${r.verdict} ${r.reason}`.trim())).to.deep.equal(
        ids.map((id) => `${id}: pass`),
      );
      const evidence = results.flatMap((r) => r.evidence.map((e) => e.text)).join('\n');
      expect(evidence).to.match(
        /naive NMS client: phone syncs http:\/\/127\.0\.0\.1:\d+\/nms\/v1\//,
      );
      expect(evidence).to.match(/DELETE .*\/objects\//);
    } finally {
      await running.stop();
    }
  });
});

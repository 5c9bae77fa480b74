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

  it('passes client cases over NMS (deletions pushed, new objects fetched once), and fails the resetBox case it ignores', async () => {
    const ids = ['CLI-DEL-001', 'CLI-NEW-002', 'CLI-NMS-RESET-001'];
    const running = await startTarget(profile('command-nms-example'), { settings: settings() });
    try {
      const cases = casesFor(suites.cases, running.target, 'client').filter((c) =>
        ids.includes(c.definition.id),
      );
      expect(cases.map((c) => c.definition.id).sort()).to.deep.equal(ids);
      const results = await executeCases(cases, running.target);
      const byId = (id: string) => results.find((r) => r.id === id)!;
      const [deletion, fetchedOnce, reset] = ids.map(byId);
      for (const r of [deletion!, fetchedOnce!])
        expect(r.verdict, `${r.id}: ${r.reason}`).to.equal('pass');
      // The naive client takes the ids a resetBox voided as new objects: its pending flag
      // change goes to a void id, and it re-downloads what it held (3a, 3f, 3b).
      expect(reset!.verdict).to.equal('fail');
      expect(reset!.brokenClauses).to.include('SD-5.5.2.20-3a');
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

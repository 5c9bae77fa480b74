/**
 * A hostile NMS client (test/fixtures/hostile-nms-adapter.ts, through the command adapter)
 * sends malformed JSON and XML, an unknown id, a request into another user's box and a flood:
 * the store answers each with the spec's error, the store's side is kept as evidence, and the
 * case judges the client (fail on its clause), with no harness error and no hang.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import { startTarget } from '../../src/targets/start-target.ts';
import { PROJECT_ROOT } from '../../src/config/paths.ts';
import { casesFor, executeCases } from '../../src/runner/execute.ts';
import { profile, settings, suites } from './helpers.ts';

describe('e2e: a hostile NMS client is judged, the harness stands', function () {
  this.timeout(60_000);

  it('CLI-DEL-001 fails on the client; the store answered 400, 404, 403 and every search', async () => {
    const base = profile('reference-client-nms');
    const hostile = {
      ...base,
      name: 'hostile-nms-client',
      client: {
        adapter: 'command' as const,
        command: [
          'node',
          '--import',
          'tsx',
          join(PROJECT_ROOT, 'test/fixtures/hostile-nms-adapter.ts'),
        ],
      },
      dir: PROJECT_ROOT,
    };
    const running = await startTarget(hostile, { settings: settings() });
    try {
      const cases = casesFor(suites.cases, running.target, 'client').filter(
        (c) => c.definition.id === 'CLI-DEL-001',
      );
      const [result] = await executeCases(cases, running.target);
      expect(result!.verdict, result!.reason).to.equal('fail');
      expect(result!.brokenClauses.length).to.be.greaterThan(0);
      const trace = result!.evidence.find(
        (e) => e.label === "phone, as the harness's store saw it",
      );
      const statuses = (trace?.text ?? '').split('\n').map((l) => Number(/-> (\d+)$/.exec(l)?.[1]));
      expect(statuses.slice(0, 4)).to.deep.equal([400, 400, 404, 403]);
      // Each of its syncs: the four bad requests, then a flood of 40 searches, all answered.
      const syncs = statuses.filter((s) => s === 403).length;
      expect(syncs).to.be.greaterThan(0);
      expect(statuses.filter((s) => s === 200)).to.have.length(40 * syncs);
      expect(statuses).to.have.length(44 * syncs);
    } finally {
      await running.stop();
    }
  });
});

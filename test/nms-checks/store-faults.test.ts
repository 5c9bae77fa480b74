/**
 * A check whose own scratch folder or test object the store does not keep (or whose read
 * changes flags) names that operation's clause on its finding, not the rule it judges.
 */
import { expect } from 'chai';
import { NMS_CHECKS } from '../../src/bindings/nms/checks/index.ts';
import { show } from './helpers.ts';
import { useSimulator } from './simulator.ts';

const cases: Array<{ check: string; mutant: string; clause: string }> = [
  { check: 'paging', mutant: 'nms-create-folder-ignored', clause: 'SD-5.5.2.8' },
  { check: 'lastmodseq', mutant: 'nms-store-dropped', clause: 'SD-5.5.2.3' },
  { check: 'lastmodseq', mutant: 'nms-read-sets-seen', clause: 'SD-5.5.2.4' },
];

describe('nms checks: a store operation the check relies on, broken', function () {
  this.timeout(20_000);
  const sim = useSimulator();

  for (const { check, mutant, clause } of cases)
    it(`${check} on ${mutant}: one finding, on ${clause}`, async () => {
      const outcome = await sim.run(NMS_CHECKS[check]!, mutant);
      expect(outcome.findings, show(outcome)).to.have.length(1);
      expect(outcome.findingClauses, show(outcome)).to.deep.equal([clause]);
    });

  it('the same checks name no other clause on the reference store', async () => {
    for (const check of new Set(cases.map((c) => c.check))) {
      const outcome = await sim.run(NMS_CHECKS[check]!);
      expect(outcome.findings, show(outcome)).to.deep.equal([]);
      expect(outcome.findingClauses, show(outcome)).to.equal(undefined);
    }
  });
});

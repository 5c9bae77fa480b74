/**
 * Client conformance over NMS must be able to fail: every deliberately broken variant of the
 * reference NMS sync client is run through the client cases that apply over NMS (the harness
 * playing the NMS store), each on the cases citing its clause or a knock-on, and must be
 * judged broken by a case citing the clause it breaks. The matrix is kept in
 * reports/mutants/nms-client-kill-matrix.md.
 */
import { expect } from 'chai';
import {
  NMS_CLIENT_MUTANTS,
  NMS_CLIENT_MUTANT_NAMES,
} from '../../simulators/clients/nms/mutants.ts';
import { registry, suites } from '../e2e/helpers.ts';
import { judgedBrokenAnywhere, killMatrix } from './kill-matrix.ts';

describe('mutants: the reference NMS sync client, deliberately broken', function () {
  this.timeout(300_000);

  const nmsClientCases = suites.cases
    .filter((c) => c.definition.role === 'client' && c.definition.bindings.includes('nms'))
    .map((c) => c.definition.id);

  it('has at least 12 NMS client mutants, each naming a registered clause and NMS client cases', () => {
    expect(NMS_CLIENT_MUTANT_NAMES.length).to.be.greaterThanOrEqual(12);
    for (const [name, info] of Object.entries(NMS_CLIENT_MUTANTS)) {
      expect(registry.byId.has(info.clause), name).to.equal(true);
      const named: readonly string[] = 'cases' in info ? info.cases : [];
      expect(
        named.filter((id) => !nmsClientCases.includes(id)),
        name,
      ).to.deep.equal([]);
    }
  });

  const matrix = killMatrix({
    title: 'client, NMS',
    file: 'nms-client-kill-matrix',
    mutants: NMS_CLIENT_MUTANTS,
    role: 'client',
    profile: 'reference-client-nms',
    onlyCasesCiting: true,
  });

  it('every NMS client case fails on at least one NMS client mutant', async () => {
    const failing = judgedBrokenAnywhere(await matrix.allRows());
    const never = nmsClientCases.filter((id) => !failing.has(id));
    expect(never, 'NMS client cases no mutant makes fail').to.deep.equal([]);
  });
});

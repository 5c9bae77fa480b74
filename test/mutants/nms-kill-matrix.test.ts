/**
 * Every deliberately broken variant of the reference store's NMS front end must be killed
 * on the clause it breaks, by the same suites run over NMS. The matrix is kept in
 * reports/mutants/nms-kill-matrix.md.
 */
import { expect } from 'chai';
import { NMS_MUTANTS, NMS_MUTANT_NAMES } from '../../simulators/server/nms/mutants.ts';
import { registry, suites } from '../e2e/helpers.ts';
import { judgedBrokenAnywhere, killMatrix } from './kill-matrix.ts';

describe('mutants: the NMS reference store, deliberately broken', function () {
  this.timeout(300_000);

  it('has at least 10 NMS mutants, each naming a registered clause', () => {
    expect(NMS_MUTANT_NAMES.length).to.be.greaterThanOrEqual(10);
    for (const [name, info] of Object.entries(NMS_MUTANTS))
      expect(registry.byId.has(info.clause), name).to.equal(true);
  });

  const matrix = killMatrix({
    title: 'NMS',
    file: 'nms-kill-matrix',
    mutants: NMS_MUTANTS,
    role: 'server',
    profile: 'reference-nms',
  });

  it('every NMS server case fails on at least one NMS mutant (no case that cannot fail)', async () => {
    const failing = judgedBrokenAnywhere(await matrix.allRows());
    const never = suites.cases
      .filter((c) => c.definition.role === 'server' && c.definition.bindings.includes('nms'))
      .map((c) => c.definition.id)
      .filter((id) => !failing.has(id));
    expect(never, 'NMS cases no mutant makes fail').to.deep.equal([]);
  });
});

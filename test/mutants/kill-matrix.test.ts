/**
 * Every deliberately broken variant of the reference store's IMAP front end must be
 * killed: at least one case that cites the clause the mutant breaks must judge that
 * clause broken (fail or warn). The matrix is kept in reports/mutants/kill-matrix.md.
 */
import { expect } from 'chai';
import { SYNC_VARIANTS } from '../../simulators/clients/sync-variant.ts';
import { MUTANTS, MUTANT_NAMES } from '../../simulators/server/mutants.ts';
import { registry, suites } from '../e2e/helpers.ts';
import { judgedBrokenAnywhere, killMatrix } from './kill-matrix.ts';

describe('mutants: the IMAP reference store, deliberately broken', function () {
  this.timeout(300_000);

  it('has at least 12 mutants, each naming a registered clause', () => {
    expect(MUTANT_NAMES.length).to.be.greaterThanOrEqual(12);
    for (const name of MUTANT_NAMES) expect(registry.byId.has(MUTANTS[name].clause)).to.equal(true);
  });

  const matrix = killMatrix({
    title: 'IMAP',
    file: 'kill-matrix',
    mutants: MUTANTS,
    variants: SYNC_VARIANTS,
    role: 'server',
    profile: 'reference-imap',
  });

  it('every server case fails on at least one mutant (no case that cannot fail)', async () => {
    const failing = judgedBrokenAnywhere(await matrix.allRows());
    const never = suites.cases
      .filter((c) => c.definition.role === 'server' && c.definition.bindings.includes('imap'))
      .map((c) => c.definition.id)
      .filter((id) => !failing.has(id));
    expect(never, 'cases no mutant makes fail').to.deep.equal([]);
  });
});

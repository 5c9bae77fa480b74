/**
 * The reference store passes every server case under every sync variant of the reference
 * device, and a store's capabilities decide which variants a default run uses.
 */
import { expect } from 'chai';
import { SYNC_VARIANTS } from '../../simulators/clients/sync-variant.ts';
import { readCapabilities } from '../../src/targets/feature-probe.ts';
import { startTarget } from '../../src/targets/start-target.ts';
import { chooseVariants } from '../../src/targets/sync-variants.ts';
import { casesFor, executeCases } from '../../src/runner/execute.ts';
import { nonPass, profile, settings, suites } from './helpers.ts';

describe('e2e: the embedded simulator under every sync variant', function () {
  this.timeout(120_000);

  it('passes every IMAP server case under each variant', async () => {
    const running = await startTarget(profile('reference-imap'), { settings: settings() });
    try {
      // `notify` differs from `qresync` only in listening: the default run covers it.
      running.target.variants = SYNC_VARIANTS.filter((v) => v !== 'qresync' && v !== 'notify');
      const cases = casesFor(suites.cases, running.target, 'server');
      const results = await executeCases(cases, running.target);
      expect(results).to.have.length(cases.length * running.target.variants.length);
      expect(nonPass(results.map((r) => ({ ...r, id: `${r.id} [${r.variant}]` })))).to.deep.equal(
        [],
      );
    } finally {
      await running.stop();
    }
  });

  it('a store without CONDSTORE and QRESYNC gets the plain and per-sync variants by default', async () => {
    const p = profile('reference-imap');
    const declared = { ...p, features: { ...p.features, qresync: false, condstore: false } };
    const running = await startTarget(declared, {
      settings: settings(),
      disabledCapabilities: ['CONDSTORE', 'QRESYNC'],
    });
    try {
      const chosen = chooseVariants(undefined, await readCapabilities(running.target.factory));
      expect(chosen.variants).to.deep.equal(['plain', 'per-sync']);
      running.target.variants = chosen.variants;
      const only = (id: string) => /^SRV-(DELS|DELC|FLAG)-/.test(id);
      const cases = casesFor(suites.cases, running.target, 'server').filter((c) =>
        only(c.definition.id),
      );
      const results = await executeCases(cases, running.target);
      expect(results.length).to.be.greaterThan(0);
      expect(nonPass(results.filter((r) => r.verdict !== 'inapplicable'))).to.deep.equal([]);
      expect(results.some((r) => r.verdict === 'pass')).to.equal(true);
    } finally {
      await running.stop();
    }
  });
});

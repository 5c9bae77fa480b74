/** Every server case passes on the reference store (the embedded IMAP simulator). */
import { expect } from 'chai';
import { nonPass, profile, runAll } from './helpers.ts';

describe('e2e: the shipped suites against the embedded simulator', function () {
  this.timeout(120_000);

  it('passes every server case over IMAP', async () => {
    const results = await runAll(profile('reference-imap'));
    expect(results.length).to.be.greaterThanOrEqual(30);
    expect(nonPass(results)).to.deep.equal([]);
  });

  it('gives the same verdicts for the same seed', async () => {
    const only = (id: string) => id.startsWith('SRV-NEW') || id.startsWith('SRV-PART');
    const first = await runAll(profile('reference-imap'), {}, only);
    const second = await runAll(profile('reference-imap'), {}, only);
    expect(second.map((r) => `${r.id}:${r.verdict}`)).to.deep.equal(
      first.map((r) => `${r.id}:${r.verdict}`),
    );
  });

  it('marks cases inapplicable, not failed, when a capability is switched off and not declared', async () => {
    const p = profile('reference-imap');
    const withoutNotify = { ...p, features: { ...p.features, notifications: false } };
    const results = await runAll(
      withoutNotify,
      { disabledCapabilities: ['IDLE', 'NOTIFY'] },
      (id) => id.startsWith('SRV-NOTIF'),
    );
    expect(results.map((r) => r.verdict)).to.deep.equal([
      'inapplicable',
      'inapplicable',
      'inapplicable',
    ]);
  });

  it('fails a declared feature that the store does not offer, on the clause', async () => {
    const results = await runAll(
      profile('reference-imap'),
      { disabledCapabilities: ['IDLE', 'NOTIFY'] },
      (id) => id === 'SRV-NOTIF-001',
    );
    expect(results[0]?.verdict).to.equal('fail');
    expect(results[0]?.brokenClauses).to.include('SD-5.5.2.20-notify');
  });
});

/**
 * The same suites over NMS REST: every server case that names the nms binding passes on
 * the embedded simulator's NMS front end; the cross-binding case runs an IMAP device and
 * an NMS device against one model; and the HTTP traffic is in the case evidence.
 */
import { expect } from 'chai';
import { nonPass, profile, runAll, suites } from './helpers.ts';

describe('e2e: the shipped suites over NMS against the embedded simulator', function () {
  this.timeout(180_000);

  it('passes every server case that applies to NMS, the NMS-only and cross-binding ones included', async () => {
    const results = await runAll(profile('reference-nms'));
    const expected = suites.cases.filter(
      (c) => c.definition.role === 'server' && c.definition.bindings.includes('nms'),
    );
    expect(results.map((r) => r.id).sort()).to.deep.equal(
      expected.map((c) => c.definition.id).sort(),
    );
    expect(results.length).to.be.greaterThanOrEqual(40);
    expect(nonPass(results)).to.deep.equal([]);
    const ids = results.map((r) => r.id);
    expect(ids).to.include.members(['SRV-XB-001', 'SRV-NMS-PAGE-001', 'SRV-NMS-ERR-001']);
  });

  it('passes them too with devices on simplified sync and one object per search page', async () => {
    const p = profile('reference-nms');
    const results = await runAll({ ...p, nms: { ...p.nms, sync: 'simplified', pageSize: 1 } });
    expect(results.length).to.be.greaterThanOrEqual(40);
    expect(nonPass(results)).to.deep.equal([]);
  });

  it("keeps each device's HTTP exchanges, credentials redacted, in the evidence", async () => {
    const [result] = await runAll(profile('reference-nms'), {}, (id) => id === 'SRV-NEW-001');
    const http = result!.evidence.filter((e) => e.kind === 'http-exchanges');
    expect(http.length).to.be.greaterThan(0);
    const text = http.map((e) => e.text).join('\n');
    expect(text).to.match(/POST \S+\/objects\/operations\/search -> 200/);
    expect(text).not.to.include('alicepass');
    expect(text).not.to.include(Buffer.from('alice:alicepass').toString('base64'));
  });

  it('keeps the event lists the store posted to a device, as received requests', async () => {
    const [result] = await runAll(profile('reference-nms'), {}, (id) => id === 'SRV-NOTIF-001');
    const text = result!.evidence
      .filter((e) => e.kind === 'http-exchanges')
      .map((e) => e.text)
      .join('\n');
    expect(text).to.match(/received POST http:\/\/127\.0\.0\.1:\d+\/\S+ -> 204/);
    expect(text).to.include('"nmsEventList"');
  });

  it('shows an IMAP device and an NMS device converging through one store (both directions)', async () => {
    const [result] = await runAll(profile('reference-nms'), {}, (id) => id === 'SRV-XB-001');
    expect(result!.verdict, result!.reason).to.equal('pass');
    const kinds = new Set(result!.evidence.map((e) => e.kind));
    expect(kinds.has('imap-transcript') && kinds.has('http-exchanges')).to.equal(true);
  });

  it('gives the same verdicts for the same seed', async () => {
    const only = (id: string) => id.startsWith('SRV-NEW') || id.startsWith('SRV-NMS');
    const first = await runAll(profile('reference-nms'), {}, only);
    const second = await runAll(profile('reference-nms'), {}, only);
    expect(second.map((r) => `${r.id}:${r.verdict}`)).to.deep.equal(
      first.map((r) => `${r.id}:${r.verdict}`),
    );
  });

  it('judges the binding checks inconclusive, not passed, where the store offers no server control', async () => {
    const p = profile('reference-nms');
    const results = await runAll(
      { ...p, features: { ...p.features, 'server-control': false } },
      {},
      (id) => id === 'SRV-NMS-EXP-001' || id === 'SRV-NMS-RESET-001',
    );
    expect(results.map((r) => r.verdict)).to.deep.equal(['inapplicable', 'inapplicable']);
  });
});

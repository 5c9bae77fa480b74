/**
 * Client conformance over NMS REST: the harness plays the NMS store over a real HTTP socket
 * and judges cpmct's reference NMS client; every client case bound to NMS passes, NMS-only
 * ones included, and the store's trace attributes each request to the device that sent it.
 */
import { expect } from 'chai';
import { startTarget } from '../../src/targets/start-target.ts';
import type { CaseResult } from '../../src/engine/result.ts';
import { casesFor, executeCases } from '../../src/runner/execute.ts';
import { profile, settings, suites } from './helpers.ts';

describe('e2e: client conformance over NMS (reference client)', function () {
  this.timeout(60_000);
  let results: CaseResult[];
  let nmsCases: string[];

  before(async () => {
    nmsCases = suites.cases
      .filter((c) => c.definition.role === 'client' && c.definition.bindings.includes('nms'))
      .map((c) => c.definition.id);
    const running = await startTarget(profile('reference-client-nms'), { settings: settings() });
    try {
      const cases = casesFor(suites.cases, running.target, 'client');
      results = await executeCases(cases, running.target);
    } finally {
      await running.stop();
    }
  });

  it('runs every client case bound to NMS (at least 15, NMS-only ones included) and each passes', () => {
    expect(results.map((r) => r.id).sort()).to.deep.equal([...nmsCases].sort());
    expect(results.length).to.be.greaterThanOrEqual(15);
    const nmsOnly = suites.cases.filter(
      (c) => c.definition.role === 'client' && c.definition.bindings.join() === 'nms',
    );
    expect(nmsOnly.length).to.be.greaterThanOrEqual(5);
    expect(
      results.filter((r) => r.verdict !== 'pass').map((r) => `${r.id}: ${r.verdict}: ${r.reason}`),
    ).to.deep.equal([]);
  });

  it("keeps the store's side of each device's requests as evidence, credentials redacted", () => {
    const listing = results.find((r) => r.id === 'CLI-LIST-001')!;
    const trace = listing.evidence.find((e) => e.label === "phone, as the harness's store saw it");
    expect(trace?.kind).to.equal('http-exchanges');
    const lines = (trace?.text ?? '').split('\n');
    expect(lines.every((l) => / #phone C: (GET|POST|PUT|DELETE) \/nms\/v1\//.test(l))).to.equal(
      true,
    );
    expect(lines.some((l) => l.includes('/folders/operations/search'))).to.equal(true);
    const all = JSON.stringify(results.map((r) => r.evidence));
    expect(all).to.not.contain('alicepass');
  });
});

/**
 * Client conformance must be able to fail: every deliberately broken variant of the
 * reference client is run through the client suites (the harness playing the store) and
 * must be judged broken by a case citing the clause it breaks. The matrix is kept in
 * reports/mutants/client-kill-matrix.md.
 */
import { expect } from 'chai';
import { CLIENT_MUTANTS } from '../../simulators/clients/mutants.ts';
import { startTarget } from '../../src/targets/start-target.ts';
import type { CaseResult } from '../../src/engine/result.ts';
import { casesFor, executeCases } from '../../src/runner/execute.ts';
import { profile, settings, suites } from '../e2e/helpers.ts';
import { judgedBrokenAnywhere, killMatrix } from './kill-matrix.ts';

async function runClientSuite(clientMutant?: string): Promise<CaseResult[]> {
  const running = await startTarget(profile('reference-client-imap'), {
    settings: settings(),
    ...(clientMutant ? { clientMutant } : {}),
  });
  try {
    return await executeCases(casesFor(suites.cases, running.target, 'client'), running.target);
  } finally {
    await running.stop();
  }
}

describe('mutants: the reference sync client, deliberately broken', function () {
  this.timeout(300_000);
  it('the unbroken reference client passes every client case', async () => {
    const results = await runClientSuite();
    expect(results.length).to.be.greaterThanOrEqual(12);
    expect(
      results.filter((r) => r.verdict !== 'pass').map((r) => `${r.id}: ${r.reason}`),
    ).to.deep.equal([]);
  });

  const matrix = killMatrix({
    title: 'client, IMAP',
    file: 'client-kill-matrix',
    mutants: CLIENT_MUTANTS,
    role: 'client',
    profile: 'reference-client-imap',
  });

  it('every client case fails on at least one client mutant', async () => {
    const failing = judgedBrokenAnywhere(await matrix.allRows());
    const never = suites.cases
      .filter((c) => c.definition.role === 'client' && c.definition.bindings.includes('imap'))
      .map((c) => c.definition.id)
      .filter((id) => !failing.has(id));
    expect(never).to.deep.equal([]);
  });
});

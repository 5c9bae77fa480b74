/**
 * Client conformance must be able to fail: every deliberately broken variant of the
 * reference client is run through the client suites (the harness playing the store) and
 * must be judged broken by a case citing the clause it breaks. The matrix is kept in
 * reports/mutants/client-kill-matrix.md.
 */
import { expect } from 'chai';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLIENT_MUTANTS } from '../../simulators/clients/mutants.ts';
import { PROJECT_ROOT } from '../../src/cli/paths.ts';
import { startTarget } from '../../src/cli/targets.ts';
import type { CaseResult } from '../../src/engine/result.ts';
import { casesFor, executeCases } from '../../src/runner/execute.ts';
import { profile, settings, suites } from '../e2e/helpers.ts';

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
  const rows: Array<{ mutant: string; clause: string; killers: string[]; other: string[] }> = [];

  after(() => {
    const dir = join(PROJECT_ROOT, 'reports', 'mutants');
    mkdirSync(dir, { recursive: true });
    const lines = [
      '| client mutant | clause it breaks | killed by | other non-pass cases |',
      '|---|---|---|---|',
      ...rows.map(
        (r) =>
          `| ${r.mutant} | ${r.clause} | ${r.killers.join(' ') || '**survived**'} | ${r.other.length} |`,
      ),
    ];
    writeFileSync(
      join(dir, 'client-kill-matrix.md'),
      `# Client mutant kill matrix (IMAP)\n\n${lines.join('\n')}\n`,
    );
    console.log(`\n${lines.join('\n')}\n(kept in reports/mutants/client-kill-matrix.md)`);
  });

  it('the unbroken reference client passes every client case', async () => {
    const results = await runClientSuite();
    expect(results.length).to.be.greaterThanOrEqual(12);
    expect(
      results.filter((r) => r.verdict !== 'pass').map((r) => `${r.id}: ${r.reason}`),
    ).to.deep.equal([]);
  });

  for (const [mutant, info] of Object.entries(CLIENT_MUTANTS)) {
    it(`${mutant} is killed on ${info.clause}`, async () => {
      const results = await runClientSuite(mutant);
      const killers = results
        .filter(
          (r) =>
            (r.verdict === 'fail' || r.verdict === 'warn') && r.brokenClauses.includes(info.clause),
        )
        .map((r) => r.id);
      rows.push({
        mutant,
        clause: info.clause,
        killers,
        other: results
          .filter((r) => r.verdict !== 'pass' && !killers.includes(r.id))
          .map((r) => r.id),
      });
      expect(results.filter((r) => r.verdict === 'error').map((r) => r.reason)).to.deep.equal([]);
      expect(killers, `${mutant} survived`).to.have.length.greaterThan(0);
    });
  }

  it('every client case fails on at least one client mutant', () => {
    const failing = new Set(rows.flatMap((r) => [...r.killers, ...r.other]));
    const never = suites.cases
      .filter((c) => c.definition.role === 'client')
      .map((c) => c.definition.id)
      .filter((id) => !failing.has(id));
    expect(never).to.deep.equal([]);
  });
});

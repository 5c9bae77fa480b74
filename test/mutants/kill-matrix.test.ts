/**
 * Every deliberately broken variant of the reference store must be killed: at least one
 * case that cites the clause the mutant breaks must judge that clause broken (fail or
 * warn). The kill matrix (mutant × killing cases) is printed and kept in reports/mutants/.
 */
import { expect } from 'chai';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MUTANTS, MUTANT_NAMES } from '../../simulators/server/mutants.ts';
import { PROJECT_ROOT } from '../../src/cli/paths.ts';
import type { CaseResult } from '../../src/engine/result.ts';
import { profile, runAll, suites } from '../e2e/helpers.ts';

interface Row {
  mutant: string;
  clause: string;
  killers: string[];
  otherFailures: string[];
}

describe('mutants: the IMAP reference store, deliberately broken', function () {
  this.timeout(300_000);
  const rows: Row[] = [];

  after(() => {
    const dir = join(PROJECT_ROOT, 'reports', 'mutants');
    mkdirSync(dir, { recursive: true });
    const lines = [
      '| mutant | clause it breaks | killed by (cases judging that clause broken) | other non-pass cases |',
      '|---|---|---|---|',
      ...rows.map(
        (r) =>
          `| ${r.mutant} | ${r.clause} | ${r.killers.join(' ') || '**survived**'} | ${r.otherFailures.length} |`,
      ),
    ];
    writeFileSync(
      join(dir, 'kill-matrix.md'),
      `# Mutant kill matrix (IMAP)\n\n${lines.join('\n')}\n`,
    );
    writeFileSync(join(dir, 'kill-matrix.json'), JSON.stringify(rows, null, 2) + '\n');
    console.log(`\n${lines.join('\n')}\n(kept in reports/mutants/kill-matrix.md)`);
  });

  it('has at least 12 mutants, each naming a registered clause', () => {
    expect(MUTANT_NAMES.length).to.be.greaterThanOrEqual(12);
  });

  for (const mutant of MUTANT_NAMES) {
    const info = MUTANTS[mutant];
    it(`${mutant} is killed on ${info.clause}`, async () => {
      const results = await runAll(profile('reference-imap'), { mutant });
      const killers = results.filter((r) => judgedBroken(r, info.clause)).map((r) => r.id);
      const errors = results
        .filter((r) => r.verdict === 'error')
        .map((r) => `${r.id}: ${r.reason}`);
      rows.push({
        mutant,
        clause: info.clause,
        killers,
        otherFailures: results
          .filter((r) => r.verdict !== 'pass' && !killers.includes(r.id))
          .map((r) => r.id),
      });
      expect(errors, 'no harness error on a mutant').to.deep.equal([]);
      expect(
        killers,
        `${mutant} survived: no case judged ${info.clause} broken`,
      ).to.have.length.greaterThan(0);
    });
  }

  it('every server case fails on at least one mutant (no case that cannot fail)', () => {
    const failing = judgedBrokenAnywhere(rows);
    const never = suites.cases
      .filter((c) => c.definition.role === 'server' && c.definition.bindings.includes('imap'))
      .map((c) => c.definition.id)
      .filter((id) => !failing.has(id));
    expect(never, 'cases no mutant makes fail').to.deep.equal([]);
  });
});

function judgedBrokenAnywhere(rows: Row[]): Set<string> {
  return new Set(rows.flatMap((r) => [...r.killers, ...r.otherFailures]));
}

function judgedBroken(result: CaseResult, clause: string): boolean {
  return (
    (result.verdict === 'fail' || result.verdict === 'warn') &&
    result.brokenClauses.includes(clause)
  );
}

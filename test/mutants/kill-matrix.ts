/**
 * The kill-matrix harness shared by the store and client mutant tests: each mutant runs
 * the suites, must be judged broken (fail or warn) on the clause it breaks by at least
 * one case citing it, and must cause no harness error. The matrix is printed and kept in
 * reports/mutants/<file>.md and .json.
 */
import { expect } from 'chai';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/cli/paths.ts';
import type { CaseResult } from '../../src/engine/result.ts';

export interface KillRow {
  mutant: string;
  clause: string;
  killers: string[];
  otherFailures: string[];
}

export interface KillMatrixSpec {
  /** e.g. "IMAP": the matrix's heading. */
  title: string;
  /** File name (no extension) under reports/mutants/. */
  file: string;
  mutants: Record<string, { clause: string }>;
  /** Runs the suites with the mutant. */
  run(mutant: string): Promise<CaseResult[]>;
}

/** Defines one `it` per mutant; returns the rows, filled as the tests run. */
export function killMatrix(spec: KillMatrixSpec): KillRow[] {
  const rows: KillRow[] = [];
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
      join(dir, `${spec.file}.md`),
      `# Mutant kill matrix (${spec.title})\n\n${lines.join('\n')}\n`,
    );
    writeFileSync(join(dir, `${spec.file}.json`), JSON.stringify(rows, null, 2) + '\n');
    console.log(`\n${lines.join('\n')}\n(kept in reports/mutants/${spec.file}.md)`);
  });
  for (const [mutant, info] of Object.entries(spec.mutants)) {
    it(`${mutant} is killed on ${info.clause}`, async () => {
      const results = await spec.run(mutant);
      const killers = results.filter((r) => judgedBroken(r, info.clause)).map((r) => r.id);
      rows.push({
        mutant,
        clause: info.clause,
        killers,
        otherFailures: results
          .filter((r) => r.verdict !== 'pass' && !killers.includes(r.id))
          .map((r) => r.id),
      });
      const errors = results
        .filter((r) => r.verdict === 'error')
        .map((r) => `${r.id}: ${r.reason}`);
      expect(errors, 'no harness error on a mutant').to.deep.equal([]);
      expect(
        killers,
        `${mutant} survived: no case judged ${info.clause} broken`,
      ).to.have.length.greaterThan(0);
    });
  }
  return rows;
}

/** Cases that some mutant made fail (as killer or otherwise). */
export function judgedBrokenAnywhere(rows: KillRow[]): Set<string> {
  return new Set(rows.flatMap((r) => [...r.killers, ...r.otherFailures]));
}

function judgedBroken(result: CaseResult, clause: string): boolean {
  return (
    (result.verdict === 'fail' || result.verdict === 'warn') &&
    result.brokenClauses.includes(clause)
  );
}

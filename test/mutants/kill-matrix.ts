/**
 * The kill-matrix harness shared by the store and client mutant tests. Each mutant runs the
 * full applicable suites (every case to its end, so precision stays measurable), under
 * each sync variant its path needs, side by side with other mutants (bounded concurrency,
 * pool.ts). Two tests per mutant:
 * - killed: at least one case judged the mutant's clause broken (fail or warn), and no
 *   harness error;
 * - precise: no clause failed in the run outside the mutant's clause and its documented
 *   `knockOn` clauses.
 * The matrix (kill rate, precision, per-mutant rows) is printed and kept in
 * reports/mutants/<file>.md and .json.
 */
import { expect } from 'chai';
import { suites } from '../e2e/helpers.ts';
import { writeMatrix } from './kill-report.ts';
import type { MutantJob } from './mutant-job.ts';
import type { Settled } from './pool.ts';
import { matrixEnds, matrixStarts, register } from './schedule.ts';
import {
  failedAnywhere,
  killRow,
  type CaseOutcome,
  type KillRow,
  type MutantExpectation,
} from './precision.ts';

export interface KillMatrixSpec {
  /** e.g. "IMAP": the matrix's heading. */
  title: string;
  /** File name (no extension) under reports/mutants/. */
  file: string;
  mutants: Readonly<Record<string, MutantExpectation>>;
  /**
   * The sync variants a run can take. A mutant with a `variants` hint runs those of them
   * (the paths its deviation lives on); one without runs once, on the target's default path.
   */
  variants?: readonly string[];
  /** Which suites run (server or client role), against which embedded profile. */
  role: MutantJob['role'];
  profile: string;
  /** Relative cost of one run (default 1): heavier jobs are started first. */
  jobWeight?: number;
  /**
   * Run each mutant only on the cases that can kill it (its `cases` hint, else the cases
   * citing its clause), to keep a large matrix cheap; precision is then judged on those
   * cases. Default: every case of the role.
   */
  onlyCasesCiting?: boolean;
}

/** The ids of the cases a mutant runs (its `cases`, else those citing its clause); undefined = all. */
function casesOf(spec: KillMatrixSpec, info: MutantExpectation): string[] | undefined {
  if (!spec.onlyCasesCiting) return undefined;
  if (info.cases) return [...info.cases];
  return suites.cases
    .filter((c) => c.definition.role === spec.role && c.definition.clauses.includes(info.clause))
    .map((c) => c.definition.id);
}

function variantsOf(spec: KillMatrixSpec, info: MutantExpectation): Array<string | undefined> {
  const chosen = info.variants?.filter((v) => spec.variants?.includes(v)) ?? [];
  return chosen.length ? chosen : [undefined];
}

export interface KillMatrix {
  /** Every mutant's row, once all runs are done. */
  allRows(): Promise<KillRow[]>;
}

/** Defines the tests of each mutant; the rows are computed as the runs finish. */
export function killMatrix(spec: KillMatrixSpec): KillMatrix {
  const rows: KillRow[] = [];
  const names = Object.keys(spec.mutants);
  const runs = new Map<string, Promise<Settled<CaseOutcome[]>>[]>();

  for (const mutant of names) {
    const cases = casesOf(spec, spec.mutants[mutant]!);
    const jobs: MutantJob[] = variantsOf(spec, spec.mutants[mutant]!).map((variant) => ({
      role: spec.role,
      profile: spec.profile,
      mutant,
      ...(variant !== undefined ? { variant } : {}),
      ...(cases ? { cases } : {}),
    }));
    runs.set(
      mutant,
      jobs.map((job) => register(spec.file, job, spec.jobWeight)),
    );
  }

  before(() => matrixStarts(spec.file));

  after(async () => {
    await matrixEnds();
    if (rows.length === 0) return;
    const ordered = names.flatMap((n) => rows.filter((r) => r.mutant === n));
    const note = spec.onlyCasesCiting
      ? 'Each mutant ran only the cases that can kill it: those it names (`cases`), else those citing its clause.'
      : undefined;
    const markdown = writeMatrix(spec.file, spec.title, ordered, spec.mutants, note);
    console.log(`\n${markdown}\n(kept in reports/mutants/${spec.file}.md)`);
  });

  const rowOf = memo(async (mutant: string): Promise<KillRow> => {
    const info = spec.mutants[mutant]!;
    const settled = await Promise.all(runs.get(mutant) ?? []);
    const outcomes: CaseOutcome[] = [];
    for (const s of settled) {
      if (!s.ok) throw s.error;
      outcomes.push(...s.value);
    }
    const variants = variantsOf(spec, info).filter((v): v is string => v !== undefined);
    const row = killRow(mutant, info, variants, outcomes);
    rows.push(row);
    return row;
  });

  for (const [mutant, info] of Object.entries(spec.mutants)) {
    it(`${mutant} is killed on ${info.clause}`, async () => {
      const row = await rowOf(mutant);
      expect(row.errors, 'no harness error on a mutant').to.deep.equal([]);
      expect(row.killed, `${mutant} survived: no case judged ${info.clause} broken`).to.equal(true);
    });
    it(`${mutant} fails no clause outside ${info.clause} and its knock-ons`, async () => {
      const row = await rowOf(mutant);
      expect(
        row.unexpected.map((u) => `${u.clause}: ${u.cases.join(' ')}`),
        `${mutant}: clauses failed outside its expected set`,
      ).to.deep.equal([]);
    });
  }
  return { allRows: () => Promise.all(names.map(rowOf)) };
}

/** Cases that some mutant made fail or warn. */
export { failedAnywhere as judgedBrokenAnywhere };

function memo<T>(compute: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const cache = new Map<string, Promise<T>>();
  return (key) => {
    let value = cache.get(key);
    if (!value) cache.set(key, (value = compute(key)));
    return value;
  };
}

/**
 * The kill matrix as people and tools read it: reports/mutants/<file>.md (kill rate,
 * precision, one row per mutant, the documented knock-on clauses) and <file>.json (the
 * summary and the rows).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/config/paths.ts';
import { summarise, type KillRow, type MutantExpectation } from './precision.ts';

const percent = (n: number, of: number) => (of === 0 ? '-' : `${Math.round((100 * n) / of)} %`);
const list = (xs: string[]) => xs.join(' ') || '-';

function matrixMarkdown(
  title: string,
  rows: KillRow[],
  mutants: Readonly<Record<string, MutantExpectation>>,
  note?: string,
): string {
  const s = summarise(rows);
  const table = [
    '| mutant | clause it breaks | killed | killed by | clauses failed | unexpected clauses (cases) | other non-pass |',
    '|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.mutant}${r.variants.length ? ` [${r.variants.join(', ')}]` : ''} | ${r.clause} | ` +
        `${r.killed ? (r.killers.length ? 'yes' : 'detected (inconclusive)') : '**survived**'} | ${list(r.killers)} | ` +
        `${list(r.clausesFailed)} | ${list(r.unexpected.map((u) => `**${u.clause}** (${u.cases.join(' ')})`))} | ` +
        `${r.otherNonPass.length} |`,
    ),
  ];
  const knockOns = Object.entries(mutants).flatMap(([mutant, info]) =>
    Object.entries(info.knockOn ?? {}).map(([clause, why]) => `| ${mutant} | ${clause} | ${why} |`),
  );
  return [
    `# Mutant kill matrix (${title})`,
    '',
    `Kill rate: ${s.killed}/${s.mutants} (${percent(s.killed, s.mutants)}) · ` +
      `precision: ${s.precise}/${s.mutants} (${percent(s.precise, s.mutants)}) of the mutants fail no clause ` +
      'outside the one they break and its documented knock-ons.',
    '',
    "`clauses failed` is the union of `brokenClauses` over the run's fail and warn cases; " +
      'a mutant shown with [variants] ran only under those sync variants.',
    ...(note ? ['', note] : []),
    '',
    ...table,
    '',
    '## Documented knock-on clauses',
    '',
    ...(knockOns.length
      ? ['| mutant | clause | why the mutant breaks it too |', '|---|---|---|', ...knockOns]
      : ['None.']),
    '',
  ].join('\n');
}

export function writeMatrix(
  file: string,
  title: string,
  rows: KillRow[],
  mutants: Readonly<Record<string, MutantExpectation>>,
  note?: string,
): string {
  const dir = join(PROJECT_ROOT, 'reports', 'mutants');
  mkdirSync(dir, { recursive: true });
  const markdown = matrixMarkdown(title, rows, mutants, note);
  writeFileSync(join(dir, `${file}.md`), markdown);
  writeFileSync(
    join(dir, `${file}.json`),
    JSON.stringify({ title, summary: summarise(rows), rows }, null, 2) + '\n',
  );
  return markdown;
}

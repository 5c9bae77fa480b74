/** `cpmct clauses`: the registry, where the seeds disagree, and which cases cover each clause. */
import { loadClauses } from '../clauses/registry.ts';
import { loadSuites } from '../scenario/load.ts';
import { CLAUSES_FILE, DEFAULT_SUITES } from '../config/paths.ts';
import { coverageTable } from './coverage.ts';
import { EXIT } from './usage.ts';

export async function clausesCommand(values: Record<string, unknown>): Promise<number> {
  const registry = loadClauses(CLAUSES_FILE);
  const suites = loadSuites((values.suites as string[] | undefined) ?? [DEFAULT_SUITES], registry);
  for (const clause of registry.clauses) {
    console.log(`${clause.id}  [${clause.level}, ${clause.side}]  ${clause.title}`);
    console.log(
      `    ${registry.seeds[clause.seed]?.file ?? clause.seed} ${clause.section}: ${clause.paraphrase}`,
    );
  }
  console.log('\nwhere the seeds disagree:');
  for (const d of registry.disagreements) console.log(`  ${d.clauses.join(' vs ')}: ${d.note}`);
  console.log('\ncoverage:');
  console.log(coverageTable(registry, suites.cases).text);
  return EXIT.ok;
}

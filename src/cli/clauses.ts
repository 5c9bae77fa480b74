/** `cpmct clauses`: the registry, where the seeds disagree, and which cases cover each clause. */
import { clauseSets } from '../clauses/clause-sets.ts';
import { loadSuites } from '../scenario/load.ts';
import { suiteSources } from '../scenario/suite-sources.ts';
import { coverageTable } from './coverage.ts';
import { EXIT } from './usage.ts';

export async function clausesCommand(values: Record<string, unknown>): Promise<number> {
  const { paths, registry } = suiteSources(values.suites as string[] | undefined);
  const suites = loadSuites(paths, registry);
  for (const clause of registry.clauses) {
    console.log(`${clause.id}  [${clause.level}, ${clause.side}]  ${clause.title}`);
    console.log(
      `    ${registry.seeds[clause.seed]?.file ?? clause.seed} ${clause.section}: ${clause.paraphrase}`,
    );
  }
  console.log('\nwhere the seeds disagree:');
  for (const d of registry.disagreements) console.log(`  ${d.clauses.join(' vs ')}: ${d.note}`);
  console.log('\nclause sets (cpmct run --clause-set NAME):');
  for (const set of clauseSets(registry)) console.log(`  ${set.name}: ${set.description}`);
  console.log('\ncoverage:');
  console.log(coverageTable(registry, suites.cases).text);
  return EXIT.ok;
}

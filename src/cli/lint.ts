/**
 * `cpmct lint`: validate suites, clause references and profiles; print the coverage table.
 *
 * A YAML file is linted as a profile or as a case by what it holds, wherever it is kept
 * (profile-kind.ts). The clause coverage table (and its exit 1 for an uncovered server
 * SHALL clause) concerns suites: it is printed only when cases were linted, so
 * `cpmct lint my/profile.yaml` says only whether the profile is valid.
 */
import { formatProblems, type Problem } from '../config/validate.ts';
import { validateProfile } from '../profiles/profile.ts';
import { findCaseFiles, loadSuites } from '../scenario/load.ts';
import { PROFILES_DIR } from '../config/paths.ts';
import { suiteSources } from '../scenario/suite-sources.ts';
import { coverageTable } from './coverage.ts';
import { isProfileFile } from '../profiles/profile-kind.ts';
import { EXIT } from './usage.ts';

export async function lintCommand(
  values: Record<string, unknown>,
  positionals: string[],
): Promise<number> {
  const sources = suiteSources(values.suites as string[] | undefined);
  const registry = sources.registry;
  const paths = positionals.length ? positionals : [...sources.paths, PROFILES_DIR];
  const files = findCaseFiles(paths);
  const profileFiles = files.filter((f) => isProfileFile(f));
  const caseFiles = files.filter((f) => !profileFiles.includes(f));
  const suites = loadSuites(caseFiles, registry);
  const problems: Problem[] = [...suites.problems];
  for (const file of profileFiles) problems.push(...validateProfile(file).problems);
  if (problems.length) {
    console.error(formatProblems(problems));
    console.error(`cpmct lint: ${problems.length} problem(s)`);
    return EXIT.usage;
  }
  if (caseFiles.length === 0) {
    console.log(`cpmct lint: ${profileFiles.length} profile(s), no problem`);
    return EXIT.ok;
  }
  const table = coverageTable(registry, suites.cases);
  console.log(table.text);
  console.log(
    `cpmct lint: ${suites.cases.length} cases, ${profileFiles.length} profiles, ${table.uncoveredServerShall.length} server SHALL clause(s) uncovered`,
  );
  return table.uncoveredServerShall.length ? EXIT.failures : EXIT.ok;
}

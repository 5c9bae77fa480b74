/** `cpmct lint`: validate suites, clause references and profiles; print the coverage table. */
import { statSync } from 'node:fs';
import { loadClauses } from '../clauses/registry.ts';
import { formatProblems, type Problem } from '../config/validate.ts';
import { loadProfile } from '../profiles/profile.ts';
import { loadSuites } from '../scenario/load.ts';
import { findCaseFiles } from '../scenario/load.ts';
import { CLAUSES_FILE, DEFAULT_SUITES, PROFILES_DIR } from './paths.ts';
import { coverageTable } from './coverage.ts';
import { EXIT } from './usage.ts';

export async function lintCommand(
  _values: Record<string, unknown>,
  positionals: string[],
): Promise<number> {
  const registry = loadClauses(CLAUSES_FILE);
  const paths = positionals.length ? positionals : [DEFAULT_SUITES, PROFILES_DIR];
  const profileFiles = findCaseFiles(paths).filter((f) => isProfile(f));
  const suitePaths = paths.filter((p) => !isProfileDir(p));
  const suites = loadSuites(
    suitePaths.flatMap((p) => findCaseFiles([p]).filter((f) => !isProfile(f))),
    registry,
  );
  const problems: Problem[] = [...suites.problems];
  for (const file of profileFiles) {
    try {
      loadProfile(file);
    } catch (error) {
      const lines = (error as { problems?: Problem[] }).problems;
      if (lines) problems.push(...lines);
      else problems.push({ file, line: 0, col: 0, message: (error as Error).message });
    }
  }
  if (problems.length) {
    console.error(formatProblems(problems));
    console.error(`cpmct lint: ${problems.length} problem(s)`);
    return EXIT.usage;
  }
  const table = coverageTable(registry, suites.cases);
  console.log(table.text);
  console.log(
    `cpmct lint: ${suites.cases.length} cases, ${profileFiles.length} profiles, ${table.uncoveredServerShall.length} server SHALL clause(s) uncovered`,
  );
  return table.uncoveredServerShall.length ? EXIT.failures : EXIT.ok;
}

function isProfileDir(path: string): boolean {
  return (
    /(^|\/)profiles\/?$/.test(path) &&
    (statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false)
  );
}

function isProfile(file: string): boolean {
  return /(^|\/)profiles\//.test(file);
}

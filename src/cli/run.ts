/** `cpmct run`: every selected case against every profile's IUT, then the reports. */
import { join, resolve } from 'node:path';
import {
  LATEST_CLAUSE_SET,
  findClauseSet,
  readCases,
  readRegistry,
} from '../clauses/clause-sets.ts';
import { CLAUSES_FILE, PROFILES_DIR } from '../config/paths.ts';
import { formatProblems } from '../config/validate.ts';
import type { RunResult } from '../engine/result.ts';
import { VERDICTS } from '../engine/result.ts';
import { loadProfile } from '../profiles/profile.ts';
import { recordingFor } from '../recording/run-recording.ts';
import { runInputsOf, writeRunInputs } from '../recording/run-inputs.ts';
import { parseFormats, writeReports } from '../reporting/registry.ts';
import { clauseCoverage, coverageLine } from '../reporting/text.ts';
import { selectCases } from '../runner/execute.ts';
import {
  baselineConsoleLines,
  baselineExitCode,
  compareWithBaseline,
  loadBaseline,
} from '../runner/baseline.ts';
import { ReportInputError } from '../reporting/read-run-report.ts';
import { suiteHashOf } from '../runner/suite-hash.ts';
import { loadSuites } from '../scenario/load.ts';
import { suiteSources } from '../scenario/suite-sources.ts';
import { runProfiles } from '../targets/run-profiles.ts';
import { parseVariants } from '../targets/sync-variants.ts';
import { EXIT, UsageError } from './usage.ts';

export const DEFAULT_PROFILES = [
  join(PROFILES_DIR, 'reference-imap.yaml'),
  join(PROFILES_DIR, 'reference-nms.yaml'),
  join(PROFILES_DIR, 'reference-client-imap.yaml'),
  join(PROFILES_DIR, 'reference-client-nms.yaml'),
];
export const DEFAULT_SEED = 1;

export async function runCommand(values: Record<string, unknown>): Promise<number> {
  const strict = Boolean(values.strict);
  const formats = parseFormats((values.format as string | undefined) ?? 'json,junit,html,md');
  const out = resolve((values.out as string | undefined) ?? 'reports/latest');
  let baseline;
  try {
    baseline = values.baseline === undefined ? undefined : loadBaseline(values.baseline as string);
  } catch (error) {
    if (!(error instanceof ReportInputError)) throw error;
    console.error(`cpmct: --baseline: ${error.message}`);
    return EXIT.usage;
  }
  const sources = suiteSources(values.suites as string[] | undefined);
  const clauses = sources.registry;
  const clauseSet = findClauseSet(
    clauses,
    (values['clause-set'] as string | undefined) ?? LATEST_CLAUSE_SET,
  );
  const registry = readRegistry(clauses, clauseSet);
  const suites = loadSuites(sources.paths, clauses);
  if (suites.problems.length) {
    console.error(formatProblems(suites.problems));
    return EXIT.usage;
  }
  const only = (values.only as string[] | undefined) ?? [];
  const selected = readCases(selectCases(suites.cases, only), clauses, clauseSet);
  if (selected.length === 0) throw new UsageError(`--only ${only.join(' ')} selects no case`);
  const variants = parseVariants(values.variants as string | undefined);
  let profiles = ((values.profile as string[] | undefined) ?? DEFAULT_PROFILES).map((f) =>
    loadProfile(f),
  );
  const loadedProfiles = profiles;
  const recording = await recordingFor(values, profiles, variants);
  if (recording) profiles = [recording.profile];
  const seed =
    values.seed === undefined && recording?.seed !== undefined
      ? recording.seed
      : parseSeed(values.seed as string | undefined);

  const run = await runProfiles(
    {
      profiles,
      cases: selected,
      registry,
      seed,
      strict,
      variants,
      reporter: (values.reporter as string | undefined) ?? 'spec',
      recording,
    },
    (line) => console.log(`cpmct: ${line}`),
  );
  run.clauseSet = clauseSet.name;
  if (baseline) run.baseline = compareWithBaseline(run, baseline.run, baseline.file);
  const inputs = runInputsOf(run, {
    variants,
    only,
    profiles: loadedProfiles,
    suites: sources.paths,
    clausesFile: CLAUSES_FILE,
    recordFile: (values.record ?? values['record-http']) as string | undefined,
  });
  run.suiteHash = suiteHashOf(inputs);
  const files = await writeReports(run, out, formats);
  await writeRunInputs(out, inputs);
  console.log(summaryLine(run, out, files.length));
  if (run.baseline) {
    for (const line of baselineConsoleLines(run.baseline)) console.log(line);
    return baselineExitCode(run.baseline);
  }
  return exitCode(run);
}

function parseSeed(text: string | undefined): number {
  if (text === undefined) return DEFAULT_SEED;
  const seed = Number(text);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new UsageError(`--seed must be a whole number from 0 to 4294967295 (got "${text}")`);
  }
  return seed;
}

function summaryLine(run: RunResult, out: string, files: number): string {
  const counts = VERDICTS.map((v) => `${run.summary[v]} ${v}`).join(', ');
  const coverage = coverageLine(clauseCoverage(run));
  return `cpmct: ${run.cases.length} cases: ${counts}; seed ${run.seed}; ${files} reports in ${out}\ncpmct: ${coverage}`;
}

/** 0 no failure under the verdict policy, 1 a failure, 3 inconclusive only. */
export function exitCode(run: RunResult): number {
  const counted = run.cases.filter((c) => !c.waived);
  if (counted.some((c) => c.verdict === 'fail' || c.verdict === 'error')) return EXIT.failures;
  if (counted.some((c) => c.verdict === 'inconclusive')) return EXIT.inconclusive;
  return EXIT.ok;
}

/** `cpmct run`: every selected case against every profile's IUT, then the reports. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadClauses } from '../clauses/registry.ts';
import { clauseCoverage, coverageLine } from '../reporting/text.ts';
import { formatProblems } from '../config/validate.ts';
import type { CaseResult, RunResult, Verdict } from '../engine/result.ts';
import { VERDICTS } from '../engine/result.ts';
import { activeWaiver, loadProfile, type Profile } from '../profiles/profile.ts';
import { parseFormats, writeReports } from '../reporting/registry.ts';
import { clauseResults } from '../runner/clause-results.ts';
import { casesFor, selectCases } from '../runner/execute.ts';
import { runWithMocha } from '../runner/mocha-runner.ts';
import { loadSuites } from '../scenario/load.ts';
import { CLAUSES_FILE, DEFAULT_SUITES, PROFILES_DIR, PROJECT_ROOT } from '../config/paths.ts';
import { startTarget } from '../targets/start-target.ts';
import { describeTransport } from '../targets/transport-line.ts';
import { probeFeatures, readCapabilities } from '../targets/feature-probe.ts';
import { chooseVariants, parseVariants } from '../targets/sync-variants.ts';
import { recordingHooks } from '../recording/http-recording.ts';
import { EXIT, UsageError } from './usage.ts';
import { setupNotes } from '../engine/setup-notes.ts';

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
  const registry = loadClauses(CLAUSES_FILE);
  const suites = loadSuites((values.suites as string[] | undefined) ?? [DEFAULT_SUITES], registry);
  if (suites.problems.length) {
    console.error(formatProblems(suites.problems));
    return EXIT.usage;
  }
  const only = (values.only as string[] | undefined) ?? [];
  const selected = selectCases(suites.cases, only);
  if (selected.length === 0) throw new UsageError(`--only ${only.join(' ')} selects no case`);
  const requestedVariants = parseVariants(values.variants as string | undefined);
  let profiles = ((values.profile as string[] | undefined) ?? DEFAULT_PROFILES).map((f) =>
    loadProfile(f),
  );
  const recording = recordingHooks(values, profiles);
  if (recording) profiles = [recording.profile];
  const seed =
    values.seed === undefined && recording?.seed !== undefined
      ? recording.seed
      : parseSeed(values.seed as string | undefined);

  const startedAt = new Date();
  const results: CaseResult[] = [];
  const notes: string[] = [];
  const transport: string[] = [];
  for (const profile of profiles) {
    const running = await startTarget(profile, {
      settings: {
        seed,
        strict,
        clockStart: '2026-01-15T12:00:00Z',
        clauseLevel: (id) => registry.byId.get(id)?.level,
      },
    }).catch((error: unknown) => {
      recording?.abort();
      throw error;
    });
    if (recording) running.target.factory = recording.factory(running.target.factory);
    try {
      console.log(`cpmct: ${profile.name}: ${running.describe}`);
      const line = await describeTransport(profile, running.target.factory.endpoint);
      if (line) {
        transport.push(`${profile.name}: ${line}`);
        console.log(`cpmct: ${profile.name}: transport ${line}`);
      }
      const probeNotes: string[] = [];
      if (profile.role === 'server') {
        const capabilities = await readCapabilities(running.target.factory);
        const features = running.target.settings.features;
        probeNotes.push(...(await probeFeatures(running.target.factory, features, capabilities)));
        if (profile.binding === 'imap') {
          const chosen = chooseVariants(requestedVariants, capabilities);
          running.target.variants = chosen.variants;
          if (chosen.variantCases) running.target.variantCases = chosen.variantCases;
          probeNotes.push(...chosen.notes);
        }
      }
      for (const note of probeNotes) {
        notes.push(`${profile.name}: ${note}`);
        console.log(`cpmct: ${profile.name}: ${note}`);
      }
      const cases = casesFor(selected, running.target, profile.role);
      const group = {
        title: `${profile.name} (${profile.binding}, ${profile.role})`,
        target: running.target,
        cases,
      };
      const reporter = (values.reporter as string | undefined) ?? 'spec';
      const caseResults = await runWithMocha([group], { reporter });
      results.push(...applyWaivers(caseResults, profile));
      for (const note of setupNotes(caseResults)) {
        notes.push(`${profile.name}: ${note}`);
        console.log(`cpmct: ${profile.name}: ${note}`);
      }
      if (recording) {
        const note = await recording.finish(running.target.factory, seed);
        notes.push(`${profile.name}: ${note}`);
        console.log(`cpmct: ${profile.name}: ${note}`);
      }
    } finally {
      recording?.abort();
      await running.stop();
    }
  }
  const run = {
    ...runResult(profiles, seed, strict, startedAt, results, registry),
    notes,
    ...(transport.length ? { transport } : {}),
  };
  const files = await writeReports(run, out, formats);
  console.log(summaryLine(run, out, files.length));
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

function applyWaivers(results: CaseResult[], profile: Profile): CaseResult[] {
  const today = new Date();
  for (const result of results) {
    const waiver = activeWaiver(profile, result.id, today);
    if (waiver && (result.verdict === 'fail' || result.verdict === 'warn')) {
      result.waived = { reason: waiver.reason, expires: waiver.expires };
    }
  }
  return results;
}

function runResult(
  profiles: Profile[],
  seed: number,
  strict: boolean,
  startedAt: Date,
  cases: CaseResult[],
  registry: ReturnType<typeof loadClauses>,
): RunResult {
  const summary = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const c of cases) summary[c.verdict] += 1;
  const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
    version: string;
  };
  return {
    tool: { name: 'cpmct', version: pkg.version },
    profile: {
      name: profiles.map((p) => p.name).join('+'),
      role: [...new Set(profiles.map((p) => p.role))].join('+'),
      binding: [...new Set(profiles.map((p) => p.binding))].join('+'),
      iut: profiles
        .map((p) => `${p.iut.name}${p.iut.version ? ' ' + p.iut.version : ''}`)
        .join(', '),
    },
    seed,
    strict,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    summary,
    cases,
    clauses: clauseResults(registry, cases),
  };
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

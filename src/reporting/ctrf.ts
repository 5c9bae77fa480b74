/**
 * `ctrf-report.json`: the run in the Common Test Report Format (https://ctrf.io; schema in
 * schema/ctrf.schema.json), which CI dashboards and test-report actions read. One test per
 * case run. CTRF's five statuses are coarser than cpmct's verdicts, so each test keeps its
 * verdict in `rawStatus` and in `extra` (with its clauses, variant, binding and role):
 * pass and warn → passed (as in junit.xml, a SHOULD not met does not fail the build),
 * fail and error → failed, inapplicable → skipped, inconclusive → other (never silently
 * dropped). No report id and no clock: the file is a function of the run.
 */
import { join } from 'node:path';
import type { CaseResult, RunResult, StepResult, Verdict } from '../engine/result.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { caseName } from './text.ts';
import type { ReportWriter } from './types.ts';

export const CTRF_FILE = 'ctrf-report.json';

/** The CTRF specification version the schema in schema/ctrf.schema.json describes. */
export const CTRF_SPEC_VERSION = '0.0.0';

export type CtrfStatus = 'passed' | 'failed' | 'skipped' | 'pending' | 'other';

export const CTRF_STATUS: Record<Verdict, CtrfStatus> = {
  pass: 'passed',
  warn: 'passed',
  fail: 'failed',
  error: 'failed',
  inapplicable: 'skipped',
  inconclusive: 'other',
};

const STEP_STATUS: Record<StepResult['outcome'], CtrfStatus> = {
  ok: 'passed',
  failed: 'failed',
  error: 'failed',
  skipped: 'skipped',
};

export interface CtrfTest {
  name: string;
  status: CtrfStatus;
  duration: number;
  rawStatus: Verdict;
  suite: string[];
  message?: string;
  trace?: string;
  tags: string[];
  steps: { name: string; status: CtrfStatus }[];
  extra: Record<string, unknown>;
}

export interface CtrfReport {
  reportFormat: 'CTRF';
  specVersion: string;
  timestamp: string;
  generatedBy: string;
  results: {
    tool: { name: string; version: string; extra: Record<string, unknown> };
    summary: Record<CtrfStatus | 'tests' | 'start' | 'stop' | 'duration', number> & {
      extra: Record<string, unknown>;
    };
    tests: CtrfTest[];
    environment: { reportName: string; appName: string; extra: Record<string, unknown> };
    extra: Record<string, unknown>;
  };
}

function wholeMs(ms: number): number {
  return Number.isFinite(ms) && ms > 0 ? Math.round(ms) : 0;
}

function epochMs(iso: string): number {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : 0;
}

/** The failed and errored steps' messages, one line each: what a dashboard shows as trace. */
function failureTrace(c: CaseResult): string | undefined {
  const lines = c.steps
    .filter((s) => s.outcome === 'failed' || s.outcome === 'error')
    .flatMap((s) => [`[${s.index}] ${s.label} → ${s.outcome}`, ...s.messages.map((m) => `  ${m}`)]);
  return lines.length > 0 ? lines.join('\n') : undefined;
}

function ctrfTest(c: CaseResult, run: RunResult): CtrfTest {
  const trace = failureTrace(c);
  return {
    name: `${caseName(c)} ${c.title}`,
    status: CTRF_STATUS[c.verdict],
    duration: wholeMs(c.durationMs),
    rawStatus: c.verdict,
    suite: [c.profile ?? run.profile.name, `${c.binding} ${c.role}`],
    ...(c.reason ? { message: c.reason } : {}),
    ...(trace ? { trace } : {}),
    tags: [...c.clauses],
    steps: c.steps.map((s) => ({ name: s.label, status: STEP_STATUS[s.outcome] })),
    extra: {
      id: c.id,
      verdict: c.verdict,
      level: c.level,
      clauses: c.clauses,
      brokenClauses: c.brokenClauses,
      binding: c.binding,
      role: c.role,
      ...(c.profile !== undefined ? { profile: c.profile } : {}),
      ...(c.variant !== undefined ? { variant: c.variant } : {}),
      ...(c.errorCode ? { errorCode: c.errorCode } : {}),
      ...(c.waived ? { waived: c.waived } : {}),
    },
  };
}

/** The CTRF document of a run. */
export function ctrfReport(run: RunResult): CtrfReport {
  const tests = run.cases.map((c) => ctrfTest(c, run));
  const count = (s: CtrfStatus): number => tests.filter((t) => t.status === s).length;
  const start = epochMs(run.startedAt);
  const stop = Math.max(start, epochMs(run.finishedAt));
  return {
    reportFormat: 'CTRF',
    specVersion: CTRF_SPEC_VERSION,
    timestamp: run.finishedAt,
    generatedBy: `${run.tool.name} ${run.tool.version}`,
    results: {
      tool: { name: run.tool.name, version: run.tool.version, extra: { seed: run.seed } },
      summary: {
        tests: tests.length,
        passed: count('passed'),
        failed: count('failed'),
        skipped: count('skipped'),
        pending: count('pending'),
        other: count('other'),
        start,
        stop,
        duration: stop - start,
        extra: { verdicts: { ...run.summary } },
      },
      tests,
      environment: {
        reportName: run.profile.name,
        appName: run.profile.iut,
        extra: { role: run.profile.role, binding: run.profile.binding },
      },
      extra: {
        seed: run.seed,
        strict: run.strict,
        ...(run.suiteHash ? { suiteHash: run.suiteHash } : {}),
        notes: run.notes ?? [],
        ...(run.transport ? { transport: run.transport } : {}),
        clauses: run.clauses.map((c) => ({ id: c.id, level: c.level, verdict: c.verdict })),
      },
    },
  };
}

export function renderCtrf(run: RunResult): string {
  return `${JSON.stringify(ctrfReport(run), null, 2)}\n`;
}

export const writeCtrf: ReportWriter = async (run, dir) => {
  const file = join(dir, CTRF_FILE);
  await writeFileAtomic(file, renderCtrf(run));
  return [file];
};

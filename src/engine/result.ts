/** The data every report is written from. Writers read this and nothing else. */

export type Verdict = 'pass' | 'fail' | 'warn' | 'inapplicable' | 'inconclusive' | 'error';

export const VERDICTS: readonly Verdict[] = [
  'pass',
  'fail',
  'warn',
  'inapplicable',
  'inconclusive',
  'error',
];

export type Level = 'SHALL' | 'SHOULD' | 'MAY';

export interface StepResult {
  index: number;
  /** e.g. "phone: sync" or "expect converged". */
  label: string;
  outcome: 'ok' | 'failed' | 'skipped' | 'error';
  durationMs: number;
  /** Why a step failed or what it found, one line each. */
  messages: string[];
  /** Clauses this step judged, when it is an expectation. */
  clauses?: string[];
}

export interface Evidence {
  kind: 'imap-transcript' | 'http-exchanges' | 'oracle-diff' | 'note' | 'server-log';
  /** e.g. "phone#1 (alice)" for a connection. */
  label: string;
  /** Plain text (transcripts are one line per command/response, passwords redacted). */
  text: string;
}

export interface CaseResult {
  id: string;
  title: string;
  clauses: string[];
  level: Level;
  binding: string;
  role: 'server' | 'client';
  /** The sync variant the case ran under (e.g. `plain`), when the run has variants. */
  variant?: string;
  /** The name of the profile the case ran against (a run may hold several). */
  profile?: string;
  verdict: Verdict;
  /** One line: why the verdict is what it is (empty for pass). */
  reason: string;
  /** Stable harness error code when verdict is error (e.g. E_STEP_UNKNOWN). */
  errorCode?: string;
  /** Clauses found broken (fail/warn), subset of clauses. */
  brokenClauses: string[];
  waived?: { reason: string; expires?: string };
  durationMs: number;
  steps: StepResult[];
  evidence: Evidence[];
}

export interface ClauseResult {
  id: string;
  level: Level;
  side: 'client' | 'server' | 'both';
  title: string;
  cases: string[];
  verdict: Verdict | 'not-covered';
}

export interface RunResult {
  tool: { name: string; version: string };
  /** Several profiles in one run join their names, roles and bindings with '+'. */
  profile: { name: string; role: string; binding: string; iut: string };
  seed: number;
  strict: boolean;
  startedAt: string;
  finishedAt: string;
  summary: Record<Verdict, number>;
  cases: CaseResult[];
  clauses: ClauseResult[];
  /** Every profile of the run, one entry each (`profile` above joins them). */
  profiles?: RunProfile[];
  /**
   * The reading of the clause registry the run judged under (`--clause-set`,
   * src/clauses/clause-sets.ts): `latest`, or the key of an older seed that stands instead.
   */
  clauseSet?: string;
  /** Run-level findings: declared features the probe did not find, and the like. */
  notes?: string[];
  /**
   * The transport to each store under test, one line per profile: TLS version, cipher,
   * certificate subject and SHA-256 fingerprint, verified or not (bindings/transport-probe.ts).
   */
  transport?: string[];
  /** SHA-256 (hex) of the suite files and the clause registry the run judged with. */
  suiteHash?: string;
  /** How the run compares with `--baseline FILE` (src/runner/baseline.ts), when one was given. */
  baseline?: BaselineOutcome;
}

/** A case run as compared with a baseline: its name and both verdicts. */
export interface BaselineEntry {
  /** The case as named in reports, with its binding (`SRV-DELS-001 [plain] (imap server)`). */
  case: string;
  /** Its verdict in the baseline; absent when the baseline did not run it. */
  baseline?: Verdict;
  verdict: Verdict;
  /** Waived in this run: worse than the baseline, but it does not fail the gate. */
  waived?: boolean;
}

/** The outcome of `--baseline`: what got worse, what the baseline knew and is fixed or still there. */
export interface BaselineOutcome {
  /** The baseline report read. */
  file: string;
  /** Cases worse than in the baseline (a case the baseline lacks is compared with pass). */
  regressions: BaselineEntry[];
  /** Known failures (not pass or inapplicable in the baseline) that are now better. */
  fixed: BaselineEntry[];
  /** Known failures still there, no worse. */
  remaining: BaselineEntry[];
}

/** One profile of a run: its name, role and binding, and the implementation under test. */
export interface RunProfile {
  name: string;
  role: 'server' | 'client';
  binding: string;
  iut: { name: string; version?: string };
}

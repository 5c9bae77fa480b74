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
  /** Run-level findings: declared features the probe did not find, and the like. */
  notes?: string[];
  /**
   * The transport to each store under test, one line per profile: TLS version, cipher,
   * certificate subject and SHA-256 fingerprint, verified or not (bindings/transport-probe.ts).
   */
  transport?: string[];
}

/** Shared helpers for end-to-end tests: load the shipped suites and run them against a profile. */
import { loadClauses } from '../../src/clauses/registry.ts';
import { CLAUSES_FILE, DEFAULT_SUITES, PROFILES_DIR } from '../../src/config/paths.ts';
import { startTarget, type TargetOptions } from '../../src/targets/start-target.ts';
import type { CaseResult } from '../../src/engine/result.ts';
import { loadProfile, type Profile } from '../../src/profiles/profile.ts';
import { casesFor, executeCases } from '../../src/runner/execute.ts';
import { loadSuites } from '../../src/scenario/load.ts';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const registry = loadClauses(CLAUSES_FILE);
export const suites = loadSuites([DEFAULT_SUITES], registry);

export function profile(name: string): Profile {
  return loadProfile(join(PROFILES_DIR, `${name}.yaml`));
}

export function settings(seed = 1): TargetOptions['settings'] {
  return {
    seed,
    strict: false,
    clockStart: '2026-01-15T12:00:00Z',
    clauseLevel: (id) => registry.byId.get(id)?.level,
  };
}

export async function runAll(
  p: Profile,
  options: Partial<TargetOptions> = {},
  only?: (id: string) => boolean,
): Promise<CaseResult[]> {
  const running = await startTarget(p, { settings: settings(), ...options });
  try {
    const cases = casesFor(suites.cases, running.target, 'server').filter(
      (c) => !only || only(c.definition.id),
    );
    return await executeCases(cases, running.target);
  } finally {
    await running.stop();
  }
}

export function nonPass(results: CaseResult[]): string[] {
  return results
    .filter((r) => r.verdict !== 'pass')
    .map((r) => `${r.id}: ${r.verdict}: ${r.reason}`);
}

export interface CliOutcome {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI in a child process; asynchronous, so that a store under test can run in this one. */
export function cpmctChild(...args: string[]): Promise<CliOutcome> {
  return new Promise((resolve) => {
    const child = spawn('node', ['bin/cpmct.js', ...args], { timeout: 120_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

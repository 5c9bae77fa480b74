/**
 * The work of `cpmct run`: each profile's target started in turn, its transport described,
 * its declared features probed and its sync variants chosen, the selected cases run under
 * mocha (recorded or replayed when asked), waivers applied, and one RunResult for them all.
 */
import type { ClauseRegistry } from '../clauses/registry.ts';
import type { DriverFactory } from '../engine/ports.ts';
import type { CaseResult, RunResult } from '../engine/result.ts';
import { setupNotes } from '../engine/setup-notes.ts';
import type { Profile } from '../profiles/profile.ts';
import { casesFor } from '../runner/execute.ts';
import { runWithMocha } from '../runner/mocha-runner.ts';
import { applyWaivers, runResult } from '../runner/run-result.ts';
import type { LoadedCase } from '../scenario/types.ts';
import { probeFeatures, readCapabilities } from './feature-probe.ts';
import { startTarget } from './start-target.ts';
import { chooseVariants } from './sync-variants.ts';
import { describeTransport } from './transport-line.ts';

/** The virtual clock's start of every run (test objects are dated before it). */
const CLOCK_START = '2026-01-15T12:00:00Z';

/**
 * What a run does around its one profile when it records or replays (src/recording makes
 * them): wraps the drivers, then says what it recorded or replayed; abort on any failure.
 */
export interface RunHooks {
  factory(factory: DriverFactory): DriverFactory;
  finish(factory: DriverFactory, seed: number): Promise<string>;
  abort(): void;
}

export interface ProfilesRun {
  profiles: Profile[];
  /** The selected cases; each profile runs those of its role. */
  cases: LoadedCase[];
  registry: ClauseRegistry;
  seed: number;
  strict: boolean;
  /** `--variants` (IMAP server profiles); undefined: every variant the store allows. */
  variants?: string[] | undefined;
  /** The mocha reporter. */
  reporter: string;
  /** Recording or replay around the one profile's run. */
  recording?: RunHooks | undefined;
}

/** Runs every profile's cases; `log` gets each line worth showing as it happens. */
export async function runProfiles(
  run: ProfilesRun,
  log: (line: string) => void,
): Promise<RunResult> {
  const { profiles, registry, seed, strict, recording } = run;
  const startedAt = new Date();
  const results: CaseResult[] = [];
  const notes: string[] = [];
  const transport: string[] = [];
  const note = (profile: Profile, text: string) => {
    notes.push(`${profile.name}: ${text}`);
    log(`${profile.name}: ${text}`);
  };
  for (const profile of profiles) {
    const running = await startTarget(profile, {
      settings: {
        seed,
        strict,
        clockStart: CLOCK_START,
        clauseLevel: (id) => registry.byId.get(id)?.level,
      },
    }).catch((error: unknown) => {
      recording?.abort();
      throw error;
    });
    if (recording) running.target.factory = recording.factory(running.target.factory);
    try {
      log(`${profile.name}: ${running.describe}`);
      const line = await describeTransport(profile, running.target.factory.endpoint);
      if (line) {
        transport.push(`${profile.name}: ${line}`);
        log(`${profile.name}: transport ${line}`);
      }
      const probeNotes: string[] = [];
      if (profile.role === 'server') {
        const capabilities = await readCapabilities(running.target.factory);
        const features = running.target.settings.features;
        probeNotes.push(...(await probeFeatures(running.target.factory, features, capabilities)));
        if (profile.binding === 'imap') {
          const chosen = chooseVariants(run.variants, capabilities);
          running.target.variants = chosen.variants;
          if (chosen.variantCases) running.target.variantCases = chosen.variantCases;
          probeNotes.push(...chosen.notes);
        }
      }
      for (const text of probeNotes) note(profile, text);
      const group = {
        title: `${profile.name} (${profile.binding}, ${profile.role})`,
        target: running.target,
        cases: casesFor(run.cases, running.target, profile.role),
      };
      const caseResults = await runWithMocha([group], { reporter: run.reporter });
      for (const result of caseResults) result.profile = profile.name;
      results.push(...applyWaivers(caseResults, profile));
      for (const text of setupNotes(caseResults)) note(profile, text);
      if (recording) note(profile, await recording.finish(running.target.factory, seed));
    } finally {
      recording?.abort();
      await running.stop();
    }
  }
  return {
    ...runResult(profiles, seed, strict, startedAt, results, registry),
    notes,
    ...(transport.length ? { transport } : {}),
  };
}

/**
 * Builds mocha suites programmatically from the cases (titles start with the case id) and
 * runs them: mocha gives the console reporter, bail and grep; the engine gives verdicts.
 */
import Mocha from 'mocha';
import type { CaseResult } from '../engine/result.ts';
import type { LoadedCase } from '../scenario/types.ts';
import { caseRuns, runName, runOne, type Target } from './execute.ts';

export interface MochaRunOptions {
  reporter?: string;
  bail?: boolean;
  grep?: string;
}

export async function runWithMocha(
  groups: Array<{ title: string; target: Target; cases: LoadedCase[] }>,
  options: MochaRunOptions = {},
): Promise<CaseResult[]> {
  const mocha = new Mocha({
    reporter: options.reporter ?? 'spec',
    timeout: 0, // the engine bounds every step itself
    bail: options.bail ?? false,
    ...(options.grep ? { grep: options.grep } : {}),
  });
  const results: CaseResult[] = [];
  for (const group of groups) {
    const suite = Mocha.Suite.create(mocha.suite, group.title);
    for (const run of caseRuns(group.cases, group.target)) {
      const title = `${runName(run)} ${run.loaded.definition.title}`;
      suite.addTest(
        new Mocha.Test(title, async function (this: Mocha.Context) {
          const result = await runOne(run.loaded, group.target, run.variant);
          results.push(result);
          if (result.verdict === 'inapplicable' || result.verdict === 'inconclusive') {
            this.test!.title += ` [${result.verdict}: ${result.reason}]`;
            this.skip();
          }
          if (result.verdict === 'warn') this.test!.title += ` [warn: ${result.reason}]`;
          if (result.verdict === 'fail' || result.verdict === 'error') {
            const error = new Error(
              `${result.verdict}${result.errorCode ? ` ${result.errorCode}` : ''}: ${result.reason}`,
            );
            error.stack = error.message;
            throw error;
          }
        }),
      );
    }
  }
  await new Promise<void>((resolve) => mocha.run(() => resolve()));
  return results;
}

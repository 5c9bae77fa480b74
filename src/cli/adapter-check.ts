/**
 * `cpmct adapter-check --profile P`: drives a client profile's command adapter through
 * every request of the upper-tester protocol against a tiny store of its own and prints one
 * line per request (`ok`, `FAIL`, `skip`). Exit 0 when nothing failed, 1 otherwise; a
 * crashing or silent adapter is one FAIL line, within the profile's command timeout.
 */
import { profileAdapterCheck } from '../adapters/check/profile-check.ts';
import type { CheckLine } from '../adapters/check/run.ts';
import { loadProfile } from '../profiles/profile.ts';
import { EXIT, UsageError } from './usage.ts';

const MARK: Record<CheckLine['status'], string> = { ok: 'ok  ', fail: 'FAIL', skip: 'skip' };

export async function adapterCheckCommand(values: Record<string, unknown>): Promise<number> {
  const file = values.profile as string | undefined;
  if (!file) throw new UsageError('adapter-check needs --profile FILE (a client profile)');
  const profile = loadProfile(file);
  const check = profileAdapterCheck(profile);
  console.log(`cpmct adapter-check: ${profile.name}: ${check.command.join(' ')}`);
  const lines = await check.run();
  for (const line of lines) console.log(`${MARK[line.status]} ${line.request}: ${line.text}`);
  const failed = lines.filter((l) => l.status === 'fail').length;
  const passed = lines.filter((l) => l.status === 'ok').length;
  console.log(
    `cpmct adapter-check: ${failed ? `${failed} problem(s)` : 'no problem'}, ${passed} answer(s) as the protocol says`,
  );
  return failed ? EXIT.failures : EXIT.ok;
}

/**
 * `cpmct adapter-check --profile P`: drives a client profile's command adapter through
 * every request of the upper-tester protocol against a tiny store of its own and prints one
 * line per request (`ok`, `FAIL`, `skip`). Exit 0 when nothing failed, 1 otherwise; a
 * crashing or silent adapter is one FAIL line, within the profile's command timeout.
 */
import { checkAdapter, type CheckLine } from '../adapters/check/run.ts';
import { declaredFeatures, loadProfile } from '../profiles/profile.ts';
import { credentialsOf } from '../profiles/credentials.ts';
import { EXIT, UsageError } from './usage.ts';

const MARK: Record<CheckLine['status'], string> = { ok: 'ok  ', fail: 'FAIL', skip: 'skip' };

export async function adapterCheckCommand(values: Record<string, unknown>): Promise<number> {
  const file = values.profile as string | undefined;
  if (!file) throw new UsageError('adapter-check needs --profile FILE (a client profile)');
  const profile = loadProfile(file);
  if (profile.role !== 'client' || profile.client?.adapter !== 'command' || !profile.client.command)
    throw new UsageError(
      `profile ${profile.name}: adapter-check checks a command adapter (role: client, client.adapter: command)`,
    );
  const { users, password } = credentialsOf(profile);
  const user = users[0]!.name;
  const features = declaredFeatures(profile);
  console.log(`cpmct adapter-check: ${profile.name}: ${profile.client.command.join(' ')}`);
  const lines = await checkAdapter(
    {
      command: profile.client.command,
      binding: profile.binding,
      cwd: profile.dir,
      ...(profile.client.env ? { env: profile.client.env } : {}),
      user,
      password: password(user),
      timeoutMs: profile.timing.commandTimeoutMs,
    },
    features,
  );
  for (const line of lines) console.log(`${MARK[line.status]} ${line.request}: ${line.text}`);
  const failed = lines.filter((l) => l.status === 'fail').length;
  const passed = lines.filter((l) => l.status === 'ok').length;
  console.log(
    `cpmct adapter-check: ${failed ? `${failed} problem(s)` : 'no problem'}, ${passed} answer(s) as the protocol says`,
  );
  return failed ? EXIT.failures : EXIT.ok;
}

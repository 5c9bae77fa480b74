/**
 * `checkAdapter` for a client profile: its command adapter (argv, folder, environment), its
 * first user and the features it declares. A profile that names no command adapter is a
 * usage error.
 */
import { UsageError } from '../../config/usage-error.ts';
import { credentialsOf } from '../../profiles/credentials.ts';
import { declaredFeatures, type Profile } from '../../profiles/profile.ts';
import { checkAdapter, type CheckLine } from './run.ts';

export interface ProfileAdapterCheck {
  /** The adapter's command line. */
  command: string[];
  /** Runs the check (checkAdapter): one line per request. */
  run(): Promise<CheckLine[]>;
}

/** The check of a client profile's command adapter, its credentials resolved up front. */
export function profileAdapterCheck(profile: Profile): ProfileAdapterCheck {
  if (profile.role !== 'client' || profile.client?.adapter !== 'command' || !profile.client.command)
    throw new UsageError(
      `profile ${profile.name}: adapter-check checks a command adapter (role: client, client.adapter: command)`,
    );
  const { command, env } = profile.client;
  const { users, password } = credentialsOf(profile);
  const user = users[0]!.name;
  const options = {
    command,
    binding: profile.binding,
    cwd: profile.dir,
    ...(env ? { env } : {}),
    user,
    password: password(user),
    timeoutMs: profile.timing.commandTimeoutMs,
  };
  const features = declaredFeatures(profile);
  return { command, run: () => checkAdapter(options, features) };
}

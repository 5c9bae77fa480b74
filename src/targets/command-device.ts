/**
 * The `command` upper tester of a client profile, over either binding: the profile's adapter
 * program, started once per device and told where the store is. The adapter module is loaded
 * on demand: a run that does not use it never loads it.
 */
import type { CommandDeviceOptions } from '../adapters/command-adapter.ts';
import type { DeviceDriver } from '../engine/ports.ts';
import type { ClientSpec, Profile } from '../profiles/profile.ts';

/** What differs per device and binding: its name, the store address it is told, its login. */
export type CommandDeviceAddress = Pick<
  CommandDeviceOptions,
  'name' | 'endpoint' | 'user' | 'password'
>;

export async function startCommandDevice(
  profile: Profile,
  spec: ClientSpec,
  device: CommandDeviceAddress,
): Promise<DeviceDriver> {
  const { createCommandDevice } = await import('../adapters/command-adapter.ts');
  return createCommandDevice({
    ...device,
    command: spec.command ?? [],
    cwd: profile.dir,
    ...(spec.env ? { env: spec.env } : {}),
    timeoutMs: profile.timing.commandTimeoutMs * 3,
  });
}

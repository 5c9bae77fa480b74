/**
 * What `cpmct run --record FILE` / `--replay FILE` do around the one profile's run
 * (run-recording.ts builds them for either binding), and the NMS side's profile rule: a
 * server-role NMS profile of a real store, devices on simplified sync (they must not depend
 * on notifications to sync, which a recording cannot replay).
 */
import type { DriverFactory } from '../engine/ports.ts';
import type { Profile } from '../profiles/profile.ts';
import { UsageError } from '../config/usage-error.ts';

/** Record/replay need a server-role NMS profile on a fixed endpoint; devices on simplified sync. */
export function profileForRecording(profile: Profile, flag: string): Profile {
  if (profile.role !== 'server' || profile.binding !== 'nms')
    throw new UsageError(`${flag} needs one server-role NMS profile (got ${profile.name})`);
  if (profile.iut.embedded)
    throw new UsageError(
      `${flag} records a real store: profile ${profile.name} is the embedded simulator`,
    );
  return { ...profile, nms: { ...profile.nms, sync: 'simplified' } };
}

/** What `cpmct run --record FILE` / `--replay FILE` do around the one profile's run. */
export interface RecordingHooks {
  profile: Profile;
  /** The seed of the recording when replaying and no --seed was given. */
  seed?: number;
  factory(factory: DriverFactory): DriverFactory;
  finish(factory: DriverFactory, seed: number): Promise<string>;
  abort(): void;
}

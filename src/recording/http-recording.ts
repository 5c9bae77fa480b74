/**
 * `cpmct run --record-http FILE` and `--replay-http FILE`: record an NMS store's answers
 * during a run, and re-judge the same cases later, offline, with this or a newer cpmct.
 * Replay matches requests by method and path, in recorded order, case by case. That
 * holds because a run with the same seed sends the same requests in the same order. The
 * devices must not depend on notifications to sync, so both modes run them on
 * simplified sync.
 */
import type { DriverFactory } from '../engine/ports.ts';
import type { Profile } from '../profiles/profile.ts';
import { startRecording } from './http-recorder.ts';
import {
  loadRecording,
  RECORDING_FORMAT,
  saveRecording,
  type HttpRecording,
} from './http-recording-file.ts';
import { replayingFactory, startReplay } from './http-replay.ts';
import { UsageError } from '../cli/usage.ts';

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

/** What `cpmct run --record-http FILE` / `--replay-http FILE` do around the one profile's run. */
export interface RecordingHooks {
  profile: Profile;
  /** The seed of the recording when replaying and no --seed was given. */
  seed?: number;
  factory(factory: DriverFactory): DriverFactory;
  finish(factory: DriverFactory, seed: number): Promise<string>;
  abort(): void;
}

export function recordingHooks(
  values: Record<string, unknown>,
  profiles: Profile[],
): RecordingHooks | undefined {
  const recordFile = values['record-http'] as string | undefined;
  const replayFile = values['replay-http'] as string | undefined;
  if (!recordFile && !replayFile) return undefined;
  const flag = recordFile ? '--record-http' : '--replay-http';
  if (recordFile && replayFile)
    throw new UsageError('--record-http and --replay-http cannot be used together');
  if (profiles.length !== 1) throw new UsageError(`${flag} needs exactly one --profile`);
  const profile = profileForRecording(profiles[0]!, flag);
  if (recordFile) {
    const recorder = startRecording();
    return {
      profile,
      factory: (f) => ({ ...f, beginCase: recorder.beginCase }),
      abort: () => void recorder.stop(''),
      async finish(factory, seed) {
        const origin = `http://${factory.endpoint.host}:${factory.endpoint.port}`;
        const cases = recorder.stop(origin);
        const recording: HttpRecording = {
          format: RECORDING_FORMAT,
          profile: profile.name,
          seed,
          recordedAt: new Date().toISOString(),
          origin,
          cases,
        };
        await saveRecording(recordFile, recording);
        const count = Object.values(cases).reduce((n, list) => n + list.length, 0);
        return `recorded ${count} HTTP exchanges with ${origin} in ${recordFile}`;
      },
    };
  }
  const recording = loadRecording(replayFile!);
  const origin = new URL(recording.origin);
  const replay = startReplay(recording);
  return {
    profile: {
      ...profile,
      launch: undefined,
      endpoint: { host: origin.hostname, port: Number(origin.port) },
    } as Profile,
    seed: recording.seed,
    factory: (f) => replayingFactory(f, replay.beginCase),
    abort: () => replay.stop(),
    async finish() {
      const unused = replay.unused();
      replay.stop();
      return `replayed ${replayFile} (${recording.profile}, recorded ${recording.recordedAt}); ${unused} recorded exchanges were not asked for`;
    },
  };
}

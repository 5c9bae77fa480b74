/**
 * `cpmct run --record FILE` / `--replay FILE` for either binding (`--record-http` and
 * `--replay-http` are the same flags under their older names). One server-role profile of a
 * real store. NMS: the HTTP answers (http-recorder, http-replay). IMAP: each connection's bytes
 * through a loopback proxy (imap-recorder), answered again by a loopback server (imap-replay);
 * a device, the store actor and the binding checks all go through it. A request the recording
 * does not hold makes its case inconclusive.
 */
import type { TlsSettings } from '../bindings/tls.ts';
import { UsageError } from '../config/usage-error.ts';
import type { DriverFactory } from '../engine/ports.ts';
import { InconclusiveError } from '../engine/trouble.ts';
import type { Profile } from '../profiles/profile.ts';
import { externalEndpoint } from '../targets/start-target.ts';
import { startRecording } from './http-recorder.ts';
import { profileForRecording, type RecordingHooks } from './http-recording.ts';
import { replayingFactory, startReplay } from './http-replay.ts';
import { startImapRecorder } from './imap-recorder.ts';
import { startImapReplay, type ImapReplay } from './imap-replay.ts';
import {
  asHttpRecording,
  loadRecording,
  RECORDING_FORMAT,
  saveRecording,
  type ImapRecording,
  type NmsRecording,
} from './recording-file.ts';

/** An IMAP recording is plain text: STARTTLS is never asked for, even where it is offered. */
const PLAIN: TlsSettings = { mode: 'none', verify: false };

interface Flags {
  flag: string;
  recordFile?: string | undefined;
  replayFile?: string | undefined;
  variants?: string[] | undefined;
}

export async function recordingFor(
  values: Record<string, unknown>,
  profiles: Profile[],
  variants?: string[],
): Promise<RecordingHooks | undefined> {
  const recordFile = (values.record ?? values['record-http']) as string | undefined;
  const replayFile = (values.replay ?? values['replay-http']) as string | undefined;
  if (!recordFile && !replayFile) return undefined;
  const flag = recordFile ? '--record' : '--replay';
  if (recordFile && replayFile)
    throw new UsageError('--record and --replay cannot be used together');
  if (profiles.length !== 1) throw new UsageError(`${flag} needs exactly one --profile`);
  const flags: Flags = { flag, recordFile, replayFile, variants };
  const profile = profiles[0]!;
  if (profile.binding === 'nms') return nmsHooks(profileForRecording(profile, flag), flags);
  return imapHooks(imapProfileForRecording(profile, flag), flags);
}

function imapProfileForRecording(profile: Profile, flag: string): Profile {
  if (profile.role !== 'server')
    throw new UsageError(`${flag} needs one server-role profile (got ${profile.name})`);
  if (profile.iut.embedded)
    throw new UsageError(
      `${flag} records a real store: profile ${profile.name} is the embedded simulator`,
    );
  if (profile.endpoint.tls && profile.endpoint.tls.mode !== 'none')
    throw new UsageError(
      `${flag}: profile ${profile.name} uses TLS; an IMAP recording is taken in plain text (set endpoint.tls: none on a test endpoint)`,
    );
  return profile;
}

function nmsHooks(profile: Profile, flags: Flags): RecordingHooks {
  const header = (seed: number) => ({
    format: RECORDING_FORMAT as typeof RECORDING_FORMAT,
    profile: profile.name,
    seed,
    ...(flags.variants ? { variants: flags.variants } : {}),
    recordedAt: new Date().toISOString(),
  });
  if (flags.recordFile) {
    const file = flags.recordFile;
    const recorder = startRecording();
    let stopped = false;
    return {
      profile,
      factory: (f) => ({ ...f, beginCase: recorder.beginCase }),
      abort: () => void (stopped || recorder.stop('')),
      async finish(factory, seed) {
        const origin = `http://${factory.endpoint.host}:${factory.endpoint.port}`;
        const cases = recorder.stop(origin);
        stopped = true;
        const recording: NmsRecording = { ...header(seed), binding: 'nms', origin, cases };
        await saveRecording(file, recording);
        const count = Object.values(cases).reduce((n, list) => n + list.length, 0);
        return `recorded ${count} HTTP exchanges with ${origin} in ${file}`;
      },
    };
  }
  const recording = loadOf(flags.replayFile!, 'nms', profile);
  const origin = new URL(recording.origin);
  const replay = startReplay(asHttpRecording(recording));
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
      return `replayed ${flags.replayFile} (${recording.profile}, recorded ${recording.recordedAt}); ${unused} recorded exchanges were not asked for`;
    },
  };
}

async function imapHooks(profile: Profile, flags: Flags): Promise<RecordingHooks> {
  if (flags.recordFile) {
    const file = flags.recordFile;
    const store = await externalEndpoint(profile);
    const recorder = await startImapRecorder(store).catch(async (error: unknown) => {
      await store.stop();
      throw error;
    });
    let stopped = false;
    const stop = async () => {
      if (stopped) return;
      stopped = true;
      const cases = await recorder.stop();
      await store.stop();
      return cases;
    };
    return {
      profile: {
        ...profile,
        launch: undefined,
        endpoint: { host: recorder.host, port: recorder.port, tls: PLAIN },
      },
      factory: (f) => ({
        ...f,
        beginCase: (id, variant) => {
          recorder.beginCase(id, variant);
          f.beginCase?.(id, variant);
        },
      }),
      abort: () => void stop(),
      async finish(_factory, seed) {
        const cases = (await stop()) ?? {};
        const recording: ImapRecording = {
          format: RECORDING_FORMAT,
          binding: 'imap',
          profile: profile.name,
          seed,
          ...(flags.variants ? { variants: flags.variants } : {}),
          recordedAt: new Date().toISOString(),
          origin: `imap://${store.host}:${store.port}`,
          cases,
        };
        await saveRecording(file, recording);
        const count = Object.values(cases).reduce((n, list) => n + list.length, 0);
        return `recorded ${count} IMAP connections with ${store.host}:${store.port} in ${file}`;
      },
    };
  }
  const recording = loadOf(flags.replayFile!, 'imap', profile);
  const replay = await startImapReplay(recording);
  let stopped = false;
  return {
    profile: {
      ...profile,
      launch: undefined,
      endpoint: { host: replay.host, port: replay.port, tls: PLAIN },
    },
    seed: recording.seed,
    factory: (f) => imapReplayingFactory(f, replay),
    abort: () => void (stopped || ((stopped = true), replay.stop())),
    async finish() {
      return `replayed ${flags.replayFile} (${recording.profile}, recorded ${recording.recordedAt}); ${replay.unused()} recorded connections were not opened`;
    },
  };
}

function loadOf<B extends 'imap' | 'nms'>(
  file: string,
  binding: B,
  profile: Profile,
): Extract<NmsRecording | ImapRecording, { binding: B }> {
  const recording = loadRecording(file);
  if (recording.binding !== binding)
    throw new UsageError(
      `${file}: a recording of an ${recording.binding.toUpperCase()} store; profile ${profile.name} is ${binding.toUpperCase()}`,
    );
  return recording as Extract<NmsRecording | ImapRecording, { binding: B }>;
}

/**
 * In IMAP replay, whatever a device, the store actor or a check does in a case where the
 * recording fell short ends inconclusive, with what the recording did not hold.
 */
function imapReplayingFactory(factory: DriverFactory, replay: ImapReplay): DriverFactory {
  const settle = <T>(result: Promise<T>): Promise<T> =>
    result.then(
      (value) => {
        const problem = replay.problem();
        if (problem) throw new InconclusiveError(problem);
        return value;
      },
      (error: unknown) => {
        const problem = replay.problem();
        throw problem ? new InconclusiveError(problem) : error;
      },
    );
  const watched = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(object, property, receiver) {
        const value = Reflect.get(object, property, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const result = (value as (...a: unknown[]) => unknown).apply(object, args);
          return result instanceof Promise ? settle(result) : result;
        };
      },
    });
  return {
    ...factory,
    beginCase: (id, variant) => {
      replay.beginCase(id, variant);
      factory.beginCase?.(id, variant);
    },
    createDevice: async (...args) => watched(await settle(factory.createDevice(...args))),
    createActor: async (user) => watched(await settle(factory.createActor(user))),
    ...(factory.check ? { check: (name, user) => settle(factory.check!(name, user)) } : {}),
  };
}

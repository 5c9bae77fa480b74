/**
 * Record an NMS store's HTTP traffic during a run, and replay it later (with nock) to
 * re-judge the same cases offline, with this or a newer cpmct, without the store.
 *
 * - Only what cpmct sends to the store and what it answered is kept. Credentials are never
 *   recorded. Bodies are kept for reading, but replay does not match on them: requests are
 *   matched by method and path, in recorded order. That holds because a run with the
 *   same seed sends the same requests in the same order.
 * - What the store sends by itself (notifications posted to cpmct's callbacks) cannot be
 *   replayed. In replay a `listen` or a binding `check` is inconclusive, and the devices
 *   must not depend on notifications to sync, so recording and replay both run them on
 *   simplified sync.
 * - A request that is not in the recording fails with a one-line error, and its case is
 *   inconclusive, never passed.
 */
import { FetchInterceptor } from '@mswjs/interceptors/fetch';
import nock from 'nock';
import { readFileSync } from 'node:fs';
import type { DeviceDriver, DriverFactory } from '../engine/ports.ts';
import { InconclusiveError } from '../engine/trouble.ts';
import type { Profile } from '../profiles/profile.ts';
import { writeFileAtomic } from '../reporting/atomic-write.ts';
import { UsageError } from './usage.ts';

const FORMAT = 'cpmct-http-recording/1';

export interface HttpRecording {
  format: typeof FORMAT;
  profile: string;
  seed: number;
  recordedAt: string;
  /** The store's origin, e.g. http://127.0.0.1:8080. */
  origin: string;
  /**
   * What the store answered to each request, in request order, by the case that sent it
   * ("" for what came before the first case: the feature probe).
   */
  cases: Record<string, RecordedExchange[]>;
}

export interface RecordedExchange {
  method: string;
  /** Path and query. */
  path: string;
  status: number;
  headers: Record<string, string>;
  /** A textual answer (JSON, text, XML)... */
  body?: string;
  /** ...or any other, base64. */
  bodyBase64?: string;
}

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

/**
 * Watch every fetch of this process and keep what the store answered, in request order.
 * (The fetch interceptor under msw and nock, observing only: nock's own recorder cannot
 * pass a 204 answer through fetch.)
 */
export function startRecording(): {
  beginCase(caseId: string): void;
  stop(origin: string): Record<string, RecordedExchange[]>;
} {
  const interceptor = new FetchInterceptor();
  interceptor.apply();
  const seen: Array<{
    id: string;
    caseId: string;
    url: string;
    method: string;
    answer?: RecordedExchange;
  }> = [];
  let caseId = '';
  interceptor.on('request', ({ request, requestId }) => {
    seen.push({ id: requestId, caseId, url: request.url, method: request.method });
  });
  interceptor.on('response', async ({ response, requestId }) => {
    const entry = seen.find((e) => e.id === requestId);
    if (!entry) return;
    const url = new URL(entry.url);
    const type = response.headers.get('content-type') ?? '';
    const bytes = Buffer.from(await response.clone().arrayBuffer());
    const textual = type === '' || /json|text|xml/i.test(type);
    entry.answer = {
      method: entry.method,
      path: url.pathname + url.search,
      status: response.status,
      headers: keptHeaders(response.headers),
      ...(textual ? { body: bytes.toString('utf8') } : { bodyBase64: bytes.toString('base64') }),
    };
  });
  return {
    beginCase: (id) => void (caseId = id),
    stop(origin) {
      interceptor.dispose();
      const cases: Record<string, RecordedExchange[]> = {};
      for (const e of seen)
        if (e.answer && sameOrigin(e.url, origin)) (cases[e.caseId] ??= []).push(e.answer);
      return cases;
    },
  };
}

/** The answer headers a client reads; dates and connection details are left out. */
function keptHeaders(headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of ['content-type', 'location', 'allow', 'www-authenticate']) {
    const value = headers.get(name);
    if (value !== null) kept[name] = value;
  }
  return kept;
}

export async function saveRecording(file: string, recording: HttpRecording): Promise<void> {
  await writeFileAtomic(file, JSON.stringify(recording, null, 1) + '\n');
}

export function loadRecording(file: string): HttpRecording {
  let parsed: Partial<HttpRecording>;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<HttpRecording>;
  } catch (error) {
    throw new UsageError(
      `${file}: not a cpmct HTTP recording (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (parsed.format !== FORMAT || typeof parsed.cases !== 'object' || !parsed.origin)
    throw new UsageError(`${file}: not a cpmct HTTP recording (format ${FORMAT})`);
  return parsed as HttpRecording;
}

/**
 * Serve the recording instead of the store, one case at a time: each case sees only what
 * was recorded for it, so a case that stopped early cannot shift the next one.
 */
export function startReplay(recording: HttpRecording): {
  beginCase(caseId: string): void;
  unused(): number;
  stop(): void;
} {
  if (!nock.isActive()) nock.activate();
  nock.disableNetConnect();
  // Our own callback listeners and anything else on loopback that is not the store.
  nock.enableNetConnect((host) => !sameOrigin(`http://${host}`, recording.origin));
  let unused = 0;
  let scopes: nock.Scope[] = [];
  const serve = (caseId: string) => {
    unused += scopes.reduce((n, scope) => n + scope.pendingMocks().length, 0);
    nock.cleanAll();
    scopes = nock.define(
      (recording.cases[caseId] ?? []).map((e) => ({
        scope: recording.origin,
        method: e.method,
        path: e.path,
        status: e.status,
        rawHeaders: e.headers,
        response: e.bodyBase64 !== undefined ? Buffer.from(e.bodyBase64, 'base64') : (e.body ?? ''),
      })),
    );
  };
  serve('');
  return {
    beginCase: serve,
    unused: () => unused + scopes.reduce((n, scope) => n + scope.pendingMocks().length, 0),
    stop() {
      nock.cleanAll();
      nock.enableNetConnect();
      nock.restore();
    },
  };
}

/** In replay, what needs the store's own notifications is inconclusive, not judged. */
export function replayingFactory(
  factory: DriverFactory,
  beginCase: (caseId: string) => void,
): DriverFactory {
  const cannot = (what: string) =>
    new InconclusiveError(
      `${what} needs the store's own notifications, which a recording cannot replay`,
    );
  return {
    ...factory,
    beginCase,
    createDevice: async (name, user, options) => {
      const device = await factory.createDevice(name, user, options);
      const replaying: DeviceDriver = {
        name: device.name,
        setPreferences: (prefs) => device.setPreferences(prefs),
        applyLocalChange: (change) => device.applyLocalChange(change),
        sync: () => device.sync(),
        fetchContent: (folder, keys) => device.fetchContent(folder, keys),
        copy: (folder, key, target) => device.copy(folder, key, target),
        listen: () => Promise.reject(cannot(`${name}: listen`)),
        waitForNotification: (ms) => device.waitForNotification(ms),
        localView: () => device.localView(),
        evidence: () => device.evidence(),
        close: () => device.close(),
      };
      return replaying;
    },
    check: (name) =>
      Promise.reject(
        new InconclusiveError(
          `check ${name} is not replayed: binding checks may wait for the store's own notifications`,
        ),
      ),
  };
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
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
          format: FORMAT,
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

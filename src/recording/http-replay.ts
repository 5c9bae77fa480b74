/**
 * Replaying a recorded run with nock instead of the store. What the store sends by itself
 * (notifications to cpmct's callbacks) cannot be replayed: in replay a `listen` or a
 * binding `check` is inconclusive, never judged. A request the recording does not hold
 * fails with a one-line error, so its case is inconclusive, never passed.
 */
import nock from 'nock';
import type { DeviceDriver, DriverFactory } from '../engine/ports.ts';
import { InconclusiveError } from '../engine/trouble.ts';
import { sameOrigin, type HttpRecording } from './http-recording-file.ts';

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
      // A device that syncs by itself on the virtual clock does so in replay too.
      if (device.advanceClock) replaying.advanceClock = (now) => device.advanceClock!(now);
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

/**
 * `cpmct adapter-check`: every request of the upper-tester protocol (../README.md), in the
 * order a case would send them, against a tiny store, each answer checked: its shape, and
 * what it must have done (the local state it reports, what reached the store). One line per
 * request; a request the adapter does not support is skipped, unless the profile declares
 * the feature that needs it.
 */
import type { SyncPreferences } from '../../engine/ports.ts';
import type { StoreView } from '../../model/view.ts';
import {
  decodeHello,
  decodeReport,
  decodeView,
  encodeChange,
  type HelloResult,
} from '../protocol.ts';
import type { Answer, CheckSession } from './session.ts';

/** Declared profile features and the optional requests each needs. */
export const FEATURE_METHODS: Readonly<Record<string, readonly string[]>> = {
  periodic: ['tick', 'setPreferences'],
  'content-on-demand': ['fetchContent'],
  copy: ['copy'],
  listens: ['listen', 'waitForNotification'],
  filters: ['setPreferences'],
  'filter-date': ['setPreferences'],
  'filter-type': ['setPreferences'],
};

const INBOX = 'INBOX';
const CONV = 'Conv1';
const SCRATCH = 'AdapterCheck';

type Keys = Map<string, Map<string, { flags: string[]; content: string }>>;

function keysOf(view: StoreView): Keys {
  return new Map(
    view.folders.map((f) => [
      f.name,
      new Map(f.objects.map((o) => [o.key, { flags: o.flags, content: o.content ?? 'full' }])),
    ]),
  );
}

function describe(answer: Answer): string {
  if (answer.kind === 'error') return `answered an error: ${answer.message}`;
  if (answer.kind === 'gone') return `no answer: ${answer.message}`;
  return `answered ${JSON.stringify(answer.value)?.slice(0, 80)}`;
}

/** The answer must be a result (any value when `check` is absent). */
function result(
  s: CheckSession,
  request: string,
  answer: Answer,
): answer is Answer & { kind: 'result' } {
  if (answer.kind === 'result') return true;
  // The first request the adapter did not answer says why; the rest are summed up once.
  if (answer.kind !== 'gone' || s.reportGone()) s.fail(request, describe(answer));
  return false;
}

async function expectNull(
  s: CheckSession,
  request: string,
  method: string,
  params: unknown,
  extraMs = 0,
): Promise<boolean> {
  const answer = await s.call(method, params, extraMs);
  if (!result(s, request, answer)) return false;
  if (answer.value !== null) {
    s.fail(request, `expected result null, ${describe(answer)}`);
    return false;
  }
  return true;
}

/** localState, checked; undefined (with a line) when it is not a valid local state. */
async function localState(s: CheckSession, request: string): Promise<Keys | undefined> {
  const answer = await s.call('localState', {});
  if (!result(s, request, answer)) return undefined;
  try {
    return keysOf(decodeView(answer.value));
  } catch (error) {
    s.fail(request, (error as Error).message);
    return undefined;
  }
}

async function storeKeys(s: CheckSession): Promise<Keys> {
  return keysOf(await s.storeView());
}

/** sync, then localState: the report's shape and that the local state mirrors the store. */
async function syncAndCompare(s: CheckSession, why: string): Promise<Keys | undefined> {
  const answer = await s.call('sync', {});
  if (!result(s, `sync (${why})`, answer)) return undefined;
  try {
    const report = decodeReport(answer.value);
    s.ok(`sync (${why})`, `synced ${report.foldersSynced.join(', ') || 'no folder named'}`);
  } catch (error) {
    s.fail(`sync (${why})`, (error as Error).message);
  }
  const local = await localState(s, `localState after sync (${why})`);
  if (!local) return undefined;
  const store = await storeKeys(s);
  const problems: string[] = [];
  for (const [folder, objects] of store) {
    const mine = local.get(folder);
    if (!mine) {
      problems.push(`folder ${folder} is on the store but not listed`);
      continue;
    }
    for (const [key, o] of objects) {
      const held = mine.get(key);
      if (!held) problems.push(`${folder}/${key} is on the store but not listed`);
      else if (o.flags.join(' ') !== held.flags.join(' '))
        problems.push(
          `${folder}/${key} flags [${held.flags.join(' ')}], the store has [${o.flags.join(' ')}]`,
        );
    }
    for (const key of mine.keys())
      if (!objects.has(key)) problems.push(`${folder}/${key} is listed but not on the store`);
  }
  for (const folder of local.keys())
    if (!store.has(folder)) problems.push(`folder ${folder} is listed but not on the store`);
  if (problems.length) s.fail(`localState after sync (${why})`, problems.slice(0, 3).join('; '));
  else
    s.ok(`localState after sync (${why})`, `mirrors the store (${[...store.keys()].join(', ')})`);
  return local;
}

export async function checkHello(
  s: CheckSession,
  features: Set<string>,
): Promise<HelloResult | undefined> {
  const answer = await s.call('hello', {
    device: 'adapter-check',
    endpoint: s.endpoint,
    user: s.options.user,
    password: s.options.password,
  });
  if (!result(s, 'hello', answer)) return undefined;
  let hello: HelloResult;
  try {
    hello = decodeHello(answer.value);
  } catch (error) {
    s.fail('hello', (error as Error).message);
    return undefined;
  }
  s.ok('hello', `${hello.name} ${hello.version}, supports: ${hello.supports.join(', ') || 'none'}`);
  for (const [feature, methods] of Object.entries(FEATURE_METHODS)) {
    const missing = methods.filter((m) => !hello.supports.includes(m));
    if (features.has(feature) && missing.length)
      s.fail(
        'hello',
        `the profile declares ${feature}, which needs ${missing.join(' and ')} in supports`,
      );
  }
  return hello;
}

/** The required requests: localState, sync, applyLocalChange of each kind, an error answer. */
export async function checkRequired(s: CheckSession): Promise<void> {
  const fresh = await localState(s, 'localState (before any sync)');
  if (fresh) {
    const held = [...fresh.values()].reduce((n, f) => n + f.size, 0);
    if (held)
      s.fail('localState (before any sync)', `lists ${held} object(s): a new device starts empty`);
    else s.ok('localState (before any sync)', 'empty');
  }
  await syncAndCompare(s, 'first');

  const added = s.object(30, ['\\Seen']);
  const store = await storeKeys(s);
  const [first, second] = [...(store.get(INBOX)?.keys() ?? [])];
  const changes: Array<
    [string, Parameters<typeof encodeChange>[0], (k: Keys) => string | undefined]
  > = [
    [
      'add',
      { kind: 'add', folder: INBOX, object: added },
      (k) => (k.get(INBOX)?.has(added.key) ? undefined : `${added.key} not listed in ${INBOX}`),
    ],
    [
      'flags',
      { kind: 'flags', folder: INBOX, key: first ?? '', add: ['\\Flagged'] },
      (k) =>
        k
          .get(INBOX)
          ?.get(first ?? '')
          ?.flags.includes('\\Flagged')
          ? undefined
          : `${first} not listed with \\Flagged`,
    ],
    [
      'delete',
      { kind: 'delete', folder: INBOX, key: second ?? '' },
      (k) => (k.get(INBOX)?.has(second ?? '') ? `${second} still listed` : undefined),
    ],
    [
      'create-folder',
      { kind: 'create-folder', folder: SCRATCH },
      (k) => (k.has(SCRATCH) ? undefined : `folder ${SCRATCH} not listed`),
    ],
  ];
  for (const [kind, change, check] of changes) {
    const request = `applyLocalChange ${kind}`;
    if (!(await expectNull(s, request, 'applyLocalChange', encodeChange(change)))) continue;
    const local = await localState(s, `localState after ${kind}`);
    const wrong = local && check(local);
    if (wrong) s.fail(request, `the local state does not show it: ${wrong}`);
    else if (local) s.ok(request, 'shown in the local state');
  }
  await syncAndCompare(s, 'after local changes');
  const after = await storeKeys(s);
  const missed = [
    after.get(INBOX)?.has(added.key) ? '' : 'the added object',
    after
      .get(INBOX)
      ?.get(first ?? '')
      ?.flags.includes('\\Flagged')
      ? ''
      : 'the flag',
    after.get(INBOX)?.has(second ?? '') ? 'the deletion' : '',
    after.has(SCRATCH) ? '' : 'the new folder',
  ].filter(Boolean);
  if (missed.length)
    s.fail('sync (after local changes)', `the store did not get ${missed.join(', ')}`);

  if (
    await expectNull(s, 'applyLocalChange delete-folder', 'applyLocalChange', {
      kind: 'delete-folder',
      folder: SCRATCH,
    })
  ) {
    const local = await localState(s, 'localState after delete-folder');
    if (local?.has(SCRATCH))
      s.fail('applyLocalChange delete-folder', `folder ${SCRATCH} still listed`);
    else if (local) s.ok('applyLocalChange delete-folder', 'shown in the local state');
  }
  const bad = await s.call('applyLocalChange', {
    kind: 'flags',
    folder: INBOX,
    key: 'no-such-object@adapter-check',
    add: ['\\Seen'],
  });
  if (bad.kind === 'error')
    s.ok('applyLocalChange (unknown key)', `answered an error, as it must: ${bad.message}`);
  else
    s.fail(
      'applyLocalChange (unknown key)',
      `must answer an error for an object it does not hold; ${describe(bad)}`,
    );

  // Changes made on the store by another party.
  await s.store.deliver(INBOX, s.object(40));
  if (first) await s.store.delete(INBOX, first);
  await syncAndCompare(s, 'after store changes');
}

/** The optional requests the adapter named in hello's supports. */
export async function checkOptional(s: CheckSession, supports: ReadonlySet<string>): Promise<void> {
  const skip = (method: string) => s.skip(method, "not in hello's supports");
  if (supports.has('setPreferences')) {
    const prefs: SyncPreferences = {};
    if (await expectNull(s, 'setPreferences', 'setPreferences', prefs))
      s.ok('setPreferences', 'accepted {}');
  } else skip('setPreferences');

  if (supports.has('fetchContent')) await checkFetchContent(s);
  else skip('fetchContent');

  if (supports.has('copy')) {
    const key = [...((await storeKeys(s)).get(INBOX)?.keys() ?? [])][0];
    if (key && (await expectNull(s, 'copy', 'copy', { folder: INBOX, key, targetFolder: CONV }))) {
      const copied = (await storeKeys(s)).get(CONV)?.has(key);
      if (copied) s.ok('copy', `the store holds ${key} in ${CONV} too`);
      else s.fail('copy', `answered null but the store holds no copy of ${key} in ${CONV}`);
      await syncAndCompare(s, 'after copy');
    }
  } else skip('copy');

  if (supports.has('tick')) await checkTick(s, supports);
  else skip('tick');

  if (supports.has('listen') && supports.has('waitForNotification')) await checkListen(s);
  else skip('listen, waitForNotification');

  if (supports.has('reset')) {
    if (await expectNull(s, 'reset', 'reset', {})) {
      const local = await localState(s, 'localState after reset');
      const held = local ? [...local.values()].reduce((n, f) => n + f.size, 0) : 0;
      if (held) s.fail('reset', `the local state still lists ${held} object(s)`);
      else if (local) s.ok('reset', 'the local state is empty');
    }
  } else skip('reset');
}

async function checkFetchContent(s: CheckSession): Promise<void> {
  const local = await localState(s, 'localState before fetchContent');
  if (!local) return;
  const inbox = local.get(INBOX) ?? new Map();
  const metadataOnly = [...inbox].find(([, o]) => o.content === 'metadata')?.[0];
  const key = metadataOnly ?? [...inbox.keys()][0];
  if (!key) return s.skip('fetchContent', `no object in ${INBOX} to fetch`);
  const before = (await storeKeys(s)).get(INBOX)?.get(key)?.flags ?? [];
  if (!(await expectNull(s, 'fetchContent', 'fetchContent', { folder: INBOX, keys: [key] })))
    return;
  const afterLocal = await localState(s, 'localState after fetchContent');
  const afterStore = (await storeKeys(s)).get(INBOX)?.get(key)?.flags ?? [];
  if (afterStore.join(' ') !== before.join(' '))
    return s.fail(
      'fetchContent',
      `changed ${key} on the store: flags [${before.join(' ')}] became [${afterStore.join(' ')}] (fetch with BODY.PEEK[])`,
    );
  if (afterLocal?.get(INBOX)?.get(key)?.content !== 'full')
    return s.fail('fetchContent', `${key} is still listed with content "metadata"`);
  s.ok(
    'fetchContent',
    metadataOnly
      ? `${key} now held in full, the store unchanged`
      : `every object was already held in full; answered null, as it should`,
  );
}

async function checkTick(s: CheckSession, supports: ReadonlySet<string>): Promise<void> {
  const start = s.clockStart.getTime();
  const first = await s.call('tick', { now: new Date(start).toISOString() });
  if (!result(s, 'tick (first: the clock start)', first)) return;
  if (!supports.has('setPreferences'))
    return s.fail('tick', 'periodic sync needs setPreferences (periodMs) too');
  if (!(await expectNull(s, 'setPreferences periodMs', 'setPreferences', { periodMs: 60_000 })))
    return;
  const quiet = await s.call('tick', { now: new Date(start + 1_000).toISOString() });
  if (result(s, 'tick (before the period)', quiet) && quiet.value !== null)
    s.fail(
      'tick (before the period)',
      `expected null (1 s of a 60 s period passed); ${describe(quiet)}`,
    );
  const mark = s.traceLength;
  const due = await s.call('tick', { now: new Date(start + 61_000).toISOString() });
  if (!result(s, 'tick (period elapsed)', due)) return;
  const synced = s.sawSyncSince(mark);
  if (due.value === null)
    return s.fail(
      'tick (period elapsed)',
      'answered null: periodMs had elapsed, the client must sync by itself',
    );
  try {
    decodeReport(due.value);
  } catch (error) {
    return s.fail('tick (period elapsed)', (error as Error).message);
  }
  if (!synced)
    s.fail(
      'tick (period elapsed)',
      'answered a sync report, but the store saw no LIST, SELECT or EXAMINE (over NMS: no folder or object search)',
    );
  else s.ok('tick', 'synced by itself once the period had elapsed, not before');
  await expectNull(s, 'setPreferences (no period)', 'setPreferences', {});
}

async function checkListen(s: CheckSession): Promise<void> {
  if (!(await expectNull(s, 'listen', 'listen', { folder: INBOX }))) return;
  s.ok('listen', `listening on ${INBOX}`);
  await s.store.deliver(INBOX, s.object(50));
  const answer = await s.call('waitForNotification', { timeoutMs: 3000 }, 3000);
  if (!result(s, 'waitForNotification', answer)) return;
  if (answer.value === true) s.ok('waitForNotification', 'true after the store got a new object');
  else
    s.fail(
      'waitForNotification',
      `expected true (the store got a new object); ${describe(answer)}`,
    );
}

/** close: answered, and the process gone within its grace time. */
export async function checkClose(s: CheckSession, graceMs: number): Promise<void> {
  const answer = await s.call('close', {});
  const took = await s.close(graceMs);
  if (!result(s, 'close', answer)) return;
  if (answer.value !== null) s.fail('close', `expected result null, ${describe(answer)}`);
  else if (took > graceMs)
    s.fail('close', `the adapter did not exit within ${graceMs} ms of close`);
  else s.ok('close', `exited ${took < 50 ? 'at once' : `after ${took} ms`}`);
}

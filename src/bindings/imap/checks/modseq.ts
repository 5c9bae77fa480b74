/**
 * imap-modseq — the IMAP counterpart of nms-lastmodseq (RFC 7162 3.1): a message's MODSEQ
 * and the folder's HIGHESTMODSEQ grow with every real change (a new object, a flag set
 * or removed, an expunge) and only then (not on a read, not on a STORE that changes
 * nothing); a conditional STORE on a message changed since the client's mod-sequence is
 * refused with [MODIFIED] and leaves it alone. Clients learn changed metadata from these
 * counters (step 3f) and whether anything changed at all from the folder state (5.5.2.2).
 */
import type { ImapClient } from '../client/index.ts';
import { Inapplicable, runImapCheck, StoreFault, type ImapCheckRun } from './run.ts';
import type { ImapCheck } from './types.ts';

const FOLDER = 'cpmct-check-modseq';
/** An object stored without HIGHESTMODSEQ moving: clients miss it (step 3a). */
const NEW_OBJECTS = 'SD-5.5.2.20-3a';
/** An expunge without HIGHESTMODSEQ moving: clients keep the removed object (step 3c). */
const REMOVALS = 'SD-5.5.2.20-3c';
/** A change a client cannot learn from the counters: metadata does not travel (step 3f). */
const METADATA = 'SD-5.5.2.20-3f';
/** Counters that move with no change: the folder state no longer says what is new (5.5.2.2). */
const FOLDER_STATE = 'SD-5.5.2.2';
const SEEN = '\\Seen';
const FLAGGED = '\\Flagged';

interface Counters {
  message: bigint;
  highest: bigint;
  /** The message's flags, sorted, space-separated. */
  flags: string;
}

type Kind = 'read' | 'change' | 'no-op';

export const modseq: ImapCheck = (ctx) =>
  runImapCheck(
    ctx,
    'imap-modseq',
    { clauses: [NEW_OBJECTS, METADATA, REMOVALS, FOLDER_STATE] },
    async (run) => {
      const client = await run.connect();
      if (!client.has('CONDSTORE'))
        throw new Inapplicable('the store does not advertise CONDSTORE (RFC 7162)');
      await run.scratchFolder(client, FOLDER);
      const readings: string[] = [];
      const emptyHighest = await highest(client, 'empty folder');

      const first = ctx.makeObject(1);
      await client.append(FOLDER, first.raw, [], first.date);
      const uid = await uidOf(client, first.key);
      let was = await counters(client, uid);
      readings.push(`created ${show(was)}`);
      if (!(was.highest > emptyHighest))
        run.find(`APPEND: HIGHESTMODSEQ stayed ${was.highest} (was ${emptyHighest})`, NEW_OBJECTS);

      const step = async (what: string, change: () => Promise<unknown>, kind: () => Kind) => {
        await change();
        const now = await counters(client, uid);
        readings.push(`${what} ${show(now)}`);
        judge(run, what, was, now, kind());
        was = now;
      };
      const fetched = () => client.fetch(String(uid), { flags: true, headers: true });
      await step('re-read', fetched, () => 'read');
      await step(
        `+${SEEN}`,
        () => client.store([uid], '+', [SEEN]),
        () => 'change',
      );
      await step(
        `+${SEEN} again`,
        () => client.store([uid], '+', [SEEN]),
        () => 'no-op',
      );

      const stale = was.message - 1n;
      let refused: number[] = [];
      await step(
        `STORE (UNCHANGEDSINCE ${stale})`,
        async () => (refused = await client.storeIfUnchanged([uid], stale, [FLAGGED])),
        () => 'no-op',
      );
      if (!refused.includes(uid))
        run.find(
          `UID STORE ${uid} (UNCHANGEDSINCE ${stale}) on a message at MODSEQ ${was.message}: ` +
            'no [MODIFIED] in the answer',
          METADATA,
        );
      const reported = was.message;
      let refusedAgain: number[] = [];
      await step(
        `STORE (UNCHANGEDSINCE ${reported})`,
        async () =>
          (refusedAgain = await client.storeIfUnchanged([uid], reported, [SEEN, FLAGGED])),
        () => (refusedAgain.includes(uid) ? 'no-op' : 'change'),
      );
      if (refusedAgain.includes(uid))
        run.find(
          `UID STORE ${uid} (UNCHANGEDSINCE ${reported}) was refused with [MODIFIED] though ` +
            `${reported} is the MODSEQ the store reports for it`,
          METADATA,
        );
      await step(
        `-${SEEN}`,
        () => client.store([uid], '-', [SEEN]),
        () => 'change',
      );
      run.note(`MODSEQ/HIGHESTMODSEQ of UID ${uid}: ${readings.join(', ')}`);
      await expungeRaises(run, client, ctx.makeObject(2));
    },
  );

/**
 * A real change raises both counters; anything else leaves both as they were. A change the
 * store did not make, or a read that changed flags, is a fault of that operation instead.
 */
function judge(run: ImapCheckRun, what: string, was: Counters, now: Counters, kind: Kind) {
  if (kind === 'change' && now.flags === was.flags)
    throw new StoreFault('SD-5.5.2.13', `${what} answered OK but the flags stayed (${now.flags})`);
  if (kind === 'read' && now.flags !== was.flags)
    throw new StoreFault(
      'SD-5.5.2.4',
      `reading the message changed its flags from (${was.flags}) to (${now.flags})`,
    );
  if (kind === 'change') {
    if (!(now.message > was.message))
      run.find(
        `${what}: the message's MODSEQ stayed ${now.message}; a flag change must raise it`,
        METADATA,
      );
    if (!(now.highest > was.highest))
      run.find(
        `${what}: HIGHESTMODSEQ stayed ${now.highest}; a flag change must raise it`,
        METADATA,
      );
  } else {
    if (now.message !== was.message)
      run.find(
        `${what} changed nothing but MODSEQ moved from ${was.message} to ${now.message}`,
        FOLDER_STATE,
      );
    if (now.highest !== was.highest)
      run.find(
        `${what} changed nothing but HIGHESTMODSEQ moved from ${was.highest} to ${now.highest}`,
        FOLDER_STATE,
      );
  }
  if (now.highest < now.message)
    run.find(
      `${what}: HIGHESTMODSEQ ${now.highest} is below a message's MODSEQ ${now.message}`,
      FOLDER_STATE,
    );
}

/** An expunge is a change too: HIGHESTMODSEQ must grow (RFC 7162 3.1.2). */
async function expungeRaises(
  run: ImapCheckRun,
  client: ImapClient,
  object: { key: string; raw: Buffer; date: Date },
): Promise<void> {
  await client.append(FOLDER, object.raw, [], object.date);
  const uid = await uidOf(client, object.key);
  await client.store([uid], '+', ['\\Deleted']);
  const before = await highest(client, 'before the expunge');
  await client.expunge([uid]);
  const after = await highest(client, 'after the expunge');
  if ((await client.searchUids(['UID', String(uid)])).includes(uid))
    throw new StoreFault(
      'SD-5.5.2.6',
      `UID EXPUNGE ${uid} answered OK but the message is still there`,
    );
  run.note(`HIGHESTMODSEQ around the expunge of UID ${uid}: ${before} -> ${after}`);
  if (!(after > before))
    run.find(
      `UID EXPUNGE ${uid}: HIGHESTMODSEQ stayed ${after}; an expunge must raise it`,
      REMOVALS,
    );
}

async function uidOf(client: ImapClient, key: string): Promise<number> {
  await client.select(FOLDER);
  const [uid] = await client.searchUids(['HEADER', 'IMDN-Message-ID', { string: key }]);
  if (uid === undefined)
    throw new StoreFault('SD-5.5.2.3', `APPEND answered OK but ${key} is not in ${FOLDER}`);
  return uid;
}

async function highest(client: ImapClient, when: string): Promise<bigint> {
  const value = (await client.status(FOLDER)).highestModseq;
  if (value === undefined) throw new Error(`STATUS ${FOLDER} ${when}: no HIGHESTMODSEQ`);
  return value;
}

async function counters(client: ImapClient, uid: number): Promise<Counters> {
  const { messages } = await client.fetch(String(uid), { flags: true });
  const fetched = messages.find((m) => m.uid === uid);
  if (fetched?.modseq === undefined) throw new Error(`UID FETCH ${uid}: no MODSEQ in the answer`);
  const flags = [...fetched.flags].sort().join(' ');
  return { message: fetched.modseq, highest: await highest(client, `after UID ${uid}`), flags };
}

function show(c: Counters): string {
  return `${c.message}/${c.highest}`;
}

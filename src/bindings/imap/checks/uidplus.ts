/**
 * imap-uidplus — a store that advertises UIDPLUS (RFC 4315) answers APPEND with
 * [APPENDUID <uidvalidity> <uid>] and COPY with [COPYUID <uidvalidity> <from> <to>], and
 * the codes are right (the UID holds the object, the UIDVALIDITY is the folder's). Without
 * them a client must search for what it just stored (step 3d) or copied (5.5.2.5). A missing
 * code breaks a SHOULD of the RFC (a warning); a wrong one is a failure.
 */
import type { ImapClient } from '../client/index.ts';
import { Inapplicable, runImapCheck, StoreFault, type ImapCheckRun } from './run.ts';
import type { ImapCheck } from './types.ts';

const SOURCE = 'cpmct-check-uidplus';
const TARGET = 'cpmct-check-uidplus-copy';
/** The UID of a stored object is not named (a SHOULD) or named wrong (a MUST). */
const STORE_OBJECT = 'SD-5.5.2.3';
/** A code's UIDVALIDITY disagrees with the folder's own. */
const FOLDER_STATE = 'SD-5.5.2.2';
/** COPYUID names UIDs that are not the copies. */
const COPY_ANSWER = 'SD-5.5.2.5-response';

export const uidplus: ImapCheck = (ctx) =>
  runImapCheck(
    ctx,
    'imap-uidplus',
    { clauses: [STORE_OBJECT, FOLDER_STATE, COPY_ANSWER], level: 'SHOULD' },
    async (run) => {
      const client = await run.connect();
      if (!client.has('UIDPLUS'))
        throw new Inapplicable('the store does not advertise UIDPLUS (RFC 4315)');
      await run.scratchFolder(client, SOURCE);
      await run.scratchFolder(client, TARGET);
      const object = ctx.makeObject(1);
      const appended = await client.append(SOURCE, object.raw, [], object.date);
      const source = await client.select(SOURCE);
      const [stored] = await client.searchUids([
        'HEADER',
        'IMDN-Message-ID',
        { string: object.key },
      ]);
      if (stored === undefined)
        throw new StoreFault(
          STORE_OBJECT,
          `APPEND answered OK but ${object.key} is not in ${SOURCE}`,
        );
      if (appended.uid === undefined) {
        run.find(`APPEND ${SOURCE} answered OK without [APPENDUID] although UIDPLUS is advertised`);
      } else {
        expectCode(run, `APPEND ${SOURCE}: APPENDUID`, appended.uidValidity, source.uidValidity);
        if (appended.uid !== stored)
          run.find(
            `APPEND ${SOURCE}: APPENDUID names UID ${appended.uid}, the object is UID ${stored}`,
            STORE_OBJECT,
            true,
          );
      }
      const copied = await client.copy([stored], TARGET);
      const copyUid = copied.uidMap.get(stored);
      run.note(
        `APPENDUID ${appended.uidValidity ?? '-'} ${appended.uid ?? '-'}; ` +
          `COPYUID ${copied.uidValidity ?? '-'} ${stored} ${copyUid ?? '-'}`,
      );
      if (copyUid === undefined) {
        run.find(
          `UID COPY ${stored} ${TARGET} answered OK without [COPYUID] although UIDPLUS is advertised`,
        );
        return;
      }
      await judgeCopy(run, client, copied.uidValidity, copyUid, object.key);
    },
  );

async function judgeCopy(
  run: ImapCheckRun,
  client: ImapClient,
  validity: number | undefined,
  copyUid: number,
  key: string,
): Promise<void> {
  const target = await client.select(TARGET);
  expectCode(run, `UID COPY to ${TARGET}: COPYUID`, validity, target.uidValidity);
  const found = await client.searchUids(['HEADER', 'IMDN-Message-ID', { string: key }]);
  if (found.length === 0)
    throw new StoreFault(
      'SD-5.5.2.5',
      `UID COPY answered OK but ${TARGET} holds no copy of ${key}`,
    );
  if (!found.includes(copyUid))
    run.find(
      `UID COPY to ${TARGET}: COPYUID names UID ${copyUid}, the copy is UID ${found.join(',')}`,
      COPY_ANSWER,
      true,
    );
}

function expectCode(
  run: ImapCheckRun,
  what: string,
  given: number | undefined,
  actual: number,
): void {
  if (given !== actual)
    run.find(
      `${what} gives UIDVALIDITY ${given ?? '-'}, the folder's is ${actual}`,
      FOLDER_STATE,
      true,
    );
}

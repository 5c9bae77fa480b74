/** Step 3a: with UIDVALIDITY unchanged, a HIGHESTMODSEQ lower than the last sync's fails the sync. */
import { expect } from 'chai';
import type { ImapClient, SelectInfo } from '../../src/bindings/imap/client/index.ts';
import { newFolder } from '../../simulators/clients/replica.ts';
import { selectFolder } from '../../simulators/clients/step3a-select.ts';
import { emptyReport, type SyncContext } from '../../simulators/clients/sync-context.ts';

/** A sync context whose client answers every SELECT with `answer`. */
function contextSelecting(answer: Partial<SelectInfo>): SyncContext {
  const select: SelectInfo = {
    path: 'Conv',
    uidValidity: 7,
    uidNext: 5,
    exists: 4,
    readOnly: false,
    noModseq: false,
    qresync: false,
    vanished: [],
    changed: [],
    ...answer,
  };
  const client = { qresync: false, select: async () => select } as unknown as ImapClient;
  return {
    client,
    replica: undefined as never,
    prefs: {},
    report: emptyReport(),
    contentByKey: new Map(),
  };
}

function folderSeenAt(uidValidity: number, highestModseq: bigint) {
  const folder = newFolder<number>('Conv', true);
  folder.uidValidity = uidValidity;
  folder.uidNext = 5;
  folder.highestModseq = highestModseq;
  return folder;
}

describe('clients: HIGHESTMODSEQ across syncs (step 3a)', () => {
  it('fails the sync when HIGHESTMODSEQ went down with the same UIDVALIDITY', async () => {
    const ctx = contextSelecting({ uidValidity: 7, highestModseq: 10n });
    const failure = await selectFolder(ctx, folderSeenAt(7, 12n)).catch((e: unknown) => e);
    expect(String(failure)).to.match(/HIGHESTMODSEQ went down from 12 to 10/);
  });

  it('accepts the same or a higher HIGHESTMODSEQ, and any value after a UIDVALIDITY change', async () => {
    for (const [validity, modseq] of [
      [7, 12n],
      [7, 20n],
      [8, 3n],
    ] as const) {
      const ctx = contextSelecting({ uidValidity: validity, highestModseq: modseq });
      const pass = await selectFolder(ctx, folderSeenAt(7, 12n));
      expect(pass.select.highestModseq).to.equal(modseq);
    }
  });
});

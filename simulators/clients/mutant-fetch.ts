/**
 * Mutant mark-read-on-fetch: content downloaded with `UID FETCH <uids> (UID BODY[])`, without
 * PEEK, so the store sets \Seen on every object fetched (RFC 3501 6.4.5). The IMAP client
 * wrapper only ever sends BODY.PEEK[], so this goes through imapflow's command executor.
 */
import type { MailboxObject } from 'imapflow';
import { formatMessageResponse } from 'imapflow/lib/tools.js';
import type { FetchedMessage, ImapClient } from '../../src/bindings/imap/client/index.ts';

interface ExecFlow {
  exec(
    command: string,
    attributes: unknown[],
    options: { untagged: Record<string, (parsed: unknown) => Promise<void>> },
  ): Promise<{ next: () => void }>;
}

export async function fetchBodyMarkingSeen(
  client: ImapClient,
  uids: string,
): Promise<FetchedMessage[]> {
  const out: FetchedMessage[] = [];
  const flow = client.flow as unknown as ExecFlow;
  const attributes = [
    { type: 'SEQUENCE', value: uids },
    [
      { type: 'ATOM', value: 'UID' },
      { type: 'ATOM', value: 'BODY', section: [] },
    ],
  ];
  await client.op(`UID FETCH ${uids} BODY[]`, async () => {
    const res = await flow.exec('UID FETCH', attributes, {
      untagged: {
        FETCH: async (parsed) => {
          // A scratch mailbox: formatMessageResponse updates the uidNext it is given.
          const m = await formatMessageResponse(parsed as never, {} as MailboxObject);
          if (m.uid) out.push({ uid: m.uid, flags: [], ...(m.source ? { source: m.source } : {}) });
        },
      },
    });
    res.next();
  });
  return out;
}

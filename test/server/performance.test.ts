/**
 * The initial sync of 10,000 messages by one client must not be slower than Dovecot on
 * the same machine (docs: imapflow took about 0.9 s for the metadata and 0.5 s for the
 * full bodies of 10,000 messages against Dovecot 2.3, without COMPRESS). The bounds
 * below leave room for a loaded CI machine; the measured times are printed.
 */
import { expect } from 'chai';
import type { RunningImapServer } from '../../simulators/server/imap-server.ts';
import { ALICE, imapflow, startSeeded } from './helpers.ts';

const COUNT = 10_000;
const LIMIT_SECONDS = 2.5;

function bulkMessage(i: number): Buffer {
  return Buffer.from(
    [
      `From: Sender ${i} <tel:+1958555${String(i).padStart(4, '0')}>`,
      'To: <sip:alice@example.org>',
      `Subject: message ${i}`,
      'Date: Mon, 01 Jan 2024 10:00:00 +0000',
      `Message-ID: <bulk-${i}@example.org>`,
      `IMDN-Message-ID: bulk-${i}`,
      'Conversation-ID: conv-bulk',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(100),
      '',
    ].join('\r\n'),
  );
}

describe('server: performance of an initial sync', function () {
  this.timeout(60_000);
  let server: RunningImapServer;

  before(async () => {
    server = await startSeeded();
    const store = server.stores.get('alice')!;
    store.createFolder('Bulk');
    for (let i = 1; i <= COUNT; i++) store.append('Bulk', bulkMessage(i), { internalDate: new Date(1704103200000 + i) });
  });
  after(async () => {
    await server.stop();
  });

  it(`fetches metadata, then full bodies, of ${COUNT} messages quickly`, async () => {
    const client = await imapflow(server, ALICE);
    try {
      await client.mailboxOpen('Bulk');
      let started = performance.now();
      let count = 0;
      for await (const m of client.fetch('1:*', { uid: true, flags: true, size: true, headers: true }, { uid: true })) {
        if (m.headers && m.modseq) count++;
      }
      const metadataSeconds = (performance.now() - started) / 1000;
      expect(count).to.equal(COUNT);
      started = performance.now();
      let bytes = 0;
      for await (const m of client.fetch('1:*', { uid: true, source: true }, { uid: true })) bytes += m.source?.length ?? 0;
      const bodySeconds = (performance.now() - started) / 1000;
      console.log(
        `      metadata ${metadataSeconds.toFixed(2)} s, bodies ${bodySeconds.toFixed(2)} s (${(bytes / 1e6).toFixed(1)} MB)`,
      );
      expect(bytes).to.be.above(COUNT * 5000);
      expect(metadataSeconds).to.be.below(LIMIT_SECONDS);
      expect(bodySeconds).to.be.below(LIMIT_SECONDS);
    } finally {
      await client.logout();
    }
  });
});

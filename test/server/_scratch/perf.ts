import { ImapFlow } from 'imapflow';
import { startImapServer } from '../../../simulators/server/imap-server.ts';

const server = await startImapServer({ users: [{ name: 'alice', password: 'pw' }] });
const store = server.stores.get('alice')!;
const body = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(110) + '\r\n';
for (let i = 1; i <= 10000; i++) {
  store.append('INBOX', Buffer.from(`From: Sender ${i} <s${i}@example.org>\r\nTo: <tel:+3361234${i}>\r\nSubject: message number ${i}\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\nMessage-ID: <m${i}@example.org>\r\nIMDN-Message-ID: imdn-${i}\r\nConversation-ID: conv-1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}`), { internalDate: new Date(1704103200000 + i * 1000) });
}
const client = new ImapFlow({ host: server.host, port: server.port, secure: false, auth: { user: 'alice', pass: 'pw' }, logger: false, qresync: true } as never);
await client.connect();
const lock = await client.getMailboxLock('INBOX');
for (let round = 0; round < 3; round++) {
  let t = performance.now();
  let n = 0;
  for await (const m of client.fetch('1:*', { uid: true, flags: true, size: true, headers: true } as never, { uid: true })) { n += m.uid ? 1 : 0; }
  console.log('metadata', n, ((performance.now() - t) / 1000).toFixed(2), 's');
  t = performance.now();
  n = 0;
  let bytes = 0;
  for await (const m of client.fetch('1:*', { uid: true, source: true }, { uid: true })) { n++; bytes += m.source?.length ?? 0; }
  console.log('bodies', n, bytes, ((performance.now() - t) / 1000).toFixed(2), 's');
}
lock.release();
await client.logout();
await server.stop();

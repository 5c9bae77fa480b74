import { ImapFlow } from 'imapflow';
import { startImapServer } from '../../../simulators/server/imap-server.ts';

const server = await startImapServer({ users: [{ name: 'alice', password: 'pw' }, { name: 'bob', password: 'pw2' }], onTrace: (e) => console.log(e.connection, e.direction, e.line.slice(0, 200)) });
const store = server.stores.get('alice')!;
store.createFolder('Default/tel:+331');
store.append('INBOX', Buffer.from('From: A <a@x.org>\r\nTo: b@y.org\r\nSubject: hi\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\nMessage-ID: <1@x>\r\n\r\nHello\r\n'), { internalDate: new Date('2024-01-01T10:00:00Z') });
const client = new ImapFlow({ host: server.host, port: server.port, secure: false, auth: { user: 'alice', pass: 'pw' }, logger: false, qresync: true } as never);
await client.connect();
console.log(await client.list({ statusQuery: { messages: true, uidNext: true, highestModseq: true } as never }));
const lock = await client.getMailboxLock('INBOX');
for await (const m of client.fetch('1:*', { uid: true, flags: true, envelope: true, bodyStructure: true, source: true, headers: true, size: true }, { uid: true })) {
  console.log(m.uid, m.flags, m.envelope, JSON.stringify(m.bodyStructure), m.source?.length);
}
const r = await client.append('INBOX', 'Subject: two\r\n\r\nbody\r\n', ['\\Seen']);
console.log('append', r);
await client.messageFlagsAdd('1', ['\\Flagged'], { uid: true });
console.log(await client.search({ seen: true }, { uid: true }));
console.log('copy', await client.messageCopy('1:*', 'Default/tel:+331', { uid: true }));
lock.release();
await client.logout();
await server.stop();

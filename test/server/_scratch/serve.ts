import { startImapServer } from '../../../simulators/server/imap-server.ts';
const server = await startImapServer({ port: Number(process.env.PORT ?? 0), users: [{ name: 'alice', password: 'pw' }], onTrace: process.env.TRACE ? (e) => console.log(e.connection, e.direction, e.line.slice(0, 300)) : undefined });
const store = server.stores.get('alice')!;
store.createFolder('Default/tel:+331');
store.createFolder('Work');
for (let i = 1; i <= 3; i++) store.append('INBOX', Buffer.from(`From: A <a@x.org>\r\nSubject: m${i}\r\nMessage-ID: <m${i}@x>\r\n\r\nHello ${i}\r\n`), { internalDate: new Date('2024-01-01T10:00:00Z'), flags: i === 1 ? ['\\Seen'] : [] });
store.append('Default/tel:+331', Buffer.from(`From: B <b@x.org>\r\nSubject: c1\r\nMessage-ID: <c1@x>\r\n\r\nchat\r\n`), {});
console.log('PORT', server.port);
process.on('SIGTERM', async () => { 
  for (const [u, s] of server.stores) for (const f of s.listFolders()) console.log('STORE', u, f.name, s.objects(f.name).map(o => `${o.uid}:${[...o.flags].join(',')}`).join(' '));
  await server.stop(); process.exit(0); });

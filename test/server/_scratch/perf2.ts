import { connect } from 'node:net';
import { startImapServer } from '../../../simulators/server/imap-server.ts';
const server = await startImapServer({ users: [{ name: 'alice', password: 'pw' }] });
const store = server.stores.get('alice')!;
const body = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(100) + '\r\n';
for (let i = 1; i <= 10000; i++) store.append('INBOX', Buffer.from(`From: Sender ${i} <s${i}@example.org>\r\nTo: <tel:+3361234${i}>\r\nSubject: message number ${i}\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\nMessage-ID: <m${i}@example.org>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}`));
const socket = connect(server.port, server.host);
let buf = ''; let total = 0;
let waiter: ((s: number) => void) | undefined; let want = '';
socket.on('data', (d) => { total += d.length; buf = (buf + d.toString('latin1')).slice(-200); if (waiter && buf.includes(want)) { const w = waiter; waiter = undefined; w(total); buf=''; total = 0; } });
const cmd = (line: string, tag: string) => new Promise<number>((r) => { want = `\r\n${tag} OK`; waiter = r; socket.write(line + '\r\n'); });
await new Promise((r) => setTimeout(r, 100)); buf = '';
await cmd('a LOGIN alice pw', 'a'); await cmd('b ENABLE QRESYNC', 'b'); await cmd('c SELECT INBOX', 'c');
for (let round = 0; round < 4; round++) {
  let t = performance.now();
  let out = await cmd(`m${round} UID FETCH 1:* (UID FLAGS MODSEQ RFC822.SIZE BODY.PEEK[HEADER])`, `m${round}`);
  console.log('metadata', out, ((performance.now() - t)).toFixed(0), 'ms');
  t = performance.now();
  out = await cmd(`f${round} UID FETCH 1:* (UID BODY.PEEK[])`, `f${round}`);
  console.log('bodies', out, ((performance.now() - t)).toFixed(0), 'ms');
}
socket.destroy(); await server.stop();

import { startDovecot } from '/work/main/test/clients/dovecot-helper.ts';
import { ImapFlow } from 'imapflow';
const d = await startDovecot();
const entries: any[] = [];
const logger = { trace: (o: any) => entries.push(['trace', o]), debug: (o: any) => entries.push(['debug', o]), info: (o: any) => entries.push(['info', o]), warn: (o: any) => entries.push(['warn', o]), error: (o: any) => entries.push(['error', o]) };
const c = new ImapFlow({ host: d.host, port: d.port, secure: false, auth: { user: 'alice', pass: 'alicepass' }, logger, logRaw: true, qresync: true, disableAutoIdle: true, disableCompression: true });
c.on('error', (e) => console.log('ERR', e));
await c.connect();
console.log([...c.capabilities.keys()].join(' '), [...c.enabled]);
const l = await c.list({ statusQuery: { uidValidity: true, uidNext: true, highestModseq: true, messages: true } });
console.log(l);
await c.mailboxCreate('Conv1');
const r = await c.append('Conv1', Buffer.from('IMDN-Message-ID: <a1>\r\nContent-Type: message/cpim\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\n\r\nhello\r\n'), ['\\Seen'], new Date('2024-01-01T10:00:00Z'));
console.log(r);
const mb = await c.mailboxOpen('Conv1');
console.log(mb);
await c.logout();
for (const [lvl, o] of entries) { if (o.data) console.log(lvl, o.src, o.hidden ?? '', JSON.stringify(Buffer.from(o.data, 'base64').toString())); else console.log(lvl, o.src, o.msg); }
await d.stop();

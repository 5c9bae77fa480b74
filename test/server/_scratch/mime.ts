import { messageInfo } from '../../../src/bindings/imap/server/mime/message-info.ts';
import { extractSection, parseSection } from '../../../src/bindings/imap/server/mime/sections.ts';
const raw = Buffer.from([
  'From: "Doe, John" <john@example.org>, =?utf-8?q?J=C3=B6rg?= <j@x.de>',
  'To: undisclosed-recipients:;',
  'Cc: friends: a@b.c, B <b@c.d>;, last@x.y (comment)',
  'Subject: test',
  'Message-ID: <id1@x>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="outer"',
  '',
  'preamble',
  '--outer',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Hello',
  'world',
  '--outer',
  'Content-Type: message/rfc822',
  'Content-Disposition: attachment; filename="fwd.eml"',
  '',
  'From: inner@x',
  'Subject: inner',
  'Content-Type: text/html',
  '',
  '<p>inner</p>',
  '--outer',
  'Content-Type: image/png; name=a.png',
  'Content-Transfer-Encoding: base64',
  'Content-ID: <img1>',
  '',
  'iVBORw0KGgo=',
  '--outer--',
  'epilogue',
].join('\r\n'));
const info = messageInfo(raw);
console.log(info.envelope);
console.log(info.bodyStructure);
console.log(info.body);
for (const s of ['1', '2', '2.HEADER', '2.TEXT', '2.1', '3', '3.MIME', 'HEADER.FIELDS (Subject Message-id)', 'TEXT', '4', '1.1']) {
  const out = extractSection(info, parseSection(s));
  console.log(s, JSON.stringify(out?.toString()));
}
const simple = messageInfo(Buffer.from('Subject: x\r\n\r\nbody'));
console.log(simple.bodyStructure, JSON.stringify(extractSection(simple, parseSection('1'))?.toString()));

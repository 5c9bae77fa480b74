import { expect } from 'chai';
import { messageInfo } from '../../src/bindings/imap/server/mime/message-info.ts';
import { extractSection, parseSection } from '../../src/bindings/imap/server/mime/sections.ts';

const MULTIPART = Buffer.from(
  [
    'From: "Doe, John" <john@example.org>, =?utf-8?q?J=C3=B6rg?= <j@x.de>',
    'To: undisclosed-recipients:;',
    'Cc: friends: a@b.c, B <b@c.d>;',
    'Subject: test',
    'Message-ID: <id1@x>',
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
  ].join('\r\n'),
);

const section = (spec: string) =>
  extractSection(messageInfo(MULTIPART), parseSection(spec))?.toString();

describe('server: MIME structure, envelope and sections', () => {
  it('builds the ENVELOPE with raw values, quoted names and groups', () => {
    expect(messageInfo(MULTIPART).envelope).to.equal(
      '(NIL "test" (("Doe, John" NIL "john" "example.org")("=?utf-8?q?J=C3=B6rg?=" NIL "j" "x.de")) ' +
        '(("Doe, John" NIL "john" "example.org")("=?utf-8?q?J=C3=B6rg?=" NIL "j" "x.de")) ' +
        '(("Doe, John" NIL "john" "example.org")("=?utf-8?q?J=C3=B6rg?=" NIL "j" "x.de")) ' +
        '((NIL NIL "undisclosed-recipients" NIL)(NIL NIL NIL NIL)) ' +
        '((NIL NIL "friends" NIL)(NIL NIL "a" "b.c")("B" NIL "b" "c.d")(NIL NIL NIL NIL)) NIL NIL "<id1@x>")',
    );
  });

  it('builds BODYSTRUCTURE with nested message/rfc822 and extension data', () => {
    expect(messageInfo(MULTIPART).bodyStructure).to.equal(
      '(("text" "plain" ("charset" "utf-8") NIL NIL "quoted-printable" 12 2 NIL NIL NIL NIL)' +
        '("message" "rfc822" NIL NIL NIL "7bit" 70 (NIL "inner" ((NIL NIL "inner" "x")) ((NIL NIL "inner" "x")) ' +
        '((NIL NIL "inner" "x")) NIL NIL NIL NIL NIL) ("text" "html" ("charset" "us-ascii") NIL NIL "7bit" 12 1 NIL NIL NIL NIL) 5 ' +
        'NIL ("attachment" ("filename" "fwd.eml")) NIL NIL)' +
        '("image" "png" ("name" "a.png") "<img1>" NIL "base64" 12 NIL NIL NIL NIL) "mixed" ("boundary" "outer") NIL NIL NIL)',
    );
    expect(messageInfo(MULTIPART).body).to.match(
      /^\(\("text" "plain" \("charset" "utf-8"\) NIL NIL "quoted-printable" 12 2\)/,
    );
  });

  it('extracts numbered parts, nested HEADER/TEXT, MIME headers and header fields', () => {
    expect(section('1')).to.equal('Hello\r\nworld');
    expect(section('2.HEADER')).to.equal(
      'From: inner@x\r\nSubject: inner\r\nContent-Type: text/html\r\n\r\n',
    );
    expect(section('2.TEXT')).to.equal('<p>inner</p>');
    expect(section('2.1')).to.equal('<p>inner</p>');
    expect(section('3')).to.equal('iVBORw0KGgo=');
    expect(section('3.MIME')).to.match(/^Content-Type: image\/png; name=a.png\r\n.*\r\n\r\n$/s);
    expect(section('HEADER.FIELDS (Subject Message-id)')).to.equal(
      'Subject: test\r\nMessage-ID: <id1@x>\r\n\r\n',
    );
    expect(section('HEADER.FIELDS.NOT (From To Cc Content-Type)')).to.equal(
      'Subject: test\r\nMessage-ID: <id1@x>\r\n\r\n',
    );
    expect(section('4')).to.equal(undefined);
  });

  it('treats a single-part message body as part 1', () => {
    const info = messageInfo(Buffer.from('Subject: x\r\n\r\nbody'));
    expect(info.bodyStructure).to.equal(
      '("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 4 1 NIL NIL NIL NIL)',
    );
    expect(extractSection(info, parseSection('1'))?.toString()).to.equal('body');
    expect(extractSection(info, parseSection('TEXT'))?.toString()).to.equal('body');
  });

  it('rejects malformed section specifiers', () => {
    for (const spec of [
      '0',
      '1.0',
      'HEADER.FIELDS',
      'HEADER.FIELDS ()',
      'MIME',
      'BOGUS',
      'TEXT x',
    ]) {
      expect(() => parseSection(spec), spec).to.throw();
    }
  });
});

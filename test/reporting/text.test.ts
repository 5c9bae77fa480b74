import { expect } from 'chai';
import {
  cdata,
  escapeHtml,
  escapeXmlAttr,
  escapeXmlText,
  formatDuration,
  formatSeconds,
  stripInvalidXml,
  truncateUtf8,
} from '../../src/reporting/text.ts';

describe('reporting: text helpers', () => {
  it('strips characters XML cannot carry, keeps tab, newline and astral characters', () => {
    expect(stripInvalidXml('a\u0000b\u0007c\td\ne\uFFFEf\uD800g😀\u001b')).to.equal(
      'abc\td\nefg😀',
    );
  });

  it('escapes XML text, attributes and CDATA', () => {
    expect(escapeXmlText('<a & b>')).to.equal('&lt;a &amp; b&gt;');
    expect(escapeXmlAttr(`"x" 'y'\n\t`)).to.equal('&quot;x&quot; &apos;y&apos;&#10;&#9;');
    expect(cdata('a]]>b]]>c')).to.equal('<![CDATA[a]]]]><![CDATA[>b]]]]><![CDATA[>c]]>');
  });

  it('escapes HTML and shows control characters as pictures', () => {
    expect(escapeHtml(`<a href="x">'&'</a>\u0000\u007f\u0085`)).to.equal(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;\u2400\u2421\uFFFD',
    );
  });

  it('truncates on a UTF-8 character boundary', () => {
    const t = truncateUtf8('ab€€', 4); // € is 3 bytes
    expect(t).to.deep.equal({ text: 'ab', truncated: true, bytes: 8 });
    expect(truncateUtf8('abc', 4)).to.deep.equal({ text: 'abc', truncated: false, bytes: 3 });
  });

  it('formats durations', () => {
    expect(formatSeconds(1234)).to.equal('1.234');
    expect(formatSeconds(Number.NaN)).to.equal('0.000');
    expect(formatDuration(850)).to.equal('850 ms');
    expect(formatDuration(12_345)).to.equal('12.3 s');
    expect(formatDuration(125_000)).to.equal('2 min 5 s');
  });
});

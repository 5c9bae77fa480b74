import { expect } from 'chai';
import type { CaseResult } from '../../src/engine/result.ts';
import { MAX_MARKDOWN_ROWS, renderMarkdown } from '../../src/reporting/markdown.ts';
import { escapeMarkdownCell } from '../../src/reporting/text.ts';
import { makeRun } from './fixture.ts';

describe('reporting: summary.md', () => {
  const text = renderMarkdown(makeRun());

  it('has counts, a row per non-pass case (most severe first) and a coverage line', () => {
    expect(text).to.include('**7 cases:** ✅ 2 pass · ❌ 1 fail · ⚠️ 1 warn');
    const rows = text.split('\n').filter((l) => l.startsWith('| MS-'));
    expect(rows.map((r) => r.split(' ')[1])).to.deep.equal([
      'MS-NMS-SYNC-006',
      'MS-IMAP-SYNC-002',
      'MS-NMS-SYNC-005',
      'MS-IMAP-FLAGS-003',
      'MS-IMAP-NOTIFY-004',
    ]);
    expect(text).to.include('💥 error (E\\_STEP\\_UNKNOWN)');
    expect(text).to.include(
      '**Clause coverage:** 4/8 judged (a pass or a fail) · 7/8 cited by a case · failed: `RD-STOR-011` · warn: `RD-STOR-020`',
    );
  });

  it('says loudly when nothing was judged (every clause inconclusive, inapplicable or uncovered)', () => {
    const run = makeRun();
    const nothing = {
      ...run,
      clauses: run.clauses.map((c) => ({
        ...c,
        verdict: c.verdict === 'not-covered' ? c.verdict : ('inconclusive' as const),
      })),
    };
    const silent = renderMarkdown(nothing);
    expect(silent).to.include('**⚠ Nothing was judged:**');
    expect(silent).not.to.include('none failed');
  });

  it('keeps every row one table row: pipes, newlines and markup are inert', () => {
    expect(text).to.include('expects 3 \\| one extra &lt;imdn-1@example.com&gt;');
    for (const row of text.split('\n').filter((l) => l.startsWith('| MS-'))) {
      expect(row.replace(/\\\|/g, '').split('|')).to.have.length(6);
    }
    expect(escapeMarkdownCell('a\nb|c <b>*x*</b> \u0007')).to.equal(
      'a b\\|c &lt;b&gt;\\*x\\*&lt;/b&gt; \u2407',
    );
  });

  it('caps the table for very large runs', () => {
    const run = makeRun();
    const fail = run.cases[1]!;
    run.cases = Array.from({ length: MAX_MARKDOWN_ROWS + 25 }, (_, i): CaseResult => ({
      ...fail,
      id: `X-${i}`,
    }));
    const md = renderMarkdown(run);
    expect(md.split('\n').filter((l) => l.startsWith('| X-'))).to.have.length(MAX_MARKDOWN_ROWS);
    expect(md).to.include('… and 25 more: see report.html.');
  });

  it('says so when everything passed', () => {
    const run = makeRun();
    run.cases = run.cases.filter((c) => c.verdict === 'pass');
    expect(renderMarkdown(run)).to.include('All cases passed.');
  });
});

import { expect } from 'chai';
import type { CaseResult, RunResult } from '../../src/engine/result.ts';
import { anchor, renderHtml } from '../../src/reporting/html.ts';
import { EVIDENCE_LIMIT_BYTES } from '../../src/reporting/text.ts';
import { makeRun } from './fixture.ts';

/** Every tag of the page (text content excluded). */
function tags(html: string): string[] {
  return html.match(/<[^>]*>/g) ?? [];
}

function expectSelfContained(html: string): void {
  expect(html).to.not.match(/<script/i);
  expect(html).to.not.match(/<(?:link|img|iframe|object|embed|audio|video|source|base)\b/i);
  expect(html).to.not.match(/url\s*\(|@import/i);
  for (const tag of tags(html)) {
    expect(tag, tag).to.not.match(/https?:|\/\//i);
    expect(tag, tag).to.not.match(/\son\w+\s*=/i);
    for (const m of tag.matchAll(/\shref="([^"]*)"/g)) expect(m[1], tag).to.match(/^#/);
    expect(tag, tag).to.not.match(/\s(?:src|srcset|action|formaction|poster)\s*=/i);
  }
}

function expectLinksResolve(html: string): void {
  const ids = new Set([...html.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]));
  for (const m of html.matchAll(/\shref="#([^"]*)"/g))
    expect(ids.has(m[1]), `#${m[1]}`).to.equal(true);
}

describe('reporting: report.html', () => {
  const run = makeRun();
  const html = renderHtml(run);

  it('is self-contained: no scripts, no external resources, no event handlers', () => {
    expectSelfContained(html);
    expect(html).to.include('<style>');
    expect(html).to.include(`content="default-src 'none'; style-src 'unsafe-inline'"`);
  });

  it('escapes everything from the run (markup in evidence stays text)', () => {
    expect(html).to.include('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).to.include('&lt;img src=&quot;https://evil.example/x.png&quot;&gt;');
    expect(html).to.include(
      'Deleted objects are expunged on &quot;sync&quot; &amp; &lt;refresh&gt;',
    );
    expect(html).to.include('a ]]&gt; b');
    // Control characters are shown as control pictures, never raw.
    expect(html).to.include('a bell\u2407 and an escape\u241b[0m');
    const controls = [...html].filter((ch) => {
      const code = ch.codePointAt(0) ?? 0;
      return code < 0x20 && ch !== '\t' && ch !== '\n' && ch !== '\r';
    });
    expect(controls).to.deep.equal([]);
  });

  it('has the header facts and one coloured count per verdict', () => {
    expect(html).to.include('<h1>cpmct 0.1.0: conformance report</h1>');
    expect(html).to.include('<dt>Seed</dt><dd>42</dd>');
    expect(html).to.include('embedded-simulator (server, imap)');
    for (const [v, n] of Object.entries(run.summary)) {
      expect(html).to.include(`<li class="v-${v}"><b>${n}</b>${v}</li>`);
    }
  });

  it('has a clause matrix with links to the cases, including not-covered clauses', () => {
    expect(html).to.include(
      '<tr id="clause-RD-STOR-010"><td class="id">RD-STOR-010</td><td>SHALL</td><td>server</td>' +
        '<td>Initial sync</td><td><span class="v v-pass">pass</span></td>' +
        '<td><a href="#case-MS-IMAP-SYNC-001">MS-IMAP-SYNC-001</a>, ' +
        '<a href="#case-MS-NMS-SYNC-007">MS-NMS-SYNC-007</a></td></tr>',
    );
    expect(html).to.include('<span class="v v-not-covered">not-covered</span>');
    expect(html).to.include('Expunge &lt;after&gt; sync &amp; &quot;purge&quot;');
  });

  it('has a case table row and a detail section for every case', () => {
    for (const c of run.cases) {
      expect(html).to.include(`<td class="id"><a href="#case-${c.id}">${c.id}</a></td>`);
      expect(html).to.include(`<article id="case-${c.id}" class="case c-${c.verdict}">`);
    }
    expect(html).to.include('<code>E_STEP_UNKNOWN</code>');
    expect(html).to.include('vendor ticket #123: fixed in 4.2 (expires 2026-12-31)');
    expect(html).to.include('<td class="o-failed">failed</td>');
    expectLinksResolve(html);
  });

  it('puts each evidence in a <pre> inside <details>, diffs of failed cases open', () => {
    const blocks = html.match(
      /<details[^>]*><summary>[^<]*<span class="size">[^<]*<\/span><\/summary>\n<pre>/g,
    );
    expect(blocks).to.have.length(run.cases.reduce((n, c) => n + c.evidence.length, 0));
    expect(html).to.include('<details open><summary>oracle-diff: Inbox');
    expect(html).to.include('<details><summary>imap-transcript: phone#1 (alice)');
  });

  it('makes anchors injective and safe', () => {
    expect(anchor('case', 'A B/<"x">_1')).to.equal('case-A_20_B_2f__3c__22_x_22__3e__5f_1');
    expect(anchor('case', 'a_b')).to.not.equal(anchor('case', 'a/b'));
    const r = makeRun();
    r.cases[0]!.id = 'weird "id" <&>';
    r.clauses[0]!.cases[0] = 'weird "id" <&>';
    const page = renderHtml(r);
    expectSelfContained(page);
    expectLinksResolve(page);
  });

  it('truncates an evidence text over 200 KB with a note', () => {
    const r = makeRun();
    const line = 'S: * 1 FETCH (FLAGS (\\Seen)) é€😀 <&>\n';
    const big = line.repeat(Math.ceil((300 * 1024) / Buffer.byteLength(line)));
    r.cases[0]!.evidence = [{ kind: 'imap-transcript', label: 'big', text: big }];
    const page = renderHtml(r);
    expect(page).to.include(
      '[truncated: showing the first 200.0 KB of 300.0 KB; the full text is in report.json]',
    );
    const pre = /<pre>([^<]*)<\/pre>/.exec(page)?.[1] ?? '';
    const shown = pre.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    expect(Buffer.byteLength(shown)).to.be.at.most(EVIDENCE_LIMIT_BYTES);
    expect(Buffer.byteLength(shown)).to.be.greaterThan(EVIDENCE_LIMIT_BYTES - 4);
    expect(shown).to.not.include('\uFFFD');
    expect(big.startsWith(shown)).to.equal(true);
  });

  it('stays usable with 500 cases and large transcripts', function () {
    this.timeout(20_000);
    const base = makeRun();
    const template = base.cases[1]!;
    const transcript = 'C: a1 UID FETCH 1:* (FLAGS) <&>\n'.repeat(1600); // ~50 KB each
    const cases: CaseResult[] = Array.from({ length: 500 }, (_, i) => ({
      ...structuredClone(template),
      id: `MS-BULK-${String(i).padStart(3, '0')}`,
      verdict: i % 10 === 0 ? 'fail' : 'pass',
      evidence: [{ kind: 'imap-transcript', label: `dev#${i}`, text: transcript }],
    }));
    const big: RunResult = { ...base, cases };
    const started = process.hrtime.bigint();
    const page = renderHtml(big);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    expect(ms).to.be.lessThan(5000);
    expect(page.match(/<article /g)).to.have.length(500);
    expectLinksResolve(page);
    expectSelfContained(page.slice(0, 200_000));
  });
});

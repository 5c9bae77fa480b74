import { expect } from 'chai';
import { renderJunit } from '../../src/reporting/junit.ts';
import { makeRun } from './fixture.ts';
import { kids, parseXml, properties, XmlError, type XmlElement } from './xml-check.ts';

function testcases(root: XmlElement): XmlElement[] {
  return kids(root, 'testsuite').flatMap((s) => kids(s, 'testcase'));
}

function byId(root: XmlElement, id: string): XmlElement {
  const tc = testcases(root).find((t) => (t.attrs.name ?? '').startsWith(`${id} `));
  if (!tc) throw new Error(`no testcase ${id}`);
  return tc;
}

function counted(cases: XmlElement[]) {
  return {
    tests: String(cases.length),
    failures: String(cases.filter((c) => kids(c, 'failure').length > 0).length),
    errors: String(cases.filter((c) => kids(c, 'error').length > 0).length),
    skipped: String(cases.filter((c) => kids(c, 'skipped').length > 0).length),
  };
}

describe('reporting: junit.xml', () => {
  const run = makeRun();
  const root = parseXml(renderJunit(run));

  it('is well-formed XML with a <testsuites> root', () => {
    expect(root.name).to.equal('testsuites');
  });

  it('has one testsuite per (binding, role) group with right counts', () => {
    const suites = kids(root, 'testsuite');
    expect(suites.map((s) => s.attrs.name)).to.deep.equal([
      'cpmct.imap.server',
      'cpmct.nms.server',
    ]);
    for (const s of suites) {
      const { tests, failures, errors, skipped } = s.attrs;
      expect({ tests, failures, errors, skipped }).to.deep.equal(counted(kids(s, 'testcase')));
    }
    const { tests, failures, errors, skipped } = root.attrs;
    expect({ tests, failures, errors, skipped }).to.deep.equal({
      tests: '7',
      failures: '1',
      errors: '1',
      skipped: '2',
    });
    expect(suites[0]?.attrs.time).to.equal('6.834');
    expect(properties(suites[0]!)).to.include({
      seed: '42',
      warnings: '1',
      profile: 'embedded-simulator',
    });
  });

  it('names each testcase "ID title" with classname cpmct.<binding>.<role> and time in s', () => {
    const tc = byId(root, 'MS-IMAP-SYNC-002');
    expect(tc.attrs.name).to.equal(
      'MS-IMAP-SYNC-002 Deleted objects are expunged on "sync" & <refresh>',
    );
    expect(tc.attrs.classname).to.equal('cpmct.imap.server');
    expect(tc.attrs.time).to.equal('2.500');
    expect(byId(root, 'MS-NMS-SYNC-006').attrs.classname).to.equal('cpmct.nms.server');
  });

  it('gives every testcase the properties clauses, level and verdict', () => {
    const all = testcases(root);
    expect(all).to.have.length(run.cases.length);
    for (const [i, tc] of all.entries()) {
      const c = run.cases[i]!;
      expect(properties(tc)).to.include({
        clauses: c.clauses.join(', '),
        level: c.level,
        verdict: c.verdict,
      });
    }
  });

  it('fail → <failure message=reason> with step messages and the oracle diff in the body', () => {
    const tc = byId(root, 'MS-IMAP-SYNC-002');
    const failure = kids(tc, 'failure')[0]!;
    expect(failure.attrs.message).to.equal(run.cases[1]!.reason);
    expect(failure.text).to.include('expected folder Inbox to hold 3 objects, found 4');
    expect(failure.text).to.include('Broken clauses: RD-STOR-011');
    // Every "]]>" survives the CDATA split; the bell and escape characters are stripped.
    expect(failure.text).to.include('subject "a ]]> b" & flags');
    expect(failure.text).to.include('+ body contains ]]> twice ]]> and a bell and an escape[0m');
    expect(failure.text).to.include('+ <script>alert(1)</script>');
    expect(failure.text).to.include('\\Seen & \\Deleted\n');
    const out = kids(tc, 'system-out')[0]!;
    expect(out.text).to.include('<img src="https://evil.example/x.png">');
  });

  it('error → <error> typed with the error code', () => {
    const tc = byId(root, 'MS-NMS-SYNC-006');
    const error = kids(tc, 'error')[0]!;
    expect(error.attrs).to.deep.equal({
      message: "unknown step verb 'frobnicate' at step 2",
      type: 'E_STEP_UNKNOWN',
    });
    expect(error.text).to.include("E_STEP_UNKNOWN: no verb 'frobnicate' in the nms binding");
    expect(properties(tc)['error-code']).to.equal('E_STEP_UNKNOWN');
  });

  it('inapplicable and inconclusive → <skipped message="verdict: reason"> plus properties', () => {
    const na = kids(byId(root, 'MS-IMAP-NOTIFY-004'), 'skipped')[0]!;
    expect(na.attrs.message).to.equal(
      'inapplicable: the profile declares the feature notifications absent',
    );
    const tc = byId(root, 'MS-NMS-SYNC-005');
    expect(kids(tc, 'skipped')[0]!.attrs.message).to.equal(
      'inconclusive: the server did not answer within 5000 ms',
    );
    expect(properties(tc)).to.include({
      verdict: 'inconclusive',
      reason: 'the server did not answer within 5000 ms',
    });
    expect(kids(tc, 'system-out')[0]!.text).to.include('timeout after 5000 ms');
  });

  it('warn → passes, verdict property, waiver properties and system-out', () => {
    const tc = byId(root, 'MS-IMAP-FLAGS-003');
    for (const el of ['failure', 'error', 'skipped']) expect(kids(tc, el)).to.have.length(0);
    expect(properties(tc)).to.include({
      verdict: 'warn',
      'broken-clauses': 'RD-STOR-020',
      waiver: 'vendor ticket #123: fixed in 4.2',
      'waiver-expires': '2026-12-31',
    });
    expect(kids(tc, 'system-out')[0]!.text).to.include('phone sees no \\Seen on Inbox/2');
  });

  it('pass → no result element and no system-out', () => {
    const tc = byId(root, 'MS-IMAP-SYNC-001');
    expect(tc.children.map((c) => c.name)).to.deep.equal(['properties']);
  });

  it('still writes a (empty) testsuite for a run without cases', () => {
    const empty = parseXml(renderJunit({ ...makeRun(), cases: [] }));
    expect(empty.attrs.tests).to.equal('0');
    expect(kids(empty, 'testsuite').map((s) => s.attrs.name)).to.deep.equal(['cpmct.imap.server']);
  });

  it('escapes attribute newlines, quotes and strips lone surrogates', () => {
    const r = makeRun();
    r.cases[1]!.reason = `line1\nline2 'q' "d" \uD800 <x> & \u0000`;
    const tc = byId(parseXml(renderJunit(r)), 'MS-IMAP-SYNC-002');
    expect(kids(tc, 'failure')[0]!.attrs.message).to.equal(`line1\nline2 'q' "d"  <x> & `);
  });

  describe('the well-formedness checker itself', () => {
    const bad = [
      '<a><![CDATA[x ]]]]><![CDATA[> y ]]> z]]></a>',
      '<a>\u0001</a>',
      '<a b="<"/>',
      '<a>x]]>y</a>',
      '<a>&foo;</a>',
      '<a>& b</a>',
      '<a></b>',
      '<a/><b/>',
      '<a x="1" x="2"/>',
      '<a><b></a>',
      '<a>&#1;</a>',
    ];
    for (const xml of bad) {
      it(`rejects ${JSON.stringify(xml)}`, () => {
        expect(() => parseXml(xml)).to.throw(XmlError);
      });
    }
    it('accepts and decodes a split CDATA section and entities', () => {
      const el = parseXml(
        '<?xml version="1.0"?><a v="&lt;&#10;"><![CDATA[x ]]]]><![CDATA[> y]]>&amp;</a>',
      );
      expect(el.text).to.equal('x ]]> y&');
      expect(el.attrs.v).to.equal('<\n');
    });
  });
});

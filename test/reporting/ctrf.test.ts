import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { VERDICTS } from '../../src/engine/result.ts';
import { CTRF_STATUS, ctrfReport, renderCtrf } from '../../src/reporting/ctrf.ts';
import { caseName } from '../../src/reporting/text.ts';
import { makeRun } from './fixture.ts';

const SCHEMA = fileURLToPath(new URL('../../schema/ctrf.schema.json', import.meta.url));

/** The CTRF schema compiled with the three formats it names (ajv ships none by itself). */
function ctrfValidator(): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  ajv.addFormat('date-time', (s: string) => /^\d{4}-\d\d-\d\dT/.test(s) && !isNaN(Date.parse(s)));
  ajv.addFormat('uri', (s: string) => URL.canParse(s));
  return ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')) as object);
}

describe('reporting: CTRF', () => {
  const validate = ctrfValidator();

  it('the schema names where it comes from', () => {
    const schema = JSON.parse(readFileSync(SCHEMA, 'utf8')) as { $comment?: string };
    expect(schema.$comment).to.match(/github\.com\/ctrf-io\/ctrf\/blob\/[0-9a-f]{40}\//);
  });

  it('a run with every verdict validates against the CTRF schema', () => {
    const doc = JSON.parse(renderCtrf(makeRun())) as unknown;
    const ok = validate(doc);
    expect(validate.errors ?? [], JSON.stringify(validate.errors)).to.deep.equal([]);
    expect(ok).to.equal(true);
  });

  it('the schema check is not vacuous: a wrong status or an unknown key is refused', () => {
    const wrongStatus = ctrfReport(makeRun()) as unknown as {
      results: { tests: { status: string }[] };
    };
    (wrongStatus.results.tests[0] as { status: string }).status = 'warn';
    expect(validate(wrongStatus)).to.equal(false);
    const unknownKey = { ...ctrfReport(makeRun()), verdicts: {} };
    expect(validate(unknownKey)).to.equal(false);
  });

  it('keeps each case verdict, clauses, variant, binding and role in extra', () => {
    const run = makeRun();
    const first = run.cases[0];
    if (first) first.variant = 'plain';
    const doc = ctrfReport(run);
    expect(doc.results.tests).to.have.length(run.cases.length);
    run.cases.forEach((c, i) => {
      const t = doc.results.tests[i];
      expect(t?.name.startsWith(caseName(c))).to.equal(true);
      expect(t?.status).to.equal(CTRF_STATUS[c.verdict]);
      expect(t?.rawStatus).to.equal(c.verdict);
      expect(t?.extra).to.include({ verdict: c.verdict, binding: c.binding, role: c.role });
      expect(t?.extra.clauses).to.deep.equal(c.clauses);
      expect(t?.extra.variant).to.equal(c.variant);
      if (c.reason) expect(t?.message).to.equal(c.reason);
    });
  });

  it('counts statuses from the verdicts and keeps the verdict counts', () => {
    const run = makeRun();
    const doc = ctrfReport(run);
    const s = doc.results.summary;
    for (const status of ['passed', 'failed', 'skipped', 'other'] as const) {
      const expected = VERDICTS.filter((v) => CTRF_STATUS[v] === status).reduce(
        (n, v) => n + run.summary[v],
        0,
      );
      expect(s[status], status).to.equal(expected);
    }
    expect(s.tests).to.equal(run.cases.length);
    expect(s.stop - s.start).to.equal(Date.parse(run.finishedAt) - Date.parse(run.startedAt));
    expect(s.extra.verdicts).to.deep.equal(run.summary);
  });

  it('an empty run is still a valid document', () => {
    const run = makeRun();
    run.cases = [];
    expect(validate(ctrfReport(run))).to.equal(true);
  });
});

import { expect } from 'chai';
import jsonld from 'jsonld';
import type { RunResult } from '../../src/engine/result.ts';
import { DCT, DOAP, EARL } from '../../src/reporting/earl-context.ts';
import {
  caseIri,
  clauseIri,
  EARL_OUTCOME,
  earlDocument,
  renderEarl,
} from '../../src/reporting/earl.ts';
import { makeRun } from './fixture.ts';

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

interface Triple {
  s: string;
  p: string;
  o: string;
}

/** No network: any remote context or document is an error. */
const offline = (url: string): never => {
  throw new Error(`the EARL document tried to load ${url}`);
};

/** The document as RDF triples, through JSON-LD expansion in safe mode (no term dropped). */
async function triples(doc: object): Promise<Triple[]> {
  const options = { documentLoader: offline, safe: true } as unknown as jsonld.Options.ToRdf;
  const expanded = await jsonld.expand(doc as jsonld.JsonLdDocument, options);
  const quads = (await jsonld.toRDF(expanded, options)) as unknown as {
    subject: { value: string };
    predicate: { value: string };
    object: { value: string };
  }[];
  return quads.map((q) => ({ s: q.subject.value, p: q.predicate.value, o: q.object.value }));
}

function graph(list: Triple[]) {
  const objects = (s: string, p: string): string[] =>
    list.filter((t) => t.s === s && t.p === p).map((t) => t.o);
  const subjects = (p: string, o: string): string[] =>
    list.filter((t) => t.p === p && t.o === o).map((t) => t.s);
  const one = (s: string, p: string): string | undefined => objects(s, p)[0];
  return { objects, subjects, one };
}

function runWithTwoProfiles(): RunResult {
  const run = makeRun();
  run.profiles = [
    { name: 'store-imap', role: 'server', binding: 'imap', iut: { name: 'Store', version: '4.2' } },
    { name: 'store-nms', role: 'server', binding: 'nms', iut: { name: 'Store', version: '4.2' } },
  ];
  for (const c of run.cases) c.profile = c.binding === 'imap' ? 'store-imap' : 'store-nms';
  run.suiteHash = 'ab'.repeat(32);
  return run;
}

describe('reporting: EARL (JSON-LD)', () => {
  it('expands offline with no term lost, one assertion per case and per clause', async () => {
    const run = makeRun();
    const g = graph(await triples(JSON.parse(renderEarl(run)) as object));
    const assertions = g.subjects(RDF_TYPE, `${EARL}Assertion`);
    expect(assertions).to.have.length(run.cases.length + run.clauses.length);
    for (const c of run.cases) {
      const mine = assertions.filter((a) => g.one(a, `${EARL}test`) === caseIri(c.id));
      expect(mine, c.id).to.have.length(run.cases.filter((x) => x.id === c.id).length);
      const outcomes = mine.map((a) => g.one(g.one(a, `${EARL}result`) ?? '', `${EARL}outcome`));
      expect(outcomes, c.id).to.include(`${EARL}${EARL_OUTCOME[c.verdict]}`);
    }
    for (const clause of run.clauses) {
      const mine = assertions.filter((a) => g.one(a, `${EARL}test`) === clauseIri(clause.id));
      expect(mine, clause.id).to.have.length(1);
      const result = g.one(mine[0] as string, `${EARL}result`) as string;
      expect(g.one(result, `${EARL}outcome`)).to.equal(`${EARL}${EARL_OUTCOME[clause.verdict]}`);
      expect(g.objects(clauseIri(clause.id), RDF_TYPE)).to.include(`${EARL}TestRequirement`);
      expect(g.objects(clauseIri(clause.id), `${DCT}hasPart`).sort()).to.deep.equal(
        clause.cases.map(caseIri).sort(),
      );
    }
  });

  it('cpmct is the assertor (name, version, suite hash) and the IUT the subject', async () => {
    const run = runWithTwoProfiles();
    const g = graph(await triples(earlDocument(run)));
    const assertors = [
      ...new Set(
        g.subjects(RDF_TYPE, `${EARL}Assertion`).map((a) => g.one(a, `${EARL}assertedBy`)),
      ),
    ];
    expect(assertors).to.have.length(1);
    const assertor = assertors[0] as string;
    expect(g.objects(assertor, RDF_TYPE)).to.include(`${EARL}Assertor`);
    expect(g.one(assertor, `${DOAP}name`)).to.equal(run.tool.name);
    const release = g.one(assertor, `${DOAP}release`) as string;
    expect(g.one(release, `${DOAP}revision`)).to.equal(run.tool.version);
    expect(g.one(assertor, 'urn:cpmct:vocab:suiteHash')).to.equal(run.suiteHash);

    // Two profiles of one implementation: one subject, for the cases and the clauses.
    const subjectsOfAssertions = new Set(
      g.subjects(RDF_TYPE, `${EARL}Assertion`).map((a) => g.one(a, `${EARL}subject`)),
    );
    expect(subjectsOfAssertions.size).to.equal(1);
    const subject = [...subjectsOfAssertions][0] as string;
    expect(g.objects(subject, RDF_TYPE)).to.include(`${EARL}TestSubject`);
    expect(g.one(subject, `${DOAP}name`)).to.equal('Store');
    expect(g.objects(subject, 'urn:cpmct:vocab:profile').sort()).to.deep.equal([
      'store-imap',
      'store-nms',
    ]);
  });

  it('several implementations: each case asserted on its own IUT, clauses on the whole run', async () => {
    const run = runWithTwoProfiles();
    const second = run.profiles?.[1];
    if (second) second.iut = { name: 'Other store' };
    const g = graph(await triples(earlDocument(run)));
    for (const c of run.cases) {
      const a = g
        .subjects(`${EARL}test`, caseIri(c.id))
        .find((x) => g.objects(x, RDF_TYPE).includes(`${EARL}Assertion`)) as string;
      const subject = g.one(a, `${EARL}subject`) as string;
      expect(g.one(subject, `${DOAP}name`)).to.equal(
        c.binding === 'imap' ? 'Store' : 'Other store',
      );
    }
    const clauseAssertion = g.subjects(`${EARL}test`, clauseIri(run.clauses[0]?.id ?? ''))[0];
    const whole = g.one(clauseAssertion as string, `${EARL}subject`) as string;
    expect(g.objects(whole, `${DCT}hasPart`)).to.have.length(2);
  });

  it('the inline context is what makes it EARL: without it nothing expands', async () => {
    const doc = earlDocument(makeRun());
    const bare = { '@graph': doc['@graph'] };
    const expanded = await jsonld.expand(
      bare as jsonld.JsonLdDocument,
      {
        documentLoader: offline,
      } as unknown as jsonld.Options.Expand,
    );
    expect(JSON.stringify(expanded)).to.not.include(EARL);
  });
});

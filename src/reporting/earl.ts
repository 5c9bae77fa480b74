/**
 * `earl.jsonld`: the run as W3C EARL 1.0 assertions in JSON-LD, as W3C test suites publish
 * implementation results. cpmct (name, version, suite hash, seed) is the assertor, the
 * implementation under test the subject. One assertion per case run (its test is the case,
 * with the binding, role and variant it ran under) and one per clause of the matrix (its
 * test is the clause, an earl:TestRequirement whose parts are the cases citing it).
 *
 * Outcomes: pass → passed; fail and warn → failed (the case checks a SHOULD and the subject
 * did not meet it; `verdict` keeps `warn`); inapplicable → inapplicable; inconclusive and
 * error → cantTell (nothing was judged); a clause no case cites → untested. The context is
 * inline (earl-context.ts), so the document needs no network to expand.
 */
import { join } from 'node:path';
import type { CaseResult, ClauseResult, RunResult, Verdict } from '../engine/result.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { EARL_CONTEXT } from './earl-context.ts';
import type { ReportWriter } from './types.ts';

export const EARL_FILE = 'earl.jsonld';

export type EarlOutcome = 'passed' | 'failed' | 'cantTell' | 'inapplicable' | 'untested';

export const EARL_OUTCOME: Record<Verdict | 'not-covered', EarlOutcome> = {
  pass: 'passed',
  fail: 'failed',
  warn: 'failed',
  inapplicable: 'inapplicable',
  inconclusive: 'cantTell',
  error: 'cantTell',
  'not-covered': 'untested',
};

type Node = Record<string, unknown>;

const ASSERTOR = 'urn:cpmct:assertor';

const urn = (kind: string, ...parts: string[]): string =>
  `urn:cpmct:${kind}:${parts.map((p) => encodeURIComponent(p)).join(':')}`;

export const caseIri = (id: string): string => urn('case', id);
export const clauseIri = (id: string): string => urn('clause', id);

interface Subject {
  iri: string;
  node: Node;
}

function iutSubject(name: string, version: string | undefined, profiles: string[]): Subject {
  const iri = version ? urn('iut', name, version) : urn('iut', name);
  return {
    iri,
    node: {
      '@id': iri,
      '@type': ['earl:TestSubject', 'doap:Project'],
      name,
      ...(version ? { release: { '@type': 'doap:Version', revision: version } } : {}),
      profile: profiles,
    },
  };
}

/** One subject per implementation (profiles of the same IUT share it), and the run's own. */
function subjects(run: RunResult): { byProfile: Map<string, string>; run: string; nodes: Node[] } {
  const byIri = new Map<string, Subject>();
  const byProfile = new Map<string, string>();
  for (const p of run.profiles ?? []) {
    const s = iutSubject(p.iut.name, p.iut.version, []);
    const known = byIri.get(s.iri) ?? s;
    byIri.set(s.iri, known);
    (known.node.profile as string[]).push(p.name);
    byProfile.set(p.name, s.iri);
  }
  if (byIri.size === 1) {
    const only = [...byIri.keys()][0] as string;
    return { byProfile, run: only, nodes: [...byIri.values()].map((s) => s.node) };
  }
  // Several implementations (or an older report without profiles[]): the clause matrix
  // judges them together, as the subject named by the run's profile line.
  const whole = iutSubject(run.profile.iut, undefined, [run.profile.name]);
  if (byIri.size > 1) whole.node.hasPart = [...byIri.keys()];
  return {
    byProfile,
    run: whole.iri,
    nodes: [whole.node, ...[...byIri.values()].map((s) => s.node)],
  };
}

function result(verdict: Verdict | 'not-covered', reason: string, run: RunResult): Node {
  return {
    '@type': 'earl:TestResult',
    outcome: `earl:${EARL_OUTCOME[verdict]}`,
    verdict,
    ...(reason ? { description: reason } : {}),
    date: run.finishedAt,
  };
}

function caseAssertion(c: CaseResult, subject: string, run: RunResult): Node {
  const info = c.steps
    .filter((s) => s.outcome === 'failed' || s.outcome === 'error')
    .flatMap((s) => s.messages.map((m) => `[${s.index}] ${s.label}: ${m}`));
  return {
    '@type': 'earl:Assertion',
    assertedBy: ASSERTOR,
    subject,
    test: caseIri(c.id),
    mode: 'earl:automatic',
    result: { ...result(c.verdict, c.reason, run), ...(info.length ? { info } : {}) },
    binding: c.binding,
    role: c.role,
    ...(c.variant !== undefined ? { variant: c.variant } : {}),
    ...(c.profile !== undefined ? { profile: c.profile } : {}),
    ...(c.brokenClauses.length ? { brokenClause: c.brokenClauses.map(clauseIri) } : {}),
    ...(c.waived ? { waived: c.waived.reason } : {}),
  };
}

function clauseAssertion(clause: ClauseResult, subject: string, run: RunResult): Node {
  return {
    '@type': 'earl:Assertion',
    assertedBy: ASSERTOR,
    subject,
    test: clauseIri(clause.id),
    mode: 'earl:automatic',
    result: result(clause.verdict, '', run),
  };
}

function caseNodes(run: RunResult): Node[] {
  const seen = new Map<string, Node>();
  for (const c of run.cases) {
    if (seen.has(c.id)) continue;
    seen.set(c.id, {
      '@id': caseIri(c.id),
      '@type': ['earl:TestCriterion', 'earl:TestCase'],
      title: c.title,
      level: c.level,
      clause: c.clauses.map(clauseIri),
    });
  }
  return [...seen.values()];
}

function clauseNode(clause: ClauseResult): Node {
  return {
    '@id': clauseIri(clause.id),
    '@type': ['earl:TestCriterion', 'earl:TestRequirement'],
    title: clause.title,
    level: clause.level,
    hasPart: clause.cases.map(caseIri),
  };
}

/** The EARL document of a run, as a JSON-LD object with its context inline. */
export function earlDocument(run: RunResult): Node {
  const subj = subjects(run);
  const assertor: Node = {
    '@id': ASSERTOR,
    '@type': ['earl:Assertor', 'earl:Software', 'doap:Project'],
    name: run.tool.name,
    release: { '@type': 'doap:Version', revision: run.tool.version },
    seed: run.seed,
    ...(run.suiteHash ? { suiteHash: run.suiteHash } : {}),
  };
  const caseSubject = (c: CaseResult): string =>
    (c.profile !== undefined ? subj.byProfile.get(c.profile) : undefined) ?? subj.run;
  return {
    '@context': EARL_CONTEXT,
    '@graph': [
      assertor,
      ...subj.nodes,
      ...caseNodes(run),
      ...run.clauses.map(clauseNode),
      ...run.cases.map((c) => caseAssertion(c, caseSubject(c), run)),
      ...run.clauses.map((c) => clauseAssertion(c, subj.run, run)),
    ],
  };
}

export function renderEarl(run: RunResult): string {
  return `${JSON.stringify(earlDocument(run), null, 2)}\n`;
}

export const writeEarl: ReportWriter = async (run, dir) => {
  const file = join(dir, EARL_FILE);
  await writeFileAtomic(file, renderEarl(run));
  return [file];
};

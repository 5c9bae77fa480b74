/**
 * The JSON-LD context of `earl.jsonld`, inlined so the document expands without fetching
 * anything: the W3C Evaluation and Report Language (EARL 1.0) vocabulary, Dublin Core terms
 * for titles, descriptions and dates, DOAP for the assertor and the subjects, and a few
 * cpmct terms (verdict, clause, binding...) under `urn:cpmct:vocab:`.
 */

export const EARL = 'http://www.w3.org/ns/earl#';
export const DCT = 'http://purl.org/dc/terms/';
export const DOAP = 'http://usefulinc.com/ns/doap#';
const CPMCT_VOCAB = 'urn:cpmct:vocab:';

const id = (iri: string): { '@id': string; '@type': '@id' } => ({ '@id': iri, '@type': '@id' });

export const EARL_CONTEXT = {
  earl: EARL,
  dct: DCT,
  doap: DOAP,
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  cpmct: CPMCT_VOCAB,
  assertedBy: id('earl:assertedBy'),
  subject: id('earl:subject'),
  test: id('earl:test'),
  result: { '@id': 'earl:result' },
  outcome: id('earl:outcome'),
  mode: id('earl:mode'),
  info: { '@id': 'earl:info' },
  title: { '@id': 'dct:title' },
  description: { '@id': 'dct:description' },
  date: { '@id': 'dct:date', '@type': 'xsd:dateTime' },
  hasPart: { '@id': 'dct:hasPart', '@type': '@id', '@container': '@set' },
  name: { '@id': 'doap:name' },
  release: { '@id': 'doap:release' },
  revision: { '@id': 'doap:revision' },
  verdict: { '@id': 'cpmct:verdict' },
  level: { '@id': 'cpmct:level' },
  clause: { '@id': 'cpmct:clause', '@type': '@id', '@container': '@set' },
  brokenClause: { '@id': 'cpmct:brokenClause', '@type': '@id', '@container': '@set' },
  binding: { '@id': 'cpmct:binding' },
  role: { '@id': 'cpmct:role' },
  variant: { '@id': 'cpmct:variant' },
  profile: { '@id': 'cpmct:profile' },
  seed: { '@id': 'cpmct:seed', '@type': 'xsd:integer' },
  suiteHash: { '@id': 'cpmct:suiteHash' },
  waived: { '@id': 'cpmct:waived' },
} as const;

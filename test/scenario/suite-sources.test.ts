import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadClauses } from '../../src/clauses/registry.ts';
import { ConfigError } from '../../src/config/validate.ts';
import { CLAUSES_FILE, DEFAULT_SUITES } from '../../src/config/paths.ts';
import { loadSuites } from '../../src/scenario/load.ts';
import { suiteSources } from '../../src/scenario/suite-sources.ts';

const VENDOR = 'test/fixtures/vendor-suites';
const shipped = loadClauses(CLAUSES_FILE);

/** A vendor directory holding only the given clauses.yaml text. */
function vendorWithClauses(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cpmct-vendor-'));
  writeFileSync(join(dir, 'clauses.yaml'), yaml);
  return dir;
}

function clauseEntry(id: string, seed: string): string {
  return [
    `  - id: ${id}`,
    `    seed: ${seed}`,
    "    section: 'ICS 1'",
    '    level: SHALL',
    '    side: server',
    '    title: A vendor reading',
    '    paraphrase: A vendor reading of a shipped clause.',
  ].join('\n');
}

function loadError(dir: string): string {
  try {
    suiteSources([dir]);
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return (error as Error).message;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  throw new Error('expected a ConfigError');
}

describe('scenario: a vendor suite directory beside the shipped suites', () => {
  it('adds its cases to the shipped ones and its clauses to the shipped registry', () => {
    const sources = suiteSources([VENDOR]);
    expect(sources.paths).to.deep.equal([DEFAULT_SUITES, VENDOR]);
    const added = sources.registry.clauses.filter((c) => !shipped.byId.has(c.id));
    expect(added.map((c) => c.seed)).to.deep.equal(['ACME']);
    expect(sources.registry.clauses.length).to.equal(shipped.clauses.length + 1);
    expect(Object.keys(sources.registry.seeds)).to.include.members(Object.keys(shipped.seeds));

    const suites = loadSuites(sources.paths, sources.registry);
    expect(suites.problems).to.deep.equal([]);
    const vendorCases = suites.cases.filter((c) => c.file.startsWith(VENDOR));
    const shippedCases = loadSuites([DEFAULT_SUITES], shipped).cases;
    expect(vendorCases).to.have.length(1);
    expect(suites.cases.length).to.equal(shippedCases.length + 1);
    // The vendor case cites an added clause and a shipped one.
    const cited = vendorCases[0]!.definition.clauses;
    expect(cited.some((id) => shipped.byId.has(id))).to.equal(true);
    expect(cited.some((id) => added.some((c) => c.id === id))).to.equal(true);
  });

  it('loads the shipped suites once when they are named again', () => {
    expect(suiteSources([DEFAULT_SUITES, VENDOR, VENDOR]).paths).to.deep.equal([
      DEFAULT_SUITES,
      VENDOR,
    ]);
  });

  it('refuses a vendor clause that reuses a shipped clause id, naming it', () => {
    const id = shipped.clauses[0]!.id;
    const seed = Object.keys(shipped.seeds)[0]!;
    const message = loadError(vendorWithClauses(`seeds: {}\nclauses:\n${clauseEntry(id, seed)}\n`));
    expect(message).to.include(`clause id ${id} is already in ${CLAUSES_FILE}`);
  });

  it('refuses a vendor clause citing a seed neither registry has, listing the valid ones', () => {
    const message = loadError(
      vendorWithClauses(`seeds: {}\nclauses:\n${clauseEntry('X-1', 'NOPE')}\n`),
    );
    expect(message).to.include('unknown seed NOPE; valid: ');
    for (const seed of Object.keys(shipped.seeds)) expect(message).to.include(seed);
  });
});

import { expect } from 'chai';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clauseSets } from '../../src/clauses/clause-sets.ts';
import { loadClauses } from '../../src/clauses/registry.ts';
import { CLAUSES_FILE } from '../../src/config/paths.ts';
import { buildImplementationReport } from '../../src/reporting/implementation-report.ts';
import { renderImplementationHtml } from '../../src/reporting/implementation-report-html.ts';
import { readRunReport } from '../../src/reporting/read-run-report.ts';
import { clauseResults } from '../../src/runner/clause-results.ts';
import { CHROMIUM_MISSING, findChromium, screenshot } from '../../scripts/chromium-screenshot.ts';
import { decodePng, inkOf } from './png-decode.ts';
import { runOf, writeRun } from './implementation-fixture.ts';

const SIZE = { width: 1000, height: 700 };

describe('implementation report rendered by headless Chromium', function () {
  this.timeout(120_000);
  let dir: string;
  before(async function () {
    if (!findChromium()) {
      console.log(`      skipped: ${CHROMIUM_MISSING}`);
      this.skip();
    }
    dir = await mkdtemp(join(tmpdir(), 'cpmct-shot-'));
  });
  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('draws the matrix: ink and colour, not a blank page', async () => {
    const registry = loadClauses(CLAUSES_FILE);
    const ids = registry.clauses.filter((c) => c.status !== 'superseded').map((c) => c.id);
    const verdicts = ['pass', 'fail', 'warn', 'inapplicable'] as const;
    const reports = [];
    for (const name of ['Store A', 'Store B', 'Store C']) {
      const cases = ids.map((id, i) => ({
        id: `C-${i}`,
        clauses: [id],
        verdict: verdicts[(i + name.length + name.charCodeAt(6)) % verdicts.length]!,
      }));
      reports.push(readRunReport(await writeRun(join(dir, name), runOf({ name }, cases)), '0.1.0'));
    }
    const report = buildImplementationReport(reports, {
      clauses: registry.clauses,
      readings: clauseSets(registry),
      judge: (cases) => clauseResults(registry, cases),
      outDir: dir,
      toolVersion: '0.1.0',
    });
    const page = join(dir, 'implementation-report.html');
    await writeFile(page, renderImplementationHtml(report));
    screenshot(page, join(dir, 'page.png'), SIZE);
    const shot = decodePng(await readFile(join(dir, 'page.png')));
    expect([shot.width, shot.height]).to.deep.equal([SIZE.width, SIZE.height]);
    // The counter itself: a white page of the same size has no ink and one colour.
    const white = { ...shot, pixels: Buffer.alloc(shot.pixels.length, 0xff) };
    expect(inkOf(white)).to.deep.equal({ ink: 0, colours: 1 });
    const ink = inkOf(shot);
    // Text, table lines and verdict cells: at least 2% of the page is not white...
    expect(ink.ink).to.be.greaterThan((SIZE.width * SIZE.height) / 50);
    // ...in more than the few greys of text (the verdict cells are coloured).
    expect(ink.colours).to.be.greaterThan(10);
  });
});

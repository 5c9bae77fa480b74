import { expect } from 'chai';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderCtrf } from '../../src/reporting/ctrf.ts';
import { renderEarl } from '../../src/reporting/earl.ts';
import { renderHtml } from '../../src/reporting/html.ts';
import { renderJson } from '../../src/reporting/json.ts';
import { renderJunit } from '../../src/reporting/junit.ts';
import { renderMarkdown } from '../../src/reporting/markdown.ts';
import { REPORT_FORMATS, writeReports } from '../../src/reporting/registry.ts';
import { makeRun, makeRunAtOtherTimes } from './fixture.ts';
import { maskTimes } from './mask.ts';

const GOLDEN_DIR = fileURLToPath(new URL('../golden/reporting/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const FILES = [
  'report.json',
  'junit.xml',
  'report.html',
  'summary.md',
  'ctrf-report.json',
  'earl.jsonld',
];

describe('reporting: golden files (times masked)', () => {
  let dir: string;
  let written: string[];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cpmct-reports-'));
    written = await writeReports(makeRun(), join(dir, 'out'), REPORT_FORMATS);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes every format, one file each, in format order, and nothing else', async () => {
    expect(written).to.deep.equal(FILES.map((f) => join(dir, 'out', f)));
    expect((await readdir(join(dir, 'out'))).sort()).to.deep.equal([...FILES].sort());
  });

  for (const file of FILES) {
    it(`${file} matches test/golden/reporting/${file}`, async () => {
      const actual = maskTimes(await readFile(join(dir, 'out', file), 'utf8'));
      const golden = join(GOLDEN_DIR, file);
      if (UPDATE) await writeFile(golden, actual);
      const expected = await readFile(golden, 'utf8').catch(() => {
        throw new Error(`missing ${golden}: run with UPDATE_GOLDEN=1 to create it`);
      });
      expect(actual).to.equal(expected);
    });
  }

  it('masking removes every time: the same run at other times renders the same', () => {
    const renderers = [renderJson, renderJunit, renderHtml, renderMarkdown, renderCtrf, renderEarl];
    for (const render of renderers) {
      const a = render(makeRun());
      const b = render(makeRunAtOtherTimes());
      expect(a).to.not.equal(b);
      expect(maskTimes(a)).to.equal(maskTimes(b));
    }
  });

  it('renders deterministically', () => {
    expect(renderHtml(makeRun())).to.equal(renderHtml(makeRun()));
    expect(renderJunit(makeRun())).to.equal(renderJunit(makeRun()));
  });
});

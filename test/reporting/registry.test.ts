import { expect } from 'chai';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  getWriter,
  parseFormats,
  REPORT_FORMATS,
  writeReports,
} from '../../src/reporting/registry.ts';
import { makeRun } from './fixture.ts';

describe('reporting: registry', () => {
  it('registers json, junit, html, md, ctrf and earl', () => {
    expect(REPORT_FORMATS).to.deep.equal(['json', 'junit', 'html', 'md', 'ctrf', 'earl']);
    for (const f of REPORT_FORMATS) expect(getWriter(f)).to.be.a('function');
  });

  it('rejects an unknown name with one line listing the valid ones', () => {
    expect(() => getWriter('xml')).to.throw(
      'unknown report format "xml" (valid: json, junit, html, md, ctrf, earl)',
    );
    expect(() => parseFormats(['json', 'pdf', 'junit', 'XML'])).to.throw(
      'unknown report formats "pdf", "XML" (valid: json, junit, html, md, ctrf, earl)',
    );
  });

  it('accepts comma lists, trims and drops duplicates', () => {
    expect(parseFormats('json, md,,json')).to.deep.equal(['json', 'md']);
    expect(parseFormats(['junit,html', ' md '])).to.deep.equal(['junit', 'html', 'md']);
    expect(parseFormats([])).to.deep.equal([]);
  });

  it('writes nothing at all when one requested name is unknown', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cpmct-registry-'));
    try {
      const out = join(dir, 'out');
      let err: unknown;
      await writeReports(makeRun(), out, ['json', 'nope']).catch((e: unknown) => (err = e));
      expect((err as Error).message).to.equal(
        'unknown report format "nope" (valid: json, junit, html, md, ctrf, earl)',
      );
      expect((err as Error).message).to.not.include('\n');
      let exists = true;
      await access(out).catch(() => (exists = false));
      expect(exists).to.equal(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

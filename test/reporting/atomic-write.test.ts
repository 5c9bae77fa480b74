import { expect } from 'chai';
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunResult } from '../../src/engine/result.ts';
import { isTempName, tempPathFor, writeFileAtomic } from '../../src/reporting/atomic-write.ts';
import { ReportWriteError, writeReports } from '../../src/reporting/registry.ts';
import { makeRun } from './fixture.ts';

describe('reporting: atomic writes', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cpmct-atomic-'));
  });
  afterEach(async () => {
    await chmod(dir, 0o755).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  it('creates missing directories and writes strings and chunk streams', async () => {
    const file = join(dir, 'a', 'b', 'r.txt');
    await writeFileAtomic(file, 'hello\n');
    expect(await readFile(file, 'utf8')).to.equal('hello\n');
    const chunks = Array.from({ length: 5000 }, (_, i) => `line ${i} é😀\n`);
    await writeFileAtomic(file, chunks);
    expect(await readFile(file, 'utf8')).to.equal(chunks.join(''));
    expect(await readdir(join(dir, 'a', 'b'))).to.deep.equal(['r.txt']);
  });

  it('names temporary files in the same directory, recognisably', () => {
    const t = tempPathFor(join(dir, 'report.html'));
    expect(t.startsWith(join(dir, '.report.html.'))).to.equal(true);
    expect(isTempName(t.slice(dir.length + 1))).to.equal(true);
    expect(isTempName('report.html')).to.equal(false);
  });

  it('a serializer throwing after data reached disk leaves no file and no temp file', async () => {
    const file = join(dir, 'report.html');
    let tempSizeSeen = 0;
    async function* exploding(): AsyncGenerator<string> {
      yield 'x'.repeat(100 * 1024);
      const temp = (await readdir(dir)).find(isTempName);
      if (temp) tempSizeSeen = (await stat(join(dir, temp))).size;
      throw new Error('serializer exploded');
    }
    let err: unknown;
    await writeFileAtomic(file, exploding()).catch((e: unknown) => (err = e));
    expect((err as Error).message).to.equal('serializer exploded');
    expect(tempSizeSeen).to.equal(100 * 1024);
    expect(await readdir(dir)).to.deep.equal([]);
  });

  it('a failed write leaves the previous report untouched', async () => {
    const file = join(dir, 'report.json');
    await writeFile(file, 'previous');
    function* exploding(): Generator<string> {
      yield 'y'.repeat(200 * 1024);
      throw new Error('boom');
    }
    let failed = false;
    await writeFileAtomic(file, exploding()).catch(() => (failed = true));
    expect(failed).to.equal(true);
    expect(await readFile(file, 'utf8')).to.equal('previous');
    expect(await readdir(dir)).to.deep.equal(['report.json']);
  });

  it('a failing rename (target is a directory) removes the temporary file', async () => {
    await mkdir(join(dir, 'junit.xml'));
    let failed = false;
    await writeFileAtomic(join(dir, 'junit.xml'), '<x/>').catch(() => (failed = true));
    expect(failed).to.equal(true);
    expect(await readdir(dir)).to.deep.equal(['junit.xml']);
  });

  it('an unwritable directory fails without leaving anything', async function () {
    if (process.getuid?.() === 0) this.skip(); // root ignores directory permissions
    await chmod(dir, 0o555);
    let failed = false;
    await writeFileAtomic(join(dir, 'summary.md'), 'x').catch(() => (failed = true));
    expect(failed).to.equal(true);
    await chmod(dir, 0o755);
    expect(await readdir(dir)).to.deep.equal([]);
  });

  it('a writer throwing mid-report leaves no partial file; the other writers still run', async () => {
    const run = makeRun();
    // A large evidence first, so the HTML stream has reached the temp file before the throw.
    run.cases[0]!.evidence[0]!.text = 'z'.repeat(150 * 1024);
    const poisoned = { ...run.cases[6]! };
    Object.defineProperty(poisoned, 'steps', {
      enumerable: true,
      get() {
        throw new Error('serializer exploded');
      },
    });
    const bad: RunResult = { ...run, cases: [...run.cases.slice(0, 6), poisoned] };
    const out = join(dir, 'out');
    let err: unknown;
    await writeReports(bad, out, ['json', 'junit', 'html', 'md']).catch((e: unknown) => (err = e));
    expect(err).to.be.instanceOf(ReportWriteError);
    const e = err as ReportWriteError;
    expect(e.message).to.equal(
      'could not write report: json (serializer exploded); html (serializer exploded)',
    );
    expect(e.failures.map((f) => f.format)).to.deep.equal(['json', 'html']);
    expect(e.written).to.deep.equal([join(out, 'junit.xml'), join(out, 'summary.md')]);
    expect((await readdir(out)).sort()).to.deep.equal(['junit.xml', 'summary.md']);
  });
});

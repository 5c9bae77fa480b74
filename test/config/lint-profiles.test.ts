/**
 * `cpmct lint` on profiles kept anywhere, and the example profiles in the docs: every YAML
 * block of the READMEs that is a profile passes the schema.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isProfileFile } from '../../src/profiles/profile-kind.ts';
import { validateProfile } from '../../src/profiles/profile.ts';

const ROOT = join(import.meta.dirname, '../..');

function lint(...paths: string[]) {
  const run = spawnSync('node', [join(ROOT, 'bin/cpmct.js'), 'lint', ...paths], {
    encoding: 'utf8',
    cwd: ROOT,
    timeout: 30_000,
  });
  return { status: run.status, out: run.stdout, err: run.stderr };
}

describe('cpmct lint: profiles outside profiles/', function () {
  this.timeout(30_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cpmct-lint-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('lints a profile kept elsewhere as a profile: exit 0, no coverage table', () => {
    const file = join(dir, 'my-store.yaml');
    copyFileSync(join(ROOT, 'profiles/reference-imap.yaml'), file);
    const run = lint(file);
    expect(run.status, run.err).to.equal(0);
    expect(run.err).to.equal('');
    expect(run.out.trim()).to.equal('cpmct lint: 1 profile(s), no problem');
  });

  it('reports a profile problem with its position, not as a case', () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(
      file,
      'name: broken\nrole: server\nbinding: imap\niut: { name: X }\nendpoint: { port: 99999 }\nusers: [{ name: a, passwordEnv: A }]\n',
    );
    const run = lint(file);
    expect(run.status).to.equal(2);
    const lines = run.err.trim().split('\n');
    expect(lines).to.have.length(2);
    expect(lines[0]).to.match(/broken\.yaml:5:\d+: endpoint\.port: must be <= 65535/);
  });

  it('tells profiles from cases by content', () => {
    const noSchemaLine = join(dir, 'plain.yaml');
    writeFileSync(
      noSchemaLine,
      'name: x\nrole: client\nbinding: imap\niut: { name: X }\nusers: []\n',
    );
    expect(isProfileFile(noSchemaLine)).to.equal(true);
    expect(isProfileFile(join(ROOT, 'suites/client/peek.yaml'))).to.equal(false);
    const bareCase = join(dir, 'case.yaml');
    writeFileSync(bareCase, 'id: X-1\nrole: server\nsteps: []\n');
    expect(isProfileFile(bareCase)).to.equal(false);
  });
});

describe('docs: the example profiles pass the schema', () => {
  for (const doc of ['README.md', 'src/adapters/README.md']) {
    it(`every profile in ${doc}`, () => {
      const text = readFileSync(join(ROOT, doc), 'utf8');
      const blocks = [...text.matchAll(/```yaml\n([\s\S]*?)```/g)]
        .map((m) => m[1] ?? '')
        .filter((b) => /^role: /m.test(b) && /^name: /m.test(b));
      expect(blocks.length, `profiles in ${doc}`).to.be.greaterThan(0);
      const dir = mkdtempSync(join(tmpdir(), 'cpmct-doc-'));
      try {
        blocks.forEach((block, i) => {
          const file = join(dir, `example-${i}.yaml`);
          writeFileSync(file, block);
          const problems = validateProfile(file, {}).problems.map((p) => p.message);
          expect(problems, `${doc} block ${i}`).to.deep.equal([]);
        });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

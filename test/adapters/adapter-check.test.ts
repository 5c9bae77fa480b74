/**
 * `cpmct adapter-check`: the example adapter passes; a deliberately broken one fails on the
 * requests it answers wrongly, one line each; a crashing or silent one is one FAIL line,
 * within the profile's command timeout, and nothing is left running.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');

function adapterCheck(profile: string): { status: number | null; lines: string[]; ms: number } {
  const started = Date.now();
  const run = spawnSync(
    'node',
    [join(ROOT, 'bin/cpmct.js'), 'adapter-check', '--profile', profile],
    {
      encoding: 'utf8',
      timeout: 40_000,
      cwd: ROOT,
    },
  );
  const lines = `${run.stdout}${run.stderr}`.split('\n').filter(Boolean);
  return { status: run.status, lines, ms: Date.now() - started };
}

/** An adapter in plain JavaScript: `answers` maps a method to its answer (or a function of params). */
function adapterSource(body: string): string {
  return `import { createInterface } from 'node:readline';
const answer = (m) => process.stdout.write(JSON.stringify(m) + '\\n');
${body}
createInterface({ input: process.stdin }).on('line', (line) => {
  const { id, method, params } = JSON.parse(line);
  handle(id, method, params);
});
`;
}

const BROKEN = adapterSource(`
// Answers every request, but keeps no local state, reports a malformed sync result and
// never refuses a change it cannot apply.
function handle(id, method) {
  if (method === 'hello') return answer({ id, result: { name: 'Broken', version: '0', supports: ['tick'] } });
  if (method === 'localState') return answer({ id, result: { folders: [] } });
  if (method === 'sync') return answer({ id, result: { uploaded: 'two' } });
  if (method === 'close') { answer({ id, result: null }); process.exit(0); }
  answer({ id, result: null });
}`);

const CRASHING = adapterSource(`
function handle() {
  process.stderr.write(process.env.CPMCT_CHECK_WHY + '\\n');
  process.exit(3);
}`);

const SILENT = adapterSource(`function handle() {}`);

describe('cpmct adapter-check', function () {
  this.timeout(60_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cpmct-adapter-check-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function profileFor(
    name: string,
    source: string,
    features: string[] = [],
    extra: string[] = [],
  ): string {
    writeFileSync(join(dir, `${name}.mjs`), source);
    const file = join(dir, `${name}.yaml`);
    writeFileSync(
      file,
      [
        `name: ${name}`,
        'role: client',
        'binding: imap',
        `iut: { name: ${name} }`,
        'client:',
        '  adapter: command',
        `  command: [node, ./${name}.mjs]`,
        ...extra,
        'users: [{ name: alice, passwordEnv: CPMCT_ALICE_PASSWORD, passwordDefault: alicepass }]',
        'timing: { commandTimeoutMs: 1500 }',
        ...(features.length
          ? [`features: { ${features.map((f) => `${f}: true`).join(', ')} }`]
          : []),
        '',
      ].join('\n'),
    );
    return file;
  }

  it('passes the example adapter (every request answered as the protocol says)', () => {
    const run = adapterCheck(join(ROOT, 'profiles/command-reference.yaml'));
    expect(run.status, run.lines.join('\n')).to.equal(0);
    const failed = run.lines.filter((l) => l.startsWith('FAIL'));
    expect(failed).to.deep.equal([]);
    for (const request of [
      'hello',
      'sync',
      'applyLocalChange',
      'tick',
      'fetchContent',
      'copy',
      'reset',
      'close',
    ])
      expect(
        run.lines.some((l) => l.startsWith(`ok   ${request}`)),
        request,
      ).to.equal(true);
  });

  it('fails a broken adapter on each request it answers wrongly, one line each', () => {
    const run = adapterCheck(profileFor('broken', BROKEN, ['periodic', 'copy']));
    expect(run.status).to.equal(1);
    const failed = run.lines.filter((l) => l.startsWith('FAIL'));
    const expected = [
      /^FAIL hello: the profile declares periodic, which needs setPreferences/,
      /^FAIL hello: the profile declares copy, which needs copy/,
      /^FAIL sync \(first\): sync result: uploaded must be a number/,
      /^FAIL localState after sync \(first\): .*is on the store but not listed/,
      /^FAIL applyLocalChange add: the local state does not show it/,
      /^FAIL applyLocalChange \(unknown key\): must answer an error/,
      /^FAIL tick: periodic sync needs setPreferences/,
    ];
    for (const pattern of expected)
      expect(
        failed.some((l) => pattern.test(l)),
        `${pattern}\n${failed.join('\n')}`,
      ).to.equal(true);
    expect(run.lines.some((l) => /^skip copy: not in hello's supports/.test(l))).to.equal(true);
  });

  it('reports a crashing adapter in one line (its environment from client.env)', () => {
    const env = [
      '  env:',
      '    CPMCT_CHECK_WHY: "boom: ${CPMCT_TEST_UNSET_REASON:-cannot reach the client}"',
    ];
    const run = adapterCheck(profileFor('crashing', CRASHING, [], env));
    expect(run.status).to.equal(1);
    const failed = run.lines.filter((l) => l.startsWith('FAIL'));
    expect(failed).to.have.length(1);
    expect(failed[0]).to.match(
      /^FAIL hello: no answer: .*exited with code 3.*boom: cannot reach the client/,
    );
  });

  it('reports a silent adapter in one line, within the command timeout', () => {
    const run = adapterCheck(profileFor('silent', SILENT));
    expect(run.status).to.equal(1);
    const failed = run.lines.filter((l) => l.startsWith('FAIL'));
    expect(failed).to.have.length(1);
    expect(failed[0]).to.match(/^FAIL hello: no answer: no answer to hello within 1500 ms/);
    expect(run.ms).to.be.lessThan(15_000);
  });
});

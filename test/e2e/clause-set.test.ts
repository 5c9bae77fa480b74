/**
 * `cpmct run --clause-set`: the reading of the registry is recorded in report.json and
 * changes what a run judges (a store that does not claim notifications: the notification
 * case is inapplicable under `latest`, judged under the older seed's SHALL), and `cpmct
 * compare` shows the change.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clauseSets } from '../../src/clauses/clause-sets.ts';
import { loadClauses } from '../../src/clauses/registry.ts';
import { compareCommand } from '../../src/cli/compare.ts';
import { CLAUSES_FILE, PROFILES_DIR } from '../../src/config/paths.ts';
import type { RunResult } from '../../src/engine/result.ts';

describe('e2e: cpmct run --clause-set, then cpmct compare', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'cpmct-clause-set-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('records the reading and judges the notification case only where the reading mandates it', async () => {
    const older = clauseSets(loadClauses(CLAUSES_FILE)).find((s) => s.levels.size > 0)!;
    const [notify, level] = [...older.levels][0]!;
    // The simulator, with notifications left out of its ICS (it does notify).
    const profile = join(dir, 'no-notify-claim.yaml');
    const text = readFileSync(join(PROFILES_DIR, 'reference-imap.yaml'), 'utf8');
    expect(text).to.match(/^ {2}notifications: true$/mu);
    writeFileSync(profile, text.replace(/^ {2}notifications: true$/mu, '  notifications: false'));
    const runs: Record<string, RunResult> = {};
    for (const reading of ['latest', older.name]) {
      const out = join(dir, reading);
      const ran = spawnSync(
        'node',
        [
          ...['bin/cpmct.js', 'run', '--profile', profile, '--only', 'SRV-NOTIF-001'],
          ...['--clause-set', reading, '--out', out, '--format', 'json,html', '--reporter', 'dot'],
        ],
        { encoding: 'utf8', timeout: 50_000 },
      );
      expect(ran.status, ran.stderr).to.equal(0);
      runs[reading] = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as RunResult;
    }
    const [latest, old] = [runs.latest!, runs[older.name]!];
    expect(latest.clauseSet).to.equal('latest');
    expect(old.clauseSet).to.equal(older.name);
    expect(latest.profiles).to.deep.equal([
      { name: 'reference-imap', role: 'server', binding: 'imap', iut: latest.profiles![0]!.iut },
    ]);
    expect(latest.cases.every((c) => c.profile === 'reference-imap')).to.equal(true);
    expect(latest.cases.map((c) => c.verdict)).to.include('inapplicable');
    expect(old.cases.every((c) => c.verdict === 'pass' && c.level === level)).to.equal(true);
    expect(old.clauses.find((c) => c.id === notify)).to.include({ level, verdict: 'pass' });

    const log = console.log;
    console.log = () => {};
    const code = await compareCommand({ out: join(dir, 'cmp') }, [
      join(dir, 'latest'),
      join(dir, older.name),
    ]).finally(() => (console.log = log));
    expect(code).to.equal(0);
    const md = readFileSync(join(dir, 'cmp', 'implementation-report.md'), 'utf8');
    const changes = md.slice(md.indexOf('### Verdicts that change between readings'));
    expect(changes).to.match(
      new RegExp(`\`${notify.replaceAll('.', '\\.')}\`.*inapplicable.*→.*pass`, 'u'),
    );
  });
});

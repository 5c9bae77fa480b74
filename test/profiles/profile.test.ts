import { expect } from 'chai';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConfigError,
  DEFAULT_TIMING,
  FEATURES,
  activeWaiver,
  captureGroups,
  expiredWaivers,
  loadProfile,
  profileSchema,
  resolvePassword,
  validateProfile,
} from '../../src/profiles/profile.ts';

const PROFILES = join(import.meta.dirname, '../../profiles');

describe('profiles/profile', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'cpmct-prof-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  function write(name: string, text: string): string {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  }

  function problemLines(text: string): string[] {
    const file = write('p.yaml', text);
    try {
      loadProfile(file);
    } catch (err) {
      expect(err).to.be.instanceOf(ConfigError);
      return (err as ConfigError).message.split('\n').map((l) => l.replace(file, 'p.yaml'));
    }
    throw new Error('expected a ConfigError');
  }

  const minimal = [
    'name: x',
    'role: server',
    'binding: imap',
    'iut: {name: X}',
    'endpoint: {port: 143}',
    'users: [{name: u, passwordEnv: U_PW}]',
  ].join('\n');

  it('loads every shipped profile', () => {
    const files = readdirSync(PROFILES).filter((f) => f.endsWith('.yaml'));
    expect(files).to.include.members(['dovecot.yaml', 'reference-imap.yaml']);
    for (const f of files) {
      const v = validateProfile(join(PROFILES, f));
      expect(v.problems, f).to.deep.equal([]);
    }
  });

  it('fills defaults: features absent, timing, host, compress off', () => {
    const p = loadProfile(write('min.yaml', minimal));
    expect(p.endpoint).to.deep.equal({ host: '127.0.0.1', port: 143 });
    expect(p.timing).to.deep.equal(DEFAULT_TIMING);
    expect(Object.keys(p.features)).to.deep.equal([...FEATURES]);
    expect(Object.values(p.features).every((v) => v === false)).to.equal(true);
    expect(p.iut.embedded).to.equal(false);
    expect(p.imap.compress).to.equal(false);
    expect(p.waivers).to.deep.equal([]);
    expect(p.dir).to.equal(dir);
  });

  it('keeps the schema feature list and FEATURES in step', () => {
    const props = (profileSchema.properties as Record<string, { properties: object }>).features;
    expect(Object.keys(props!.properties)).to.deep.equal([...FEATURES]);
  });

  it('loads the Dovecot profile as declared', () => {
    const p = loadProfile(join(PROFILES, 'dovecot.yaml'));
    expect(p.role).to.equal('server');
    expect(p.binding).to.equal('imap');
    expect(p.features).to.include({ qresync: true, objectid: false, 'copy-linkage': false });
    expect(p.launch?.port).to.deep.equal({ fromStdout: 'CPMCT_PORT=(\\d+)' });
    expect(p.users.map((u) => u.name)).to.deep.equal(['alice', 'bob']);
  });

  it('gives file:line:col lines for a bad profile, saying what is valid', () => {
    const lines = problemLines(
      [
        'name: bad profile', // 1
        'role: servr', // 2
        'binding: imap',
        'iut: {name: X}',
        'endpoint: {host: h, port: 99999}', // 5
        'users:',
        '  - name: alice',
        '    password: secret', // 8
        'features:',
        '  notifcations: true', // 10
        '  qresync: yes', // 11
        'waivers:',
        '  - {case: C1, reason: r, expires: 31/12/2025}', // 13
      ].join('\n'),
    );
    expect(lines).to.deep.equal([
      'p.yaml:1:7: name: must match the pattern ^[A-Za-z0-9][A-Za-z0-9._-]*$ (got "bad profile")',
      'p.yaml:2:7: role: must be one of: server, client (got "servr"; did you mean "server"?)',
      'p.yaml:5:27: endpoint.port: must be <= 65535',
      'p.yaml:7:5: users[0]: missing required key "passwordEnv"',
      'p.yaml:8:5: users[0].password: unknown key "password"; valid keys: name, passwordEnv, passwordDefault',
      'p.yaml:10:3: features.notifcations: unknown key "notifcations" (did you mean "notifications"?); ' +
        'valid keys: notifications, qresync, condstore, metadata-only, copy-linkage, filters, metadata, objectid, copy, listens, filter-date, filter-type, periodic, content-on-demand, server-control',
      'p.yaml:11:12: features.qresync: must be true or false (got "yes")',
      'p.yaml:13:36: waivers[0].expires: must be a valid date (YYYY-MM-DD) (got "31/12/2025")',
    ]);
  });

  it('checks the launch section', () => {
    const base = minimal.replace('endpoint: {port: 143}', '');
    expect(
      problemLines(
        `${base}\nlaunch:\n  command: []\n  port: {fromStdout: 'PORT=\\d+', fromFile: p}\n`,
      ),
    ).to.deep.equal([
      'p.yaml:8:12: launch.command: must NOT have fewer than 1 items',
      'p.yaml:9:9: launch.port: must have exactly one of the keys: fromStdout, fromFile',
    ]);
    expect(
      problemLines(`${base}\nlaunch:\n  command: [x]\n  port: {fromStdout: 'PORT=\\d+'}\n`),
    ).to.deep.equal([
      'p.yaml:9:22: launch.port.fromStdout: must contain a capture group for the port, e.g. PORT=(\\d+)',
    ]);
    expect(
      problemLines(`${base}\nlaunch:\n  command: [x]\n  port: {fromStdout: 'P=(\\d+'}\n`)[0],
    ).to.match(/^p\.yaml:9:22: launch\.port\.fromStdout: must be a valid regular expression/);
  });

  it('requires a port for a server unless launch or the embedded simulator provides it', () => {
    const noPort = minimal.replace('endpoint: {port: 143}', 'endpoint: {host: h}');
    expect(problemLines(noPort)).to.deep.equal([
      'p.yaml:5:11: endpoint: endpoint.port is required unless launch provides it or iut.embedded is true',
    ]);
    const embedded = noPort.replace('iut: {name: X}', 'iut: {name: X, embedded: true}');
    expect(loadProfile(write('e.yaml', embedded)).iut.embedded).to.equal(true);
    const client = noPort.replace('role: server', 'role: client\nclient: {adapter: reference}');
    expect(loadProfile(write('c.yaml', client)).endpoint.port).to.equal(undefined);
  });

  it('reports duplicate users', () => {
    const dup = minimal.replace(
      'users: [{name: u, passwordEnv: U_PW}]',
      'users:\n  - {name: u, passwordEnv: A}\n  - {name: u, passwordEnv: B}',
    );
    expect(problemLines(dup)).to.deep.equal([
      'p.yaml:8:12: users[1].name: duplicate user (also users[0])',
    ]);
  });

  it('resolves passwords from the environment, then passwordDefault', () => {
    const p = loadProfile(join(PROFILES, 'dovecot.yaml'));
    expect(resolvePassword(p, 'alice', {})).to.equal('alicepass');
    expect(resolvePassword(p, 'alice', { CPMCT_ALICE_PASSWORD: 's3' })).to.equal('s3');
    const q = loadProfile(write('min2.yaml', minimal));
    expect(() => resolvePassword(q, 'u', {})).to.throw(ConfigError, /U_PW is not set/);
    expect(() => resolvePassword(q, 'nobody', {})).to.throw(ConfigError, /no user "nobody"/);
  });

  it('applies waivers until their expiry day inclusive', () => {
    const p = {
      waivers: [
        { case: 'A', reason: 'r', expires: '2025-06-30' },
        { case: 'B', reason: 'r', expires: '2024-01-01' },
      ],
    };
    expect(activeWaiver(p, 'A', new Date('2025-06-30T23:00:00Z'))?.case).to.equal('A');
    expect(activeWaiver(p, 'A', new Date('2025-07-01T00:00:00Z'))).to.equal(undefined);
    expect(activeWaiver(p, 'C', new Date('2020-01-01'))).to.equal(undefined);
    expect(expiredWaivers(p, new Date('2025-01-01')).map((w) => w.case)).to.deep.equal(['B']);
  });

  it('counts capture groups', () => {
    expect(captureGroups('PORT=(\\d+)')).to.equal(1);
    expect(captureGroups('PORT=\\d+')).to.equal(0);
    expect(captureGroups('(?:a)(b)(c)')).to.equal(2);
  });

  it('reports a missing profile file', () => {
    expect(() => loadProfile(join(dir, 'nope.yaml'))).to.throw(
      ConfigError,
      /nope\.yaml: file not found/,
    );
  });
});

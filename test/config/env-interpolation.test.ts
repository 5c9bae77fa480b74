import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tlsLines } from '../../src/adapters/mbsync/config.ts';
import { validateYaml } from '../../src/config/validate.ts';
import { loadProfile, validateProfile } from '../../src/profiles/profile.ts';

const ANY = { type: 'object' } as const;

function values(text: string, env: NodeJS.ProcessEnv) {
  return validateYaml<Record<string, unknown>>('p.yaml', text, ANY, { env });
}

describe('config: values from the environment', () => {
  it('substitutes ${VAR} and ${VAR:-default} in strings, and reads a whole plain reference as YAML', () => {
    const env = { HOST: 'imap.example.net', PORT: '993', ON: 'true' };
    const v = values(
      [
        'host: ${HOST}',
        'port: ${PORT}',
        'other: ${MISSING:-1143}',
        'verify: ${ON}',
        'url: https://${HOST}:${PORT:-1}/nms',
        'quoted: "${PORT}"',
        'literal: $${HOST}',
        'empty: ${MISSING:-}',
        '${HOST}: key left alone',
      ].join('\n'),
      env,
    );
    expect(v.problems).to.deep.equal([]);
    expect(v.value).to.deep.equal({
      host: env.HOST,
      port: Number(env.PORT),
      other: 1143,
      verify: true,
      url: `https://${env.HOST}:${env.PORT}/nms`,
      quoted: env.PORT,
      literal: '${HOST}',
      empty: '',
      '${HOST}': 'key left alone',
    });
  });

  it('reports an unset variable without a default at its own line and column', () => {
    const v = values('a: 1\nurl: http://h:${NOT_SET_ANYWHERE}/x\n', {});
    expect(v.problems).to.have.length(1);
    expect(v.problems[0]).to.include({ line: 2, col: 15 });
    expect(v.problems[0]!.message).to.match(
      /NOT_SET_ANYWHERE is not set.*\$\{NOT_SET_ANYWHERE:-value\}/,
    );
  });

  it('is off unless the caller passes an environment', () => {
    const v = validateYaml('p.yaml', 'a: ${X}\n', ANY);
    expect(v.value).to.deep.equal({ a: '${X}' });
  });
});

describe('profiles: endpoint TLS and the environment', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cpmct-prof-'));
    writeFileSync(
      join(dir, 'ca.pem'),
      '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function profile(name: string, lines: string[]): string {
    const file = join(dir, `${name}.yaml`);
    writeFileSync(
      file,
      [
        `name: ${name}`,
        'role: server',
        'iut: { name: X }',
        ...lines,
        'users: [{ name: alice, passwordEnv: A }]',
        '',
      ].join('\n'),
    );
    return file;
  }

  it('resolves TLS settings: the CA read, verification on for a remote host, off on loopback', () => {
    const remote = loadProfile(
      profile('remote', [
        'binding: imap',
        'endpoint:',
        '  host: imap.example.net',
        '  port: 993',
        '  tls: implicit',
        '  caFile: ca.pem',
      ]),
    );
    expect(remote.endpoint.tls).to.include({
      mode: 'implicit',
      verify: true,
      caFile: join(dir, 'ca.pem'),
    });
    expect(remote.endpoint.tls?.ca).to.include('BEGIN CERTIFICATE');
    const local = loadProfile(
      profile('local', ['binding: nms', 'endpoint: { port: 8443, tls: https }']),
    );
    expect(local.endpoint.tls).to.deep.equal({ mode: 'https', verify: false });
    const plain = loadProfile(profile('plain', ['binding: imap', 'endpoint: { port: 143 }']));
    expect(plain.endpoint.tls).to.equal(undefined);
  });

  it('refuses TLS settings that do not fit, each at its line', () => {
    const file = profile('bad', [
      'binding: nms',
      'endpoint:',
      '  port: 443',
      '  tls: starttls',
      '  caFile: missing.pem',
    ]);
    const messages = validateProfile(file).problems.map((p) => `${p.line}: ${p.message}`);
    expect(messages).to.deep.equal([
      '7: endpoint.tls: starttls is not a nms transport; valid: none, https',
      '8: endpoint.caFile: file not found: missing.pem',
    ]);
    const noTls = profile('notls', [
      'binding: imap',
      'endpoint:',
      '  port: 143',
      '  tlsVerify: true',
    ]);
    expect(validateProfile(noTls).problems.map((p) => p.message)).to.deep.equal([
      'endpoint.tlsVerify: needs endpoint.tls (starttls or implicit)',
    ]);
  });

  it('takes the port from the environment, and reports it unset at its position', () => {
    const file = profile('env', [
      'binding: imap',
      'endpoint:',
      '  port: ${CPMCT_TEST_PROFILE_PORT}',
    ]);
    const unset = validateProfile(file, {}).problems;
    expect(unset.map((p) => `${p.line}:${p.col}`)).to.deep.equal(['6:9']);
    expect(unset[0]!.message).to.match(/CPMCT_TEST_PROFILE_PORT is not set/);
    const set = validateProfile(file, { CPMCT_TEST_PROFILE_PORT: '10143' });
    expect(set.problems).to.deep.equal([]);
    expect(set.value?.endpoint?.port).to.equal(10143);
  });

  it('mbsync honours the TLS settings in its config, and says what it cannot do', () => {
    expect(tlsLines(undefined)).to.deep.equal(['SSLType None']);
    expect(tlsLines({ mode: 'starttls', verify: true, caFile: '/x/ca.pem' })).to.deep.equal([
      'SSLType STARTTLS',
      'CertificateFile "/x/ca.pem"',
    ]);
    expect(tlsLines({ mode: 'implicit', verify: true })).to.deep.equal(['SSLType IMAPS']);
    expect(() => tlsLines({ mode: 'implicit', verify: false })).to.throw(/always verifies/);
  });
});

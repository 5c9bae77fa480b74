import { expect } from 'chai';
import { OPTIONAL_CAPABILITIES } from '../../src/bindings/imap/server/capabilities.ts';
import { startImapServer } from '../../simulators/server/imap-server.ts';
import { ALICE, last, RawClient, startSeeded } from './helpers.ts';

/**
 * For each capability: commands to run after login (and SELECT INBOX) whose answer must be
 * BAD, or before login (`preLogin`, answer `status`), or a response text that must not appear.
 */
interface Probe {
  select?: boolean;
  commands: string[];
  also?: string[];
  preLogin?: boolean;
  status?: 'BAD' | 'NO';
  absentIn?: { command: string; text: string };
}

const PROBES: Record<string, Probe> = {
  'LITERAL+': { commands: ['APPEND INBOX {3+}\r\nabc'] },
  'SASL-IR': { preLogin: true, commands: ['AUTHENTICATE PLAIN AGFsaWNlAGFsaWNlLXB3'] },
  ID: { commands: ['ID NIL'] },
  ENABLE: { commands: ['ENABLE CONDSTORE'], also: ['QRESYNC'] },
  IDLE: { commands: ['IDLE'] },
  'AUTH=PLAIN': {
    preLogin: true,
    status: 'NO',
    commands: ['AUTHENTICATE PLAIN AGFsaWNlAGFsaWNlLXB3'],
  },
  'AUTH=LOGIN': { preLogin: true, status: 'NO', commands: ['AUTHENTICATE LOGIN YWxpY2U='] },
  NAMESPACE: { commands: ['NAMESPACE'] },
  UNSELECT: { select: true, commands: ['UNSELECT'] },
  UIDPLUS: { select: true, commands: ['UID EXPUNGE 1'] },
  MULTIAPPEND: { commands: ['APPEND INBOX {3+}\r\nabc {3+}\r\ndef'] },
  CHILDREN: { commands: [], absentIn: { command: 'LIST "" *', text: 'Children' } },
  'LIST-EXTENDED': { commands: ['LIST () "" *'], also: ['LIST-STATUS'] },
  'LIST-STATUS': { commands: ['LIST "" * RETURN (STATUS (MESSAGES))'] },
  CONDSTORE: { commands: ['SELECT INBOX (CONDSTORE)'], also: ['QRESYNC'] },
  QRESYNC: { commands: ['SELECT INBOX (QRESYNC (1 1))'] },
  ESEARCH: { select: true, commands: ['UID SEARCH RETURN (COUNT) ALL'] },
  MOVE: { select: true, commands: ['UID MOVE 1 Default/conv-1'] },
  NOTIFY: { commands: ['NOTIFY NONE'] },
  METADATA: { commands: ['GETMETADATA INBOX /private/comment'] },
  OBJECTID: { commands: ['STATUS INBOX (MAILBOXID)'] },
};

describe('server: capabilities can be switched off', () => {
  it('has a probe for every optional capability', () => {
    expect(Object.keys(PROBES).sort()).to.deep.equal([...OPTIONAL_CAPABILITIES].sort());
  });

  for (const [capability, probe] of Object.entries(PROBES)) {
    it(`${capability}: not advertised, and its commands refused`, async () => {
      const server = await startSeeded({ disabledCapabilities: [capability] });
      const client = await RawClient.connect(server);
      try {
        const before = (await client.command('c0', 'CAPABILITY'))[0]!.split(' ');
        const status = probe.status ?? 'BAD';
        if (probe.preLogin) {
          for (const [i, command] of probe.commands.entries()) {
            expect(last(await client.command(`q${i}`, command)), command).to.match(
              new RegExp(`^q${i} ${status}`),
            );
          }
        }
        await client.login();
        const after = (await client.command('c1', 'CAPABILITY'))[0]!.split(' ');
        for (const name of [capability, ...(probe.also ?? [])]) {
          expect(before, 'before login').not.to.include(name);
          expect(after, 'after login').not.to.include(name);
        }
        if (probe.select) await client.command('s', 'SELECT INBOX');
        for (const [i, command] of probe.preLogin ? [] : probe.commands.entries()) {
          expect(last(await client.command(`p${i}`, command)), command).to.match(
            new RegExp(`^p${i} ${status}`),
          );
        }
        if (probe.absentIn) {
          const lines = await client.command('r', probe.absentIn.command);
          expect(last(lines)).to.match(/^r OK/);
          expect(lines.join('\n')).not.to.include(probe.absentIn.text);
        }
      } finally {
        client.close();
        await server.stop();
      }
    });
  }

  it('still logs in with LOGIN when both SASL mechanisms are off', async () => {
    const server = await startImapServer({
      users: [ALICE],
      disabledCapabilities: ['AUTH=PLAIN', 'AUTH=LOGIN'],
    });
    const client = await RawClient.connect(server);
    try {
      expect(last(await client.command('a', 'AUTHENTICATE PLAIN AGFsaWNlAGFsaWNlLXB3'))).to.match(
        /^a (NO|BAD)/,
      );
      await client.login();
    } finally {
      client.close();
      await server.stop();
    }
  });

  it('leaves APPENDUID out when UIDPLUS is off', async () => {
    const server = await startSeeded({ disabledCapabilities: ['UIDPLUS'] });
    const client = await RawClient.connect(server);
    try {
      await client.login();
      expect(last(await client.command('a', 'APPEND INBOX {3+}\r\nabc'))).to.equal(
        'a OK APPEND completed',
      );
    } finally {
      client.close();
      await server.stop();
    }
  });

  it('refuses unknown or mandatory capability names', async () => {
    for (const name of ['IMAP4rev1', 'COMPRESS=DEFLATE', 'bogus']) {
      let failure: unknown;
      await startImapServer({ users: [ALICE], disabledCapabilities: [name] }).catch(
        (e: unknown) => (failure = e),
      );
      expect(String(failure), name).to.match(/can be switched off/);
    }
  });
});

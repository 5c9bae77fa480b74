/**
 * A real sync client against the reference store: mbsync (isync 1.4) syncs a Maildir two
 * ways. First run: the Maildir gets the store's folders and messages. Then local changes
 * (a new file, a flag set by renaming, a deleted file, a new folder) plus a folder removed
 * on the server, and a second run: the store and the Maildir agree.
 */
import { execFile, execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { RunningImapServer } from '../../simulators/server/imap-server.ts';
import { headerValue } from '../../src/model/rfc822.ts';
import { ALICE, message, startSeeded } from './helpers.ts';

function mbsyncInstalled(): boolean {
  try {
    execFileSync('mbsync', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function runMbsync(config: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile('mbsync', ['-c', config, '-a'], { timeout: 20_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

interface MaildirMessage {
  path: string;
  id: string | undefined;
  flags: string;
}

/** Messages of one Maildir folder, identified by their Message-ID. */
function maildir(root: string, folder: string): MaildirMessage[] {
  const out: MaildirMessage[] = [];
  for (const sub of ['cur', 'new']) {
    let names: string[];
    try {
      names = readdirSync(join(root, folder, sub));
    } catch {
      continue;
    }
    for (const name of names) {
      const path = join(root, folder, sub, name);
      const id = headerValue(readFileSync(path), 'Message-ID');
      out.push({
        path,
        id,
        flags: name.includes(':2,') ? name.slice(name.indexOf(':2,') + 3) : '',
      });
    }
  }
  return out.sort((a, b) => String(a.id).localeCompare(String(b.id)));
}

/** Make every directory look old, so mbsync does not pause for "recent modification". */
function ageDirectories(root: string): void {
  const past = new Date(Date.now() - 60_000);
  const walk = (dir: string) => {
    utimesSync(dir, past, past);
    for (const entry of readdirSync(dir, { withFileTypes: true }))
      if (entry.isDirectory()) walk(join(dir, entry.name));
  };
  walk(root);
}

function storeSummary(server: RunningImapServer): Record<string, string[]> {
  const store = server.stores.get('alice')!;
  const out: Record<string, string[]> = {};
  for (const folder of store.listFolders()) {
    out[folder.name] = store
      .objects(folder.name)
      .map((o) => {
        const id = headerValue(store.content(o.contentId).raw, 'Message-ID') ?? '?';
        const flags = [...o.flags].filter((f) => f !== '\\Recent').sort();
        return `${id} ${flags.join(',')}`.trim();
      })
      .sort();
  }
  return out;
}

describe('server: mbsync two-way sync against the reference store', function () {
  this.timeout(45_000);
  let server: RunningImapServer;
  let dir: string;

  before(function () {
    if (!mbsyncInstalled()) {
      console.log('      mbsync not installed: apt-get install -y isync');
      this.skip();
    }
  });

  beforeEach(async () => {
    server = await startSeeded();
    server.stores.get('alice')!.createFolder('Work');
    dir = mkdtempSync(join(tmpdir(), 'cpmct-mbsync-'));
  });

  afterEach(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('downloads everything, then pushes new, flagged, deleted messages and folders', async () => {
    const mail = join(dir, 'mail');
    mkdirSync(mail);
    const config = join(dir, 'mbsyncrc');
    writeFileSync(
      config,
      [
        'IMAPAccount reference',
        `Host ${server.host}`,
        `Port ${server.port}`,
        `User ${ALICE.name}`,
        `Pass ${ALICE.password}`,
        'SSLType None',
        'AuthMechs LOGIN',
        '',
        'IMAPStore remote',
        'Account reference',
        '',
        'MaildirStore local',
        `Path ${mail}/`,
        `Inbox ${mail}/INBOX`,
        'SubFolders Verbatim',
        '',
        'Channel all',
        'Far :remote:',
        'Near :local:',
        'Patterns *',
        'Create Both',
        'Remove Both',
        'Expunge Both',
        'Sync All',
        'SyncState *',
        '',
      ].join('\n'),
    );

    const first = await runMbsync(config);
    expect(first.code, first.output).to.equal(0);
    const inbox = maildir(mail, 'INBOX');
    expect(inbox.map((m) => m.id)).to.deep.equal([
      '<m1@example.org>',
      '<m2@example.org>',
      '<m3@example.org>',
    ]);
    expect(inbox[0]!.flags).to.equal('S');
    expect(maildir(mail, 'Default/conv-1').map((m) => m.id)).to.deep.equal(['<c1@example.org>']);
    expect(readdirSync(mail).sort()).to.include.members(['Default', 'INBOX', 'Work']);

    writeFileSync(join(mail, 'INBOX', 'new', '1700000000.local1.device'), message('local1'));
    const m2 = inbox[1]!;
    renameSync(
      m2.path,
      join(
        mail,
        'INBOX',
        'cur',
        m2.path
          .split('/')
          .pop()!
          .replace(/:2,.*$/, ':2,F'),
      ),
    );
    rmSync(inbox[2]!.path);
    for (const sub of ['cur', 'new', 'tmp'])
      mkdirSync(join(mail, 'Local', sub), { recursive: true });
    writeFileSync(join(mail, 'Local', 'new', '1700000001.local2.device'), message('local2'));
    // With `SyncState *` the state lives inside each Maildir folder, so a folder removal
    // can only travel from the server: remove Work there.
    server.stores.get('alice')!.deleteFolder('Work');
    ageDirectories(mail);

    const second = await runMbsync(config);
    expect(second.code, second.output).to.equal(0);
    expect(storeSummary(server)).to.deep.equal({
      'Default/conv-1': ['<c1@example.org>'],
      INBOX: ['<local1@example.org>', '<m1@example.org> \\Seen', '<m2@example.org> \\Flagged'],
      Local: ['<local2@example.org>'],
    });

    ageDirectories(mail);
    const third = await runMbsync(config);
    expect(third.code, third.output).to.equal(0);
    expect(readdirSync(mail)).not.to.include('Work');
    expect(maildir(mail, 'INBOX').map((m) => `${m.id} ${m.flags}`)).to.deep.equal([
      '<local1@example.org> ',
      '<m1@example.org> S',
      '<m2@example.org> F',
    ]);
  });
});

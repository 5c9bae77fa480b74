/**
 * Emptying a store before a case (setup-empty.ts, setup-retry.ts) against a scripted store:
 * which folders are kept and why, bounded retries on an injected sleep, the store's answer
 * quoted when it lasts, and objects sharing one key.
 */
import { expect } from 'chai';
import type { ObjectSpec, StoreActor } from '../../src/engine/ports.ts';
import type { StoreView } from '../../src/model/view.ts';
import { emptyUserStore } from '../../src/engine/setup-empty.ts';
import { RETRY_DELAYS_MS, refusalIn, type RetryRecord } from '../../src/engine/setup-retry.ts';
import { InconclusiveError } from '../../src/engine/trouble.ts';

/** What a refused IMAP command looks like once the actor has wrapped it. */
function refused(command: string, answer: string, code?: string): Error {
  const cause = Object.assign(new Error(`${command}: NO ${code ? `[${code}] ` : ''}${answer}`), {
    status: 'NO',
    responseCode: code,
  });
  return new Error(`store actor: ${command.toLowerCase()}: ${cause.message}`, { cause });
}

interface Script {
  folders: Record<string, string[]>;
  special?: Record<string, string[]>;
  /** DELETE of these answers OK and the folder stays. */
  comesBack?: string[];
  /** DELETE of a folder: refused this many times with this code before it is accepted. */
  refuse?: Record<string, { times: number; code?: string }>;
  /** No emptyFolder(): the set-up deletes key by key. */
  keyByKey?: boolean;
}

function scriptedStore(script: Script): StoreActor & { deletes: string[] } {
  const folders = new Map(Object.entries(script.folders).map(([n, keys]) => [n, [...keys]]));
  const deletes: string[] = [];
  const fail = () => Promise.reject(new Error('not used'));
  const actor = {
    deletes,
    capabilities: async () => new Set<string>(),
    deliver: (_f: string, _o: ObjectSpec) => fail(),
    setFlags: fail,
    createFolder: fail,
    resetFolder: fail,
    uidValidity: fail,
    opens: async (name: string) => folders.has(name),
    contentIdentities: fail,
    content: fail,
    evidence: () => [],
    close: async () => undefined,
    async view(): Promise<StoreView> {
      return {
        folders: [...folders.keys()].sort().map((name) => ({
          name,
          objects: folders.get(name)!.map((key) => ({ key, flags: [] })),
        })),
      };
    },
    async specialUseFolders() {
      return new Map(Object.entries(script.special ?? {}));
    },
    async deleteFolder(name: string) {
      deletes.push(name);
      const refusal = script.refuse?.[name];
      if (refusal && refusal.times > 0) {
        refusal.times--;
        throw refused(`DELETE ${name}`, `${name} is busy`, refusal.code);
      }
      if (!script.comesBack?.includes(name)) folders.delete(name);
      else folders.set(name, []);
    },
    async delete(folder: string, key: string) {
      const keys = folders.get(folder)!;
      if (!keys.includes(key)) throw new Error(`store actor: delete: ${folder} holds no ${key}`);
      // Like the IMAP actor: every copy carrying the key goes at once.
      folders.set(
        folder,
        keys.filter((k) => k !== key),
      );
    },
    async emptyFolder(name: string) {
      folders.set(name, []);
    },
  };
  if (script.keyByKey) delete (actor as Partial<typeof actor>).emptyFolder;
  return actor as StoreActor & { deletes: string[] };
}

function options(retries: RetryRecord[] = [], slept: number[] = [], keepFolders: string[] = []) {
  return {
    user: 'alice',
    keepFolders,
    retries,
    sleep: async (ms: number) => void slept.push(ms),
  };
}

describe('engine: emptying a store before a case', () => {
  it('keeps INBOX, special-use folders, the profile list (prefixes too) and their parents: emptied, never deleted', async () => {
    const store = scriptedStore({
      folders: {
        INBOX: ['i-1'],
        Trash: ['t-1', 't-2'],
        Sent: [],
        'Archive/2024': ['a-1'],
        Archive: [],
        'Shared/team': [],
        'Default/c1': ['m-1'],
      },
      special: { Trash: ['\\Trash'], Sent: ['\\Sent'] },
    });
    const emptied = await emptyUserStore(store, options([], [], ['Archive/*', 'Shared/team']));
    expect(store.deletes).to.deep.equal(['Default/c1']);
    expect(emptied.view.folders.map((f) => f.name)).to.deep.equal([
      'Archive',
      'Archive/2024',
      'INBOX',
      'Sent',
      'Shared/team',
      'Trash',
    ]);
    expect(emptied.view.folders.every((f) => f.objects.length === 0)).to.equal(true);
    const why = Object.fromEntries(emptied.kept.map((k) => [k.name, k.why]));
    expect(why).to.deep.equal({
      INBOX: 'INBOX',
      Trash: 'special use \\Trash',
      Sent: 'special use \\Sent',
      'Archive/2024': 'store.keepFolders',
      Archive: 'parent of kept Archive/2024',
      'Shared/team': 'store.keepFolders',
    });
  });

  it('keeps a folder that survives a DELETE answered OK, and one refused NO [CANNOT], without retrying', async () => {
    const store = scriptedStore({
      folders: { INBOX: [], Junk: ['j-1'], Drafts: [], 'Default/c1': [] },
      comesBack: ['Junk'],
      refuse: { Drafts: { times: 99, code: 'CANNOT' } },
    });
    const slept: number[] = [];
    const emptied = await emptyUserStore(store, options([], slept));
    const why = Object.fromEntries(emptied.kept.map((k) => [k.name, k.why]));
    expect(why['Junk']).to.equal('listed again after a DELETE answered OK');
    expect(why['Drafts']).to.match(/^DELETE refused: .*NO \[CANNOT\] Drafts is busy/);
    expect(slept, 'a permanent refusal is not retried').to.deep.equal([]);
    expect(emptied.view.folders.find((f) => f.name === 'Junk')?.objects).to.deep.equal([]);
  });

  it('retries a refusal for now with backoff on the injected sleep, and logs each attempt', async () => {
    const store = scriptedStore({
      folders: { INBOX: [], 'Default/c1': [] },
      refuse: { 'Default/c1': { times: 2, code: 'INUSE' } },
    });
    const retries: RetryRecord[] = [];
    const slept: number[] = [];
    const emptied = await emptyUserStore(store, options(retries, slept));
    expect(emptied.view.folders.map((f) => f.name)).to.deep.equal(['INBOX']);
    expect(slept).to.deep.equal(RETRY_DELAYS_MS.slice(0, 2));
    expect(retries.map((r) => [r.what, r.attempt, r.accepted])).to.deep.equal([
      ['DELETE Default/c1', 1, true],
      ['DELETE Default/c1', 2, true],
    ]);
    expect(retries[0]!.answer).to.include('NO [INUSE] Default/c1 is busy');
  });

  it('a refusal that lasts: bounded (a few seconds in all), then inconclusive quoting the store', async () => {
    const store = scriptedStore({
      folders: { INBOX: [], 'Default/c1': [] },
      refuse: { 'Default/c1': { times: 99 } },
    });
    const retries: RetryRecord[] = [];
    const slept: number[] = [];
    const failure = await emptyUserStore(store, options(retries, slept)).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).to.be.instanceOf(InconclusiveError);
    expect((failure as Error).message).to.match(
      /could not empty the store of alice: DELETE Default\/c1 \(5 attempts\): the store answered: .*NO Default\/c1 is busy/,
    );
    const total = slept.reduce((a, b) => a + b, 0);
    expect(total).to.equal(RETRY_DELAYS_MS.reduce((a, b) => a + b, 0));
    expect(total).to.be.within(1000, 5000);
    expect(retries.every((r) => r.accepted === false)).to.equal(true);
  });

  it('objects sharing one key left by an earlier case are emptied, not inconclusive (key by key too)', async () => {
    for (const keyByKey of [false, true]) {
      const store = scriptedStore({
        folders: { INBOX: ['dup', 'dup', 'other'], Trash: ['dup', 'dup'] },
        special: { Trash: ['\\Trash'] },
        keyByKey,
      });
      const emptied = await emptyUserStore(store, options());
      expect(
        emptied.view.folders.map((f) => f.objects.length),
        `keyByKey ${keyByKey}`,
      ).to.deep.equal([0, 0]);
    }
  });

  it('reads a refusal out of an actor error: code, and whether retrying may help', () => {
    expect(refusalIn(refused('DELETE x', 'busy', 'INUSE'))).to.include({
      code: 'INUSE',
      transient: true,
    });
    expect(refusalIn(refused('DELETE x', 'no', 'CANNOT'))).to.include({ transient: false });
    expect(refusalIn(new Error('DELETE x: NO Server busy'))).to.include({ transient: true });
    expect(refusalIn(new Error('DELETE x: NO [NONEXISTENT] gone'))).to.include({
      code: 'NONEXISTENT',
      transient: false,
    });
    expect(refusalIn(new Error('HTTP 503 Service Unavailable'))).to.include({ transient: true });
    expect(refusalIn(new Error('connect ECONNREFUSED'))).to.equal(undefined);
  });
});

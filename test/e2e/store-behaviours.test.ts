/**
 * The server suite passes against the reference store taking on each behaviour of stores as
 * vendors ship them (simulators/server/store-behaviours.ts), prepared over IMAP as a vendor's
 * store is: (a) special-use folders protected with NO [CANNOT], (b) re-created after DELETE
 * (and not marked, so only surviving the DELETE shows they are kept), (c) a DELETE of a folder
 * re-created within the last second refused with NO [INUSE], on the store's skip-ahead clock.
 * The kept folders and the retries are in the evidence.
 */
import { expect } from 'chai';
import type { CaseResult } from '../../src/engine/result.ts';
import { KEPT_LABEL, RETRY_LABEL } from '../../src/engine/setup.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTarget } from '../../src/targets/start-target.ts';
import { executeCases } from '../../src/runner/execute.ts';
import { loadSuites } from '../../src/scenario/load.ts';
import { nonPass, profile, registry, runAll, settings } from './helpers.ts';
import type { StoreBehaviour } from '../../simulators/server/store-behaviours.ts';

function withBehaviours(behaviours: StoreBehaviour[]) {
  const p = profile('reference-imap');
  return { ...p, iut: { ...p.iut, behaviours } };
}

/** A case that uses Trash (kept by a store with system folders, created by one without). */
const TRASH_CASE = `id: SRV-KEPT-001
title: Objects in a folder the store keeps sync like any other
scenario: new-objects
clauses: [SD-5.5.2.20-3b, SD-5.5.2.3]
level: SHALL
role: server
bindings: [imap]
devices:
  phone: { user: alice }
  tablet: { user: alice }
given:
  folders: [Trash]
  objects:
    - { name: old, folder: Trash, type: message, count: 2 }
steps:
  - { do: sync, device: [phone, tablet] }
  - { do: add, device: phone, name: p, folder: Trash, type: message }
  - { do: sync, device: [phone, tablet] }
  - { do: expect, converged: true }
`;

const notes = (results: CaseResult[], label: string) =>
  results.flatMap((r) => r.evidence.filter((e) => e.label === label).map((e) => e.text));

describe('e2e: the server suite against the reference store with vendor behaviours', function () {
  this.timeout(120_000);

  it('(a) special-use folders refused with NO [CANNOT]: kept by their LIST attributes, emptied, every case passes', async () => {
    const results = await runAll(withBehaviours(['protect-special-use']));
    expect(results.length).to.be.greaterThanOrEqual(30);
    expect(nonPass(results)).to.deep.equal([]);
    const kept = notes(results, KEPT_LABEL);
    expect(kept.length).to.equal(results.filter((r) => r.verdict !== 'inapplicable').length);
    for (const name of ['Archive', 'Drafts', 'Junk', 'Sent', 'Trash'])
      expect(kept[0]).to.match(new RegExp(`alice: ${name} \\(special use \\\\${name}\\)`));
  });

  it('(b) folders re-created after DELETE, without special-use attributes: kept because they survive it, every case passes', async () => {
    const results = await runAll(withBehaviours(['recreate-special-use', 'unmarked-special-use']));
    expect(nonPass(results)).to.deep.equal([]);
    const kept = notes(results, KEPT_LABEL);
    expect(kept[0]).to.include('alice: Trash (listed again after a DELETE answered OK)');
    expect(kept.join('\n')).not.to.include('special use');
  });

  it("the profile's store.keepFolders: unmarked system folders it names are kept, the others deleted", async () => {
    const p = withBehaviours(['unmarked-special-use']);
    const results = await runAll(
      { ...p, store: { keepFolders: ['Trash', 'Sent'] } },
      {},
      (id) => id.startsWith('SRV-FOLD') || id.startsWith('SRV-NEW'),
    );
    expect(nonPass(results)).to.deep.equal([]);
    const kept = notes(results, KEPT_LABEL);
    expect(kept[0]).to.equal('alice: Sent (store.keepFolders)\nalice: Trash (store.keepFolders)');
  });

  it('a case may use a kept folder: objects in Trash, given and added, sync and converge', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cpmct-kept-'));
    try {
      writeFileSync(join(dir, 'trash.yaml'), TRASH_CASE);
      const loaded = loadSuites([dir], registry);
      expect(loaded.problems).to.deep.equal([]);
      for (const behaviours of [['recreate-special-use'], []] as StoreBehaviour[][]) {
        const running = await startTarget(withBehaviours(behaviours), { settings: settings() });
        try {
          const results = await executeCases(loaded.cases, running.target);
          expect(results.map((r) => r.id)).to.deep.equal(['SRV-KEPT-001']);
          expect(nonPass(results), `behaviours: ${behaviours.join(', ')}`).to.deep.equal([]);
        } finally {
          await running.stop();
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('(c) a DELETE of a folder re-created within the last second refused: retried with backoff, every case passes', async () => {
    const started = Date.now();
    const results = await runAll(withBehaviours(['refuse-quick-delete']));
    expect(nonPass(results)).to.deep.equal([]);
    const retried = notes(results, RETRY_LABEL);
    expect(retried.length, 'cases whose set-up was refused for now').to.be.greaterThan(0);
    expect(retried.join('\n')).to.match(/NO \[INUSE\].*-> accepted later/);
    expect(retried.join('\n')).not.to.include('still refused');
    // The waits are on the store's clock: dozens of retried cases cost no real seconds each.
    expect(Date.now() - started).to.be.below(retried.length * 1000);
  });
});

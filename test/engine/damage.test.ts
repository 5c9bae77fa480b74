/**
 * What a failing implementation damaged is shown even when a step fails: after the failed
 * step the store is still compared with the oracle, and the loss is a finding of its own,
 * attributed to the clause it proves broken, with its oracle-diff in the evidence. And a
 * store that breaks the set-up is judged on that operation, not `inconclusive`.
 */
import { expect } from 'chai';
import { startTarget } from '../../src/targets/start-target.ts';
import type { DeviceDriver, DriverFactory } from '../../src/engine/ports.ts';
import { runCase } from '../../src/engine/run-case.ts';
import type { LoadedCase } from '../../src/scenario/types.ts';
import { profile, settings } from '../e2e/helpers.ts';

const FOLDER = 'Default/conv-alpha';

function loaded(steps: LoadedCase['definition']['steps']): LoadedCase {
  return {
    file: 'damage.yaml',
    stepPositions: steps.map((_, i) => ({ line: i + 10, col: 5 })),
    definition: {
      id: 'ENG-DAMAGE-001',
      title: 'damage after a failed step',
      clauses: ['SD-5.5.2.20-3e'],
      level: 'SHALL',
      role: 'server',
      bindings: ['imap'],
      devices: { phone: { user: 'alice' } },
      given: {
        folders: [FOLDER],
        objects: [{ name: 'm', folder: FOLDER, type: 'message', count: 3 }],
      },
      steps,
    },
  };
}

/** A device whose second sync removes an object nobody deleted, then fails. */
function clumsy(factory: DriverFactory): DriverFactory {
  return {
    ...factory,
    async createDevice(name, user, options) {
      const real: DeviceDriver = await factory.createDevice(name, user, options);
      let syncs = 0;
      return Object.assign(Object.create(real) as DeviceDriver, {
        async sync() {
          const report = await real.sync();
          if (++syncs < 2) return report;
          const actor = await factory.createActor(user);
          const [victim] = real.localView().folders.find((f) => f.name === FOLDER)!.objects;
          await actor.delete(FOLDER, victim!.key);
          await actor.close();
          throw new Error('connection dropped in the middle of the sync');
        },
      });
    },
  };
}

describe('engine: damage is shown after a failed step', function () {
  this.timeout(60_000);

  it('a sync that fails after losing an object: the failure and the loss, each on its clause', async () => {
    const running = await startTarget(profile('reference-imap'), { settings: settings() });
    try {
      const result = await runCase(
        loaded([
          { do: 'sync', device: 'phone' },
          { do: 'sync', device: 'phone' },
          { do: 'expect', converged: true },
        ]),
        clumsy(running.target.factory),
        running.target.settings,
        { binding: 'imap' },
      );
      expect(result.verdict).to.equal('fail');
      const failed = result.steps[1]!;
      expect(failed.outcome).to.equal('failed');
      expect(failed.messages.join('\n')).to.match(/connection dropped/);
      expect(failed.messages.join('\n')).to.match(
        /after the failed step 2: store \(alice\): Default\/conv-alpha \S+: expected, missing/,
      );
      // The store lost an object it was given (5.5.2.3); the broken sync is the server side.
      expect(result.brokenClauses).to.deep.equal(['SD-5.5.2.3', 'SD-COPY-5.5.2.20-server-sync']);
      expect(result.steps[2]!.outcome).to.equal('skipped');
      expect(result.evidence.some((e) => e.label.includes('after the failed step 2'))).to.equal(
        true,
      );
    } finally {
      await running.stop();
    }
  });

  it('a store that drops what the set-up gave it fails on that operation, not inconclusive', async () => {
    const running = await startTarget(profile('reference-imap'), {
      settings: settings(),
      mutant: 'append-dropped',
    });
    try {
      const result = await runCase(
        loaded([
          { do: 'sync', device: 'phone' },
          { do: 'expect', converged: true },
        ]),
        running.target.factory,
        running.target.settings,
        { binding: 'imap' },
      );
      expect(result.verdict).to.equal('fail');
      expect(result.brokenClauses).to.deep.equal(['SD-5.5.2.3']);
      expect(result.reason).to.match(
        /^set-up: store \(alice\): Default\/conv-alpha \S+: expected, missing/,
      );
      expect(result.steps.map((s) => s.outcome)).to.deep.equal(['skipped', 'skipped']);
    } finally {
      await running.stop();
    }
  });
});

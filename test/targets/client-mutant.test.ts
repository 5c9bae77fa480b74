/** A client profile's mutant is checked before anything starts: one line, never a silent run. */
import { expect } from 'chai';
import { UsageError } from '../../src/config/usage-error.ts';
import { clientMutantOf } from '../../src/targets/client-mutant.ts';
import { CLIENT_MUTANT_NAMES } from '../../simulators/clients/mutants.ts';
import { NMS_CLIENT_MUTANT_NAMES } from '../../simulators/clients/nms/mutants.ts';
import { profile } from '../e2e/helpers.ts';

describe('targets: the mutant of a client profile', () => {
  const imap = profile('reference-client-imap');
  const nms = profile('reference-client-nms');
  const withMutant = (p: typeof imap, mutant: string, adapter = 'reference') =>
    ({ ...p, client: { ...p.client!, adapter, mutant } }) as typeof imap;

  it("takes a name the binding's reference client knows, from the profile or the override", () => {
    expect(clientMutantOf(imap, undefined)).to.equal(undefined);
    expect(clientMutantOf(withMutant(imap, CLIENT_MUTANT_NAMES[0]!), undefined)).to.equal(
      CLIENT_MUTANT_NAMES[0],
    );
    expect(clientMutantOf(nms, NMS_CLIENT_MUTANT_NAMES[0]!, 'nms')).to.equal(
      NMS_CLIENT_MUTANT_NAMES[0],
    );
  });

  it('refuses an unknown name, or one known only to the other binding, in one line', () => {
    const nmsOnly = NMS_CLIENT_MUTANT_NAMES.find(
      (n) => !(CLIENT_MUTANT_NAMES as string[]).includes(n),
    )!;
    for (const [p, binding] of [
      [withMutant(imap, 'nope'), 'imap'],
      [withMutant(imap, nmsOnly), 'imap'],
      [withMutant(nms, 'nope'), 'nms'],
    ] as const) {
      expect(() => clientMutantOf(p, undefined, binding as 'nms'))
        .to.throw(UsageError)
        .with.property('message')
        .that.matches(/unknown (NMS )?client mutant "[^"]+"; known: /)
        .and.does.not.include('\n');
    }
  });

  it('refuses a mutant for a client cpmct does not drive itself', () => {
    expect(() => clientMutantOf(withMutant(imap, CLIENT_MUTANT_NAMES[0]!, 'command'), undefined))
      .to.throw(UsageError)
      .with.property('message')
      .that.matches(/needs adapter: reference/);
  });
});

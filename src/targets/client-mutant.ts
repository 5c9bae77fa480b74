/**
 * The mutant a client profile asks for (`client.mutant`, or the kill matrix's override): a
 * deliberate deviation of cpmct's reference client, so only with `adapter: reference`, and
 * only a name the binding's reference client knows. Checked before anything starts, so a
 * typo is one line and exit 2, not a run of inconclusive cases.
 */
import { clientMutantByName, type ClientMutant } from '../../simulators/clients/mutants.ts';
import {
  nmsClientMutantByName,
  type NmsClientMutant,
} from '../../simulators/clients/nms/mutants.ts';
import { UsageError } from '../config/usage-error.ts';
import type { Profile } from '../profiles/profile.ts';

export function clientMutantOf(
  profile: Profile,
  override: string | undefined,
): ClientMutant | undefined;
export function clientMutantOf(
  profile: Profile,
  override: string | undefined,
  binding: 'nms',
): NmsClientMutant | undefined;
export function clientMutantOf(
  profile: Profile,
  override: string | undefined,
  binding: 'imap' | 'nms' = 'imap',
): string | undefined {
  const name = override ?? profile.client?.mutant;
  if (name === undefined) return undefined;
  if (profile.client?.adapter !== 'reference')
    throw new UsageError(
      `profile ${profile.name}: client.mutant "${name}" needs adapter: reference (a mutant is a deviation of cpmct's reference client)`,
    );
  try {
    return binding === 'nms' ? nmsClientMutantByName(name) : clientMutantByName(name);
  } catch (error) {
    throw new UsageError(`profile ${profile.name}: ${(error as Error).message}`);
  }
}

/**
 * Run one observation against the unbroken reference server and against a mutant: the
 * reference must behave correctly and the mutant must show its deviation on the wire.
 */
import type { RunningImapServer } from '../../simulators/server/imap-server.ts';
import type { MessageStore } from '../../src/model/store.ts';
import { ALICE, RawClient, startSeeded } from './helpers.ts';

export type MutantObservation = (
  server: RunningImapServer,
  client: RawClient,
  broken: boolean,
) => Promise<void>;

export function observe(
  mutant: string,
  title: string,
  check: MutantObservation,
  user = ALICE,
): void {
  describe(mutant, () => {
    for (const broken of [false, true]) {
      it(`${broken ? 'mutant' : 'reference'}: ${title}`, async () => {
        const server = await startSeeded(broken ? { mutant } : {});
        const client = await RawClient.connect(server);
        try {
          await client.login(user);
          await check(server, client, broken);
        } finally {
          client.close();
          await server.stop();
        }
      });
    }
  });
}

export const alice = (server: RunningImapServer): MessageStore => server.stores.get('alice')!;

/** A second connection of alice, closed after `use`. */
export async function withSecondSession<T>(
  server: RunningImapServer,
  use: (client: RawClient) => Promise<T>,
): Promise<T> {
  const other = await RawClient.connect(server);
  try {
    await other.login();
    return await use(other);
  } finally {
    other.close();
  }
}

/**
 * `check` steps over IMAP: `imap-<name>` runs IMAP_CHECKS[name] against one user's account,
 * with seeded test objects dated from the run's virtual clock.
 */
import { IMAP_CHECKS } from '../bindings/imap/checks/index.ts';
import type { ImapEndpoint } from '../bindings/imap/client/index.ts';
import type { BindingCheckOutcome } from '../engine/ports.ts';
import { HarnessError } from '../engine/trouble.ts';
import { ObjectFactory } from '../fixtures/generate.ts';

export interface ImapCheckTarget {
  endpoint: ImapEndpoint;
  user: string;
  password: string;
  connectTimeoutMs: number;
  commandTimeoutMs: number;
  seed: number;
  /** The run's virtual clock start (ISO): test objects are dated before it. */
  clockStart: string;
}

export async function runImapBindingCheck(
  name: string,
  target: ImapCheckTarget,
): Promise<BindingCheckOutcome> {
  const check = name.startsWith('imap-') ? IMAP_CHECKS[name.slice(5)] : undefined;
  if (!check)
    throw new HarnessError(
      'E_CASE',
      `unknown check "${name}"; IMAP checks: ${Object.keys(IMAP_CHECKS)
        .map((n) => `imap-${n}`)
        .join(', ')}`,
    );
  const objects = new ObjectFactory(target.seed);
  const start = Date.parse(target.clockStart);
  const { seed: _seed, clockStart: _clockStart, ...rest } = target;
  return check({
    ...rest,
    makeObject: (n: number) => {
      const spec = objects.create({
        type: 'message',
        date: new Date(start - n * 60_000),
        flags: [],
      });
      return { key: spec.key, raw: spec.raw, date: spec.date };
    },
  });
}

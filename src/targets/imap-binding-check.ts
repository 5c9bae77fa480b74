/**
 * `check` steps over IMAP: `imap-<name>` runs IMAP_CHECKS[name] against one user's account,
 * with seeded test objects dated from the run's virtual clock.
 */
import { checkNamed, datedTestObjects } from './binding-check.ts';
import { IMAP_CHECKS } from '../bindings/imap/checks/index.ts';
import type { ImapEndpoint } from '../bindings/imap/client/index.ts';
import type { BindingCheckOutcome } from '../engine/ports.ts';

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
  const check = checkNamed(name, 'imap-', IMAP_CHECKS, 'IMAP');
  const { seed, clockStart, ...rest } = target;
  return check({ ...rest, makeObject: datedTestObjects(seed, clockStart) });
}

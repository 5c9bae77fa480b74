/**
 * The shape of an IMAP-level conformance check: what the harness hands it (one user's
 * account on the store under test, seeded test objects) and what it hands back (the same
 * outcome as every binding check).
 */
import type { BindingCheckOutcome } from '../../../engine/ports.ts';
import type { ImapEndpoint } from '../client/index.ts';

export interface ImapCheckContext {
  endpoint: ImapEndpoint;
  user: string;
  password: string;
  connectTimeoutMs: number;
  commandTimeoutMs: number;
  /** Transcript clock (ms); default Date.now. */
  now?: () => number;
  /** Seeded test objects (IMDN-Message-ID = key). */
  makeObject(n: number): { key: string; raw: Buffer; date: Date };
}

export type ImapCheck = (ctx: ImapCheckContext) => Promise<BindingCheckOutcome>;

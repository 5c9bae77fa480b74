/**
 * The IMAP-level conformance checks by name: harness-side probes of an IMAP store on rules
 * of the IMAP binding that no sync scenario shows on its own (mod-sequences, UIDPLUS codes).
 */
import { modseq } from './modseq.ts';
import type { ImapCheck } from './types.ts';
import { uidplus } from './uidplus.ts';

export type { ImapCheck, ImapCheckContext } from './types.ts';

export const IMAP_CHECKS: Record<string, ImapCheck> = { modseq, uidplus };

/**
 * The NMS-only conformance checks by name: harness-side probes of an NMS REST store on
 * rules that exist only in the NMS binding (paging cursors, lastModSeq, event indexes,
 * expiry vs deletion, resetBox, error bodies and box isolation, XML bodies).
 */
import { errorBodies } from './error-bodies.ts';
import { eventIndex } from './event-index.ts';
import { expiry } from './expiry.ts';
import { lastmodseq } from './lastmodseq.ts';
import { paging } from './paging.ts';
import { resetBox } from './reset-box.ts';
import type { NmsCheck } from './types.ts';
import { xml } from './xml.ts';

export type { NmsCheck, NmsCheckContext, NmsCheckControl, NmsCheckOutcome } from './types.ts';

/** The clause a finding of each check proves broken. */
export const NMS_CHECK_CLAUSES: Record<string, string> = {
  paging: 'SD-5.5.2.20-3b',
  lastmodseq: 'SD-5.5.2.20-3f',
  'event-index': 'SD-5.5.2.20-notify',
  expiry: 'SD-5.5.2.20-3c',
  'reset-box': 'SD-5.5.2.2',
  'error-bodies': 'SD-5.5.2.9',
  xml: 'SD-5.5.2.4',
};

export const NMS_CHECKS: Record<string, NmsCheck> = {
  paging,
  lastmodseq,
  'event-index': eventIndex,
  expiry,
  'reset-box': resetBox,
  'error-bodies': errorBodies,
  xml,
};

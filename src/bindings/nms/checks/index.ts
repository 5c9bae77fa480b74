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

export const NMS_CHECKS: Record<string, NmsCheck> = {
  paging,
  lastmodseq,
  'event-index': eventIndex,
  expiry,
  'reset-box': resetBox,
  'error-bodies': errorBodies,
  xml,
};

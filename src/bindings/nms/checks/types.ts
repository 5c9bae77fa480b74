/**
 * The shape of an NMS-only conformance check: what the harness hands it (one user's box,
 * optionally a second box and the embedded simulator's controls) and what it hands back.
 */
import type { Evidence } from '../../../engine/result.ts';

export interface NmsCheckControl {
  /**
   * Remove an object as server policy (an expiry, not a user deletion). `folder` is the
   * folder's NMS path without its leading `/` (the model folder name), `key` the
   * object's IMDN-Message-ID.
   */
  expireObject(folder: string, key: string): Promise<void>;
  /** Void every id of the box (a resetBox event). */
  resetBox(): Promise<void>;
}

export interface NmsCheckContext {
  /** Box root URL of the user under test, e.g. http://127.0.0.1:p/nms/v1/cpmct/alice */
  root: string;
  user: string;
  password: string;
  /** Another user's box (isolation/auth checks), when the profile has 2 users. */
  otherRoot?: string;
  /** Per request; also the bound for waiting for a notification unless notificationTimeoutMs is given. */
  timeoutMs: number;
  /** How long to wait for an event list before judging it absent (the profile's notificationTimeoutMs). */
  notificationTimeoutMs?: number;
  /** Embedded simulator only. */
  control?: NmsCheckControl;
  /** Seeded test objects (IMDN-Message-ID = key). */
  makeObject(n: number): { key: string; raw: Buffer; date: Date };
}

export interface NmsCheckOutcome {
  /** One line each; empty = the rule holds. */
  findings: string[];
  /** Per finding, a clause other than the check's own that it proves broken. */
  findingClauses?: Array<string | undefined>;
  /** What was measured, one line each. */
  notes: string[];
  /** Why the check could not be judged (e.g. no control, no 2nd user). */
  inapplicable?: string;
  /** The recorded http exchanges (kind 'http-exchanges'), plus callback traffic. */
  evidence: Evidence[];
}

export type NmsCheck = (ctx: NmsCheckContext) => Promise<NmsCheckOutcome>;

/** How long a check waits for an event list the store should post. */
export function notificationWaitMs(ctx: NmsCheckContext): number {
  return ctx.notificationTimeoutMs ?? ctx.timeoutMs;
}

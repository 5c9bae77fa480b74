/**
 * `check` steps over NMS: `nms-<name>` runs NMS_CHECKS[name] against one user's box,
 * with seeded test objects and, on the embedded simulator, its server controls.
 */
import { checkNamed, datedTestObjects } from './binding-check.ts';
import { NMS_CHECK_CLAUSES, NMS_CHECKS } from '../bindings/nms/checks/index.ts';
import type { NmsCheckControl } from '../bindings/nms/checks/types.ts';
import type { BindingCheckOutcome } from '../engine/ports.ts';

export type ServerControl = NmsCheckControl;

export interface NmsCheckTarget {
  root: string;
  user: string;
  password: string;
  otherRoot?: string | undefined;
  timeoutMs: number;
  /** How long to wait for an event list before judging it absent. */
  notificationTimeoutMs?: number;
  seed: number;
  /** The run's virtual clock start (ISO): test objects are dated before it. */
  clockStart: string;
  control?: ServerControl;
}

export async function runNmsCheck(
  name: string,
  target: NmsCheckTarget,
): Promise<BindingCheckOutcome> {
  const check = checkNamed(name, 'nms-', NMS_CHECKS, 'NMS');
  const { otherRoot, control, clockStart, ...rest } = target;
  const outcome = await check({
    ...rest,
    ...(otherRoot ? { otherRoot } : {}),
    ...(control ? { control } : {}),
    makeObject: datedTestObjects(target.seed, clockStart),
  });
  const clause = NMS_CHECK_CLAUSES[name.slice(4)];
  return clause ? { ...outcome, clause } : outcome;
}

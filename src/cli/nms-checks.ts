/**
 * `check` steps over NMS: `nms-<name>` runs NMS_CHECKS[name] against one user's box,
 * with seeded test objects and, on the embedded simulator, its server controls.
 */
import { NMS_CHECK_CLAUSES, NMS_CHECKS } from '../bindings/nms/checks/index.ts';
import type { NmsCheckControl } from '../bindings/nms/checks/types.ts';
import type { BindingCheckOutcome } from '../engine/ports.ts';
import { HarnessError } from '../engine/trouble.ts';
import { ObjectFactory } from '../fixtures/generate.ts';

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
  const check = name.startsWith('nms-') ? NMS_CHECKS[name.slice(4)] : undefined;
  if (!check)
    throw new HarnessError(
      'E_CASE',
      `unknown check "${name}"; NMS checks: ${Object.keys(NMS_CHECKS)
        .map((n) => `nms-${n}`)
        .join(', ')}`,
    );
  const objects = new ObjectFactory(target.seed);
  const start = Date.parse(target.clockStart);
  const { otherRoot, control, clockStart: _clockStart, ...rest } = target;
  const outcome = await check({
    ...rest,
    ...(otherRoot ? { otherRoot } : {}),
    ...(control ? { control } : {}),
    makeObject: (n: number) => {
      const spec = objects.create({
        type: 'message',
        date: new Date(start - n * 60_000),
        flags: [],
      });
      return { key: spec.key, raw: spec.raw, date: spec.date };
    },
  });
  const clause = NMS_CHECK_CLAUSES[name.slice(4)];
  return clause ? { ...outcome, clause } : outcome;
}

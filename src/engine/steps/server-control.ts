/**
 * `server-control`: in client conformance the harness plays the store, and a case can make it
 * do what only a store does (DriverFactory.storeControl). A resetBox voids every id but keeps
 * every object: in the oracle each folder is rebuilt, its content unchanged.
 */
import type { CaseContext } from '../context.ts';
import type { Step } from '../../scenario/types.ts';
import type { StoreControl } from '../ports.ts';
import { InconclusiveError } from '../trouble.ts';

export async function serverControl(
  ctx: CaseContext,
  step: Extract<Step, { do: 'server-control' }>,
): Promise<void> {
  const user = step.user ?? ctx.defaultUser;
  if (!ctx.factory.storeControl)
    throw new InconclusiveError(
      `server-control ${step.control}: the store under test is not the harness's own (client conformance over NMS only)`,
    );
  await ctx.factory.storeControl(user, controlOf(step));
  if (step.control === 'reset-box')
    for (const folder of ctx.oracle.storeView(user).folders)
      ctx.oracle.resetFolder(user, folder.name);
}

function controlOf(step: Extract<Step, { do: 'server-control' }>): StoreControl {
  switch (step.control) {
    case 'reset-box':
      return { kind: 'reset-box' };
    case 'expire-restart-tokens':
      return { kind: 'expire-restart-tokens' };
    case 'refuse-next':
      return { kind: 'refuse-next', status: step.status ?? 503, retryAfterS: step.retryAfter ?? 1 };
    case 'page-size':
      return { kind: 'page-size', size: step.size ?? 1 };
  }
}

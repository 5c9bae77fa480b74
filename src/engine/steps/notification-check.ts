/** `expect notified`: a device that listens must hear from the store (SD-5.5.2.20-notify). */
import type { CaseContext } from '../context.ts';

export async function notification(ctx: CaseContext, device: string): Promise<string[]> {
  const timeout = ctx.settings.notificationTimeoutMs;
  const arrived = await ctx.device(device).waitForNotification(timeout);
  return arrived ? [] : [`${device}: no notification from the store within ${timeout} ms`];
}

/**
 * `checkAdapter`: starts a tiny store (INBOX with two objects, one of them read, and a
 * conversation folder with one), starts the adapter, and sends it every request of the
 * protocol (steps.ts). Returns one line per request; never throws for what the adapter
 * does, and leaves nothing running.
 */
import { checkClose, checkHello, checkOptional, checkRequired } from './steps.ts';
import { CheckSession, type AdapterCheckOptions, type CheckLine } from './session.ts';

export type { AdapterCheckOptions, CheckLine } from './session.ts';

/** How long the adapter may take to exit after close (the protocol's 2 s). */
const CLOSE_GRACE_MS = 2_000;

export async function checkAdapter(
  options: AdapterCheckOptions,
  features: ReadonlySet<string> = new Set(),
): Promise<CheckLine[]> {
  const s = await CheckSession.open(options);
  let closed = false;
  try {
    await s.store.deliver('INBOX', s.object(0));
    await s.store.deliver('INBOX', s.object(10, ['\\Seen']));
    await s.store.createFolder('Conv1');
    await s.store.deliver('Conv1', s.object(20));
    const hello = await checkHello(s, new Set(features));
    if (hello) {
      await checkRequired(s);
      await checkOptional(s, new Set(hello.supports));
    }
    if (!s.alive) {
      s.skip('(the rest)', 'not sent: the adapter no longer answers');
      await s.close(0);
    } else await checkClose(s, CLOSE_GRACE_MS);
    closed = true;
  } finally {
    if (!closed) await s.close(0);
  }
  const stderr = s.lastStderr();
  if (s.lines.some((l) => l.status === 'fail') && stderr)
    s.lines.push({
      request: '(stderr)',
      status: 'skip',
      text: `the adapter's last stderr line: ${stderr}`,
    });
  return s.lines;
}

/**
 * `cpmct rejudge FILE.tar.gz [--key PUB]`: the bundle's cases judged again offline from its
 * recording; exit 0 when every verdict agrees, 1 when one differs, 2 on a bad bundle.
 */
import { BundleError } from '../recording/bundle-manifest.ts';
import { rejudgeBundle } from '../recording/rejudge.ts';
import { EXIT, UsageError } from './usage.ts';

export async function rejudgeCommand(
  values: Record<string, unknown>,
  positionals: string[],
): Promise<number> {
  if (positionals.length !== 1) throw new UsageError('rejudge needs one bundle FILE.tar.gz');
  try {
    const result = await rejudgeBundle(positionals[0]!, {
      keyFile: values.key as string | undefined,
      log: (line) => console.log(`cpmct: ${line}`),
    });
    for (const note of result.notes) console.log(`cpmct: rejudge: ${note}`);
    for (const c of result.disagree)
      console.log(
        `cpmct: rejudge: ${c.key}: bundle ${c.bundled}, replay ${c.replayed}: ${c.reason}`,
      );
    for (const c of result.notRejudged)
      console.log(`cpmct: rejudge: ${c.key}: not re-judged (${c.reason})`);
    console.log(
      `cpmct: rejudge: ${result.agree.length} verdicts agree, ${result.disagree.length} disagree, ${result.notRejudged.length} not re-judged${result.signer ? `; signed by Ed25519 key SHA-256 ${result.signer}` : ''}`,
    );
    return result.disagree.length ? EXIT.failures : EXIT.ok;
  } catch (error) {
    if (!(error instanceof BundleError)) throw error;
    console.error(`cpmct: rejudge: ${error.message}`);
    return EXIT.usage;
  }
}

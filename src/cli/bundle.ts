/** `cpmct bundle RUN_DIR --out FILE.tar.gz [--sign KEY]`: a run as a certification bundle. */
import { BundleError } from '../recording/bundle-manifest.ts';
import { writeBundle } from '../recording/bundle-write.ts';
import { EXIT, UsageError } from './usage.ts';

export async function bundleCommand(
  values: Record<string, unknown>,
  positionals: string[],
): Promise<number> {
  const out = values.out as string | undefined;
  if (positionals.length !== 1 || !out)
    throw new UsageError("bundle needs one RUN_DIR (a run's --out folder) and --out FILE.tar.gz");
  try {
    const sign = values.sign as string | undefined;
    const written = await writeBundle(positionals[0]!, out, sign ? { signKeyFile: sign } : {});
    console.log(
      `cpmct: bundle: ${written.files} files in ${written.file}${written.signed ? ', manifest signed (Ed25519)' : ''}`,
    );
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof BundleError)) throw error;
    console.error(`cpmct: bundle: ${error.message}`);
    return EXIT.usage;
  }
}

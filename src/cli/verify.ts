/** `cpmct verify FILE.tar.gz [--key PUB]`: hashes, completeness and signature of a bundle. */
import { BundleError } from '../recording/bundle-manifest.ts';
import { verifyBundle } from '../recording/bundle-read.ts';
import { EXIT, UsageError } from './usage.ts';

export async function verifyCommand(
  values: Record<string, unknown>,
  positionals: string[],
): Promise<number> {
  if (positionals.length !== 1) throw new UsageError('verify needs one bundle FILE.tar.gz');
  try {
    const bundle = await verifyBundle(positionals[0]!, values.key as string | undefined);
    const count = Object.keys(bundle.manifest.files).length;
    const signed = bundle.signer
      ? `signature valid (Ed25519 key SHA-256 ${bundle.signer})`
      : 'not signed';
    console.log(`cpmct: verify: ${positionals[0]}: ${count} files, every hash matches; ${signed}`);
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof BundleError)) throw error;
    console.error(`cpmct: verify: ${error.message}`);
    return EXIT.usage;
  }
}

/**
 * A certification bundle's manifest: the SHA-256 hash of every file it holds, and an optional
 * Ed25519 signature over the manifest's exact bytes (node:crypto), kept beside it.
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { sha256 } from './run-inputs.ts';

export const BUNDLE_FORMAT = 'cpmct-bundle/1';
export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.sig.json';

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  tool: { name: string; version: string };
  createdAt: string;
  /** The run's inputs (`run/run-inputs.json`) and, when recorded, the store's exchanges. */
  runInputs: string;
  recording?: string;
  /** Every other file of the bundle, by path, with its SHA-256 (hex). */
  files: Record<string, string>;
}

export interface BundleSignature {
  algorithm: 'Ed25519';
  /** The signer's public key (SPKI PEM), so a bundle can be checked without a key at hand. */
  publicKey: string;
  /** Base64 signature over the bytes of manifest.json. */
  signature: string;
}

/** One readable line for a bundle that cannot be trusted or read (exit 2). */
export class BundleError extends Error {
  override readonly name = 'BundleError';
}

export function manifestFor(
  files: Map<string, Buffer>,
  header: Omit<BundleManifest, 'format' | 'files'>,
): BundleManifest {
  const hashes: Record<string, string> = {};
  for (const name of [...files.keys()].sort()) hashes[name] = sha256(files.get(name)!);
  return { format: BUNDLE_FORMAT, ...header, files: hashes };
}

export function signManifest(
  manifest: Buffer,
  privateKeyPem: string,
  keyFile: string,
): BundleSignature {
  const key = readKey(() => createPrivateKey(privateKeyPem), keyFile, 'private');
  return {
    algorithm: 'Ed25519',
    publicKey: createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString(),
    signature: sign(null, manifest, key).toString('base64'),
  };
}

/**
 * Checks the signature with the given public key (PEM), else with the key the bundle names.
 * Returns the SHA-256 fingerprint of the key that verified it.
 */
export function checkSignature(
  manifest: Buffer,
  signature: BundleSignature,
  publicKeyPem?: { pem: string; file: string },
): string {
  const key = publicKeyPem
    ? readKey(() => createPublicKey(publicKeyPem.pem), publicKeyPem.file, 'public')
    : readKey(() => createPublicKey(signature.publicKey), SIGNATURE_FILE, 'public');
  const bytes = Buffer.from(signature.signature ?? '', 'base64');
  let valid: boolean;
  try {
    valid = signature.algorithm === 'Ed25519' && verify(null, manifest, key, bytes);
  } catch {
    valid = false;
  }
  if (!valid)
    throw new BundleError(
      publicKeyPem
        ? `the signature does not verify with ${publicKeyPem.file} (another key, or the manifest was changed)`
        : 'the signature does not verify with the key the bundle names (the manifest was changed)',
    );
  return fingerprint(key);
}

export function fingerprint(key: KeyObject): string {
  return sha256(key.export({ type: 'spki', format: 'der' }));
}

function readKey(make: () => KeyObject, file: string, kind: 'private' | 'public'): KeyObject {
  let key: KeyObject;
  try {
    key = make();
  } catch (error) {
    throw new BundleError(
      `${file}: not a PEM ${kind} key (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new BundleError(`${file}: an ${key.asymmetricKeyType ?? 'unknown'} key, not Ed25519`);
  return key;
}

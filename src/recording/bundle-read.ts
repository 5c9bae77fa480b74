/**
 * `cpmct verify FILE.tar.gz [--key PUB]`: the bundle reads to its end, every file the manifest
 * names is there with its hash, no file is there that it does not name, and the signature
 * verifies (with the given public key, else with the one the bundle names). Any problem is
 * one readable line (a BundleError).
 */
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { t as listTar, type ReadEntry } from 'tar';
import {
  BUNDLE_FORMAT,
  BundleError,
  checkSignature,
  MANIFEST_FILE,
  SIGNATURE_FILE,
  type BundleManifest,
  type BundleSignature,
} from './bundle-manifest.ts';
import { sha256 } from './run-inputs.ts';

export interface VerifiedBundle {
  manifest: BundleManifest;
  files: Map<string, Buffer>;
  /** SHA-256 fingerprint of the key that verified the signature; undefined: not signed. */
  signer?: string;
}

/** Every regular file of the bundle, in memory (bundles hold reports and text recordings). */
export async function readBundle(file: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const problems: string[] = [];
  const pending: Array<Promise<void>> = [];
  const onReadEntry = (entry: ReadEntry) => {
    const name = posix.normalize(entry.path).replace(/^\.\//, '');
    if (entry.type === 'Directory') return void entry.resume();
    if (entry.type !== 'File' || name.startsWith('..') || posix.isAbsolute(name)) {
      problems.push(`${entry.path}: not a plain file inside the bundle (${entry.type})`);
      return void entry.resume();
    }
    const chunks: Buffer[] = [];
    pending.push(
      new Promise((done) => {
        entry.on('data', (chunk: Buffer) => chunks.push(chunk));
        entry.on('end', () => {
          if (files.has(name)) problems.push(`${name}: twice in the bundle`);
          files.set(name, Buffer.concat(chunks));
          done();
        });
      }),
    );
  };
  try {
    await listTar({ file, strict: true, onReadEntry });
    await Promise.all(pending);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new BundleError(`${file}: no such file`);
    throw new BundleError(
      `${file}: truncated or not a gzipped tar (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (problems.length) throw new BundleError(`${file}: ${problems[0]}`);
  if (files.size === 0) throw new BundleError(`${file}: truncated or empty (no file in it)`);
  return files;
}

export async function verifyBundle(file: string, publicKeyFile?: string): Promise<VerifiedBundle> {
  const publicKey = publicKeyFile
    ? { pem: readText(publicKeyFile), file: publicKeyFile }
    : undefined;
  const files = await readBundle(file);
  const manifestBytes = files.get(MANIFEST_FILE);
  if (!manifestBytes) throw new BundleError(`${file}: no ${MANIFEST_FILE} (not a cpmct bundle)`);
  const manifest = parseJson<BundleManifest>(manifestBytes, MANIFEST_FILE);
  if (manifest.format !== BUNDLE_FORMAT || typeof manifest.files !== 'object')
    throw new BundleError(`${file}: ${MANIFEST_FILE} is not format ${BUNDLE_FORMAT}`);
  const signatureBytes = files.get(SIGNATURE_FILE);
  let signer: string | undefined;
  if (signatureBytes) {
    const signature = parseJson<BundleSignature>(signatureBytes, SIGNATURE_FILE);
    signer = checkSignature(manifestBytes, signature, publicKey);
  } else if (publicKey) {
    throw new BundleError(`${file}: not signed, so it cannot be checked with ${publicKey.file}`);
  }
  for (const [name, hash] of Object.entries(manifest.files)) {
    const bytes = files.get(name);
    if (!bytes) throw new BundleError(`${name}: missing from the bundle (the manifest lists it)`);
    if (sha256(bytes) !== hash)
      throw new BundleError(`${name}: SHA-256 differs from the manifest (the file was changed)`);
  }
  const extra = [...files.keys()].filter(
    (name) => name !== MANIFEST_FILE && name !== SIGNATURE_FILE && !(name in manifest.files),
  );
  if (extra.length)
    throw new BundleError(`${extra[0]}: in the bundle but not in the manifest (an added file)`);
  return { manifest, files, ...(signer ? { signer } : {}) };
}

function parseJson<T>(bytes: Buffer, name: string): T {
  try {
    return JSON.parse(bytes.toString('utf8')) as T;
  } catch {
    throw new BundleError(`${name}: not JSON`);
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new BundleError(
      `${file}: cannot read the key (${(error as NodeJS.ErrnoException).code})`,
    );
  }
}

/**
 * `cpmct bundle RUN_DIR --out FILE.tar.gz`: a run's reports and evidence, its inputs (profiles
 * without secrets, seed, variants, suite files and clause registry) and its recording, with a
 * manifest of SHA-256 hashes, optionally signed, as one gzipped tar (the `tar` package).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { c as createTar } from 'tar';
import {
  BundleError,
  manifestFor,
  MANIFEST_FILE,
  signManifest,
  SIGNATURE_FILE,
} from './bundle-manifest.ts';
import {
  RUN_INPUTS_FILE,
  RUN_INPUTS_FORMAT,
  sha256,
  type HashedFile,
  type RunInputs,
} from './run-inputs.ts';

export interface BundleOptions {
  /** A PEM Ed25519 private key: sign the manifest. */
  signKeyFile?: string;
}

export interface WrittenBundle {
  file: string;
  files: number;
  signed: boolean;
}

export async function writeBundle(
  runDir: string,
  out: string,
  options: BundleOptions = {},
): Promise<WrittenBundle> {
  const files = collect(runDir);
  const inputs = files.get(`run/${RUN_INPUTS_FILE}`);
  if (!inputs)
    throw new BundleError(
      `${runDir}: no ${RUN_INPUTS_FILE} (not the --out folder of a cpmct run of this version)`,
    );
  const run = parseInputs(inputs, join(runDir, RUN_INPUTS_FILE));
  for (const input of [...run.suites.files, run.clauses])
    files.set(`inputs/${input.name}`, unchanged(input));
  if (run.recording) files.set('inputs/recording.json', unchanged(run.recording));
  const manifest = manifestFor(files, {
    tool: run.tool,
    createdAt: new Date().toISOString(),
    runInputs: `run/${RUN_INPUTS_FILE}`,
    ...(run.recording ? { recording: 'inputs/recording.json' } : {}),
  });
  const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 1) + '\n');
  files.set(MANIFEST_FILE, manifestBytes);
  if (options.signKeyFile) {
    const pem = readKeyFile(options.signKeyFile);
    const signature = signManifest(manifestBytes, pem, options.signKeyFile);
    files.set(SIGNATURE_FILE, Buffer.from(JSON.stringify(signature, null, 1) + '\n'));
  }
  await packFiles(files, resolve(out));
  return { file: resolve(out), files: files.size, signed: Boolean(options.signKeyFile) };
}

/** Every file of the run's folder, as `run/<path>` (temporary files of atomic writes left out). */
function collect(runDir: string): Map<string, Buffer> {
  const root = resolve(runDir);
  if (!existsSync(root) || !statSync(root).isDirectory())
    throw new BundleError(`${runDir}: not a folder (give the --out folder of a cpmct run)`);
  const files = new Map<string, Buffer>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && !entry.name.endsWith('.tmp'))
        files.set(`run/${relative(root, path).split('\\').join('/')}`, readFileSync(path));
    }
  };
  walk(root);
  return files;
}

function parseInputs(bytes: Buffer, file: string): RunInputs {
  let inputs: Partial<RunInputs>;
  try {
    inputs = JSON.parse(bytes.toString('utf8')) as Partial<RunInputs>;
  } catch {
    throw new BundleError(`${file}: not JSON`);
  }
  if (inputs.format !== RUN_INPUTS_FORMAT || !inputs.suites || !inputs.clauses)
    throw new BundleError(`${file}: not a cpmct run-inputs file (format ${RUN_INPUTS_FORMAT})`);
  return inputs as RunInputs;
}

/** The file the run read, checked against the hash the run recorded. */
function unchanged(input: HashedFile): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(input.path);
  } catch {
    throw new BundleError(`${input.path}: the run read this file and it is gone`);
  }
  if (sha256(bytes) !== input.sha256)
    throw new BundleError(`${input.path}: changed since the run (its SHA-256 differs)`);
  return bytes;
}

function readKeyFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new BundleError(
      `${file}: cannot read the key (${(error as NodeJS.ErrnoException).code})`,
    );
  }
}

/** Writes the files to a staging folder, then one gzipped tar of them in sorted order. */
export async function packFiles(files: Map<string, Buffer>, out: string): Promise<void> {
  const staging = mkdtempSync(join(tmpdir(), 'cpmct-bundle-'));
  try {
    const names = [...files.keys()].sort();
    for (const name of names) {
      const path = join(staging, name);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, files.get(name)!);
    }
    await mkdir(dirname(out), { recursive: true });
    await createTar({ gzip: true, file: out, cwd: staging, portable: true }, names);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * What a run writes beside its reports so that `cpmct bundle` can certify it later
 * (`run-inputs.json`): the profiles as ICS and IXIT with every secret removed, the seed, the
 * variants and case selection, the cpmct version, the suite files and clause registry with
 * their SHA-256 hashes, and the recording of the store's exchanges when there is one.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { RunResult } from '../engine/result.ts';
import type { Profile } from '../profiles/profile.ts';
import { writeFileAtomic } from '../reporting/atomic-write.ts';

export const RUN_INPUTS_FILE = 'run-inputs.json';
export const RUN_INPUTS_FORMAT = 'cpmct-run-inputs/1';

/** A file the run read, by absolute path, with the name it gets inside a bundle. */
export interface HashedFile {
  path: string;
  /** Its path inside a bundle's `inputs/` folder. */
  name: string;
  sha256: string;
}

/** A profile as ICS (declared features) and IXIT (endpoint, timings, users), no secrets. */
export interface PublicProfile {
  name: string;
  description?: string;
  role: Profile['role'];
  binding: Profile['binding'];
  iut: Profile['iut'];
  endpoint: { host: string; port?: number; tls?: string };
  /** The users by name and the environment variable of their password; never a password. */
  users: Array<{ name: string; passwordEnv: string }>;
  features: Profile['features'];
  timing: Profile['timing'];
  waivers: Profile['waivers'];
  store: Profile['store'];
  imap: Profile['imap'];
  nms: Profile['nms'];
  /** The IUT was started by the profile's `launch` command (not kept: it may hold secrets). */
  launched?: boolean;
  client?: { adapter: string };
}

export interface RunInputs {
  format: typeof RUN_INPUTS_FORMAT;
  tool: { name: string; version: string };
  seed: number;
  strict: boolean;
  /** The reading of the clauses the run judged by (`--clause-set`). */
  clauseSet?: string;
  /** `--variants`, when given (else every variant the store allowed). */
  variants?: string[];
  /** `--only`, as given (empty: every case). */
  only: string[];
  profiles: PublicProfile[];
  /** The suite files (cases) and their combined hash (SHA-256 of the sorted `hash  name` lines). */
  suites: { sha256: string; files: HashedFile[] };
  clauses: HashedFile;
  /** `--record FILE`: the store's exchanges, for re-judging offline. */
  recording?: HashedFile & { binding: Profile['binding'] };
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function hashFile(path: string, name: string): HashedFile {
  return { path: resolve(path), name, sha256: sha256(readFileSync(path)) };
}

/** The profile with its secrets removed: passwords, launch command and environment, adapter env. */
function publicProfile(profile: Profile): PublicProfile {
  const { tls } = profile.endpoint;
  return {
    name: profile.name,
    ...(profile.description !== undefined ? { description: profile.description } : {}),
    role: profile.role,
    binding: profile.binding,
    iut: profile.iut,
    endpoint: {
      host: profile.endpoint.host,
      ...(profile.endpoint.port !== undefined ? { port: profile.endpoint.port } : {}),
      ...(tls ? { tls: tls.mode } : {}),
    },
    users: profile.users.map((u) => ({ name: u.name, passwordEnv: u.passwordEnv })),
    features: profile.features,
    timing: profile.timing,
    waivers: profile.waivers,
    store: profile.store,
    imap: profile.imap,
    nms: profile.nms,
    ...(profile.launch ? { launched: true } : {}),
    ...(profile.client ? { client: { adapter: profile.client.adapter } } : {}),
  };
}

/** Every case file under the suite folders (YAML), hashed, named `suites/<folder>/<path>`. */
function hashSuites(dirs: string[]): RunInputs['suites'] {
  const files: HashedFile[] = [];
  dirs.forEach((dir, index) => {
    const root = resolve(dir);
    const top = statSync(root).isDirectory() ? root : resolve(root, '..');
    const label = `${index}-${top.split(/[\\/]/).pop() ?? 'suites'}`;
    for (const file of yamlFiles(root))
      files.push(hashFile(file, `suites/${label}/${relative(top, file).split('\\').join('/')}`));
  });
  files.sort((a, b) => a.name.localeCompare(b.name));
  return { sha256: sha256(files.map((f) => `${f.sha256}  ${f.name}\n`).join('')), files };
}

function yamlFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return /\.ya?ml$/.test(path) ? [path] : [];
  return readdirSync(path, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.'))
    .flatMap((e) => yamlFiles(join(path, e.name)));
}

/** The inputs of a finished run, from its result and the command line. */
export function runInputsOf(
  run: RunResult,
  given: {
    variants?: string[] | undefined;
    only: string[];
    profiles: Profile[];
    suites: string[];
    clausesFile: string;
    recordFile?: string | undefined;
  },
): RunInputs {
  const recording = given.recordFile && given.profiles.length === 1 ? given.profiles[0] : undefined;
  return {
    format: RUN_INPUTS_FORMAT,
    tool: run.tool,
    seed: run.seed,
    strict: Boolean(run.strict),
    ...(run.clauseSet ? { clauseSet: run.clauseSet } : {}),
    ...(given.variants ? { variants: given.variants } : {}),
    only: given.only,
    profiles: given.profiles.map(publicProfile),
    suites: hashSuites(given.suites),
    clauses: hashFile(given.clausesFile, 'clauses.yaml'),
    ...(recording && given.recordFile
      ? {
          recording: {
            ...hashFile(given.recordFile, 'recording.json'),
            binding: recording.binding,
          },
        }
      : {}),
  };
}

export async function writeRunInputs(out: string, inputs: RunInputs): Promise<string> {
  const file = join(out, RUN_INPUTS_FILE);
  await writeFileAtomic(file, JSON.stringify(inputs, null, 1) + '\n');
  return file;
}

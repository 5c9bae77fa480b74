/**
 * Profiles: one YAML file per implementation under test (schema/profile.schema.json).
 *
 * Decisions:
 * - Secrets are never in the file: each user names an environment variable
 *   (`passwordEnv`). `passwordDefault` exists only for throwaway IUTs that cpmct creates
 *   itself (its own Dovecot, the embedded simulator), so that `cpmct run` works with no
 *   setup; the variable, when set, always wins.
 * - Relative paths (`launch.cwd`, `launch.port.fromFile`, a `launch.command[0]` with a
 *   slash) are relative to the profile file's directory: `launch.cwd` is resolved
 *   against it (default: that directory) and the rest against the resulting cwd. A
 *   profile thus works wherever it is kept, next to the scripts it runs.
 * - An undeclared feature counts as absent (`false`).
 * - Any value may come from the environment: `${VAR}` or `${VAR:-default}` (config/
 *   env-interpolation.ts); an unset variable is a problem at its line:col.
 * - TLS (`endpoint.tls`): certificates are verified by default except on loopback hosts;
 *   `caFile` is read when the profile loads, so a missing file is a problem at its line.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isLoopbackHost, type TlsSettings } from '../bindings/tls.ts';
import { SCHEMA_DIR } from '../config/paths.ts';
import {
  ConfigError,
  loadValidated,
  type CheckContext,
  type Problem,
  type Validated,
} from '../config/validate.ts';

export { ConfigError } from '../config/validate.ts';

/** Absolute path of the profile JSON Schema. */
export const PROFILE_SCHEMA_FILE = join(SCHEMA_DIR, 'profile.schema.json');

/** The profile JSON Schema (draft-07). */
export const profileSchema: Record<string, unknown> = JSON.parse(
  readFileSync(PROFILE_SCHEMA_FILE, 'utf8'),
) as Record<string, unknown>;

export type Role = 'server' | 'client';
export type Binding = 'imap' | 'nms';

/** Optional features an IUT may declare (the ICS), as named in profiles. */
export const FEATURES = [
  'notifications',
  'qresync',
  'condstore',
  'metadata-only',
  'copy-linkage',
  'filters',
  'metadata',
  'objectid',
  'copy',
  'listens',
  'filter-date',
  'filter-type',
  'periodic',
  'content-on-demand',
  'server-control',
] as const;
export type Feature = (typeof FEATURES)[number];

export interface ProfileUser {
  name: string;
  passwordEnv: string;
  passwordDefault?: string;
}

export interface Timing {
  notificationTimeoutMs: number;
  commandTimeoutMs: number;
  connectTimeoutMs: number;
}

export const DEFAULT_TIMING: Readonly<Timing> = {
  notificationTimeoutMs: 5000,
  commandTimeoutMs: 10000,
  connectTimeoutMs: 5000,
};

export interface Waiver {
  case: string;
  reason: string;
  /** Last day the waiver applies, YYYY-MM-DD (inclusive, UTC). */
  expires: string;
}

export type PortSource = { fromStdout: string } | { fromFile: string };

export interface LaunchSpec {
  command: string[];
  cwd?: string;
  env?: Record<string, string>;
  port: PortSource;
  readyTimeoutMs?: number;
  stop?: { signal?: 'SIGTERM' | 'SIGINT' | 'SIGKILL'; timeoutMs?: number };
}

/** A profile exactly as written in the YAML file (after schema validation). */
export interface ProfileDoc {
  name: string;
  description?: string;
  role: Role;
  binding: Binding;
  iut: { name: string; version?: string; embedded?: boolean; behaviours?: string[] };
  endpoint?: {
    host?: string;
    port?: number;
    tls?: TlsSettings['mode'];
    tlsVerify?: boolean;
    caFile?: string;
    servername?: string;
  };
  users: ProfileUser[];
  features?: Partial<Record<Feature, boolean>>;
  timing?: Partial<Timing>;
  waivers?: Waiver[];
  launch?: LaunchSpec;
  store?: StoreSettings;
  imap?: { compress?: boolean };
  nms?: NmsSettings;
  client?: ClientSpec;
}

/** Server role: how the store is prepared before each case. */
export interface StoreSettings {
  /** Folders the store keeps: emptied, never deleted (names, or prefixes ending in `*`). */
  keepFolders?: string[];
}

/** Where an NMS store puts its boxes: `{origin}{basePath}/{storeName}/{user}`. */
export interface NmsSettings {
  basePath: string;
  storeName: string;
  /** maxEntries of the devices' searches (paging). */
  pageSize: number;
  /**
   * How the devices learn changes: `strict`, from subscription events since their last
   * restart token (then the listing); `simplified`, from CreatedObjects, VanishedObjects
   * and flag searches plus the listing, as for periodic runs.
   */
  sync: 'strict' | 'simplified';
}

export const DEFAULT_NMS: Readonly<NmsSettings> = {
  basePath: '/nms/v1',
  storeName: 'cpmct',
  pageSize: 100,
  sync: 'strict',
};

/** Client conformance: how the harness drives the client under test (the upper tester). */
export interface ClientSpec {
  adapter: 'reference' | 'mbsync' | 'command';
  command?: string[];
  /** adapter: command: extra environment variables for the adapter process. */
  env?: Record<string, string>;
  mutant?: string;
}

/** A loaded profile with every default filled in. */
export interface Profile {
  /** The file it was loaded from (absolute) and its directory (base of relative paths). */
  file: string;
  dir: string;
  name: string;
  description?: string;
  role: Role;
  binding: Binding;
  iut: { name: string; version?: string; embedded: boolean; behaviours?: string[] };
  /**
   * host defaults to 127.0.0.1; port is absent when launch or the embedded simulator gives
   * it; tls is absent when the profile does not say (IMAP: STARTTLS if offered, unverified).
   */
  endpoint: { host: string; port?: number; tls?: TlsSettings };
  users: ProfileUser[];
  features: Record<Feature, boolean>;
  timing: Timing;
  waivers: Waiver[];
  launch?: LaunchSpec;
  store: { keepFolders: string[] };
  imap: { compress: boolean };
  nms: NmsSettings;
  client?: ClientSpec;
}

/** Number of capture groups in a regular expression source. */
export function captureGroups(source: string): number {
  return (new RegExp(`${source}|`).exec('')?.length ?? 1) - 1;
}

function semanticChecks(doc: ProfileDoc, ctx: CheckContext): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  doc.users.forEach((u, i) => {
    const first = seen.get(u.name);
    if (first !== undefined) {
      problems.push(ctx.problem(`/users/${i}/name`, `duplicate user (also users[${first}])`));
    } else seen.set(u.name, i);
  });
  const port = doc.launch?.port;
  if (port && 'fromStdout' in port && captureGroups(port.fromStdout) < 1) {
    problems.push(
      ctx.problem(
        '/launch/port/fromStdout',
        'must contain a capture group for the port, e.g. PORT=(\\d+)',
      ),
    );
  }
  if (doc.iut.behaviours?.length && !doc.iut.embedded) {
    problems.push(ctx.problem('/iut/behaviours', 'only with iut.embedded: true', 'key'));
  }
  if (doc.iut.embedded && doc.launch) {
    problems.push(ctx.problem('/launch', 'not allowed with iut.embedded: true', 'key'));
  }
  const needsPort = doc.role === 'server' && !doc.iut.embedded && !doc.launch;
  if (needsPort && doc.endpoint?.port === undefined) {
    problems.push(
      ctx.problem(
        doc.endpoint ? '/endpoint' : '',
        'endpoint.port is required unless launch provides it or iut.embedded is true',
      ),
    );
  }
  if (doc.role === 'client' && !doc.client) {
    problems.push(
      ctx.problem(
        '/role',
        'role: client needs a client section naming the adapter (reference, mbsync, command)',
      ),
    );
  }
  if (doc.role === 'server' && doc.client) {
    problems.push(ctx.problem('/client', 'a client section only applies to role: client', 'key'));
  }
  problems.push(...tlsChecks(doc, ctx));
  if (doc.client?.adapter === 'command' && !doc.client.command) {
    problems.push(
      ctx.problem('/client', 'adapter: command needs client.command (the argv to start)'),
    );
  }
  return problems;
}

const TLS_MODES: Record<Binding, readonly string[]> = {
  imap: ['none', 'starttls', 'implicit'],
  nms: ['none', 'https'],
};

function tlsChecks(doc: ProfileDoc, ctx: CheckContext): Problem[] {
  const problems: Problem[] = [];
  const e = doc.endpoint;
  if (!e) return problems;
  const modes = TLS_MODES[doc.binding];
  if (e.tls !== undefined && !modes.includes(e.tls)) {
    problems.push(
      ctx.problem(
        '/endpoint/tls',
        `${e.tls} is not a ${doc.binding} transport; valid: ${modes.join(', ')}`,
      ),
    );
  }
  const plain = e.tls === undefined || e.tls === 'none';
  if (!plain && (doc.iut.embedded || doc.role === 'client')) {
    problems.push(
      ctx.problem(
        '/endpoint/tls',
        "cpmct's own store speaks plain TCP: TLS applies to a store under test (role: server, not embedded)",
      ),
    );
  }
  for (const key of ['tlsVerify', 'caFile', 'servername'] as const) {
    if (plain && e[key] !== undefined)
      problems.push(
        ctx.problem(
          `/endpoint/${key}`,
          `needs endpoint.tls (${modes.slice(1).join(' or ')})`,
          'key',
        ),
      );
  }
  if (e.caFile !== undefined && !existsSync(resolve(dirname(resolve(ctx.file)), e.caFile))) {
    problems.push(ctx.problem('/endpoint/caFile', `file not found: ${e.caFile}`));
  }
  return problems;
}

/** Validates a profile file; every problem carries file:line:col. Never throws. */
export function validateProfile(
  file: string,
  env: NodeJS.ProcessEnv = process.env,
): Validated<ProfileDoc> {
  return loadValidated<ProfileDoc>(file, profileSchema, { extraChecks: semanticChecks, env });
}

/** The TLS settings of a validated profile, with the CA file read and the defaults applied. */
function tlsOf(doc: ProfileDoc, dir: string, host: string): TlsSettings | undefined {
  const e = doc.endpoint;
  if (e?.tls === undefined) return undefined;
  const settings: TlsSettings = { mode: e.tls, verify: e.tlsVerify ?? !isLoopbackHost(host) };
  if (e.caFile !== undefined) {
    settings.caFile = resolve(dir, e.caFile);
    settings.ca = readFileSync(settings.caFile, 'utf8');
  }
  if (e.servername !== undefined) settings.servername = e.servername;
  return settings;
}

/** Fills in the defaults of a validated profile document. */
export function resolveProfile(doc: ProfileDoc, file: string): Profile {
  const abs = resolve(file);
  const features = Object.fromEntries(
    FEATURES.map((f) => [f, doc.features?.[f] ?? false]),
  ) as Record<Feature, boolean>;
  const profile: Profile = {
    file: abs,
    dir: dirname(abs),
    name: doc.name,
    role: doc.role,
    binding: doc.binding,
    iut: { ...doc.iut, embedded: doc.iut.embedded ?? false },
    endpoint: { host: doc.endpoint?.host ?? '127.0.0.1' },
    users: doc.users,
    features,
    timing: { ...DEFAULT_TIMING, ...doc.timing },
    waivers: doc.waivers ?? [],
    store: { keepFolders: doc.store?.keepFolders ?? [] },
    imap: { compress: doc.imap?.compress ?? false },
    nms: { ...DEFAULT_NMS, ...doc.nms },
  };
  if (doc.description !== undefined) profile.description = doc.description;
  if (doc.endpoint?.port !== undefined) profile.endpoint.port = doc.endpoint.port;
  const tls = tlsOf(doc, profile.dir, profile.endpoint.host);
  if (tls) profile.endpoint.tls = tls;
  if (doc.launch) profile.launch = doc.launch;
  if (doc.client) {
    const command = doc.client.command?.map((arg, i) =>
      i === 0 && arg.includes('/') ? resolve(profile.dir, arg) : arg,
    );
    profile.client = { ...doc.client, ...(command ? { command } : {}) };
  }
  return profile;
}

/** Loads a profile, or throws a ConfigError whose message is one line per problem. */
/** The optional features a profile declares present (its ICS), by name. */
export function declaredFeatures(profile: Pick<Profile, 'features'>): Set<string> {
  return new Set(
    Object.entries(profile.features)
      .filter(([, on]) => on)
      .map(([name]) => name),
  );
}

export function loadProfile(file: string): Profile {
  const v = validateProfile(file);
  if (!v.value) throw new ConfigError(v.problems);
  return resolveProfile(v.value, file);
}

/** A user's password: the environment variable, else passwordDefault; ConfigError if neither. */
export function resolvePassword(
  profile: Pick<Profile, 'file' | 'users'>,
  userName: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const user = profile.users.find((u) => u.name === userName);
  const problem = (message: string): ConfigError =>
    new ConfigError([{ file: profile.file, line: 0, col: 0, message }]);
  if (!user) throw problem(`no user "${userName}" in the profile`);
  const value = env[user.passwordEnv] ?? user.passwordDefault;
  if (value === undefined) {
    throw problem(
      `user "${user.name}": environment variable ${user.passwordEnv} is not set (and no passwordDefault)`,
    );
  }
  return value;
}

/** The waiver for a case that still applies on `today` (UTC date), if any. */
export function activeWaiver(
  profile: Pick<Profile, 'waivers'>,
  caseId: string,
  today: Date,
): Waiver | undefined {
  const day = today.toISOString().slice(0, 10);
  return profile.waivers.find((w) => w.case === caseId && w.expires >= day);
}

/** Waivers whose expiry date has passed on `today` (to be reported, not applied). */
export function expiredWaivers(profile: Pick<Profile, 'waivers'>, today: Date): Waiver[] {
  const day = today.toISOString().slice(0, 10);
  return profile.waivers.filter((w) => w.expires < day);
}

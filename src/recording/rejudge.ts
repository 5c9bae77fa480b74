/**
 * `cpmct rejudge FILE.tar.gz`: the bundle is verified, then its cases are run again offline,
 * from its own suite files, clause registry, profile (ICS and IXIT), seed and variants, with the
 * store answered from its recording (IMAP or NMS). Each case's verdict is set beside the one in
 * the bundle's report. A case that needs what no recording can replay (the store's own
 * notifications, an NMS binding check) is listed as not re-judged, not as a disagreement.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  findClauseSet,
  LATEST_CLAUSE_SET,
  readCases,
  readRegistry,
} from '../clauses/clause-sets.ts';
import { loadClauses } from '../clauses/registry.ts';
import semver from 'semver';
import { toolVersion } from '../config/tool-version.ts';
import { formatProblems } from '../config/validate.ts';
import type { CaseResult, RunResult, Verdict } from '../engine/result.ts';
import type { Profile } from '../profiles/profile.ts';
import { selectCases } from '../runner/execute.ts';
import { loadSuites } from '../scenario/load.ts';
import { runProfiles } from '../targets/run-profiles.ts';
import { BundleError } from './bundle-manifest.ts';
import { verifyBundle, type VerifiedBundle } from './bundle-read.ts';
import { RUN_INPUTS_FORMAT, type PublicProfile, type RunInputs } from './run-inputs.ts';
import { recordingFor } from './run-recording.ts';

/** What a replay gives when the recording cannot stand in for the store by design. */
const NOT_REPLAYABLE = /which a recording cannot replay|is not replayed/;

export interface RejudgedCase {
  key: string;
  bundled: Verdict;
  replayed: Verdict | 'missing';
  reason: string;
}

export interface Rejudgement {
  agree: RejudgedCase[];
  disagree: RejudgedCase[];
  notRejudged: RejudgedCase[];
  signer?: string;
  /** Worth knowing beside the verdicts (another cpmct version judged the bundle). */
  notes: string[];
}

export async function rejudgeBundle(
  file: string,
  options: { keyFile?: string | undefined; log?: (line: string) => void; reporter?: string } = {},
): Promise<Rejudgement> {
  const bundle = await verifyBundle(file, options.keyFile);
  const inputs = jsonOf<RunInputs>(bundle, bundle.manifest.runInputs);
  if (inputs.format !== RUN_INPUTS_FORMAT)
    throw new BundleError(`${file}: run inputs of another format`);
  if (!bundle.manifest.recording || inputs.profiles.length !== 1)
    throw new BundleError(
      `${file}: holds no recording of the store (bundle a run made with --record FILE)`,
    );
  const bundled = jsonOf<RunResult>(bundle, 'run/report.json');
  const judgedBy = bundled.tool?.version;
  if (judgedBy !== undefined && semver.valid(judgedBy) && semver.gt(judgedBy, toolVersion()))
    throw new BundleError(
      `${file}: judged by cpmct ${judgedBy}, newer than this cpmct ${toolVersion()}: re-judge it with cpmct ${judgedBy} or later`,
    );
  const work = mkdtempSync(join(tmpdir(), 'cpmct-rejudge-'));
  try {
    for (const [name, bytes] of bundle.files) {
      if (!name.startsWith('inputs/')) continue;
      const path = join(work, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, bytes);
    }
    const replayed = await replay(inputs, work, options);
    return {
      ...compare(bundled.cases, replayed.cases),
      ...(bundle.signer ? { signer: bundle.signer } : {}),
      notes:
        bundled.tool?.version === replayed.tool.version
          ? []
          : [
              `the bundle was judged by cpmct ${bundled.tool?.version ?? '(unknown)'}; this is cpmct ${replayed.tool.version}`,
            ],
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function replay(
  inputs: RunInputs,
  work: string,
  options: { log?: (line: string) => void; reporter?: string },
): Promise<RunResult> {
  // As the run loaded them: the shipped suites and registry first, then each added suite
  // folder (`--suites`), whose top-level clauses.yaml adds to the registry.
  const roots = [
    ...new Set(inputs.suites.files.map((f) => f.name.split('/').slice(0, 2).join('/'))),
  ]
    .sort((a, b) => parseInt(a.split('/')[1]!, 10) - parseInt(b.split('/')[1]!, 10))
    .map((root) => join(work, 'inputs', root));
  let clauses = loadClauses(join(work, 'inputs', inputs.clauses.name));
  for (const root of roots.slice(1)) {
    const added = join(root, 'clauses.yaml');
    if (existsSync(added)) clauses = loadClauses(added, clauses);
  }
  const clauseSet = findClauseSet(clauses, inputs.clauseSet ?? LATEST_CLAUSE_SET);
  const suites = loadSuites(roots, clauses);
  if (suites.problems.length)
    throw new BundleError(
      `the bundle's suites do not load: ${formatProblems(suites.problems).split('\n')[0]}`,
    );
  const cases = readCases(selectCases(suites.cases, inputs.only), clauses, clauseSet);
  const profile = profileOf(inputs.profiles[0]!, work);
  const recording = await recordingFor(
    { replay: join(work, 'inputs', 'recording.json') },
    [profile],
    inputs.variants,
  );
  return runProfiles(
    {
      profiles: [recording!.profile],
      cases,
      registry: readRegistry(clauses, clauseSet),
      seed: inputs.seed,
      strict: inputs.strict,
      variants: inputs.variants,
      reporter: options.reporter ?? 'dot',
      recording,
    },
    options.log ?? (() => {}),
  );
}

/** The bundle's public profile as a loaded profile; passwords are placeholders (never replayed). */
function profileOf(pub: PublicProfile, work: string): Profile {
  return {
    ...pub,
    file: join(work, 'profile'),
    dir: work,
    endpoint: {
      host: pub.endpoint.host,
      ...(pub.endpoint.port !== undefined ? { port: pub.endpoint.port } : {}),
    },
    users: pub.users.map((u) => ({ ...u, passwordDefault: 'not-recorded' })),
    client: undefined,
  } as Profile;
}

function compare(bundled: CaseResult[], replayed: CaseResult[]): Omit<Rejudgement, 'notes'> {
  const key = (c: CaseResult) => (c.variant ? `${c.id} [${c.variant}]` : c.id);
  const again = new Map(replayed.map((c) => [key(c), c]));
  const result: Omit<Rejudgement, 'notes'> = { agree: [], disagree: [], notRejudged: [] };
  for (const first of bundled) {
    const second = again.get(key(first));
    const entry: RejudgedCase = {
      key: key(first),
      bundled: first.verdict,
      replayed: second?.verdict ?? 'missing',
      reason: second?.reason ?? 'the replay did not run this case',
    };
    if (second?.verdict === first.verdict) result.agree.push(entry);
    else if (second?.verdict === 'inconclusive' && NOT_REPLAYABLE.test(second.reason))
      result.notRejudged.push(entry);
    else result.disagree.push(entry);
  }
  return result;
}

function jsonOf<T>(bundle: VerifiedBundle, name: string): T {
  const bytes = bundle.files.get(name);
  if (!bytes) throw new BundleError(`${name}: missing from the bundle`);
  try {
    return JSON.parse(bytes.toString('utf8')) as T;
  } catch {
    throw new BundleError(`${name}: not JSON`);
  }
}

/**
 * `report.json`: the canonical report, the RunResult as is. Keys come out in a fixed order
 * (the order of the declarations in engine/result.ts; unknown keys after, sorted), arrays
 * keep their order, 2-space indent, trailing newline.
 */
import { join } from 'node:path';
import { VERDICTS, type RunResult } from '../engine/result.ts';
import { writeFileAtomic } from './atomic-write.ts';
import type { ReportWriter } from './types.ts';

export const JSON_FILE = 'report.json';

interface Shape {
  keys: readonly string[];
  fields?: Readonly<Record<string, Shape>>;
  /** Shape of each element when the value is an array. */
  items?: Shape;
}

const STEP: Shape = { keys: ['index', 'label', 'outcome', 'durationMs', 'messages', 'clauses'] };
const EVIDENCE: Shape = { keys: ['kind', 'label', 'text'] };
const CASE: Shape = {
  keys: [
    'id',
    'title',
    'clauses',
    'level',
    'binding',
    'role',
    'variant',
    'profile',
    'verdict',
    'reason',
    'errorCode',
    'brokenClauses',
    'waived',
    'durationMs',
    'steps',
    'evidence',
  ],
  fields: {
    waived: { keys: ['reason', 'expires'] },
    steps: { keys: [], items: STEP },
    evidence: { keys: [], items: EVIDENCE },
  },
};
const CLAUSE: Shape = { keys: ['id', 'level', 'side', 'title', 'cases', 'verdict'] };
const RUN: Shape = {
  keys: [
    'tool',
    'profile',
    'profiles',
    'seed',
    'strict',
    'clauseSet',
    'startedAt',
    'finishedAt',
    'summary',
    'cases',
    'clauses',
  ],
  fields: {
    tool: { keys: ['name', 'version'] },
    profile: { keys: ['name', 'role', 'binding', 'iut'] },
    profiles: { keys: [], items: { keys: ['name', 'role', 'binding', 'iut'] } },
    summary: { keys: VERDICTS },
    cases: { keys: [], items: CASE },
    clauses: { keys: [], items: CLAUSE },
  },
};

function canonical(value: unknown, shape: Shape | undefined): unknown {
  if (Array.isArray(value)) return value.map((v: unknown) => canonical(v, shape?.items));
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const known = shape?.keys ?? [];
  const out = Object.create(null) as Record<string, unknown>;
  for (const k of known) {
    if (Object.hasOwn(obj, k)) out[k] = canonical(obj[k], shape?.fields?.[k]);
  }
  const extra = Object.keys(obj)
    .filter((k) => !known.includes(k))
    .sort();
  for (const k of extra) out[k] = canonical(obj[k], undefined);
  return out;
}

/** The canonical JSON text of a run. */
export function renderJson(run: RunResult): string {
  return `${JSON.stringify(canonical(run, RUN), null, 2)}\n`;
}

export const writeJson: ReportWriter = async (run, dir) => {
  const file = join(dir, JSON_FILE);
  await writeFileAtomic(file, renderJson(run));
  return [file];
};

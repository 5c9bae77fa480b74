/**
 * Turns ajv's `allErrors` output into few, precise messages for people: one per real
 * problem, each with the JSON pointer to point at and what would have been valid.
 *
 * oneOf/anyOf produce an error per failed branch; those are collapsed to the branch the
 * author most likely meant (the one whose discriminator, a `const`, matched), or to a
 * single `must be one of` when every branch failed on the same discriminator.
 */
import type { ErrorObject } from 'ajv';
import type { PointAt } from './yaml-source.ts';

/** A schema problem before it gets a file position. */
export interface SchemaIssue {
  /** JSON pointer of the offending value (or key, see `at`). */
  pointer: string;
  at: PointAt;
  /** Message without the path prefix. */
  message: string;
}

const COMBINATORS = new Set(['oneOf', 'anyOf']);

/** Renders a value briefly, as a YAML author would recognise it. */
export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'an empty value';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') {
    const s = v.length > 40 ? v.slice(0, 37) + '...' : v;
    return JSON.stringify(s);
  }
  return `${typeof v} ${String(v)}`;
}

const TYPE_NAMES: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  null: 'empty',
};

function typeName(t: string): string {
  return TYPE_NAMES[t] ?? t;
}

function listValues(values: readonly unknown[]): string {
  return values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
}

/** Levenshtein distance, for "did you mean" hints. */
function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] ?? 0;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] ?? 0;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      prev[j] = Math.min(up + 1, (prev[j - 1] ?? 0) + 1, diag + cost);
      diag = up;
    }
  }
  return prev[b.length] ?? 0;
}

/** The closest candidate to `word`, if it is close enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best !== undefined && bestD > 0 && bestD <= Math.floor(word.length / 3) ? best : undefined;
}

function hint(word: unknown, candidates: readonly unknown[]): string {
  if (typeof word !== 'string') return '';
  const c = closest(
    word,
    candidates.filter((x): x is string => typeof x === 'string'),
  );
  return c !== undefined ? `did you mean "${c}"?` : '';
}

function childPointer(parent: string, key: string): string {
  return `${parent}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

/** One ajv error (not a combinator) as an issue. */
function issueOf(e: ErrorObject): SchemaIssue | undefined {
  const p = e.params as Record<string, unknown>;
  const h = hint(e.data, (p.allowedValues ?? []) as unknown[]);
  const got = ` (got ${describeValue(e.data)}${h ? `; ${h}` : ''})`;
  switch (e.keyword) {
    case 'if':
      return undefined; // the failing `then`/`else` keywords say what is wrong
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const props = Object.keys(
        ((e.parentSchema as Record<string, unknown> | undefined)?.properties ?? {}) as object,
      );
      const valid = props.length > 0 ? `; valid keys: ${props.join(', ')}` : '';
      const h = hint(key, props);
      return {
        pointer: childPointer(e.instancePath, key),
        at: 'key',
        message: `unknown key "${key}"${h ? ` (${h})` : ''}${valid}`,
      };
    }
    case 'required':
      return {
        pointer: e.instancePath,
        at: 'value',
        message: `missing required key "${String(p.missingProperty)}"`,
      };
    case 'enum':
      return {
        pointer: e.instancePath,
        at: 'value',
        message: `must be one of: ${listValues((p.allowedValues ?? []) as unknown[])}${got}`,
      };
    case 'const':
      return {
        pointer: e.instancePath,
        at: 'value',
        message: `must be ${listValues([p.allowedValue])}${got}`,
      };
    case 'type': {
      const types = String(p.type).split(',').map(typeName);
      return {
        pointer: e.instancePath,
        at: 'value',
        message: `must be ${types.join(' or ')}${got}`,
      };
    }
    case 'pattern':
      return {
        pointer: e.instancePath,
        at: 'value',
        message: `must match the pattern ${String(p.pattern)}${got}`,
      };
    case 'format':
      return {
        pointer: e.instancePath,
        at: 'value',
        message: `must be a valid ${FORMAT_NAMES[String(p.format)] ?? String(p.format)}${got}`,
      };
    case 'minProperties':
    case 'maxProperties': {
      const ps = e.parentSchema as Record<string, unknown> | undefined;
      const keys = Object.keys((ps?.properties ?? {}) as object);
      if (ps?.minProperties === 1 && ps.maxProperties === 1 && keys.length > 0) {
        return {
          pointer: e.instancePath,
          at: 'value',
          message: `must have exactly one of the keys: ${keys.join(', ')}`,
        };
      }
      return { pointer: e.instancePath, at: 'value', message: e.message ?? e.keyword };
    }
    case 'propertyNames':
      return undefined; // reported by the nested error on the name itself
    default:
      return { pointer: e.instancePath, at: 'value', message: e.message ?? e.keyword };
  }
}

const FORMAT_NAMES: Record<string, string> = {
  date: 'date (YYYY-MM-DD)',
  regex: 'regular expression',
};

/** Depth of a JSON pointer. */
function depth(pointer: string): number {
  return pointer === '' ? 0 : pointer.split('/').length - 1;
}

function parentSchemaPath(schemaPath: string): string {
  return schemaPath.slice(0, schemaPath.lastIndexOf('/'));
}

function isUnder(pointer: string, base: string): boolean {
  return pointer === base || pointer.startsWith(base + '/');
}

/** Which branch of combinator `c` produced `e` (inline index, or the $ref'd definition). */
function branchKey(c: ErrorObject, e: ErrorObject): string {
  if (e.schemaPath.startsWith(c.schemaPath + '/')) {
    return 'i' + (e.schemaPath.slice(c.schemaPath.length + 1).split('/')[0] ?? '');
  }
  return e.schemaPath.split('/').slice(0, 3).join('/');
}

/** Picks what to report for a failed oneOf/anyOf from its branches' errors. */
function collapse(c: ErrorObject, run: ErrorObject[]): ErrorObject[] {
  const branches = new Map<string, ErrorObject[]>();
  for (const e of run) {
    const k = branchKey(c, e);
    branches.set(k, [...(branches.get(k) ?? []), e]);
  }
  const all = [...branches.values()];
  if (all.length === 0) {
    // Nothing failed inside: oneOf matched more than one branch.
    return [{ ...c, keyword: 'x-ambiguous', message: 'matches more than one allowed form' }];
  }
  const constFails = (b: ErrorObject[]) => b.filter((e) => e.keyword === 'const');
  const matching = all.filter((b) => constFails(b).length === 0);
  // Every branch rejected the same discriminator: report it as one enum.
  if (matching.length === 0) {
    const firsts = all.map((b) => constFails(b)[0]);
    const at = firsts[0]?.instancePath;
    if (firsts.every((e) => e && e.instancePath === at)) {
      const allowed = firsts.map((e) => (e?.params as { allowedValue: unknown }).allowedValue);
      return [{ ...firsts[0]!, keyword: 'enum', params: { allowedValues: allowed } }];
    }
  }
  // Every branch rejected the value's type at the combinator itself: one type message.
  const typeOnly = all.every(
    (b) => b.length === 1 && b[0]?.keyword === 'type' && b[0].instancePath === c.instancePath,
  );
  if (typeOnly) {
    const types = all.map((b) => String((b[0]?.params as { type: unknown }).type)).join(',');
    return [{ ...c, keyword: 'type', params: { type: types } }];
  }
  const pool = matching.length > 0 ? matching : all;
  // Prefer the branch that got deepest into the data, then the one with the fewest errors.
  const score = (b: ErrorObject[]) => Math.max(...b.map((e) => depth(e.instancePath)));
  pool.sort((a, b) => score(b) - score(a) || a.length - b.length);
  return pool[0] ?? [];
}

/** Collapses combinator errors (innermost first, in ajv's evaluation order). */
export function simplifyErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const out: ErrorObject[] = [];
  for (const e of errors) {
    if (!COMBINATORS.has(e.keyword)) {
      out.push(e);
      continue;
    }
    // Branch errors are the contiguous run just before the combinator error.
    const parent = parentSchemaPath(e.schemaPath) + '/';
    let start = out.length;
    while (start > 0) {
      const prev = out[start - 1]!;
      const inBranch =
        prev.schemaPath.startsWith(e.schemaPath + '/') || !prev.schemaPath.startsWith(parent);
      if (!isUnder(prev.instancePath, e.instancePath) || !inBranch) break;
      start--;
    }
    const run = out.splice(start);
    out.push(...collapse(e, run));
  }
  return out;
}

/** All ajv errors as deduplicated issues. */
export function issuesFromAjv(errors: readonly ErrorObject[]): SchemaIssue[] {
  const seen = new Set<string>();
  const issues: SchemaIssue[] = [];
  for (const e of simplifyErrors(errors)) {
    const issue =
      e.keyword === 'x-ambiguous'
        ? { pointer: e.instancePath, at: 'value' as const, message: e.message ?? '' }
        : issueOf(e);
    if (!issue) continue;
    const key = `${issue.pointer}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues;
}

/**
 * Validated YAML: parse with source positions, check against a JSON Schema (ajv,
 * allErrors), run optional semantic checks, and report every problem as
 * `file:line:col: path: message` — one line each, saying what would be valid.
 *
 * Values may come from the environment (`${VAR}`, `${VAR:-default}`) when the caller
 * passes one (`env`): see env-interpolation.ts.
 *
 * Schemas are draft-07 by default; a schema whose `$schema` names 2020-12 is compiled
 * with ajv's 2020 dialect. Formats known here: `date` (YYYY-MM-DD, a real calendar day)
 * and `regex` (a JavaScript regular expression).
 */
import { readFileSync } from 'node:fs';
import { Ajv, type AnySchema, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { issuesFromAjv } from './ajv-errors.ts';
import { interpolateEnv } from './env-interpolation.ts';
import {
  displayPath,
  parseYamlSource,
  positionOf as yamlPositionOf,
  type PointAt,
  type Position,
  type Problem,
  type YamlSource,
} from './yaml-source.ts';

export type { Position, Problem, PointAt } from './yaml-source.ts';

/** What semantic checks get: positions for JSON pointers and a problem builder. */
export interface CheckContext {
  file: string;
  /** The source position of the value (or key) a JSON pointer designates. */
  positionOf(pointer: string, at?: PointAt): Position;
  /** A problem at a JSON pointer, its message prefixed with the path (`steps[3].do: ...`). */
  problem(pointer: string, message: string, at?: PointAt): Problem;
}

/** A semantic check, run only when the YAML parsed and the schema validated. */
export type ExtraCheck<T> = (value: T, ctx: CheckContext) => Problem[] | void;

export interface ValidateOptions<T> {
  extraChecks?: ExtraCheck<T> | readonly ExtraCheck<T>[];
  /** Substitute `${VAR}` / `${VAR:-default}` in values from this environment (env-interpolation.ts). */
  env?: NodeJS.ProcessEnv;
}

export interface Validated<T> {
  /** The validated value; present only when there is no problem at all. */
  value?: T;
  /** The parsed data, even when invalid (undefined if the YAML did not parse). */
  data?: unknown;
  /** Every problem, sorted by position. Empty means valid. */
  problems: Problem[];
  /** The source position for a JSON pointer (nearest existing ancestor; 1:1 if unknown). */
  positionOf(pointer: string, at?: PointAt): Position;
  /** A problem at a JSON pointer, for checks made later by the caller. */
  problemAt(pointer: string, message: string, at?: PointAt): Problem;
}

/** Thrown by loaders that refuse invalid configuration; `message` is the formatted lines. */
export class ConfigError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    super(formatProblems(problems));
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** `path/to/file.yaml:12:5: steps[3].do: must be one of: ...` (or `file: ...` if no line). */
export function formatProblem(p: Problem): string {
  return p.line > 0 ? `${p.file}:${p.line}:${p.col}: ${p.message}` : `${p.file}: ${p.message}`;
}

/** One line per problem. */
export function formatProblems(problems: readonly Problem[]): string {
  return problems.map(formatProblem).join('\n');
}

function isRealDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

function isRegex(s: string): boolean {
  try {
    new RegExp(s);
    return true;
  } catch {
    return false;
  }
}

type AnyAjv = Ajv | Ajv2020;
let ajv07: Ajv | undefined;
let ajv2020: Ajv2020 | undefined;

function configure<A extends AnyAjv>(a: A): A {
  a.addFormat('date', { type: 'string', validate: isRealDate });
  a.addFormat('regex', { type: 'string', validate: isRegex });
  a.addFormat('date-time', {
    type: 'string',
    validate: (s: string) =>
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s) &&
      !Number.isNaN(Date.parse(s)),
  });
  return a;
}

function ajvFor(schema: AnySchema): AnyAjv {
  const dialect = typeof schema === 'object' && schema !== null ? String(schema.$schema ?? '') : '';
  const opts = {
    allErrors: true,
    verbose: true,
    strict: true,
    allowUnionTypes: true,
    discriminator: true,
  };
  if (dialect.includes('2020-12')) return (ajv2020 ??= configure(new Ajv2020(opts)));
  return (ajv07 ??= configure(new Ajv(opts)));
}

const compiled = new WeakMap<object, ValidateFunction>();

/** Compiles (once per schema object) a validator configured as this module reports. */
export function compileSchema(schema: AnySchema): ValidateFunction {
  if (typeof schema !== 'object') return ajvFor(schema).compile(schema);
  let v = compiled.get(schema);
  if (!v) {
    const a = ajvFor(schema);
    const id = typeof schema.$id === 'string' ? schema.$id : undefined;
    v = (id && a.getSchema(id)) || a.compile(schema);
    compiled.set(schema, v);
  }
  return v;
}

function byPosition(a: Problem, b: Problem): number {
  return a.line - b.line || a.col - b.col || a.message.localeCompare(b.message);
}

/** Validates YAML text (already read) as if it came from `file`. */
export function validateYaml<T>(
  file: string,
  text: string,
  schema: AnySchema,
  opts: ValidateOptions<T> = {},
): Validated<T> {
  const src: YamlSource = parseYamlSource(file, text);
  const positionOf = (pointer: string, at: PointAt = 'value') => yamlPositionOf(src, pointer, at);
  const problemAt = (pointer: string, message: string, at: PointAt = 'value'): Problem => {
    const path = displayPath(pointer);
    return { file, ...positionOf(pointer, at), message: path ? `${path}: ${message}` : message };
  };
  const problems = [...src.problems];
  const result: Validated<T> = { problems, positionOf, problemAt };
  if (src.problems.some((p) => p.message.startsWith('YAML syntax error'))) return result;
  let unsetLines = new Set<number>();
  if (opts.env) {
    const unset = interpolateEnv(src, opts.env);
    problems.push(...unset);
    // The unset reference is the problem there: its value's schema complaint is noise.
    unsetLines = new Set(unset.map((p) => p.line));
    src.data = src.doc.toJS({ maxAliasCount: 1000 });
  }
  result.data = src.data;

  const validate = compileSchema(schema);
  if (!validate(src.data)) {
    for (const issue of issuesFromAjv(validate.errors ?? [])) {
      const problem = problemAt(issue.pointer, issue.message, issue.at);
      if (!unsetLines.has(problem.line)) problems.push(problem);
    }
  }
  if (problems.length === 0 && opts.extraChecks) {
    const checks = Array.isArray(opts.extraChecks)
      ? (opts.extraChecks as readonly ExtraCheck<T>[])
      : [opts.extraChecks as ExtraCheck<T>];
    const ctx: CheckContext = { file, positionOf, problem: problemAt };
    for (const check of checks) problems.push(...(check(src.data as T, ctx) ?? []));
  }
  problems.sort(byPosition);
  if (problems.length === 0) result.value = src.data as T;
  return result;
}

/** Reads and validates a YAML file; an unreadable file is a problem, not an exception. */
export function loadValidated<T>(
  file: string,
  schema: AnySchema,
  opts: ValidateOptions<T> = {},
): Validated<T> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : `cannot read: ${(err as Error).message}`;
    const problem: Problem = { file, line: 0, col: 0, message: why };
    return {
      problems: [problem],
      positionOf: () => ({ line: 1, col: 1 }),
      problemAt: (_p, message) => ({ file, line: 0, col: 0, message }),
    };
  }
  return validateYaml(file, text, schema, opts);
}

/**
 * Values from the environment in configuration files: `${VAR}` and `${VAR:-default}` in any
 * string value (keys are left alone), so that one profile serves many CI jobs. `$${` writes
 * a literal `${`.
 *
 * Decisions:
 * - Substitution happens on the YAML syntax tree, before the schema check, so a number or
 *   a boolean can come from the environment: a plain (unquoted) scalar that is exactly one
 *   reference, e.g. `port: ${IMAP_PORT:-993}`, is read as YAML after substitution (993 is a
 *   number); a quoted one stays a string.
 * - `${VAR}` with VAR unset (and no default) is a problem at the reference's own
 *   `line:col`, saying how to give a default. `${VAR:-}` is an empty default; an empty
 *   variable counts as unset for `:-`, as in the shell.
 */
import { isScalar, parse, Scalar, visit } from 'yaml';
import type { Problem, YamlSource } from './yaml-source.ts';

const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;
const SINGLE = /^\$\{[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\}$/;

/** Substitutes environment references in the source's values; returns the problems found. */
export function interpolateEnv(src: YamlSource, env: NodeJS.ProcessEnv): Problem[] {
  const problems: Problem[] = [];
  visit(src.doc, {
    Scalar(key, node) {
      if (key === 'key' || typeof node.value !== 'string' || !node.value.includes('${')) return;
      const text = node.value;
      const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
      const start = (node.range?.[0] ?? 0) + (quoted ? 1 : 0);
      const replaced = text.replace(
        REFERENCE,
        (match, name: string | undefined, fallback: string | undefined, at: number) => {
          if (name === undefined) return '${'; // `$${`
          const value = env[name];
          if (value !== undefined && (value !== '' || fallback === undefined)) return value;
          if (fallback !== undefined) return fallback;
          problems.push({
            file: src.file,
            ...src.lineCounter.linePos(start + at),
            message: `environment variable ${name} is not set (set it, or give a default: \${${name}:-value})`,
          });
          return match;
        },
      );
      if (replaced === text) return;
      node.value =
        !quoted && node.type === Scalar.PLAIN && SINGLE.test(text)
          ? plainValue(replaced)
          : replaced;
    },
  });
  return problems;
}

/** A substituted plain scalar read as YAML would read it: numbers, booleans, null. */
function plainValue(text: string): unknown {
  if (text === '' || /[\n:#{}[\],&*!|>'"%@`]/.test(text)) return text;
  try {
    const value: unknown = parse(text);
    return isScalar(value) ? value.value : value;
  } catch {
    return text;
  }
}

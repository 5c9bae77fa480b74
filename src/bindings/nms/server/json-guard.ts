/**
 * JSON request bodies parsed defensively: nesting is bounded by a linear scan before
 * `JSON.parse` runs (deep bodies are refused, never walked), and a key named like a
 * JavaScript prototype property (`__proto__`, `constructor`, `prototype`) is refused, as
 * the same element is in XML (xml-guard.ts). Both answer `400 SVC0002`.
 */
import { invalid } from './request-error.ts';

/** NMS bodies nest under 10 deep (objects and arrays counted). */
export const MAX_JSON_DEPTH = 32;

const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** True when objects and arrays in `text` nest deeper than `max` (strings skipped). */
function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth -= 1;
  }
  return false;
}

/** The JSON value of `body`; `400 SVC0002` when malformed, too deep or using a reserved key. */
export function parseJsonBody(body: Buffer): unknown {
  const text = body.toString('utf8');
  if (nestsDeeperThan(text, MAX_JSON_DEPTH))
    throw invalid(`JSON body nested deeper than ${MAX_JSON_DEPTH}`);
  let reserved: string | undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text, (key, value: unknown) => {
      if (RESERVED_KEYS.has(key)) reserved = key;
      return value;
    });
  } catch {
    throw invalid('malformed JSON body');
  }
  if (reserved !== undefined) throw invalid(`JSON key ${reserved} is reserved`);
  return parsed;
}

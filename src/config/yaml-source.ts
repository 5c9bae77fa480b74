/**
 * YAML with source positions. Parses one YAML document with the `yaml` package, keeping
 * the syntax tree and a line counter, so that any value can be traced back to the
 * `line:col` it came from through a JSON pointer (RFC 6901, as ajv reports `instancePath`).
 */
import {
  Alias,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
  type Pair,
} from 'yaml';

/** A 1-based position in a source file. */
export interface Position {
  line: number;
  col: number;
}

/** One problem found in a configuration file, for people: `file:line:col: message`. */
export interface Problem {
  file: string;
  /** 1-based; 0 when the problem concerns the file as a whole (e.g. it cannot be read). */
  line: number;
  /** 1-based; 0 together with `line`. */
  col: number;
  message: string;
}

/** A parsed YAML source: the JS value, the syntax tree and the YAML syntax problems. */
export interface YamlSource {
  file: string;
  text: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** The document as plain JS data (undefined for an empty document). */
  data: unknown;
  /** Syntax errors and warnings, as problems. */
  problems: Problem[];
}

/** Where to point for a JSON pointer: the value, or the key of the last segment. */
export type PointAt = 'value' | 'key';

/** Parses YAML text. Never throws for bad YAML: syntax errors are returned as problems. */
export function parseYamlSource(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problems: Problem[] = [];
  for (const err of [...doc.errors, ...doc.warnings]) {
    const pos = lineCounter.linePos(err.pos[0]);
    const kind = err.name === 'YAMLWarning' ? 'YAML warning' : 'YAML syntax error';
    problems.push({ file, ...pos, message: `${kind}: ${firstLine(err.message)}` });
  }
  let data: unknown;
  if (doc.errors.length === 0) {
    try {
      data = doc.toJS({ maxAliasCount: 1000 });
    } catch (err) {
      problems.push({ file, line: 1, col: 1, message: `YAML error: ${(err as Error).message}` });
    }
  }
  return { file, text, doc, lineCounter, data, problems };
}

/** Splits a JSON pointer (`/steps/3/do`) into unescaped segments. `''` is the root. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return pointer === '/' ? [''] : [];
  return pointer
    .replace(/^\//, '')
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Builds a JSON pointer from segments. */
export function toPointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** A JSON pointer for people: `/steps/3/do` -> `steps[3].do`; the root is `''`. */
export function displayPath(pointer: string): string {
  let out = '';
  for (const seg of pointerSegments(pointer)) {
    if (/^\d+$/.test(seg)) out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}

function deref(doc: Document.Parsed, node: unknown): unknown {
  let n = node;
  for (let i = 0; i < 100 && isAlias(n); i++) n = (n as Alias).resolve(doc);
  return n;
}

function findPair(map: unknown, key: string): Pair | undefined {
  if (!isMap(map)) return undefined;
  for (const item of map.items) {
    if (!isPair(item)) continue;
    const k = item.key;
    const kv = isScalar(k) ? k.value : k;
    if (String(kv) === key) return item;
  }
  return undefined;
}

/**
 * The syntax node a JSON pointer designates, or the nearest existing ancestor when the
 * path does not exist (e.g. a missing required key points at its parent object).
 */
export function nodeAt(
  src: Pick<YamlSource, 'doc'>,
  pointer: string,
  at: PointAt = 'value',
): { node: Node | null; exact: boolean } {
  const segments = pointerSegments(pointer);
  let current: unknown = deref(src.doc, src.doc.contents);
  let best: unknown = current;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i] ?? '';
    const last = i === segments.length - 1;
    if (isMap(current)) {
      const pair = findPair(current, seg);
      if (!pair) return { node: best as Node | null, exact: false };
      if (last && at === 'key') return { node: pair.key as Node, exact: true };
      current = deref(src.doc, pair.value);
      // A key with no value (`foo:`) has a null value node without a range: use the key.
      best = current && (current as Node).range ? current : pair.key;
    } else if (isSeq(current) && /^\d+$/.test(seg)) {
      const item = current.items[Number(seg)];
      if (item === undefined) return { node: best as Node | null, exact: false };
      current = deref(src.doc, item);
      best = current;
    } else {
      return { node: best as Node | null, exact: false };
    }
  }
  return { node: best as Node | null, exact: true };
}

/** The `line:col` of the node a JSON pointer designates (nearest ancestor if absent). */
export function positionOf(
  src: Pick<YamlSource, 'doc' | 'lineCounter'>,
  pointer: string,
  at: PointAt = 'value',
): Position {
  const { node } = nodeAt(src, pointer, at);
  const offset = node?.range?.[0];
  if (offset === undefined) return { line: 1, col: 1 };
  return src.lineCounter.linePos(offset);
}

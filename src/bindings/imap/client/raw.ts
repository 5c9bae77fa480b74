/**
 * The raw-command escape hatch: typed arguments in, plain values out, for the commands imapflow
 * has no API for (NOTIFY, GETMETADATA/SETMETADATA, ...).
 */

/** A command argument: a bare string is an atom. */
export type RawArg =
  | string
  | number
  | { string: string }
  | { literal: Buffer | string }
  | { sequence: string }
  | RawArg[];

/** A value of an untagged response: atoms/strings/literals as strings, NIL as null. */
export type RawValue = string | null | RawValue[] | { value: string; section: RawValue[] };

export interface RawResponse {
  /** The tagged status (OK) and its text. */
  status: string;
  text: string;
  /** Bracketed response code of the tagged OK, e.g. ["HIGHESTMODSEQ", "7"]. */
  code: RawValue[] | undefined;
  /** Untagged responses received during the command, by keyword (e.g. METADATA). */
  untagged: Array<{ keyword: string; number?: number; values: RawValue[] }>;
}

/** imapflow's wire node format (internal; mirrors its command compiler). */
export type ImapflowNode =
  | { type: 'ATOM' | 'STRING' | 'SEQUENCE' | 'LITERAL' | 'NUMBER'; value: string | Buffer | number }
  | ImapflowNode[];

export function toNode(arg: RawArg): ImapflowNode {
  if (Array.isArray(arg)) return arg.map(toNode);
  if (typeof arg === 'string') return { type: 'ATOM', value: arg };
  if (typeof arg === 'number') return { type: 'NUMBER', value: arg };
  if ('string' in arg) return { type: 'STRING', value: arg.string };
  if ('literal' in arg) return { type: 'LITERAL', value: arg.literal };
  return { type: 'SEQUENCE', value: arg.sequence };
}

interface ParsedNode {
  type?: string;
  value?: unknown;
  section?: unknown[];
}

export function fromNode(node: unknown): RawValue {
  if (node === null || node === undefined) return null;
  if (Array.isArray(node)) return node.map(fromNode);
  const n = node as ParsedNode;
  const value = Buffer.isBuffer(n.value) ? n.value.toString('utf8') : String(n.value ?? '');
  if (Array.isArray(n.section)) return { value, section: n.section.map(fromNode) };
  return value;
}

/** Flatten a parsed value to text (for messages and logs). */
export function rawText(value: RawValue): string {
  if (value === null) return 'NIL';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `(${value.map(rawText).join(' ')})`;
  return `${value.value}[${value.section.map(rawText).join(' ')}]`;
}

/** Untagged response as imapflow hands it to a handler. */
export interface ParsedUntagged {
  command?: string;
  attributes?: unknown[];
}

export function untaggedEntry(parsed: ParsedUntagged): RawResponse['untagged'][number] {
  const command = String(parsed.command ?? '');
  const attributes = parsed.attributes ?? [];
  if (/^\d+$/.test(command)) {
    const [keyword, ...rest] = attributes.map(fromNode);
    return {
      keyword: typeof keyword === 'string' ? keyword.toUpperCase() : '',
      number: Number(command),
      values: rest,
    };
  }
  return { keyword: command.toUpperCase(), values: attributes.map(fromNode) };
}

export function taggedParts(parsed: {
  command?: string;
  attributes?: unknown[];
}): Pick<RawResponse, 'status' | 'text' | 'code'> {
  const attributes = (parsed.attributes ?? []).map(fromNode);
  let code: RawValue[] | undefined;
  const first = attributes[0];
  if (first && typeof first === 'object' && !Array.isArray(first)) code = first.section;
  const text = attributes
    .filter((a): a is string => typeof a === 'string')
    .join(' ')
    .trim();
  return { status: String(parsed.command ?? '').toUpperCase(), text, code };
}

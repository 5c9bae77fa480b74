/**
 * The XML form of NMS bodies (OMA REST NetAPI rules, protocol-digest c.3): one root
 * element named like the JSON's top-level key, declared in the NMS namespace (the
 * common namespace for requestError); elements that may repeat become arrays even with
 * one item, so that parsed XML has exactly the structure of the JSON body. Used by the
 * server front end, the client and the checks alike.
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { xmlRefusal } from './xml-guard.ts';

export const NMS_NAMESPACE = 'urn:oma:xml:rest:netapi:nms:1';
export const COMMON_NAMESPACE = 'urn:oma:xml:rest:netapi:common:1';

export type Json = Record<string, unknown>;

/**
 * Parent element → the children that repeat. `true`: the array is always there in the
 * JSON (an empty one when XML has no such child); `false`: present only when used.
 */
const REPEATED: Record<string, Record<string, boolean>> = {
  objectList: { object: true },
  folderList: { folder: true },
  object: { payloadPart: true },
  attributes: { attribute: true },
  attribute: { value: true },
  flags: { flag: true },
  flagList: { flag: true },
  subFolders: { folderReference: true },
  objects: { objectReference: true },
  folders: { folderReference: true },
  objectReferenceList: { objectReference: true },
  folderReferenceList: { folderReference: true },
  pathList: { path: true },
  searchCriteria: { criterion: true },
  filter: { criterion: true },
  sortCriteria: { criterion: true },
  nmsSubscriptionList: { subscription: true },
  nmsEventList: { nmsEvent: true, link: false },
  bulkResponseList: { response: true },
  serviceException: { variables: true },
  policyException: { variables: true },
  requestError: { link: false },
};

/** Elements whose content is a structure, so that an empty one (`<resetBox/>`) is `{}`. */
const STRUCTURES = new Set([
  ...Object.keys(REPEATED),
  ...['resetBox', 'empty', 'callbackReference', 'reference', 'success', 'failure'],
  ...['searchScope', 'sourceRefs', 'targetSourceRef', 'selectionCriteria', 'nmsEvent'],
  ...['nmsSubscription', 'nmsSubscriptionUpdate', 'subscription', 'folder', 'response'],
  ...['changedObject', 'deletedObject', 'expiredObject', 'changedFolder', 'deletedFolder'],
  ...['objectReference', 'folderReference', 'payloadPart', 'link', 'criterion'],
]);

/** Leaves typed as numbers and booleans in the JSON. */
const NUMBERS = new Set(['lastModSeq', 'index', 'maxEntries', 'code', 'size', 'duration']);
const BOOLEANS = new Set(['nonRecursiveScope']);
const NUMERIC = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

export class XmlSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlSyntaxError';
  }
}

/** Well-formed or not, XML that is never parsed (xml-guard.ts): a DOCTYPE, `__proto__`, depth. */
export class XmlRefusedError extends XmlSyntaxError {
  constructor(message: string) {
    super(message);
    this.name = 'XmlRefusedError';
  }
}

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  htmlEntities: false,
});

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: true,
  format: false,
});

/** `application/xml`, `text/xml` or any `+xml` media type. */
export function isXmlMediaType(contentType: string | null | undefined): boolean {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/xml' || type === 'text/xml' || type.endsWith('+xml');
}

/** The namespace a root element is declared in: common for requestError, else NMS. */
export function namespaceOf(root: string): string {
  return root === 'requestError' ? COMMON_NAMESPACE : NMS_NAMESPACE;
}

/** A JSON body with one top-level key as an XML document. */
export function toXml(json: Json): string {
  const entries = Object.entries(json);
  const [first] = entries;
  if (entries.length !== 1 || !first) throw new Error('an NMS body has exactly one root');
  const [root, value] = first;
  const prefix = root === 'requestError' ? 'common' : 'nms';
  const declaration = { [`@_xmlns:${prefix}`]: namespaceOf(root) };
  const content = isRecord(value)
    ? { ...declaration, ...value }
    : { ...declaration, '#text': value };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ [`${prefix}:${root}`]: content })}`;
}

/** An XML document as its JSON body; XmlSyntaxError when it is not well-formed or refused. */
export function fromXml(text: string): Json {
  const refusal = xmlRefusal(text);
  if (refusal !== undefined) throw new XmlRefusedError(refusal);
  const verdict = XMLValidator.validate(text);
  if (verdict !== true) throw new XmlSyntaxError(`malformed XML: ${verdict.err.msg}`);
  let parsed: unknown;
  try {
    parsed = parser.parse(text);
  } catch {
    throw new XmlRefusedError('refused by the XML parser');
  }
  const roots = isRecord(parsed) ? Object.entries(parsed) : [];
  const [first] = roots;
  if (roots.length !== 1 || !first) throw new XmlSyntaxError('malformed XML: not one root');
  const [root, value] = first;
  return { [root]: normalise(root, value) };
}

/** The root element's local name and namespace, as declared in the document. */
export function xmlRoot(text: string): { name: string; namespace: string | undefined } {
  const start = /<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)([^>]*)>/.exec(
    text.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, ''),
  );
  if (!start) return { name: '', namespace: undefined };
  const prefix = start[1]?.slice(0, -1);
  const attribute = prefix ? `xmlns:${prefix}` : 'xmlns';
  const declared = new RegExp(`\\s${attribute}\\s*=\\s*["']([^"']*)["']`).exec(start[3] ?? '');
  return { name: start[2] ?? '', namespace: declared?.[1] };
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function normalise(name: string, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => normalise(name, item));
  if (isRecord(value)) return structure(name, value);
  const text = typeof value === 'string' ? value : String(value);
  if (STRUCTURES.has(name) && text.trim() === '') return structure(name, {});
  if (NUMBERS.has(name) && NUMERIC.test(text.trim())) return Number(text.trim());
  if (BOOLEANS.has(name) && /^\s*(true|false)\s*$/.test(text)) return text.trim() === 'true';
  return text;
}

function structure(name: string, node: Json): Json {
  const repeated = REPEATED[name] ?? {};
  const out: Json = {};
  for (const [key, child] of Object.entries(node)) {
    if (key === '#text' && typeof child === 'string' && child.trim() === '') continue;
    const value = normalise(key, child);
    out[key] = key in repeated && !Array.isArray(value) ? [value] : value;
  }
  for (const [key, always] of Object.entries(repeated)) if (always && !(key in out)) out[key] = [];
  return out;
}

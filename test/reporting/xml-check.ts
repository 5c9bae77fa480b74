/**
 * A small, strict XML 1.0 well-formedness checker and tree builder for the tests. Stricter
 * than lenient validators on what matters here: every character must be a legal XML Char,
 * `]]>` may not appear in character data, `<` may not appear in attribute values, every
 * `&` must start a known entity or a legal character reference, tags must nest and match,
 * attributes may not repeat, and there is exactly one root. No DOCTYPE support.
 */

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated character data and CDATA of this element (not of its children). */
  text: string;
}

const LEGAL = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export class XmlError extends Error {}

export function parseXml(xml: string): XmlElement {
  let pos = 0;
  const fail = (msg: string): never => {
    const line = xml.slice(0, pos).split('\n').length;
    throw new XmlError(
      `${msg} at offset ${pos} (line ${line}): ${JSON.stringify(xml.slice(pos, pos + 40))}`,
    );
  };
  const bad = LEGAL.exec(xml);
  if (bad) {
    pos = bad.index;
    fail(`illegal character U+${(bad[0].codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);
  }
  const at = (s: string): boolean => xml.startsWith(s, pos);
  const skipWs = (): boolean => {
    const start = pos;
    while (pos < xml.length && ' \t\n\r'.includes(xml[pos] ?? '')) pos++;
    return pos > start;
  };
  const until = (end: string, what: string): string => {
    const i = xml.indexOf(end, pos);
    if (i < 0) fail(`unterminated ${what}`);
    const inner = xml.slice(pos, i);
    pos = i + end.length;
    return inner;
  };
  const name = (): string => {
    NAME.lastIndex = pos;
    const m = NAME.exec(xml);
    if (!m) return fail('expected a name');
    pos += m[0].length;
    return m[0];
  };
  const decode = (s: string): string =>
    s.replace(/&([^;&\s]*);?/g, (whole, ref: string) => {
      if (!whole.endsWith(';')) fail(`bare '&' in ${JSON.stringify(s.slice(0, 60))}`);
      const ent = ENTITIES[ref];
      if (ent !== undefined) return ent;
      const m = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(ref);
      if (!m) return fail(`unknown entity &${ref};`);
      const code = m[1] !== undefined ? parseInt(m[1], 16) : parseInt(m[2] ?? '', 10);
      const ch = code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFF';
      if (LEGAL.test(ch) || (code >= 0xd800 && code <= 0xdfff)) fail(`illegal char ref &${ref};`);
      return ch;
    });
  const misc = (): void => {
    for (;;) {
      skipWs();
      if (at('<!--')) {
        pos += 4;
        if (until('-->', 'comment').includes('--')) fail("'--' in comment");
      } else if (at('<?')) {
        pos += 2;
        until('?>', 'processing instruction');
      } else return;
    }
  };
  const element = (): XmlElement => {
    if (!at('<')) fail("expected '<'");
    pos++;
    const el: XmlElement = { name: name(), attrs: {}, children: [], text: '' };
    for (;;) {
      const ws = skipWs();
      if (at('/>')) {
        pos += 2;
        return el;
      }
      if (at('>')) {
        pos++;
        break;
      }
      if (!ws) fail('expected whitespace before attribute');
      const key = name();
      skipWs();
      if (!at('=')) fail("expected '='");
      pos++;
      skipWs();
      const quote = xml[pos];
      if (quote !== '"' && quote !== "'") return fail('expected a quoted value');
      pos++;
      const raw = until(quote, 'attribute value');
      if (raw.includes('<')) fail(`'<' in attribute ${key}`);
      if (Object.hasOwn(el.attrs, key)) fail(`duplicate attribute ${key}`);
      el.attrs[key] = decode(raw);
    }
    for (;;) {
      if (pos >= xml.length) fail(`unclosed <${el.name}>`);
      if (at('</')) {
        pos += 2;
        const end = name();
        if (end !== el.name) fail(`</${end}> closes <${el.name}>`);
        skipWs();
        if (!at('>')) fail("expected '>'");
        pos++;
        return el;
      }
      if (at('<![CDATA[')) {
        pos += 9;
        el.text += until(']]>', 'CDATA section');
      } else if (at('<!--') || at('<?')) {
        misc();
      } else if (at('<')) {
        el.children.push(element());
      } else {
        const next = xml.indexOf('<', pos);
        const data = xml.slice(pos, next < 0 ? xml.length : next);
        if (data.includes(']]>')) fail("']]>' in character data");
        el.text += decode(data);
        pos += data.length;
      }
    }
  };

  if (at('<?xml')) until('?>', 'XML declaration');
  misc();
  if (at('<!DOCTYPE')) fail('DOCTYPE is not supported');
  const root = element();
  misc();
  if (pos !== xml.length) fail('content after the root element');
  return root;
}

/** Direct children named `name`. */
export function kids(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

/** The testcase's <property> values by name. */
export function properties(el: XmlElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const props of kids(el, 'properties')) {
    for (const p of kids(props, 'property')) out[p.attrs.name ?? ''] = p.attrs.value ?? '';
  }
  return out;
}

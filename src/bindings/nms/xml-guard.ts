/**
 * What an NMS XML body may not contain, found by one linear scan before any parser sees
 * it: a DOCTYPE or other markup declaration (entities, external or expanding), an element
 * named like a JavaScript prototype property (`__proto__`, `constructor`, `prototype`), or
 * elements nested deeper than any NMS body needs. The scan never recurses, so a body of
 * 100,000 nested tags costs one pass and no stack.
 */

/** NMS bodies nest about 6 deep (nmsEventList/nmsEvent/changedObject/flags/flag). */
export const MAX_XML_DEPTH = 32;

const RESERVED_NAMES = new Set(['__proto__', 'constructor', 'prototype']);
const NAME = /[^\s/>]*/y;

/** Index just past `terminator` at or after `from`, or the text's end when it never comes. */
function skipPast(text: string, terminator: string, from: number): number {
  const at = text.indexOf(terminator, from);
  return at < 0 ? text.length : at + terminator.length;
}

/** Index of the `>` closing the tag opened before `from` (quoted values skipped), or -1. */
function tagEnd(text: string, from: number): number {
  let quote = '';
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
  }
  return -1;
}

function elementName(text: string, from: number): string {
  NAME.lastIndex = from;
  const qualified = NAME.exec(text)?.[0] ?? '';
  return qualified.slice(qualified.indexOf(':') + 1);
}

/**
 * Why `text` is refused, or undefined when it may go to the parser (which still judges
 * whether it is well-formed).
 */
export function xmlRefusal(text: string, maxDepth = MAX_XML_DEPTH): string | undefined {
  let depth = 0;
  for (let i = text.indexOf('<'); i >= 0; i = text.indexOf('<', i)) {
    if (text.startsWith('<!--', i)) i = skipPast(text, '-->', i + 4);
    else if (text.startsWith('<![CDATA[', i)) i = skipPast(text, ']]>', i + 9);
    else if (text.startsWith('<?', i)) i = skipPast(text, '?>', i + 2);
    else if (text.startsWith('<!', i)) return 'DOCTYPE and entity declarations are not accepted';
    else if (text[i + 1] === '/') {
      depth -= 1;
      i = skipPast(text, '>', i + 2);
    } else {
      const name = elementName(text, i + 1);
      if (RESERVED_NAMES.has(name)) return `element name ${name} is reserved`;
      const end = tagEnd(text, i + 1);
      if (end < 0) return undefined;
      if (text[end - 1] !== '/' && ++depth > maxDepth)
        return `elements nested deeper than ${maxDepth}`;
      i = end + 1;
    }
  }
  return undefined;
}

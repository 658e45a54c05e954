import { XMLValidator } from 'fast-xml-parser';

// Characters outside XML 1.0's Char production (tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD,
// supplementary planes); with the u flag a lone surrogate matches too.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;
const CHAR_REF = /&#(?:x([0-9a-f]+)|(\d+));/gi;

/**
 * Well-formed XML 1.0, as a strict parser (libxml2, a feed reader) sees it: fast-xml-parser's
 * XMLValidator checks the structure but not which characters may appear, so those are checked
 * here, raw and as character references.
 */
export function xmlProblem(doc: string): string | null {
  const structure = XMLValidator.validate(doc);
  if (structure !== true) return structure.err.msg;
  const raw = NOT_XML_CHAR.exec(doc);
  if (raw) return `character U+${raw[0].codePointAt(0)!.toString(16)} at ${raw.index}`;
  for (const m of doc.matchAll(CHAR_REF)) {
    const code = m[1] !== undefined ? parseInt(m[1], 16) : Number(m[2]);
    if (code > 0x10ffff || NOT_XML_CHAR.test(String.fromCodePoint(code))) return `reference ${m[0]}`;
  }
  return null;
}

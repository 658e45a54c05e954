import { XMLParser } from 'fast-xml-parser';

/** A node of fast-xml-parser's ordered tree: one element name key, attributes under `:@`. */
export type OrderedXmlNode = Record<string, unknown> & { ':@'?: Record<string, string> };

/**
 * The one XML parser configuration for untrusted badge SVGs: no entity processing (callers refuse
 * a DOCTYPE before parsing, and entities are decoded by `decodeXmlText` only), no type coercion,
 * declarations and processing instructions dropped, nesting bounded against stack exhaustion.
 * `trimValues` stays the caller's: baking keeps text as written, the accessible name trims it.
 */
export function hardenedXmlParser(options: { trimValues: boolean }): XMLParser {
  return new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    processEntities: false,
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: options.trimValues,
    ignoreDeclaration: true,
    ignorePiTags: true,
    maxNestedTags: 64,
  });
}

const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five predefined entities and character references; nothing else exists without a DTD. */
export function decodeXmlText(value: string): string {
  return value.replace(
    /&(?:#x([0-9a-fA-F]+)|#(\d+)|(\w+));/g,
    (match, hex?: string, dec?: string, name?: string) => {
      if (name !== undefined) return PREDEFINED[name] ?? match;
      const code = hex !== undefined ? parseInt(hex, 16) : Number(dec);
      return code <= 0x10ffff ? String.fromCodePoint(code) : match;
    },
  );
}

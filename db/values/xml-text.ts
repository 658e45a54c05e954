/**
 * Text for XML 1.0 documents (the Atom feed, SVG badges). XML 1.0 allows only tab, LF, CR,
 * U+0020–U+D7FF, U+E000–U+FFFD and the supplementary planes: one C0 control, U+FFFE/U+FFFF or an
 * unpaired surrogate in a name or reason makes the whole document not well-formed, and a feed
 * reader then shows nothing at all. Such characters cannot be escaped (`&#xFFFF;` is forbidden
 * too), so they are dropped; lone surrogates become U+FFFD, as UTF-8 encoding would write them.
 */

const NOT_XML_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

const SPECIAL: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** `text` without the characters XML 1.0 forbids (C0 controls but tab/LF/CR, U+FFFE, U+FFFF, lone surrogates). */
export function xmlSafe(text: string): string {
  return text.toWellFormed().replace(NOT_XML_CHAR, '');
}

/** `text` made XML-safe and escaped, for character data and quoted attribute values alike. */
export function xmlText(text: string): string {
  return xmlSafe(text).replace(/[&<>"']/g, (c) => SPECIAL[c] as string);
}

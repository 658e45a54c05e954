import { xmlSafe, xmlText } from '../../db/values/xml-text.ts';

/** Longest name we lay out; the badge shows far fewer characters, the ellipsis does the rest. */
const MAX_CODE_POINTS = 160;

/**
 * Control characters, bidi embeddings/overrides/isolates and marks, byte-order marks and
 * noncharacters. None of them has a visible form; overrides could make a name appear reversed,
 * and C0 controls are not even allowed in XML.
 */
const INVISIBLE =
  /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb\ufdd0-\ufdef\ufffe\uffff]/gu;
const SPACES = /[\s\u2028\u2029]+/gu;

/**
 * Makes a user-supplied name safe to show: well-formed Unicode in NFC, no invisible or
 * direction-changing characters, whitespace collapsed, at most a bounded length. The result
 * is still plain text and must be escaped wherever it goes into markup.
 */
export function sanitizeDisplayText(input: string, maxCodePoints = MAX_CODE_POINTS): string {
  const clean = xmlSafe(input)
    .normalize('NFC')
    .replace(SPACES, ' ')
    .replace(INVISIBLE, '')
    .replace(/ {2,}/g, ' ')
    .trim();
  const points = Array.from(clean);
  return points.length > maxCodePoints ? points.slice(0, maxCodePoints).join('') : clean;
}

const STRONG_RTL = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const STRONG = /[\p{L}]/u;

/** Direction of a text by its first strong character, as `dir="auto"` does in HTML. */
export function textDirection(text: string): 'ltr' | 'rtl' {
  for (const ch of text) {
    if (STRONG.test(ch)) return STRONG_RTL.test(ch) ? 'rtl' : 'ltr';
  }
  return 'ltr';
}

/**
 * Escapes text for XML character data and quoted attribute values, dropping what XML 1.0
 * cannot hold at all (the shared rule in db/values/xml-text.ts).
 */
export function escapeXml(text: string): string {
  return xmlText(text);
}

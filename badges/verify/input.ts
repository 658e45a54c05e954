import { KeurmerkError } from '../../db/errors.ts';
import { extractSvgCredentials } from '../render/bake.ts';
import { hardenedXmlParser } from '../render/xml-parser.ts';
import { extractPngCredential, PNG_SIGNATURE } from '../render/png-chunks.ts';
import { DEFAULT_MAX_TOKEN_BYTES } from './jws-format.ts';
import { svgNaming, type SvgNaming } from './accessible-name.ts';
import { svgOverBudget } from './svg-budget.ts';

/** How a credential reached the verifier: a bare token, or baked into an SVG or PNG badge. */
export type BadgeSource = 'jwt' | 'svg' | 'png';

export type ExtractedCredential =
  | {
      ok: true;
      source: BadgeSource;
      token: string;
      /** SVG only: the badge's accessible name as a browser computes it; null when it has none. */
      accessibleName?: string | null;
      /** SVG only, when present: other naming sources of the badge that say something else. */
      otherNames?: string[];
    }
  | { ok: false; source: BadgeSource; detail: string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function text(bytes: Uint8Array): string | null {
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

/** Guesses what a file holds: a PNG by its signature, an SVG by a leading `<`, else a token. */
export function sniffSource(bytes: Uint8Array): BadgeSource {
  if (bytes.length >= 8 && PNG_SIGNATURE.equals(bytes.subarray(0, 8))) return 'png';
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3; // UTF-8 BOM
  while (
    i < bytes.length &&
    (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)
  )
    i++;
  return bytes[i] === 0x3c ? 'svg' : 'jwt';
}

// Runs only after extractSvgCredentials accepted the document (no DOCTYPE, well-formed).
const rootParser = hardenedXmlParser({ trimValues: true });

/** The naming sources of an SVG's root (see accessible-name.ts); no name when it does not parse. */
export function svgNames(svg: string): SvgNaming {
  try {
    return svgNaming(rootParser.parse(svg));
  } catch {
    return { name: null, others: [] };
  }
}

/** The accessible name a browser computes for an SVG badge (aria-labelledby, aria-label, title); null when none. */
export function svgAccessibleName(svg: string): string | null {
  return svgNames(svg).name;
}

function exactlyOne(source: BadgeSource, tokens: string[]): ExtractedCredential {
  if (tokens.length === 0) {
    return {
      ok: false,
      source,
      detail: `The ${source.toUpperCase()} badge carries no Open Badges credential.`,
    };
  }
  if (tokens.length > 1) {
    return {
      ok: false,
      source,
      detail: `The ${source.toUpperCase()} badge carries ${tokens.length} credentials; a baked badge carries exactly one.`,
    };
  }
  return { ok: true, source, token: tokens[0]! };
}

/**
 * The one credential of a token, SVG or PNG file. Malformed input becomes a failed extraction
 * with a readable detail (a `format` failure), never an exception: an SVG with a DOCTYPE or
 * entity declaration is refused before parsing, a PNG with a bad chunk length or CRC is refused.
 */
export function extractCredential(source: BadgeSource, bytes: Uint8Array): ExtractedCredential {
  try {
    if (source === 'png')
      return exactlyOne(
        source,
        // A credential longer than the largest token we verify would be refused anyway, so
        // no more than that is ever inflated, whatever the chunks claim to hold.
        extractPngCredential(
          Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
          DEFAULT_MAX_TOKEN_BYTES,
        ),
      );
    const decoded = text(bytes);
    if (decoded === null) return { ok: false, source, detail: 'The input is not UTF-8 text.' };
    if (source === 'jwt') return { ok: true, source, token: decoded.trim() };
    const svg = decoded.replace(/^\ufeff/, '');
    const tooMuch = svgOverBudget(svg);
    if (tooMuch !== null) return { ok: false, source, detail: tooMuch };
    const one = exactlyOne(source, extractSvgCredentials(svg));
    if (!one.ok) return one;
    const { name, others } = svgNames(svg);
    return { ...one, accessibleName: name, ...(others.length > 0 ? { otherNames: others } : {}) };
  } catch (error) {
    if (error instanceof KeurmerkError) return { ok: false, source, detail: error.message };
    throw error;
  }
}

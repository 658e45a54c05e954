import { XMLValidator } from 'fast-xml-parser';
import { KeurmerkError } from '../../db/errors.ts';
import { escapeXml, sanitizeDisplayText } from './text.ts';
import { decodeXmlText, hardenedXmlParser, type OrderedXmlNode } from './xml-parser.ts';

/** Open Badges 3.0 namespace of the `credential` element in a baked SVG. */
export const OPENBADGES_NS = 'https://purl.imsglobal.org/ob/v3p0';
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
/** Titles name organisation, scheme and status; this only bounds pathological input. */
const MAX_TITLE_CODE_POINTS = 500;

export type SvgBadgeErrorCode =
  'svg_root' | 'svg_already_baked' | 'svg_doctype' | 'svg_malformed' | 'badge_jwt_format';

/** An SVG badge cannot be baked or read. Status 400: on extraction it usually is an upload. */
export class SvgBadgeError extends KeurmerkError {
  constructor(code: SvgBadgeErrorCode, message: string) {
    super(code, message);
    this.name = 'SvgBadgeError';
  }
}

/** Index just past the `>` of the start tag beginning at `start`, skipping quoted values. */
function endOfStartTag(svg: string, start: number): number {
  let quote = '';
  for (let i = start; i < svg.length; i++) {
    const c = svg[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      return i + 1;
    }
  }
  throw new SvgBadgeError('svg_root', 'The SVG root element is not closed.');
}

/**
 * Bakes a rendered badge: `role="img"`, an `aria-label` and a `<title>` (both escaped here, as
 * they carry user text) and, with a JWT, the Open Badges 3.0 namespace on the root and
 * `<openbadges:credential verify="…"/>` as its first child, followed by the title. Input is an
 * SVG from `renderBadgeSvg` (root element first, not yet baked).
 */
export function bakeSvg(svg: string, opts: { jwt: string | null; title: string }): string {
  const { jwt } = opts;
  if (jwt !== null && !COMPACT_JWS.test(jwt)) {
    throw new SvgBadgeError('badge_jwt_format', 'The credential is not a compact JWS.');
  }
  const start = svg.search(/\S/);
  if (!svg.startsWith('<svg', start) || !/[\s>/]/.test(svg[start + 4] ?? '')) {
    throw new SvgBadgeError('svg_root', 'The input does not start with an <svg> element.');
  }
  const end = endOfStartTag(svg, start);
  const startTag = svg.slice(start, end);
  if (startTag.endsWith('/>')) throw new SvgBadgeError('svg_root', 'The SVG is empty.');
  if (/\s(?:role|aria-label|xmlns:openbadges)\s*=/.test(startTag) || svg.includes(':credential')) {
    throw new SvgBadgeError('svg_already_baked', 'The SVG is already baked.');
  }

  const title = escapeXml(sanitizeDisplayText(opts.title, MAX_TITLE_CODE_POINTS));
  const attributes =
    (jwt === null ? '' : ` xmlns:openbadges="${OPENBADGES_NS}"`) + ` role="img" aria-label="${title}"`;
  const children =
    (jwt === null ? '' : `<openbadges:credential verify="${jwt}"/>`) + `<title>${title}</title>`;
  return svg.slice(0, end - 1) + attributes + '>' + children + svg.slice(end);
}

const parser = hardenedXmlParser({ trimValues: false });

/** Namespace URIs of the prefixes declared on an element, on top of those in scope. */
function scopeOf(
  attrs: Record<string, string>,
  outer: ReadonlyMap<string, string>,
): ReadonlyMap<string, string> {
  const declared = Object.keys(attrs).filter((a) => a === 'xmlns' || a.startsWith('xmlns:'));
  if (declared.length === 0) return outer;
  const scope = new Map(outer);
  for (const a of declared) scope.set(a === 'xmlns' ? '' : a.slice(6), decodeXmlText(attrs[a] ?? ''));
  return scope;
}

function collect(nodes: unknown, outer: ReadonlyMap<string, string>, found: string[]): void {
  if (!Array.isArray(nodes)) return;
  for (const node of nodes as OrderedXmlNode[]) {
    const name = Object.keys(node).find((k) => k !== ':@');
    if (name === undefined || name === '#text' || name === '#comment' || name === '__cdata') continue;
    const attrs = node[':@'] ?? {};
    const scope = scopeOf(attrs, outer);
    const colon = name.indexOf(':');
    const prefix = colon < 0 ? '' : name.slice(0, colon);
    const local = colon < 0 ? name : name.slice(colon + 1);
    if (local === 'credential' && scope.get(prefix) === OPENBADGES_NS && attrs['verify'] !== undefined) {
      found.push(decodeXmlText(attrs['verify']));
    }
    collect(node[name], scope, found);
  }
}

/**
 * The `verify` values (VC-JWTs) of every Open Badges 3.0 `credential` element in an SVG, by
 * namespace, not by prefix. A DOCTYPE or entity declaration is refused before parsing, so no
 * entity is ever expanded; malformed XML throws `SvgBadgeError`.
 */
export function extractSvgCredentials(svg: string): string[] {
  if (/<!DOCTYPE|<!ENTITY/i.test(svg)) {
    throw new SvgBadgeError('svg_doctype', 'SVG badges with a DOCTYPE or entity declarations are refused.');
  }
  if (XMLValidator.validate(svg) !== true) {
    throw new SvgBadgeError('svg_malformed', 'The SVG is not well-formed XML.');
  }
  let tree: unknown;
  try {
    tree = parser.parse(svg);
  } catch {
    throw new SvgBadgeError('svg_malformed', 'The SVG is not well-formed XML.');
  }
  const found: string[] = [];
  collect(tree, new Map(), found);
  return found;
}

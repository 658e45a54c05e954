/*
 * The accessible name of an SVG badge, computed as a browser does for `<svg role="img">`
 * (W3C accname 1.2 steps 2B, 2C, 2D and SVG-AAM): `aria-labelledby` first (the text of the
 * referenced elements, in the order listed), else `aria-label`, else the first `<title>` child.
 * A screen reader announces only the first of these that is not empty, but a hostile badge can
 * fill the others with another organisation's name for people and tools that read those, so
 * every naming source present is kept for the badge_subject check.
 */

/** A node of fast-xml-parser's `preserveOrder` tree: `{ tag: children, ':@': attributes }`. */
type Node = Record<string, unknown> & { ':@'?: Record<string, string> };

/** The names an SVG gives itself: the one a browser computes, and any other source that differs. */
export interface SvgNaming {
  /** What a browser announces; null when no naming source has text. */
  name: string | null;
  /** Text of the other naming sources present that differs from `name` (empty when they agree). */
  others: string[];
}

const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the predefined entities and character references (the only ones without a DTD). */
function decodeXmlText(value: string): string {
  return value.replace(
    /&(?:#x([0-9a-fA-F]{1,6})|#(\d{1,7})|(\w+));/g,
    (match, hex?: string, dec?: string, name?: string) => {
      if (name !== undefined) return PREDEFINED[name] ?? match;
      const code = hex !== undefined ? parseInt(hex, 16) : Number(dec);
      return code <= 0x10ffff ? String.fromCodePoint(code) : match;
    },
  );
}

/** Names are compared as browsers present them: entities decoded, white space collapsed. */
const clean = (raw: string): string => decodeXmlText(raw).replace(/\s+/g, ' ').trim();

function tagOf(node: Node): string | undefined {
  return Object.keys(node).find((key) => key !== ':@');
}

function childrenOf(node: Node): Node[] {
  const tag = tagOf(node);
  const children = tag === undefined ? undefined : node[tag];
  return Array.isArray(children) ? (children as Node[]) : [];
}

/**
 * Text content of an element (all descendant text, comments skipped). The shared parser trims
 * each text node, so white space between sibling text nodes is lost ("Voor" + " beeld" reads as
 * "Voorbeeld"); with `trimValues: false` there it would be exact.
 */
function textOf(node: Node): string {
  if (typeof node['#text'] === 'string') return node['#text'];
  if (tagOf(node) === '#comment') return '';
  return childrenOf(node).map(textOf).join('');
}

/** Elements by id, the first in document order winning, as `getElementById` does. */
function indexIds(nodes: Node[], index: Map<string, Node>): Map<string, Node> {
  for (const node of nodes) {
    const id = node[':@']?.['id'];
    if (typeof id === 'string' && !index.has(id)) index.set(id, node);
    indexIds(childrenOf(node), index);
  }
  return index;
}

function labelledByText(root: Node, tree: Node[]): string {
  const ids = (root[':@']?.['aria-labelledby'] ?? '').split(/\s+/).filter((id) => id !== '');
  if (ids.length === 0) return '';
  const index = indexIds(tree, new Map());
  const parts = ids.map((id) => {
    const element = index.get(id);
    if (!element) return '';
    // A referenced element's own aria-label wins over its text (accname step 2C).
    const label = clean(element[':@']?.['aria-label'] ?? '');
    return label !== '' ? label : clean(textOf(element));
  });
  return clean(parts.join(' '));
}

/**
 * The naming sources of the root `<svg>` of a parsed document (fast-xml-parser `preserveOrder`
 * output, attributes unprefixed), in the browser's order of precedence.
 */
export function svgNaming(tree: unknown): SvgNaming {
  const nodes = Array.isArray(tree) ? (tree as Node[]) : [];
  const root = nodes.find((node) => tagOf(node) === 'svg');
  if (!root) return { name: null, others: [] };
  const title = childrenOf(root).find((node) => tagOf(node) === 'title');
  const sources = [
    labelledByText(root, nodes),
    clean(root[':@']?.['aria-label'] ?? ''),
    title ? clean(textOf(title)) : '',
  ].filter((text) => text !== '');
  const name = sources[0] ?? null;
  return { name, others: [...new Set(sources.filter((text) => text !== name))] };
}

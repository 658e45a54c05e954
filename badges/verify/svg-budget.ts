/**
 * The most markup an uploaded SVG badge may carry before it is parsed at all. Our own badges
 * are at most about 30 kB with 110 attributes and 70 tags. Parsing costs about a millisecond
 * per kilobyte here, and a file of 90,000 attributes kept a parsing worker busy for most of a
 * second, taking one of two cores from badge serving; so a file far beyond any real badge is
 * refused after one cheap pass over the text instead.
 */
export const SVG_BUDGET = Object.freeze({ bytes: 128 * 1024, attributes: 4_096, tags: 4_096 });

/**
 * Null when `svg` stays within {@link SVG_BUDGET}, else a readable reason. Counts `=` and `<`:
 * upper bounds of attributes and tags that need no parsing (text may hold either character,
 * which only makes the bound stricter for a file that is no real badge anyway).
 */
export function svgOverBudget(svg: string, budget = SVG_BUDGET): string | null {
  // UTF-16 units: as many as bytes for the ASCII a badge is made of, fewer for other text.
  if (svg.length > budget.bytes)
    return `The SVG is larger than ${budget.bytes / 1024} kB; no badge of this registry is that large.`;
  let equals = 0;
  let opens = 0;
  for (let i = 0; i < svg.length; i++) {
    const c = svg.charCodeAt(i);
    if (c === 61 /* = */ && ++equals > budget.attributes)
      return `The SVG has more than ${budget.attributes} attributes; no badge of this registry has that many.`;
    if (c === 60 /* < */ && ++opens > budget.tags)
      return `The SVG has more than ${budget.tags} tags; no badge of this registry has that many.`;
  }
  return null;
}

/**
 * The most markup an uploaded SVG badge may carry before it is parsed at all. Our own badges
 * hold about 110 attributes and 70 tags; a file with 90,000 attributes kept a parsing worker
 * busy for most of a second (fast-xml-parser slows down with many attributes), so a count far
 * beyond any real badge is refused after one cheap pass over the text instead.
 */
export const SVG_BUDGET = Object.freeze({ attributes: 4_096, tags: 4_096 });

/**
 * Null when `svg` stays within {@link SVG_BUDGET}, else a readable reason. Counts `=` and `<`:
 * upper bounds of attributes and tags that need no parsing (text may hold either character,
 * which only makes the bound stricter for a file that is no real badge anyway).
 */
export function svgOverBudget(svg: string, budget = SVG_BUDGET): string | null {
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

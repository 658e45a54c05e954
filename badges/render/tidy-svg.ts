/**
 * Markup satori emits that draws nothing, removed after path compaction (about 0.85 kB raw and
 * 90 bytes brotli of a badge). Only exact patterns are touched, and the rasterised badge stays
 * the same pixel for pixel (tests/unit/badges/render/render-svg.test.ts):
 *
 * - `x`, `y`, `width` and `height` on `<path>`: not attributes of a path, ignored by renderers;
 * - masks that nothing refers to (satori defines one per box with a border or overflow).
 *
 * Left alone on purpose: a text line's mask duplicates its clip rectangle, but dropping it moves
 * some anti-aliased pixels by one step in librsvg.
 */

const PATH_TAG = /<path\b[^>]*>/g;
const PATH_GEOMETRY = / (?:x|y|width|height)="[^"]*"/g;
const MASK = /<mask id="([^"]+)">.*?<\/mask>/g;

export function tidySvg(svg: string): string {
  const withoutGeometry = svg.replace(PATH_TAG, (tag) => tag.replace(PATH_GEOMETRY, ''));
  return withoutGeometry.replace(MASK, (mask, id: string) =>
    withoutGeometry.includes(`url(#${id})`) ? mask : '',
  );
}

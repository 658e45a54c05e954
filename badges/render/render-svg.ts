import satori, { type Font } from 'satori';
import { BadgeComponent } from './badge-component.ts';
import { compactSvgPaths } from './compact-paths.ts';
import { BADGE_SIZES, type BadgeView } from './badge-view.ts';
import { loadBadgeFonts } from './fonts.ts';

/**
 * Renders a badge to an SVG string (not yet baked: see `bakeSvg`). Text is drawn as paths, so
 * the image looks the same everywhere and user text never appears as markup. Deterministic:
 * the same view and fonts give the same bytes. `fonts` defaults to the bundled ones.
 */
export async function renderBadgeSvg(view: BadgeView, fonts?: readonly Font[]): Promise<string> {
  const { width, height } = BADGE_SIZES[view.size];
  const svg = await satori(BadgeComponent(view), {
    width,
    height,
    fonts: [...(fonts ?? (await loadBadgeFonts()))],
  });
  return compactSvgPaths(svg);
}

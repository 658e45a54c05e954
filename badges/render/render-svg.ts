import satori, { type Font } from 'satori';
import { BadgeComponent } from './badge-component.ts';
import { BADGE_SIZES, type BadgeView } from './badge-view.ts';
import { compactSvgPaths } from './compact-paths.ts';
import { tidySvg } from './tidy-svg.ts';
import { loadBadgeFonts } from './fonts.ts';

async function draw(view: BadgeView, fonts: readonly Font[], missing: Set<string>): Promise<string> {
  const { width, height } = BADGE_SIZES[view.size];
  // Satori types its input as a React node; the plain element objects are what it reads.
  const element = BadgeComponent(view) as unknown as Parameters<typeof satori>[0];
  return satori(element, {
    width,
    height,
    fonts: [...fonts],
    // Called with the characters none of the fonts has (CJK, Thai, emoji, …).
    loadAdditionalAsset: async (_code: string, segment: string) => {
      for (const ch of segment) missing.add(ch);
      return [];
    },
  });
}

/**
 * Renders a badge to an SVG string (not yet baked: see `bakeSvg`). Text is drawn as paths, so
 * the image looks the same everywhere and user text never appears as markup. Characters no
 * badge font can draw are left out rather than shown as empty boxes (the baked title still
 * names the organisation in full). Deterministic: the same view and fonts give the same
 * bytes. `fonts` defaults to the bundled ones.
 */
export async function renderBadgeSvg(view: BadgeView, fonts?: readonly Font[]): Promise<string> {
  return tidySvg(await drawBadgeSvg(view, fonts));
}

/** `renderBadgeSvg` before `tidySvg`: for the test that both rasterise to the same pixels. */
export async function drawBadgeSvg(view: BadgeView, fonts?: readonly Font[]): Promise<string> {
  const loaded = fonts ?? (await loadBadgeFonts());
  const missing = new Set<string>();
  let svg = await draw(view, loaded, missing);
  if (missing.size > 0) {
    const drawable = (text: string): string =>
      Array.from(text)
        .filter((ch) => !missing.has(ch))
        .join('');
    const retry = {
      ...view,
      organisationName: drawable(view.organisationName),
      schemeName: drawable(view.schemeName),
      registryHost: drawable(view.registryHost),
    };
    svg = await draw(retry, loaded, new Set());
  }
  return compactSvgPaths(svg);
}

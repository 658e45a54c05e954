import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Font as FontOptions } from 'satori';

/**
 * The font files a badge is drawn with, in fallback order. Satori tries the families listed in
 * `fontFamily` first and then every other loaded font in the order given here, per glyph.
 *
 * Inter covers Latin (incl. latin-ext and Vietnamese accents), Greek and Cyrillic; Noto Sans
 * Arabic and Hebrew cover right-to-left names. Each fontsource subset is its own file with its
 * own family name: satori ignores a second file registered under a name and weight it already
 * has, so the subsets must not share a name. WOFF rather than WOFF2: every satori version
 * reads it.
 */
const FONT_FILES: ReadonlyArray<{
  name: string;
  pkg: string;
  file: (weight: 400 | 700) => string;
  weights?: ReadonlyArray<400 | 700>;
}> = [
  { name: 'Inter', pkg: '@fontsource/inter', file: (w) => `inter-latin-${w}-normal.woff` },
  { name: 'Inter Ext', pkg: '@fontsource/inter', file: (w) => `inter-latin-ext-${w}-normal.woff` },
  { name: 'Inter Viet', pkg: '@fontsource/inter', file: (w) => `inter-vietnamese-${w}-normal.woff` },
  { name: 'Inter Greek', pkg: '@fontsource/inter', file: (w) => `inter-greek-${w}-normal.woff` },
  { name: 'Inter Cyrl', pkg: '@fontsource/inter', file: (w) => `inter-cyrillic-${w}-normal.woff` },
  {
    name: 'Noto Arabic',
    pkg: '@fontsource/noto-sans-arabic',
    file: (w) => `noto-sans-arabic-arabic-${w}-normal.woff`,
    // The bold file draws a final teh marbuta (ـة) without its dots, which changes the word;
    // satori synthesises bold from the regular face correctly.
    weights: [400],
  },
  {
    name: 'Noto Hebrew',
    pkg: '@fontsource/noto-sans-hebrew',
    file: (w) => `noto-sans-hebrew-hebrew-${w}-normal.woff`,
  },
];

/** The primary family; the others are fallbacks. */
export const BADGE_FONT_FAMILY = 'Inter';

const require = createRequire(import.meta.url);
let cached: Promise<readonly FontOptions[]> | undefined;

/**
 * Loads the badge fonts once per process (the promise is cached; a failed load is not, so a
 * later call retries). This is the only I/O of badge rendering.
 */
export function loadBadgeFonts(): Promise<readonly FontOptions[]> {
  cached ??= readAll().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

async function readAll(): Promise<readonly FontOptions[]> {
  const jobs = FONT_FILES.flatMap(({ name, pkg, file, weights = [400, 700] }) =>
    weights.map(async (weight): Promise<FontOptions> => {
      const data = await readFile(require.resolve(`${pkg}/files/${file(weight)}`));
      return { name, data, weight, style: 'normal' };
    }),
  );
  return Object.freeze(await Promise.all(jobs));
}

import { embedSnippets, type EmbedSnippets } from '../../../badges/serve/embed-snippet.ts';
import {
  BADGE_LANGS,
  BADGE_SIZE_NAMES,
  BADGE_SIZES,
  BADGE_THEMES,
  type BadgeLang,
  type BadgeSize,
  type BadgeTheme,
} from '../../../badges/render/badge-view.ts';

export interface BadgeVariant {
  theme: BadgeTheme;
  lang: BadgeLang;
  size: BadgeSize;
  width: number;
  height: number;
  /** The live badge, relative to this site (the preview `<img>`). */
  src: string;
}

const pick = <T extends string>(value: string | null, values: readonly T[], fallback: T): T =>
  value && (values as readonly string[]).includes(value) ? (value as T) : fallback;

function variant(publicId: string, theme: BadgeTheme, lang: BadgeLang, size: BadgeSize): BadgeVariant {
  return {
    theme,
    lang,
    size,
    ...BADGE_SIZES[size],
    src: `/badges/${publicId}.svg?theme=${theme}&lang=${lang}&size=${size}`,
  };
}

/** Every variant a badge comes in (theme × language × size), for the preview gallery. */
export function allVariants(publicId: string): BadgeVariant[] {
  return BADGE_THEMES.flatMap((theme) =>
    BADGE_LANGS.flatMap((lang) => BADGE_SIZE_NAMES.map((size) => variant(publicId, theme, lang, size))),
  );
}

/**
 * The variant chosen in the page's query (`theme`, `badgeLang`, `size`; unknown values fall back
 * to light, the page's language, medium) and its snippets, built by the one snippet builder.
 */
export function chosenVariant(
  search: URLSearchParams,
  input: { publicUrl: string; publicId: string; alt: string; pageLang: BadgeLang },
): { variant: BadgeVariant; snippets: EmbedSnippets } {
  const theme = pick(search.get('theme'), BADGE_THEMES, 'light');
  const lang = pick(search.get('badgeLang'), BADGE_LANGS, input.pageLang);
  const size = pick(search.get('size'), BADGE_SIZE_NAMES, 'm');
  return {
    variant: variant(input.publicId, theme, lang, size),
    snippets: embedSnippets({
      publicUrl: input.publicUrl,
      publicId: input.publicId,
      alt: input.alt,
      lang,
      size,
      theme,
    }),
  };
}

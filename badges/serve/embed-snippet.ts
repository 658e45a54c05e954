import { BADGE_SIZES, type BadgeLang, type BadgeSize, type BadgeTheme } from '../render/badge-view.ts';

export interface EmbedSnippets {
  /** `<a href=verify><img …></a>`: the badge links to the live verification page. */
  html: string;
  /** The same with a `<picture>` that switches to the dark badge for dark colour schemes. */
  picture: string;
  /** PNG for e-mail signatures (mail clients do not show SVG). */
  emailHtml: string;
  /** Markdown (READMEs, wikis): the badge image linked to the verify page. */
  markdown: string;
  svgUrl: string;
  pngUrl: string;
  verifyUrl: string;
}

function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Link text in Markdown: backslash, brackets and line breaks would end or bend it. */
function escapeMarkdown(value: string): string {
  return value.replace(/[\\[\]]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ');
}

/**
 * HTML a member pastes into its website. An `<img>` cannot carry a link, so it is wrapped in an
 * `<a>` to the verify page; alt, width and height are always set so nothing shifts or goes unnamed.
 */
export function embedSnippets(input: {
  publicUrl: string;
  publicId: string;
  /** The accessible name, e.g. "Example B.V. — KSF Service Promises: certified". */
  alt: string;
  lang: BadgeLang;
  size?: BadgeSize;
  /** The theme of the plain and e-mail snippets (the `<picture>` one always offers both). */
  theme?: BadgeTheme;
}): EmbedSnippets {
  const size = input.size ?? 'm';
  const { width, height } = BADGE_SIZES[size];
  const base = `${input.publicUrl}/badges/${input.publicId}`;
  const query = (theme: string) => `?theme=${theme}&amp;lang=${input.lang}&amp;size=${size}`;
  const theme = input.theme ?? 'light';
  const svgUrl = `${base}.svg${query(theme)}`;
  const lightUrl = `${base}.svg${query('light')}`;
  const darkUrl = `${base}.svg${query('dark')}`;
  const pngUrl = `${base}.png${query(theme)}`;
  const verifyUrl = `${input.publicUrl}/verify/${input.publicId}`;
  const alt = escapeAttr(input.alt);
  const img = (src: string) => `<img src="${src}" alt="${alt}" width="${width}" height="${height}">`;
  return {
    html: `<a href="${verifyUrl}">${img(svgUrl)}</a>`,
    picture:
      `<a href="${verifyUrl}"><picture>` +
      `<source srcset="${darkUrl}" media="(prefers-color-scheme: dark)">${img(lightUrl)}</picture></a>`,
    emailHtml: `<a href="${verifyUrl}">${img(pngUrl)}</a>`,
    // Markdown has no escaping of its own for a URL; ours never hold spaces or brackets.
    markdown: `[![${escapeMarkdown(input.alt)}](${svgUrl.replaceAll('&amp;', '&')})](${verifyUrl})`,
    svgUrl: svgUrl.replaceAll('&amp;', '&'),
    pngUrl: pngUrl.replaceAll('&amp;', '&'),
    verifyUrl,
  };
}

import type { AstroGlobal } from 'astro';

/** The socket peer of a page request; null where Astro cannot tell (it throws then, e.g. prerendering). */
export function clientAddress(astro: Pick<AstroGlobal, 'clientAddress'>): string | null {
  try {
    return astro.clientAddress;
  } catch {
    return null;
  }
}

import type { AstroGlobal } from 'astro';

/** Whether the signed-in member is an owner of the organisation (the owner forms are shown). */
export function isOwner(astro: Pick<AstroGlobal, 'locals'>, slug: string): boolean {
  return astro.locals.member?.memberships.some((m) => m.slug === slug && m.role === 'owner') ?? false;
}

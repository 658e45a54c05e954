import type { Language } from '../../db/vocabulary.ts';
import { newSecret } from '../auth/secrets.ts';

/** A new one-time link secret (`kml_…`, 256 random bits); the database keeps only its hash. */
export const newLinkToken = (): string => newSecret('kml');

/** The portal path in a language (Dutch has no prefix, as on the public site). */
export function memberPath(language: Language, rest = ''): string {
  return `${language === 'nl' ? '' : `/${language}`}/member${rest}`;
}

/**
 * The address of a one-time link. Its page shows one button: following the link (or a mail
 * scanner prefetching it) changes nothing until the person presses it.
 */
export function linkUrl(publicUrl: string, language: Language, token: string): string {
  return `${publicUrl.replace(/\/$/, '')}${memberPath(language, '/link')}?token=${encodeURIComponent(token)}`;
}

/** The host named in messages and Message-IDs. */
export const registryHost = (publicUrl: string): string => new URL(publicUrl).host;

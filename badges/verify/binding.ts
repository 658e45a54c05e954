import type { VerificationCheck } from './checks.ts';
import { sanitizeDisplayText } from '../render/text.ts';

// bake.ts bounds the accessible name to this many code points.
const MAX_TITLE_CODE_POINTS = 500;

/**
 * The organisation a credential was issued to, from its signed `name`, which the registry writes
 * as `${achievement.name}: ${organisation name}`; undefined when it does not have that shape.
 */
export function organisationNameOf(payload: Record<string, unknown>): string | undefined {
  const name = payload['name'];
  const subject = payload['credentialSubject'] as { achievement?: { name?: unknown } } | undefined;
  const scheme = subject?.achievement?.name;
  if (typeof name !== 'string' || typeof scheme !== 'string' || !name.startsWith(`${scheme}: `))
    return undefined;
  return name.slice(scheme.length + 2);
}

/**
 * The `badge_subject` check of an SVG badge: its accessible name (which the registry writes as
 * `${organisation} — ${scheme}: ${status}`) must name the organisation the credential belongs to,
 * as signed in the credential or as the registry holds it now, and so must every other naming
 * source the badge carries (`otherNames`: aria-labelledby text, aria-label, title). This exposes a
 * valid credential of organisation A baked into a badge that names organisation B anywhere. A PNG
 * carries no text to compare, and the artwork of either is outlines: only the registry's own
 * rendering of the certification is authoritative.
 */
export function checkBadgeSubject(
  accessibleName: string | null,
  candidates: ReadonlyArray<string | undefined>,
  otherNames: readonly string[] = [],
): VerificationCheck {
  const names = candidates.filter((n): n is string => typeof n === 'string' && n.trim() !== '');
  if (accessibleName === null) {
    return {
      name: 'badge_subject',
      ok: false,
      detail:
        'The SVG badge does not name its organisation (no aria-labelledby, aria-label or title), so it cannot be tied to its credential.',
    };
  }
  const holderOf = (shown: string): string | undefined => {
    const label = sanitizeDisplayText(shown, MAX_TITLE_CODE_POINTS);
    return names.find((n) => label.startsWith(`${sanitizeDisplayText(n, MAX_TITLE_CODE_POINTS)} — `));
  };
  const match = holderOf(accessibleName);
  const stranger = [accessibleName, ...otherNames].find((shown) => holderOf(shown) === undefined);
  if (match && stranger === undefined)
    return {
      name: 'badge_subject',
      ok: true,
      detail: `The badge names ${match}, the holder of the credential.`,
    };
  const shown =
    sanitizeDisplayText(stranger ?? accessibleName, MAX_TITLE_CODE_POINTS)
      .split(' — ')[0]
      ?.slice(0, 200) ?? '';
  return {
    name: 'badge_subject',
    ok: false,
    detail: `The badge names "${shown}", but its credential belongs to "${names[0] ?? 'another organisation'}".`,
  };
}

import { BADGE_FONT_FAMILY } from './fonts.ts';
import { badgeTexts, formatBadgeDate } from './i18n.ts';
import { BADGE_SIZES, type BadgeSize, type BadgeView } from './badge-view.ts';
import { badgeIcon } from './badge-icon.ts';
import { el, type SatoriElement, type Style } from './element.ts';
import { PALETTES, STATE_LOOK } from './theme.ts';
import { sanitizeDisplayText, textDirection } from './text.ts';

export type { BadgeView } from './badge-view.ts';
export type { SatoriElement } from './element.ts';

interface Metrics {
  padding: number;
  gap: number;
  radius: number;
  icon: number;
  /** [fontSize, lineHeight] per line. */
  scheme: readonly [number, number];
  name: readonly [number, number];
  status: readonly [number, number];
  /** Validity and "check at". */
  small: readonly [number, number];
  /** Small badges put the validity on the status line instead of a line of its own. */
  compact: boolean;
}

const METRICS: Readonly<Record<BadgeSize, Metrics>> = {
  s: {
    padding: 7,
    gap: 8,
    radius: 6,
    icon: 24,
    scheme: [10, 13],
    name: [12, 15],
    status: [11, 14],
    small: [10, 13],
    compact: true,
  },
  m: {
    padding: 11,
    gap: 10,
    radius: 8,
    icon: 36,
    scheme: [11, 14],
    name: [14, 18],
    status: [12, 15],
    small: [11, 14],
    compact: false,
  },
  l: {
    padding: 14,
    gap: 12,
    radius: 10,
    icon: 44,
    scheme: [12, 16],
    name: [17, 22],
    status: [14, 18],
    small: [12, 16],
    compact: false,
  },
};

/** One line of text, cut with an ellipsis when it does not fit. */
function line(text: string, [fontSize, lineHeight]: readonly [number, number], style: Style): SatoriElement {
  return el(
    'div',
    {
      display: 'block',
      whiteSpace: 'nowrap',
      overflow: 'hidden',
      textOverflow: 'ellipsis',
      fontSize,
      lineHeight: `${lineHeight}px`,
      height: lineHeight,
      ...style,
    },
    text,
  );
}

/**
 * The badge: an icon disc (check only when certified) and up to five lines — scheme,
 * organisation, status, validity or "not certified", and "check at {registry}". Pure: the same
 * view gives the same element tree.
 */
export function BadgeComponent(view: BadgeView): SatoriElement {
  const { width, height } = BADGE_SIZES[view.size];
  const m = METRICS[view.size];
  const palette = PALETTES[view.theme];
  const look = STATE_LOOK[view.state];
  const tone = palette.tones[look.tone];
  const texts = badgeTexts(view.lang);

  const name = sanitizeDisplayText(view.organisationName);
  const scheme = sanitizeDisplayText(view.schemeName);
  const host = sanitizeDisplayText(view.registryHost);
  const status = texts.status[view.state];
  const date = view.validUntil ? formatBadgeDate(view.validUntil, view.lang) : '';
  // Small badges have one line for status and detail: there, "not certified" does not fit next
  // to every status word, and the cross and colour already say it.
  const detail =
    view.state === 'active'
      ? date && (m.compact ? texts.until(date) : texts.validUntil(date))
      : view.state === 'not_found' || m.compact
        ? ''
        : texts.notCertified;

  // A right-to-left name is laid out and aligned right-to-left, like `dir="auto"`: an ellipsis
  // then cuts its end, on the left. (Satori clips the start of RTL text aligned left.)
  const direction = textDirection(name);
  // "Not certified" is part of the status, so it takes the status colour; a validity date does not.
  const detailColor = view.state === 'active' ? palette.muted : tone.status;
  const lines: SatoriElement[] = [];
  if (scheme) lines.push(line(scheme, m.scheme, { color: palette.muted }));
  if (name) lines.push(line(name, m.name, { color: palette.text, fontWeight: 700, direction }));
  if (m.compact && detail) {
    lines.push(
      el('div', { display: 'flex', gap: 4, height: m.status[1] }, [
        line(status, m.status, { color: tone.status, fontWeight: 700, flexShrink: 0 }),
        line('·', m.status, { color: palette.muted, flexShrink: 0 }),
        line(detail, m.status, { color: palette.muted }),
      ]),
    );
  } else {
    lines.push(line(status, m.status, { color: tone.status, fontWeight: 700 }));
    if (detail) lines.push(line(detail, m.small, { color: detailColor }));
  }
  if (host) lines.push(line(texts.checkAt(host), m.small, { color: palette.muted }));

  return el(
    'div',
    {
      display: 'flex',
      alignItems: 'center',
      boxSizing: 'border-box',
      width,
      height,
      padding: m.padding,
      gap: m.gap,
      backgroundColor: tone.background,
      border: `1px solid ${tone.border}`,
      borderRadius: m.radius,
      fontFamily: BADGE_FONT_FAMILY,
    },
    [
      badgeIcon(look.icon, m.icon, tone.icon, tone.iconGlyph),
      el(
        'div',
        { display: 'flex', flexDirection: 'column', justifyContent: 'center', flexGrow: 1, minWidth: 0 },
        lines,
      ),
    ],
  );
}

import { el, type SatoriElement } from './element.ts';
import type { BadgeIcon } from './theme.ts';

/** Strokes of each icon, as line segments in a unit square (the disc). */
const ICON_STROKES: Readonly<Record<BadgeIcon, ReadonlyArray<readonly [number, number, number, number]>>> = {
  check: [
    [0.29, 0.52, 0.44, 0.67],
    [0.44, 0.67, 0.72, 0.36],
  ],
  cross: [
    [0.33, 0.33, 0.67, 0.67],
    [0.33, 0.67, 0.67, 0.33],
  ],
  dash: [[0.3, 0.5, 0.7, 0.5]],
};

/** A rounded bar from (x1, y1) to (x2, y2): a box centred on the segment, rotated onto it. */
function stroke(x1: number, y1: number, x2: number, y2: number, width: number, color: string): SatoriElement {
  const length = Math.hypot(x2 - x1, y2 - y1) + width;
  const angle = (Math.atan2(y2 - y1, x2 - x1) * 180) / Math.PI;
  const round = (n: number): number => Math.round(n * 100) / 100;
  return el('div', {
    position: 'absolute',
    left: round((x1 + x2) / 2 - length / 2),
    top: round((y1 + y2) / 2 - width / 2),
    width: round(length),
    height: width,
    borderRadius: width / 2,
    backgroundColor: color,
    transform: `rotate(${round(angle)}deg)`,
  });
}

/** The status icon: a disc with a check, a cross or a dash drawn from rotated bars. */
export function badgeIcon(kind: BadgeIcon, size: number, disc: string, glyph: string): SatoriElement {
  const width = Math.max(2, Math.round(size / 9));
  return el(
    'div',
    {
      display: 'flex',
      position: 'relative',
      flexShrink: 0,
      width: size,
      height: size,
      borderRadius: size / 2,
      backgroundColor: disc,
    },
    ICON_STROKES[kind].map(([x1, y1, x2, y2]) =>
      stroke(x1 * size, y1 * size, x2 * size, y2 * size, width, glyph),
    ),
  );
}

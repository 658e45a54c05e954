import fc from 'fast-check';
import satori from 'satori';
import { beforeAll, describe, expect, it } from 'vitest';
import { BadgeComponent } from '../../../../badges/render/badge-component.ts';
import { compactPathData, compactSvgPaths } from '../../../../badges/render/compact-paths.ts';
import { loadBadgeFonts } from '../../../../badges/render/fonts.ts';

type Segment = { kind: 'M' | 'L' | 'Q' | 'Z'; points: number[] };

/** Independent reader for absolute and relative M/L/Q/T/Z data, to absolute segments in tenths. */
function absolute(d: string): Segment[] {
  const tokens = d.match(/[MmLlQqTtZz]|-?(?:\d+\.?\d*|\.\d+)/g) ?? [];
  const out: Segment[] = [];
  let [x, y, sx, sy, cx, cy] = [0, 0, 0, 0, 0, 0];
  let cmd = '';
  let prev = '';
  let i = 0;
  const num = (): number => Math.round(Number(tokens[i++]) * 10);
  while (i < tokens.length) {
    if (/[a-z]/i.test(tokens[i] as string)) cmd = tokens[i++] as string;
    else if (cmd === 'M') cmd = 'L';
    else if (cmd === 'm') cmd = 'l';
    const rel = cmd === cmd.toLowerCase();
    const [ox, oy] = rel ? [x, y] : [0, 0];
    switch (cmd.toUpperCase()) {
      case 'M':
        [x, y] = [ox + num(), oy + num()];
        [sx, sy] = [x, y];
        out.push({ kind: 'M', points: [x, y] });
        break;
      case 'L':
        [x, y] = [ox + num(), oy + num()];
        out.push({ kind: 'L', points: [x, y] });
        break;
      case 'Q':
        [cx, cy] = [ox + num(), oy + num()];
        [x, y] = [ox + num(), oy + num()];
        out.push({ kind: 'Q', points: [cx, cy, x, y] });
        break;
      case 'T':
        [cx, cy] = /[QqTt]/.test(prev) ? [2 * x - cx, 2 * y - cy] : [x, y];
        [x, y] = [ox + num(), oy + num()];
        out.push({ kind: 'Q', points: [cx, cy, x, y] });
        break;
      case 'Z':
        [x, y] = [sx, sy];
        out.push({ kind: 'Z', points: [] });
        break;
      default:
        throw new Error(`unexpected ${cmd}`);
    }
    prev = cmd;
  }
  return out;
}

/** Drops the zero-length lines satori writes after curves, as the compactor does. */
function withoutZeroLines(segments: Segment[]): Segment[] {
  const out: Segment[] = [];
  let [x, y] = [0, 0];
  let start = [0, 0];
  for (const s of segments) {
    if (s.kind === 'L' && s.points[0] === x && s.points[1] === y) continue;
    out.push(s);
    if (s.kind === 'M') start = s.points;
    [x, y] =
      s.kind === 'Z' ? [start[0] as number, start[1] as number] : (s.points.slice(-2) as [number, number]);
  }
  return out;
}

function expectSameOutline(original: string, compact: string): void {
  const a = withoutZeroLines(absolute(original));
  const b = absolute(compact);
  expect(b.map((s) => s.kind)).toEqual(a.map((s) => s.kind));
  a.forEach((s, k) => {
    const t = b[k] as Segment;
    if (s.kind === 'Q') {
      // End points are exact; a control point may move by one tenth (the `t` shorthand).
      expect(t.points.slice(2)).toEqual(s.points.slice(2));
      expect(Math.abs((t.points[0] as number) - (s.points[0] as number))).toBeLessThanOrEqual(1);
      expect(Math.abs((t.points[1] as number) - (s.points[1] as number))).toBeLessThanOrEqual(1);
    } else {
      expect(t.points).toEqual(s.points);
    }
  });
}

describe('compactPathData', () => {
  it('keeps the outline of real satori text', async () => {
    const fonts = [...(await loadBadgeFonts())];
    const svg = await satori(
      BadgeComponent({
        organisationName: 'Société Générale — Ωmega Кириллица שלום شركة',
        schemeName: 'KSF service promises',
        state: 'active',
        validUntil: new Date('2027-01-01T00:00:00Z'),
        registryHost: 'keurmerk.example',
        lang: 'fr',
        theme: 'light',
        size: 'l',
      }) as never,
      { width: 360, height: 120, fonts },
    );
    const paths = [...svg.matchAll(/ d="(M[\d. ]+[LQ][^"]*)"/g)].map((m) => m[1] as string);
    expect(paths.length).toBeGreaterThan(3);
    for (const d of paths) expectSameOutline(d, compactPathData(d));
    expect(compactSvgPaths(svg).length).toBeLessThan(svg.length / 2);
  });

  it('keeps random outlines', () => {
    // Small values make ".5"-style numbers and accidental smooth curves (`t`) common.
    const coord = fc
      .oneof(fc.integer({ min: -12, max: 12 }), fc.integer({ min: -5000, max: 5000 }))
      .map((n) => n / 10);
    const segment = fc.oneof(
      fc.tuple(coord, coord).map(([x, y]) => `L${x} ${y}`),
      fc.tuple(coord, coord, coord, coord).map(([a, b, c, d]) => `Q${a} ${b} ${c} ${d}`),
      fc.constant('Z'),
    );
    const path = fc
      .tuple(coord, coord, fc.array(fc.tuple(fc.boolean(), coord, coord, segment), { maxLength: 40 }))
      .map(
        ([x, y, rest]) =>
          `M${x} ${y}` + rest.map(([move, mx, my, s]) => (move ? `M${mx} ${my}` : '') + s).join(''),
      );
    fc.assert(
      fc.property(path, (d) => expectSameOutline(d, compactPathData(d))),
      { numRuns: 500 },
    );
  });

  it('leaves anything but plain text outlines alone', () => {
    for (const d of [
      'M10,0 h340 a10,10 0 0 1 10,10',
      'M2.9290000000000003,2.9 L3 4',
      'M1 2 C3 4 5 6 7 8',
      'L1 2',
      'M1e3 2',
      'M1 2 L3',
      '',
    ]) {
      expect(compactPathData(d)).toBe(d);
    }
  });
});

beforeAll(async () => {
  await loadBadgeFonts();
});

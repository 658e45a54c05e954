import { memoise } from '../serve/memo.ts';

/**
 * Satori draws text as absolute `M/L/Q/Z` path data with one decimal and a zero-length `L` after
 * every curve. Rewritten with relative coordinates, a glyph that occurs twice becomes nearly the
 * same string twice, which gzip and brotli then store once; smooth curves drop their implied
 * control point. The badge shrinks to about a third (gzipped), and no point of the outline moves
 * by more than 0.05 px. Paths with other commands or finer numbers are left alone.
 */

const M = 77;
const L = 76;
const Q = 81;
const Z = 90;
const [m, l, q, t, z] = [109, 108, 113, 116, 122];

/**
 * Reads `M/L/Q/Z` path data one number at a time, in whole tenths of a pixel. `next()` returns
 * a command letter's code, `NUMBER` with the value in `value`, `END`, or `INVALID` for anything
 * satori does not emit for text (other commands, two decimals, exponents).
 */
const NUMBER = -1;
const END = -2;
const INVALID = -3;

class PathReader {
  value = 0;
  private i = 0;
  private readonly d: string;
  constructor(d: string) {
    this.d = d;
  }

  next(): number {
    const d = this.d;
    const n = d.length;
    let c = d.charCodeAt(this.i);
    while (c === 32 || c === 44) c = d.charCodeAt(++this.i);
    if (this.i >= n) return END;
    if (c === M || c === L || c === Q || c === Z) {
      this.i++;
      return c;
    }
    let sign = 1;
    if (c === 45) {
      sign = -1;
      c = d.charCodeAt(++this.i);
    }
    let whole = 0;
    let digits = 0;
    while (c >= 48 && c <= 57) {
      whole = whole * 10 + c - 48;
      digits++;
      c = d.charCodeAt(++this.i);
    }
    let tenth = 0;
    if (c === 46) {
      tenth = d.charCodeAt(++this.i) - 48;
      if (!(tenth >= 0 && tenth <= 9)) return INVALID;
      c = d.charCodeAt(++this.i);
      if ((c >= 48 && c <= 57) || c === 46 || c === 101 || c === 69) return INVALID;
    } else if (digits === 0 || c === 101 || c === 69) {
      return INVALID;
    }
    this.value = sign * (whole * 10 + tenth);
    return NUMBER;
  }
}

/** Shortest SVG form of a number of tenths: 5 → ".5", -12 → "-1.2", 30 → "3". */
function formatTenths(tenths: number): string {
  const abs = Math.abs(tenths);
  const whole = Math.floor(abs / 10);
  const frac = abs % 10;
  const body = frac === 0 ? String(whole) : whole === 0 ? `.${frac}` : `${whole}.${frac}`;
  return tenths < 0 ? `-${body}` : body;
}

/** Relative coordinates of glyphs are small: their text is looked up, not built. */
const TABLE_LIMIT = 2048;
const FORMATTED = Array.from({ length: 2 * TABLE_LIMIT + 1 }, (_, i) => formatTenths(i - TABLE_LIMIT));

/**
 * Writes path data. The separator between numbers is left out where the grammar does not need
 * it: before a minus sign, and before ".5" when the previous number already has a dot.
 */
class PathWriter {
  out = '';
  /** 0: after a letter; 1: after a number without dot; 2: after a number with a dot. */
  private last = 0;

  letter(code: number): void {
    this.out += String.fromCharCode(code);
    this.last = 0;
  }

  number(tenths: number): void {
    const text =
      tenths > -TABLE_LIMIT && tenths < TABLE_LIMIT
        ? (FORMATTED[tenths + TABLE_LIMIT] as string)
        : formatTenths(tenths);
    const first = text.charCodeAt(0);
    const separate = this.last !== 0 && first !== 45 && !(first === 46 && this.last === 2);
    this.out += separate ? ' ' + text : text;
    this.last = tenths % 10 === 0 ? 1 : 2;
  }
}

/** Rewrites one path's data, or returns it unchanged when it is not a plain text outline. */
export function compactPathData(d: string): string {
  const reader = new PathReader(d);
  const out = new PathWriter();
  // The last command written, as its letter's code (0: none yet).
  let command = 0;
  let x = 0;
  let y = 0;
  let startX = 0;
  let startY = 0;
  // The control point of the last curve as a renderer sees it, for `t`.
  let controlX = 0;
  let controlY = 0;
  const emit = (next: number): void => {
    // Repeated commands need no letter; neither do line pairs right after a relative move.
    if (next === z || !(next === command || (next === l && command === m))) out.letter(next);
    command = next;
  };
  const args = [0, 0, 0, 0];
  let token = reader.next();
  while (token !== END) {
    const letter = token;
    if (letter !== M && letter !== L && letter !== Q && letter !== Z) return d;
    if (command === 0 && letter !== M) return d;
    token = reader.next();
    if (letter === Z) {
      emit(z);
      x = startX;
      y = startY;
      continue;
    }
    const arity = letter === Q ? 4 : 2;
    // One command letter may carry several coordinate groups.
    for (let group = 0; token === NUMBER; group++) {
      for (let k = 0; k < arity; k++) {
        if (token !== NUMBER) return d;
        args[k] = reader.value;
        token = reader.next();
      }
      const ax = args[0] as number;
      const ay = args[1] as number;
      if (letter === M && group === 0) {
        if (command === 0) {
          out.letter(M);
          out.number(ax);
          out.number(ay);
          command = M;
        } else {
          emit(m);
          out.number(ax - x);
          out.number(ay - y);
        }
        x = startX = ax;
        y = startY = ay;
      } else if (letter !== Q) {
        if (ax === x && ay === y) continue; // zero-length line: draws nothing in a fill
        emit(l);
        out.number(ax - x);
        out.number(ay - y);
        x = ax;
        y = ay;
      } else {
        const bx = args[2] as number;
        const by = args[3] as number;
        // TrueType outlines put most on-curve points midway between two control points, so the
        // control point usually is the reflection of the previous one and `t` can leave it out.
        // One tenth of slack absorbs satori's rounding; the curve moves at most 0.05 px.
        const rx = 2 * x - controlX;
        const ry = 2 * y - controlY;
        if ((command === q || command === t) && Math.abs(rx - ax) <= 1 && Math.abs(ry - ay) <= 1) {
          emit(t);
          controlX = rx;
          controlY = ry;
        } else {
          emit(q);
          out.number(ax - x);
          out.number(ay - y);
          controlX = ax;
          controlY = ay;
        }
        out.number(bx - x);
        out.number(by - y);
        x = bx;
        y = by;
      }
    }
    if (token === INVALID) return d;
  }
  return command === 0 ? d : out.out;
}

// Most paths of a badge are the same in every render (scheme, status word, labels, host, icon):
// each is compacted once.
const compactOnce = memoise(2048, compactPathData);

/** Applies `compactPathData` to every `d` attribute of an SVG string produced by satori. */
export function compactSvgPaths(svg: string): string {
  return svg.replace(/ d="([^"]*)"/g, (_match, d: string) => ` d="${compactOnce(d)}"`);
}

// C2SP tlog-tiles resource paths: `tile/<L>/<N>[.p/<W>]` and `tile/entries/<N>[.p/<W>]`, with N in
// zero-padded three-digit elements, all but the last prefixed with `x` (1234067 → x001/x234/067).
import { TILE_WIDTH } from './merkle.ts';

/** A tile resource: a hash tile at `level`, or an entry bundle (`level` = 'entries'). */
export interface TileRef {
  readonly level: number | 'entries';
  readonly index: number;
  /** 256 for a full tile, 1–255 for a partial one. */
  readonly width: number;
}

/** The path element encoding of a tile index: `x001/x234/067`. */
export function encodeTileIndex(index: number): string {
  let rest = index;
  const parts = [String(rest % 1000).padStart(3, '0')];
  rest = Math.floor(rest / 1000);
  while (rest > 0) {
    parts.unshift(`x${String(rest % 1000).padStart(3, '0')}`);
    rest = Math.floor(rest / 1000);
  }
  return parts.join('/');
}

/** The path of a tile below the log prefix, e.g. `tile/0/x001/234.p/17`. */
export function tilePath(tile: TileRef): string {
  const width = tile.width === TILE_WIDTH ? '' : `.p/${tile.width}`;
  return `tile/${tile.level}/${encodeTileIndex(tile.index)}${width}`;
}

const LEVEL = /^(?:0|[1-9]\d?)$/;
const WIDTH = /^[1-9]\d{0,2}$/;

/**
 * Reads the part of a tile path after `tile/`. Returns null for anything that is not exactly the
 * spec's encoding (a non-canonical index such as `x000/005` included): such a resource does not exist.
 */
export function parseTilePath(path: string): TileRef | null {
  const elements = path.split('/');
  const levelText = elements.shift();
  if (levelText === undefined) return null;
  let level: number | 'entries';
  if (levelText === 'entries') level = 'entries';
  else if (LEVEL.test(levelText) && Number(levelText) <= 63) level = Number(levelText);
  else return null;
  let width = TILE_WIDTH;
  if (elements.length >= 2 && elements.at(-2)!.endsWith('.p')) {
    const w = elements.pop()!;
    if (!WIDTH.test(w) || Number(w) >= TILE_WIDTH) return null;
    width = Number(w);
    elements[elements.length - 1] = elements.at(-1)!.slice(0, -2);
  }
  if (elements.length === 0 || elements.length > 5) return null;
  let index = 0;
  for (let i = 0; i < elements.length; i++) {
    const last = i === elements.length - 1;
    const match = (last ? /^(\d{3})$/ : /^x(\d{3})$/).exec(elements[i]!);
    if (!match) return null;
    if (i === 0 && !last && match[1] === '000') return null;
    index = index * 1000 + Number(match[1]);
  }
  return { level, index, width };
}

import { constants, gzipSync } from 'node:zlib';

/** A served tile or bundle: its bytes, and for an entry bundle (text) their gzip form too. */
export interface ServedTile {
  readonly body: Uint8Array;
  readonly gzip: Uint8Array | null;
}

/**
 * Full log tiles and entry bundles by request path, bounded by bytes. They are immutable, so an
 * entry never needs invalidating; the oldest insertions leave first when the budget is reached.
 */
export interface TileCache {
  get(path: string): ServedTile | undefined;
  set(path: string, tile: ServedTile): void;
}

/**
 * The served form of a tile's bytes. Entry bundles are JSON text and shrink to about a fifth with
 * gzip (hash tiles are random bytes and would not shrink at all), so bundles carry a gzip form.
 * Compressed at the fastest level: a monitor catching up asks for every bundle once, cold, and the
 * default level cost the server about twice the time for a few per cent fewer bytes.
 */
export function servedTile(bytes: Uint8Array, isBundle: boolean): ServedTile {
  return { body: bytes, gzip: isBundle ? gzipSync(bytes, { level: constants.Z_BEST_SPEED }) : null };
}

/** Whether an Accept-Encoding header admits gzip (q > 0 for `gzip`, or else for `*`). */
export function acceptsGzip(acceptEncoding: string | null | undefined): boolean {
  if (!acceptEncoding) return false;
  let gzip: number | undefined;
  let wildcard: number | undefined;
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const quality = q ? Number(q.slice(2)) || 0 : 1;
    if (name!.trim() === 'gzip') gzip = quality;
    else if (name!.trim() === '*') wildcard = quality;
  }
  return (gzip ?? wildcard ?? 0) > 0;
}

export function createTileCache(maxBytes = 32 * 1024 * 1024): TileCache {
  const map = new Map<string, ServedTile>();
  const sizeOf = (t: ServedTile) => t.body.length + (t.gzip?.length ?? 0);
  let bytes = 0;
  return {
    get: (path) => map.get(path),
    set(path, value) {
      if (map.has(path) || sizeOf(value) > maxBytes / 4) return;
      map.set(path, value);
      bytes += sizeOf(value);
      for (const [key, old] of map) {
        if (bytes <= maxBytes) break;
        map.delete(key);
        bytes -= sizeOf(old);
      }
    },
  };
}

/**
 * Full log tiles and entry bundles by request path, bounded by bytes. They are immutable, so an
 * entry never needs invalidating; the oldest insertions leave first when the budget is reached.
 */
export interface TileCache {
  get(path: string): Uint8Array | undefined;
  set(path: string, bytes: Uint8Array): void;
}

export function createTileCache(maxBytes = 32 * 1024 * 1024): TileCache {
  const map = new Map<string, Uint8Array>();
  let bytes = 0;
  return {
    get: (path) => map.get(path),
    set(path, value) {
      if (map.has(path) || value.length > maxBytes / 4) return;
      map.set(path, value);
      bytes += value.length;
      for (const [key, old] of map) {
        if (bytes <= maxBytes) break;
        map.delete(key);
        bytes -= old.length;
      }
    },
  };
}

/**
 * A bounded memo of a pure function of a string, for values that repeat on almost every call
 * (the few query strings embeds use, the paths of a badge's fixed texts). Emptied when full, so
 * hostile variety costs only the uncached computation and memory stays bounded.
 */
export function memoise<V>(limit: number, compute: (key: string) => V): (key: string) => V {
  const seen = new Map<string, V>();
  return (key) => {
    let value = seen.get(key);
    if (value === undefined) {
      if (seen.size >= limit) seen.clear();
      seen.set(key, (value = compute(key)));
    }
    return value;
  };
}

/**
 * A bounded LRU cache of rendered badge variants, grouped by certification so one status change
 * drops every variant of it. Each group has a generation: a render that started before an
 * invalidation must not be stored after it, or a revoked badge could be cached as active.
 */
export interface CacheStats {
  hits: number;
  misses: number;
  bytes: number;
  entries: number;
  invalidations: number;
}

interface Slot<V> {
  group: string;
  value: V;
  size: number;
  expiresAt: number;
  /** When it was last (re)inserted, counted in insertions. */
  order: number;
}

export class BadgeCache<V> {
  readonly #maxBytes: number;
  readonly #slots = new Map<string, Slot<V>>();
  readonly #groups = new Map<string, Set<string>>();
  readonly #generations = new Map<string, number>();
  #epoch = 0;
  #order = 0;
  readonly stats: CacheStats = { hits: 0, misses: 0, bytes: 0, entries: 0, invalidations: 0 };

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  get(key: string, now: number): V | undefined {
    const slot = this.#slots.get(key);
    if (!slot || slot.expiresAt <= now) {
      if (slot) this.#remove(key, slot);
      this.stats.misses++;
      return undefined;
    }
    // Map order is the LRU order. Moving an entry on every hit is the costliest part of a cached
    // badge, so only entries in the older half move: those the eviction scan could reach soon.
    if (this.#order - slot.order > this.#slots.size >> 1) {
      this.#slots.delete(key);
      slot.order = ++this.#order;
      this.#slots.set(key, slot);
    }
    this.stats.hits++;
    return slot.value;
  }

  /** A token to take before reading the state a value is rendered from. */
  ticket(group: string): string {
    return `${this.#epoch}:${this.#generations.get(group) ?? 0}`;
  }

  /** Stores the value unless its group was invalidated since `ticket` was taken. */
  set(key: string, group: string, value: V, size: number, expiresAt: number, ticket: string): boolean {
    if (ticket !== this.ticket(group) || size > this.#maxBytes) return false;
    const old = this.#slots.get(key);
    if (old) this.#remove(key, old);
    this.#slots.set(key, { group, value, size, expiresAt, order: ++this.#order });
    let keys = this.#groups.get(group);
    if (!keys) this.#groups.set(group, (keys = new Set()));
    keys.add(key);
    this.stats.bytes += size;
    this.stats.entries++;
    for (const [oldest, slot] of this.#slots) {
      if (this.stats.bytes <= this.#maxBytes) break;
      this.#remove(oldest, slot);
    }
    return true;
  }

  invalidate(group: string): void {
    this.#generations.set(group, (this.#generations.get(group) ?? 0) + 1);
    for (const key of this.#groups.get(group) ?? []) {
      const slot = this.#slots.get(key);
      if (slot) this.#remove(key, slot);
    }
    this.stats.invalidations++;
  }

  /** Drops everything (after a lost notification connection: changes may have been missed). */
  clear(): void {
    this.#epoch++;
    this.#generations.clear();
    this.#slots.clear();
    this.#groups.clear();
    this.stats.bytes = 0;
    this.stats.entries = 0;
    this.stats.invalidations++;
  }

  #remove(key: string, slot: Slot<V>): void {
    this.#slots.delete(key);
    this.#groups.get(slot.group)?.delete(key);
    if (this.#groups.get(slot.group)?.size === 0) this.#groups.delete(slot.group);
    this.stats.bytes -= slot.size;
    this.stats.entries--;
  }
}

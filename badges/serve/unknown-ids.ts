/**
 * Ids recently looked up and not found, so a repeated unknown id costs no database query.
 * Short-lived and bounded; every certification change (the NOTIFY that empties the badge cache)
 * bumps a generation, so a lookup that raced a creation is never remembered as "unknown", and
 * the changed id is forgotten at once: a new certification shows its badge immediately.
 */
export class UnknownIds {
  readonly #ttlMs: number;
  readonly #limit: number;
  readonly #expiry = new Map<string, number>();
  #generation = 0;

  constructor(options: { ttlMs: number; limit: number }) {
    this.#ttlMs = options.ttlMs;
    this.#limit = options.limit;
  }

  /** True when `publicId` was found unknown less than the TTL ago and nothing changed since. */
  has(publicId: string, nowMs: number): boolean {
    const until = this.#expiry.get(publicId);
    if (until === undefined) return false;
    if (until > nowMs) return true;
    this.#expiry.delete(publicId);
    return false;
  }

  /** A token to take before the lookup whose "not found" answer `remember` may store. */
  ticket(): number {
    return this.#generation;
  }

  /** Remembers an unknown id, unless a certification changed since `ticket` was taken. */
  remember(publicId: string, nowMs: number, ticket: number): void {
    if (ticket !== this.#generation) return;
    // Emptied when full: hostile variety costs one query per id, never unbounded memory.
    if (this.#expiry.size >= this.#limit) this.#expiry.clear();
    this.#expiry.set(publicId, nowMs + this.#ttlMs);
  }

  /** A certification was created or changed (or changes may have been missed: `publicId` null). */
  forget(publicId: string | null): void {
    this.#generation++;
    if (publicId === null) this.#expiry.clear();
    else this.#expiry.delete(publicId);
  }

  get size(): number {
    return this.#expiry.size;
  }
}

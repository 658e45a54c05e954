/**
 * The set of public ids in the registry, so an unknown id is answered without a query: on the
 * embedded PGlite every query runs on the event loop, and 200 random ids a second kept it busy.
 * Every write that creates a certification announces its id (NOTIFY, also for bulk imports and
 * the demo seed), which adds it here; after a lost notification connection the set is loaded
 * again. Until it is loaded, `has` answers "maybe" and the caller looks the id up.
 */
export class KnownIds {
  #ids: Set<string> | null = null;
  /** Ids announced while a load was running, added to its result. */
  #announced = new Set<string>();
  #loading: Promise<void> | null = null;
  readonly #loadAll: () => Promise<string[]>;
  readonly #onError: (error: unknown) => void;

  constructor(loadAll: () => Promise<string[]>, onError: (error: unknown) => void) {
    this.#loadAll = loadAll;
    this.#onError = onError;
  }

  /** False only when the id is certainly not in the registry. */
  mayExist(publicId: string): boolean {
    return this.#ids === null || this.#ids.has(publicId);
  }

  /** A certification was created or changed. */
  add(publicId: string): void {
    this.#ids?.add(publicId);
    if (this.#loading) this.#announced.add(publicId);
  }

  /** (Re)loads the set; lookups fall back to the database meanwhile. */
  load(): Promise<void> {
    this.#ids = null;
    this.#announced = new Set();
    const loading = this.#loadAll().then(
      (ids) => {
        if (this.#loading !== loading) return; // a newer load replaced this one
        const set = new Set(ids);
        for (const id of this.#announced) set.add(id);
        this.#ids = set;
        this.#loading = null;
      },
      (error: unknown) => {
        if (this.#loading === loading) this.#loading = null;
        this.#onError(error);
      },
    );
    this.#loading = loading;
    return loading;
  }

  get size(): number {
    return this.#ids?.size ?? 0;
  }
}
